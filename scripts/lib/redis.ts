import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, openSync, closeSync, readFileSync, existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { isPortOpen, waitFor } from "./net.ts";

export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";

/** What to tell a user who has no Redis: exact commands, per platform. */
export function redisMissingMessage(): string {
  return [
    "Redis is needed and none was found: nothing answers on 127.0.0.1:6379, REDIS_URL is not set,",
    "and there is no `redis-server` on your PATH to start one. Any one of these fixes it:",
    "  - Debian/Ubuntu:  sudo apt-get install -y redis-server",
    "  - macOS:          brew install redis",
    "  - Docker:         docker compose up -d   (starts PostgreSQL and Redis from docker-compose.yml)",
    "  - or point REDIS_URL at a Redis 7 you already run, e.g. REDIS_URL=redis://127.0.0.1:6380",
    "Then run `pnpm start` again.",
  ].join("\n");
}

/** Absolute path of an executable `name` on `pathEnv`, or undefined. */
export function findExecutable(name: string, pathEnv = process.env.PATH ?? ""): string | undefined {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Sends PING over a raw socket: true when a Redis answers PONG (or NOAUTH: it is a Redis). */
export async function pingRedis(port: number, host = "127.0.0.1"): Promise<boolean> {
  if (!(await isPortOpen(port, host))) return false;
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("error", () => done(false));
    socket.on("data", (chunk) => {
      data += chunk.toString();
      if (data.includes("\r\n")) done(data.startsWith("+PONG") || data.startsWith("-NOAUTH"));
    });
    socket.write("PING\r\n");
  });
}

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs `redis-server` with its data in `dir` (append-only file on, noeviction as BullMQ needs),
 * bound to 127.0.0.1, in its own session so that Ctrl-C reaches only the start command.
 */
export async function startRedisServer(opts: { bin: string; dir: string; port: number }): Promise<RunningRedis> {
  const dir = path.resolve(opts.dir);
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "redis.log");
  const out = openSync(logFile, "a");
  const child = spawn(
    opts.bin,
    [
      "--bind", "127.0.0.1",
      "--port", String(opts.port),
      "--dir", dir,
      "--appendonly", "yes",
      "--maxmemory-policy", "noeviction",
      "--daemonize", "no",
      "--protected-mode", "yes",
    ],
    { detached: true, stdio: ["ignore", out, out] },
  );
  closeSync(out);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exit.then(() => (exited = true));
  child.once("error", () => (exited = true));
  try {
    await waitFor(`redis-server on port ${opts.port}`, async () => {
      if (exited) throw new Error("exited");
      return pingRedis(opts.port);
    }, { timeoutMs: 20_000, intervalMs: 100 });
  } catch {
    if (!exited) child.kill("SIGKILL");
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-1500) : "";
    throw new Error(`redis-server did not start (log: ${logFile}):\n${tail}`);
  }
  child.unref();
  return {
    url: `redis://127.0.0.1:${opts.port}`,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM"); // Redis flushes the append-only file and exits
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
