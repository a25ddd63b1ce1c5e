/** Benchmark child processes (bench/sub-*-child.ts): started, asked (bench/child-control.ts), stopped. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Linux clock ticks per second (USER_HZ), the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

export interface Child {
  child: ChildProcess;
  url: string;
  token?: string;
  /** Writes one command line; resolves with the next JSON line the child prints. */
  ask<T>(command: string): Promise<T>;
  /** What the child wrote to stderr so far (its log: a server logs the faults it masked there). */
  stderr(): string;
}

/** Starts `script` (a file in bench/) and resolves with the first JSON line it prints ({ url, ... }). */
export function startChild(script: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(here, script)], { cwd: here, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let errOut = "";
  let partial = "";
  const lines: string[] = [];
  let waiting: ((line: string) => void) | null = null;
  child.stderr!.on("data", (d) => {
    out += d;
    errOut += d;
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const complete = (partial + String(d)).split("\n");
      partial = complete.pop()!;
      lines.push(...complete.filter((l) => l.startsWith("{")));
      while (lines.length && waiting) {
        const answer = waiting;
        waiting = null;
        answer(lines.shift()!);
      }
    });
    const first = new Promise<string>((r) => (waiting = r));
    void first.then((line) =>
      resolve({
        child,
        ...(JSON.parse(line) as { url: string; token?: string }),
        ask: <T>(command: string) => {
          const answer = new Promise<string>((r) => (waiting = r));
          child.stdin!.write(`${command}\n`);
          return answer.then((l) => JSON.parse(l) as T);
        },
        stderr: () => errOut,
      }),
    );
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
}

export async function stopChild({ child }: Child) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

/** CPU time a child process has used so far, in µs: user (JavaScript, V8, Node) and system (kernel). */
export function childCpuMicros(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: (Number(fields[11]) * 1e6) / CLOCK_TICKS, system: (Number(fields[12]) * 1e6) / CLOCK_TICKS };
}
