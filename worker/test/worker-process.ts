import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node --import tsx worker/main.ts` (one process, so a signal reaches the worker itself) with the
 * given database, Redis and lock time; resolves once it printed "worker ready". The child is added
 * to `children` so the test can kill what is left.
 */
export async function spawnWorker(
  children: Set<ChildProcess>,
  opts: { databaseUrl: string; redisUrl: string; prefix: string; lockMs: number },
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      REDIS_PREFIX: opts.prefix,
      WORKER_CONCURRENCY: "2",
      WORKER_LOCK_DURATION_MS: String(opts.lockMs),
      WORKER_STALLED_INTERVAL_MS: "1000",
      WORKER_SHUTDOWN_GRACE_MS: "500",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not get ready:\n${out}`)), 60_000);
    child.stdout!.on("data", () => {
      if (!/worker ready:/.test(out)) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(() => reject(new Error(`worker exited before ready:\n${out}`)));
  });
  return { child, output: () => out, exited };
}
