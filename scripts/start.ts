/**
 * `pnpm start`: one command from a fresh clone to a running product.
 * PostgreSQL (yours, or an embedded one), Redis (yours, or redis-server from PATH), migrations,
 * first-run demo data, provider sandbox, then the API, the worker and the web app as children.
 * Ctrl-C / SIGTERM stops the children first, then whatever this command started itself.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDb } from "@outreach/db";
import { loadEnv } from "@outreach/contracts";
import { resolveMailboxKey } from "@outreach/core/mailboxes";
import { migrate } from "@outreach/db/migrate";
import { describeExit, prefixFor, startChild, type ManagedChild } from "./lib/children.ts";
import { findFreePort, isPortOpen, waitFor } from "./lib/net.ts";
import { ensureDatabase, LOCAL_POSTGRES_URL, startEmbeddedPostgres, withDatabase } from "./lib/postgres.ts";
import { findExecutable, LOCAL_REDIS_URL, pingRedis, redisMissingMessage, startRedisServer } from "./lib/redis.ts";
import { ensureDemoMailbox, seed } from "./seed.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const dataDir = path.resolve(root, env.DATA_DIR ?? ".data");
const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR;
const NAMES = ["start", "api", "worker", "web"];
const width = Math.max(...NAMES.map((n) => n.length));
const prefix = (name: string) => prefixFor(name, NAMES.indexOf(name), width, color);
const say = (line: string) => process.stdout.write(`${prefix("start")}${line}\n`);
const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[0m` : s);

interface Sandbox {
  env: Record<string, string>;
  providers: Record<string, "live" | "sandbox">;
  close(): Promise<void>;
}

/** Things this command started, stopped in reverse order (children are stopped before these). */
const services: { name: string; stop(): Promise<void> }[] = [];
const children: ManagedChild[] = [];
let stopping: Promise<never> | undefined;

function shutdown(code: number, reason?: string): Promise<never> {
  stopping ??= (async () => {
    if (reason) say(reason);
    if (children.length) say(`stopping ${children.map((c) => c.name).join(", ")}…`);
    await Promise.all(children.map((c) => c.stop()));
    for (const s of services.reverse()) {
      say(`stopping ${s.name}…`);
      await s.stop().catch((err: Error) => say(`could not stop ${s.name}: ${err.message}`));
    }
    say(code === 0 ? "stopped." : "stopped after an error.");
    process.exit(code);
  })();
  return stopping;
}

// Ctrl-C reaches this process both from the terminal and relayed by tsx/pnpm: repeats within a
// second are the same keypress. A second Ctrl-C after that kills everything at once.
let firstSignalAt = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      void shutdown(0, `${signal} received`);
      return;
    }
    if (Date.now() - firstSignalAt < 1000) return;
    say("second signal: killing the children now");
    for (const c of children) {
      try {
        if (c.process.pid) process.kill(-c.process.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // the shutdown under way goes on with the services this command started
  });
}

/** Registers something we started; if a shutdown began meanwhile, stops it at once. */
async function track(service: { name: string; stop(): Promise<void> }) {
  services.push(service);
  if (stopping) await stopping;
}

async function resolveDatabase(): Promise<string> {
  let url = env.DATABASE_URL;
  const embedded = env.EMBEDDED_POSTGRES === "1";
  if (url && !embedded) {
    say("PostgreSQL: using DATABASE_URL");
  } else if (!embedded && (await isPortOpen(5432))) {
    url = LOCAL_POSTGRES_URL;
    say(`PostgreSQL: using the server on 127.0.0.1:5432 (${url})`);
  } else {
    say(
      embedded
        ? "PostgreSQL: EMBEDDED_POSTGRES=1, starting embedded PostgreSQL"
        : "PostgreSQL: nothing on 127.0.0.1:5432 and no DATABASE_URL, starting embedded PostgreSQL",
    );
    const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, "postgres"), log: say });
    await track({ name: "embedded PostgreSQL", stop: pg.stop });
    url = withDatabase(pg.adminUrl, "outreach");
    say(`PostgreSQL: embedded server on 127.0.0.1:${pg.port}, data in ${path.join(dataDir, "postgres")}`);
  }
  const { created } = await ensureDatabase(url);
  if (created) say(`PostgreSQL: created database "${new URL(url).pathname.slice(1)}"`);
  return url;
}

