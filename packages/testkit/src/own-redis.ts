import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "./net.ts";

/**
 * A redis-server of a test's own (never the machine's Redis on 6379), on a free port with its
 * data in a temp dir and AOF on, so that a test may stop, crash and restart it.
 */
export class OwnRedis {
  child?: ChildProcess;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "own-redis-"));
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", this.dir, "--maxmemory-policy", "noeviction"],
      { stdio: "ignore" },
    );
    this.child = child;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const end = Date.now() + 10_000;
    for (;;) {
      if (await this.ping()) return;
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > end) throw new Error("redis-server did not answer within 10 s");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 50))]);
    }
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const s = net.connect(this.port, "127.0.0.1");
      s.setTimeout(500);
      s.on("connect", () => s.write("PING\r\n"));
      s.on("data", (d) => (s.destroy(), resolve(d.toString().startsWith("+PONG"))));
      s.on("error", () => resolve(false));
      s.on("timeout", () => (s.destroy(), resolve(false)));
    });
  }

  /** SIGTERM: Redis writes its AOF out and exits, nothing is lost. */
  async stop(signal: "SIGTERM" | "SIGKILL" = "SIGTERM") {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once("exit", r));
    c.kill(signal);
    await exited;
  }

  /**
   * A crash that loses the last `lossMs` of writes, as a power cut does with appendfsync everysec
   * (a plain SIGKILL loses nothing: the OS still has what Redis wrote). The AOF is copied, Redis
   * keeps taking writes for `lossMs`, is killed, and the copy is put back: when it starts again
   * it is where it was `lossMs` before the crash. Call start() to bring it back.
   */
  async crashLosingLastWrites(lossMs: number) {
    const aof = path.join(this.dir, "appendonlydir");
    const copy = mkdtempSync(path.join(os.tmpdir(), "own-redis-aof-"));
    cpSync(aof, copy, { recursive: true });
    await new Promise((r) => setTimeout(r, lossMs));
    await this.stop("SIGKILL");
    rmSync(aof, { recursive: true, force: true });
    cpSync(copy, aof, { recursive: true });
    rmSync(copy, { recursive: true, force: true });
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

