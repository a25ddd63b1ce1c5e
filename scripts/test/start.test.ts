import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, isPortOpen } from "../lib/net.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let database: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  database = await createTestDatabase("start");
  dataDir = mkdtempSync(path.join(os.tmpdir(), "outreach-start-test-"));
});
afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first output line matching `pattern`; rejects if the command exits first. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCommand(env: Record<string, string>, how: { command?: [string, ...string[]]; ownGroup?: boolean } = {}): Started {
  const [command, ...args] = how.command ?? [process.execPath, "--import", "tsx", "scripts/start.ts"];
  const child = spawn(command, args, {
    cwd: root,
    detached: how.ownGroup ?? false,
    env: {
      ...process.env,
      NODE_ENV: "development",
      START_WEB: "0",
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: `outreach_test_start_${randomBytes(4).toString("hex")}`,
      NO_COLOR: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of [...waiters]) {
      const match = text.split("\n").find((l) => w.pattern.test(l));
      if (match !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => text,
    exited,
    line: (pattern) =>
      Promise.race([
        new Promise<string>((resolve) => {
          waiters.push({ pattern, resolve });
          onData(Buffer.alloc(0));
        }),
        exited.then(({ code }) => {
          throw new Error(`start exited (code ${code}) before printing ${pattern}:\n${text}`);
        }),
      ]),
  };
}

/** Every process below `pid` (children, grandchildren, …). */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [child, ppid] of rows) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Running = exists and is not a zombie (an exited process its new parent has not reaped yet). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** After a failed assertion: stop the command the way a user would, and make sure nothing is left. */
async function ensureStopped(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  const tree = descendants(started.child.pid!);
  started.child.kill("SIGTERM");
  const timeout = new Promise((r) => setTimeout(r, 30_000, "timeout"));
  if ((await Promise.race([started.exited, timeout])) === "timeout") {
    for (const pid of [started.child.pid!, ...tree]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

describe("pnpm start", () => {
  it("migrates, seeds, serves GraphQL, and stops everything it started on SIGTERM", async () => {
    const port = await findFreePort();
    const started = startCommand({ PORT: String(port) });
    try {
      await started.line(/Ready\. Press Ctrl-C to stop\./);
      const output = started.output();
      expect(output).toMatch(new RegExp(`API \\+ GraphiQL\\s+http://127\\.0\\.0\\.1:${port}/graphql`));
      expect(output).toMatch(/Demo login\s+demo@outreach\.local \/ \S+/);
      expect(output).toContain("[start]");

      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ data: { __typename: "Query" } });

      const tree = descendants(started.child.pid!);
      expect(tree.length).toBeGreaterThan(0); // the API (and the worker) run as children
      started.child.kill("SIGTERM");
      const exit = await started.exited;
      expect(exit.code).toBe(0);
      expect(started.output()).toContain("stopped.");
      expect(tree.filter(running)).toEqual([]);
      expect(await isPortOpen(port)).toBe(false);
    } finally {
      await ensureStopped(started);
    }
  });

  it("Ctrl-C on `pnpm start` with the web app stops everything, prints no error and exits 0", async () => {
    const port = await findFreePort();
    const webPort = await findFreePort();
    // A terminal's Ctrl-C goes to the whole foreground process group: pnpm, the shell, start, and so on.
    const started = startCommand({ PORT: String(port), START_WEB: "1", WEB_PORT: String(webPort) }, { command: ["pnpm", "start"], ownGroup: true });
    try {
      await started.line(/Ready\. Press Ctrl-C to stop\./);
      expect(started.output()).toMatch(new RegExp(`Web app\\s+http://127\\.0\\.0\\.1:${webPort}`));
      process.kill(-started.child.pid!, "SIGINT");
      const exit = await started.exited;
      expect(started.output()).toContain("stopped.");
      expect(started.output()).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed|✖/);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(await isPortOpen(webPort)).toBe(false);
    } finally {
      await ensureStopped(started);
    }
  });

  it("on a second start, migrates nothing, seeds nothing and prints the same demo login", async () => {
    const port = await findFreePort();
    const first = startCommand({ PORT: String(port) });
    // The previous test seeded this database; the login saved in DATA_DIR is printed again.
    try {
      await first.line(/Ready\. Press Ctrl-C to stop\./);
    } finally {
      await ensureStopped(first);
    }
    expect(first.output()).toMatch(/migrations: 0 applied/);
    expect(first.output()).not.toContain("seeded a demo user");
    expect(first.output()).toMatch(/Demo login\s+demo@outreach\.local \/ \S+ \(as set on first run\)/);
  });

  it("refuses a busy API port with a clear message and exit code 1", async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen({ port: 0, host: "127.0.0.1" }, r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const started = startCommand({ PORT: String(port) });
      const exit = await started.exited;
      expect(exit.code).toBe(1);
      expect(started.output()).toContain(`Port ${port} on 127.0.0.1 is in use: set PORT to a free port.`);
    } finally {
      server.close();
    }
  });

  it("with no PostgreSQL to use, runs an embedded one from DATA_DIR and stops it last", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "outreach-start-embedded-"));
    chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the folder
    const port = await findFreePort();
    const started = startCommand({ PORT: String(port), DATA_DIR: dir, DATABASE_URL: "", EMBEDDED_POSTGRES: "1" });
    try {
      await started.line(/Ready\. Press Ctrl-C to stop\./);
      const pgLine = await started.line(/embedded server on 127\.0\.0\.1:\d+/);
      const pgPort = Number(/127\.0\.0\.1:(\d+)/.exec(pgLine)![1]);
      expect(existsSync(path.join(dir, "postgres", "PG_VERSION"))).toBe(true);
      expect(started.output()).toMatch(/Demo login\s+demo@outreach\.local \/ \S+/);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(await res.json()).toMatchObject({ data: { __typename: "Query" } });

      started.child.kill("SIGTERM");
      expect((await started.exited).code).toBe(0);
      const out = started.output();
      expect(out.indexOf("stopping embedded PostgreSQL")).toBeGreaterThan(out.indexOf("stopping api"));
      expect(await isPortOpen(pgPort)).toBe(false);
      expect(existsSync(path.join(dir, "postgres", "postmaster.pid"))).toBe(false);
    } finally {
      await ensureStopped(started);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when a child crashes, says which one and stops the others", async () => {
    const port = await findFreePort();
    const started = startCommand({ PORT: String(port) });
    try {
      await started.line(/Ready\. Press Ctrl-C to stop\./);
      const tree = descendants(started.child.pid!);
      const worker = tree.find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("worker/main.ts"));
      expect(worker).toBeDefined();
      process.kill(worker!, "SIGKILL");
      const exit = await started.exited;
      expect(exit.code).toBe(1);
      expect(started.output()).toContain("✖ worker was killed by SIGKILL: stopping everything.");
      expect(tree.filter(running)).toEqual([]);
      expect(await isPortOpen(port)).toBe(false);
    } finally {
      await ensureStopped(started);
    }
  });
});