async function resolveRedis(): Promise<string> {
  if (env.REDIS_URL) {
    say("Redis: using REDIS_URL");
    return env.REDIS_URL;
  }
  if (await pingRedis(6379)) {
    say(`Redis: using the server on 127.0.0.1:6379`);
    return LOCAL_REDIS_URL;
  }
  if (await isPortOpen(6379)) {
    throw new Error("Something that is not Redis answers on 127.0.0.1:6379. Set REDIS_URL to your Redis.");
  }
  const bin = findExecutable("redis-server");
  if (!bin) {
    process.stderr.write(`\n${redisMissingMessage()}\n\n`);
    return shutdown(1);
  }
  const dir = path.join(dataDir, "redis");
  const redis = await startRedisServer({ bin, dir, port: 6379 });
  await track({ name: "redis-server", stop: redis.stop });
  say(`Redis: started ${bin} on 127.0.0.1:6379, data in ${dir}`);
  return redis.url;
}

interface DemoLogin { text: string; email?: string; password?: string }

/** Seeds on first run and returns the demo login (printed, and filled into GraphiQL's example). */
async function demoLogin(databaseUrl: string): Promise<DemoLogin> {
  if (env.SEED === "0") return { text: "seeding disabled (SEED=0)" };
  const db = createDb(databaseUrl, { max: 2 });
  const where = new URL(databaseUrl);
  const loginFile = path.join(dataDir, "demo-login.json");
  const key = `${where.host}${where.pathname}`;
  try {
    const result = await seed(db, { password: env.DEMO_PASSWORD });
    if (result.seeded) {
      say(`seeded a demo user and campaign (first run)`);
      writeFileSync(loginFile, JSON.stringify({ database: key, email: result.email, password: result.password }), {
        mode: 0o600,
      });
      return { text: `${result.email} / ${result.password}`, email: result.email, password: result.password };
    }
  } finally {
    await db.$disconnect();
  }
  if (existsSync(loginFile)) {
    const saved = JSON.parse(readFileSync(loginFile, "utf8")) as { database: string; email: string; password: string };
    if (saved.database === key) return { text: `${saved.email} / ${saved.password} (as set on first run)`, ...saved };
  }
  return { text: "use your account (this database already had users, so no demo user was added)" };
}

async function startSandbox(childEnv: Record<string, string | undefined>): Promise<Sandbox | undefined> {
  const file = path.join(root, "packages/fakes/src/sandbox.ts");
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as {
    startSandbox(opts: { env: Record<string, string | undefined> }): Promise<Sandbox>;
  };
  const sandbox = await mod.startSandbox({ env: childEnv });
  await track({ name: "provider sandbox", stop: () => sandbox.close() });
  return sandbox;
}

