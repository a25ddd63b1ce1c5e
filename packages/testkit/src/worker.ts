import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface SpawnWorkerOptions {
  /** The worker's environment, on top of this process's (unless inheritEnv is false); NODE_ENV is test. */
  env: NodeJS.ProcessEnv;
  inheritEnv?: boolean;
  /** The child is added here so a test's afterAll can kill what is left. */
  children?: Set<ChildProcess>;
  /** How long "worker ready" may take (default 60 s); the child is killed when it does not come. */
  readyTimeoutMs?: number;
  /** Keep only the last N characters of output (long runs). */
  outputLimit?: number;
  /** Also write everything the worker prints to this file. */
  logFile?: string;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (or `signal`), then SIGKILL if it has not exited after `graceMs` (default 10 s). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * `node --import tsx worker/main.ts` as its own process (one process, so a signal reaches the
 * worker itself); resolves once it printed "worker ready:".
 */
export async function spawnWorker(opts: SpawnWorkerOptions): Promise<WorkerProcess> {
  const env = { ...(opts.inheritEnv === false ? {} : process.env), NODE_ENV: "test", ...opts.env };
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  opts.children?.add(child);
  const log = opts.logFile ? createWriteStream(opts.logFile) : undefined;
  let out = "";
  const take = (d: Buffer) => {
    out += d;
    if (opts.outputLimit && out.length > opts.outputLimit) out = out.slice(-opts.outputLimit);
    log?.write(d);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      log?.end();
      resolve({ code, signal });
    }),
  );
  const worker: WorkerProcess = {
    child,
    output: () => out,
    exited,
    async stop(signal = "SIGTERM", graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`worker did not get ready:\n${out}`));
    }, opts.readyTimeoutMs ?? 60_000);
    child.stdout!.on("data", () => {
      if (!/worker ready:/.test(out)) return;
      clearTimeout(timer);
      resolve();
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited before ready:\n${out}`));
    });
  });
  return worker;
}
