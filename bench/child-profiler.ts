/**
 * A CPU profile of a benchmark child over the measured window only (not its start-up): when
 * BENCH_CPU_PROF names a folder, the parent writes `profile start` and `profile stop` lines to the
 * child's stdin, and the profile is written to that folder as <label>-<pid>.cpuprofile.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { createInterface } from "node:readline";

export function profileOnRequest(label: string): void {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return;
  const session = new Session();
  session.connect();
  createInterface({ input: process.stdin }).on("line", async (line) => {
    if (line === "profile start") {
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    } else if (line === "profile stop") {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(dir, `${label}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    }
  });
}
