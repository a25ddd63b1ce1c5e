import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import type { Writable } from "node:stream";

const COLORS = [36, 35, 33, 32, 34, 31];

/** "[name] " padded to `width`, coloured when `color` is set. */
export function prefixFor(name: string, index: number, width: number, color: boolean): string {
  const label = `[${name}]`.padEnd(width + 2);
  return color ? `\x1b[${COLORS[index % COLORS.length]}m${label}\x1b[0m ` : `${label} `;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. command not found). */
  error?: Error;
}

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  exited: Promise<ChildExit>;
  /** SIGTERM to the child's whole process group, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<ChildExit>;
}

export interface StartChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  prefix: string;
  out?: Writable;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

/**
 * Spawns a child in a process group of its own (so Ctrl-C reaches only us and we decide the order
 * of shutdown), and copies its output line by line with a name prefix.
 */
export function startChild(opts: StartChildOptions): ManagedChild {
  const out = opts.out ?? process.stdout;
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => out.write(`${opts.prefix}${line}\n`));
  }
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  let stopping: Promise<ChildExit> | undefined;
  return {
    name: opts.name,
    process: child,
    exited,
    stop(graceMs = 15_000) {
      stopping ??= (async () => {
        const pid = child.pid;
        if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
          if (pid !== undefined) signalGroup(pid, "SIGKILL"); // leftovers of an exited leader
          return exited;
        }
        signalGroup(pid, "SIGTERM");
        const timer = setTimeout(() => {
          out.write(`${opts.prefix}did not stop within ${graceMs / 1000} s, killing it\n`);
          signalGroup(pid, "SIGKILL");
        }, graceMs);
        const result = await exited;
        clearTimeout(timer);
        signalGroup(pid, "SIGKILL"); // anything the leader left behind in its group
        return result;
      })();
      return stopping;
    },
  };
}

export function describeExit(e: ChildExit): string {
  if (e.error) return `could not be started: ${e.error.message}`;
  if (e.signal) return `was killed by ${e.signal}`;
  return `exited with code ${e.code}`;
}
