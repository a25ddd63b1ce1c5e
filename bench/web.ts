/**
 * Web: the initial JavaScript a first visit loads, gzipped, from web/scripts/bundle-size.ts over the
 * current web/dist (built by `pnpm --filter @outreach/web build`; not rebuilt here), and the longest
 * main-thread task while the 10,000-prospect board renders and scrolls, from one run of the browser
 * test web/e2e/perf.spec.ts (Debian Chromium against the isolated stack the e2e suite starts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function initialJs() {
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
  return result;
}

function boardScroll() {
  const run = spawnSync("pnpm", ["--filter", "@outreach/web", "e2e", "e2e/perf.spec.ts"], { cwd: root, encoding: "utf8", timeout: 15 * 60_000 });
  const m = /perf: long tasks during render \+ scroll: (\d+), longest (\d+) ms \(limit (\d+) ms\)/.exec(run.stdout);
  if (!m) {
    console.log(`Web: board scroll not measured (the browser run failed):\n${(run.stdout + run.stderr).slice(-2000)}`);
    return { measured: false as const };
  }
  const result = { measured: true as const, longTasks: Number(m[1]), longestMs: Number(m[2]), limitMs: Number(m[3]) };
  console.log(`Web: 10,000-prospect board render + scroll: ${result.longTasks} long task(s), longest ${result.longestMs} ms (limit ${result.limitMs} ms)`);
  return result;
}

export function benchWeb() {
  return { bundle: initialJs(), board: boardScroll() };
}

if (import.meta.url === `file://${process.argv[1]}`) benchWeb();
