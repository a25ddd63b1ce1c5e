/**
 * Web: the initial JavaScript a first visit loads, gzipped, from web/scripts/bundle-size.ts over the
 * current web/dist (built by `pnpm --filter @outreach/web build`; not rebuilt here). The longest
 * main-thread task while the 10,000-prospect board scrolls needs a browser: web/e2e/perf.spec.ts
 * measures it in the e2e run and prints a `perf: long tasks during render + scroll` line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function benchWeb() {
  const html = path.join(root, "web/dist/index.html");
  if (!existsSync(html)) {
    console.log("Web: web/dist not built (pnpm --filter @outreach/web build): initial JS not measured");
    return { measured: false as const };
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", "web/scripts/bundle-size.ts"], { cwd: root, encoding: "utf8" });
  const m = /initial JS: (\d+) file\(s\), ([\d.]+) KB, ([\d.]+) KB gzipped \(budget (\d+) KB\)/.exec(run.stdout);
  if (!m) throw new Error(`bundle-size.ts gave no figure: ${run.stdout}\n${run.stderr}`);
  const result = { measured: true as const, files: Number(m[1]), rawKb: Number(m[2]), gzipKb: Number(m[3]), budgetKb: Number(m[4]), builtAt: statSync(html).mtime.toISOString() };
  console.log(`Web: initial JS ${result.gzipKb} KB gzipped (${result.rawKb} KB raw, ${result.files} files; budget ${result.budgetKb} KB; web/dist built ${result.builtAt})`);
  console.log("Web: longest task while the 10,000-prospect board scrolls: see the e2e run (web/e2e/perf.spec.ts), line `perf: long tasks during render + scroll`");
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) benchWeb();
