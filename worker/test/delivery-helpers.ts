import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { REDIS_URL, seedSendable as seedShared, type JobTestEnv } from "@outreach/core/jobs/testing";
import type { FakeServer, GmailControl } from "@outreach/fakes";

/** Shared by the delivery process tests: real `node --import tsx worker/main.ts` children on a test prefix. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SECRET = "delivery-process-test-secret-0123456789abcdef";

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function workerEnv(t: JobTestEnv, fake: FakeServer<GmailControl>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: t.database.url,
    REDIS_URL,
    REDIS_PREFIX: t.prefix,
    GMAIL_API_URL: fake.url,
    GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
    GMAIL_CLIENT_ID: "",
    GMAIL_CLIENT_SECRET: "",
    GMAIL_REFRESH_TOKEN: "",
    JWT_SECRET_KEY: SECRET,
    PUBLIC_URL: "http://127.0.0.1:4000",
    WORKER_CONCURRENCY: "2",
    WORKER_LOCK_DURATION_MS: "1500",
    WORKER_STALLED_INTERVAL_MS: "500",
    WORKER_MAX_STALLED_COUNT: "100",
    WORKER_SHUTDOWN_GRACE_MS: "300",
    JOB_ATTEMPTS: "5",
    JOB_BACKOFF_MS: "100",
    DELIVERY_RECONCILE_EVERY_MS: "500",
    DELIVERY_FOLLOWUP_EVERY_MS: "60000",
    DELIVERY_SYNC_EVERY_MS: "60000",
    SEND_STUCK_AFTER_MS: "1500",
    SEND_RECONCILE_GRACE_MS: "2500",
    ...extra,
  };
}

export async function spawnWorker(env: NodeJS.ProcessEnv, children: Set<ChildProcess>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not get ready:\n${out}`)), 60_000);
    const check = () => {
      if (/worker ready:/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited before ready:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

/** A campaign that may send at any hour, and `count` prospects with an approved first email. */
export const seedSendable = (t: JobTestEnv, count: number, campaign: Record<string, unknown> = {}) => seedShared(t.deps, count, campaign);

export async function until(cond: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
