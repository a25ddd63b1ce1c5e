/**
 * What a benchmark child does on its parent's request, one line on its stdin each:
 * - `profile start` / `profile stop`: when BENCH_CPU_PROF names a folder, a CPU profile of the
 *   measured window only (not the start-up), written there as <label>-<pid>.cpuprofile;
 * - `memory`: answers one JSON line `{"memory":{heapUsed,heapTotal,rss,external,arrayBuffers}}` in
 *   bytes, after a full garbage collection when the child runs with --expose-gc;
 * - `heapsnapshot <path>`: writes a heap snapshot there and answers `{"snapshot":path}`.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { createInterface } from "node:readline";

export function answerParent(label: string): void {
  const dir = process.env.BENCH_CPU_PROF;
  let session: Session | null = null;
  createInterface({ input: process.stdin }).on("line", async (line) => {
    if (line === "profile start" && dir) {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    } else if (line === "profile stop" && session) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(path.join(dir!, `${label}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    } else if (line.startsWith("heapsnapshot ")) {
      (globalThis as { gc?: () => void }).gc?.();
      const { writeHeapSnapshot } = await import("node:v8");
      console.log(JSON.stringify({ snapshot: writeHeapSnapshot(line.slice(13)) }));
    } else if (line === "memory") {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
      console.log(JSON.stringify({ memory: { heapUsed, heapTotal, rss, external, arrayBuffers } }));
    }
  });
}