function spawnNamed(name: string, command: string, args: string[], childEnv: NodeJS.ProcessEnv, cwd = root): ManagedChild {
  const child = startChild({ name, command, args, cwd, env: childEnv, prefix: prefix(name) });
  children.push(child);
  void child.exited.then((exit) => {
    if (!stopping) void shutdown(1, `✖ ${name} ${describeExit(exit)}: stopping everything.`);
  });
  return child;
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = await resolveDatabase();
  const redisUrl = await resolveRedis();

  say("applying migrations…");
  const migrated = await migrate(databaseUrl, (line) => say(`  ${line}`));
  say(`migrations: ${migrated.applied.length} applied, ${migrated.alreadyApplied} already up to date`);
  const login = await demoLogin(databaseUrl);

  const host = env.HOST ?? "127.0.0.1";
  const port = Number(env.PORT ?? 4000);
  const apiUrl = `http://${host}:${port}`;
  const childEnv: Record<string, string | undefined> = {
    ...env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HOST: host,
    PORT: String(port),
    PUBLIC_URL: env.PUBLIC_URL ?? apiUrl,
    DEMO_LOGIN_EMAIL: login.email,
    DEMO_LOGIN_PASSWORD: login.password,
    FORCE_COLOR: color ? "1" : env.FORCE_COLOR,
  };
  const sandbox = await startSandbox(childEnv);
  if (sandbox) {
    Object.assign(childEnv, sandbox.env);
    // Every prospect is a fake site that publishes on demand (Test tools): the placement watch looks
    // every 30 s instead of every 6 hours, so a published feature shows up while the person looks.
    if (sandbox.providers.dataforseo === "sandbox" && !childEnv.PLACEMENT_WATCH_EVERY_MS) childEnv.PLACEMENT_WATCH_EVERY_MS = "30000";
    const modes = Object.entries(sandbox.providers).map(([p, m]) => `${p}: ${m}`).join(", ");
    say(`providers: ${modes}`);
    if (sandbox.providers.gmail === "sandbox" && env.SEED !== "0") {
      const db = createDb(databaseUrl, { max: 2 });
      try {
        if (await ensureDemoMailbox(db, resolveMailboxKey(loadEnv(childEnv)))) say("connected the sandbox Gmail mailbox for the demo user");
      } finally {
        await db.$disconnect();
      }
    }
  } else {
    say("providers: no sandbox available yet (packages/fakes/src/sandbox.ts is missing)");
  }

  const startWeb = env.START_WEB !== "0" && existsSync(path.join(root, "web/index.html"));
  const webPort = startWeb ? await findFreePort(Number(env.WEB_PORT ?? 5173)) : null;
  // Google's consent returns to the API, which sends the browser on to the app.
  if (webPort && !env.APP_URL) childEnv.APP_URL = `http://127.0.0.1:${webPort}`;

  const tsx = ["--import", "tsx"];
  const hasApi = existsSync(path.join(root, "api/main.ts"));
  if (hasApi) {
    if (await isPortOpen(port, host)) throw new Error(`Port ${port} on ${host} is in use: set PORT to a free port.`);
    spawnNamed("api", process.execPath, [...tsx, "api/main.ts"], childEnv);
  } else say("api/main.ts not found: the API is not started");
  if (existsSync(path.join(root, "worker/main.ts"))) spawnNamed("worker", process.execPath, [...tsx, "worker/main.ts"], childEnv);
  else say("worker/main.ts not found: the worker is not started");

  let webUrl: string | undefined;
  if (env.START_WEB === "0") say("web: skipped (START_WEB=0)");
  else if (!webPort) say("web: web/index.html not found, skipped");
  else {
    webUrl = `http://127.0.0.1:${webPort}`;
    // Vite itself, not through pnpm: stopping it is then a clean exit, not a pnpm "command failed".
    const webDir = path.join(root, "web");
    spawnNamed(
      "web",
      process.execPath,
      [path.join(webDir, "node_modules/vite/bin/vite.js"), "--port", String(webPort), "--host", "127.0.0.1", "--strictPort"],
      { ...childEnv, VITE_API_URL: env.VITE_API_URL ?? apiUrl },
      webDir,
    );
  }

  if (hasApi) {
    await waitFor("the API to answer /health", async () => {
      if (stopping) await stopping;
      const res = await fetch(`${apiUrl}/health`);
      return res.ok;
    }, { timeoutMs: 90_000, intervalMs: 250 });
  }
  if (webUrl) {
    const url = webUrl;
    await waitFor("the web dev server", () => isPortOpen(Number(new URL(url).port)), { timeoutMs: 60_000 });
  }
  if (stopping) await stopping;

  const lines = [
    "",
    hasApi ? `  API + GraphiQL  ${apiUrl}/graphql` : "  API             not started (api/main.ts missing)",
    ...(hasApi ? [`  Health          ${apiUrl}/health`] : []),
    webUrl ? `  Web app         ${webUrl}` : "  Web app         not started",
    `  Demo login      ${login.text}`,
    "",
    bold("Ready. Press Ctrl-C to stop."),
  ];
  for (const line of lines) say(line);
}

main().catch((err: Error) => {
  if (stopping) return;
  void shutdown(1, `✖ ${err.message}`);
});
