/**
 * Runs every test suite and ends with one line: `N passed, N failed, N skipped`.
 * 1. vitest over the root vitest.config.ts (all node projects + the web DOM project);
 * 2. the timing-sensitive *.serial.test.ts files, one at a time;
 * 2b. the API's suite again with every query compiled by graphql-jit before its first run
 *    (GRAPHQL_COMPILE_AFTER_RUNS=0), so both executors answer every API test;
 * 3. the browser e2e suite, when web/e2e and a `e2e` script in web/package.json exist;
 * 4. the reliability run under chaos (`pnpm test:chaos`, about 3 minutes): each of its final
 *    checks counts as one test.
 * Extra arguments go to vitest (e.g. `tsx scripts/test.ts --project prisma`) and skip 3 and 4.
 * Exits non-zero when anything failed.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addPlaywright, addVitest, printSecurityTable, type PlaywrightSuite, type Rows, type VitestReport } from "../api/scripts/security-table.ts";
import { readJson, run as runIn } from "./lib/run.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = (command: string, args: string[], env?: NodeJS.ProcessEnv) => runIn(command, args, root, env);
const reportDir = path.join(root, ".tmp", "test-reports");

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

export function formatTotals(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { status: string }[] }[];
}

/** Counts from vitest's JSON report; a file that failed without a failed test (load error) counts as one failure. */
export function countVitest(report: VitestJson): Totals & { brokenFiles: string[] } {
  const brokenFiles = report.testResults
    .filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"))
    .map((f) => path.relative(root, f.name));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + report.numTodoTests,
    brokenFiles,
  };
}

interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

export function countPlaywright(report: PlaywrightJson): Totals {
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  };
}

type VitestRun = "all" | "serial" | "compiled";

async function runVitest(extraArgs: string[], kind: VitestRun = "all"): Promise<Totals> {
  const out = path.join(reportDir, kind === "all" ? "vitest.json" : `vitest-${kind}.json`);
  rmSync(out, { force: true });
  const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
  const code = await run(process.execPath, [
    vitest,
    "run",
    "--config",
    path.join(root, "vitest.config.ts"),
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
    ...extraArgs,
  ], kind === "serial" ? { ...process.env, VITEST_SERIAL: "1" } : kind === "compiled" ? { ...process.env, GRAPHQL_COMPILE_AFTER_RUNS: "0" } : process.env);
  const report = readJson<VitestJson>(out);
  if (!report) {
    console.error(`vitest exited with code ${code} and wrote no report: counted as 1 failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const totals = countVitest(report);
  for (const file of totals.brokenFiles) console.error(`✖ ${file} failed to run (see above): counted as 1 failure`);
  if (code !== 0 && totals.failed === 0) {
    console.error(`vitest exited with code ${code} with no failed test (an unhandled error?): counted as 1 failure`);
    totals.failed = 1;
  }
  return totals;
}

interface AxeJson {
  checks: number;
  screens: number;
  widths: number;
  violationsByImpact: Record<"critical" | "serious" | "moderate" | "minor", number>;
  failedChecks: string[];
}

/** One line of the browser suite's axe-core totals (web/e2e/axe.ts writes axe.json). */
export function formatAxe(r: AxeJson): string {
  const v = r.violationsByImpact;
  return `axe: ${r.checks} screen checks (${r.screens} screens x ${r.widths} sizes), violations: ${v.critical} critical, ${v.serious} serious, ${v.moderate} moderate, ${v.minor} minor` +
    (r.failedChecks.length
      ? ` — ${r.failedChecks.length} failing check(s): ${r.failedChecks.slice(0, 3).join("; ")}${r.failedChecks.length > 3 ? `; … (${reportDir}/axe.json)` : ""}`
      : "");
}

async function runE2e(): Promise<Totals | undefined> {
  const webPkg = readJson<{ scripts?: Record<string, string> }>(path.join(root, "web", "package.json"));
  if (!existsSync(path.join(root, "web", "e2e")) || !webPkg?.scripts?.e2e) return undefined;
  const out = path.join(reportDir, "e2e.json");
  rmSync(out, { force: true });
  // This run's axe checks only (one file per screen and size, totals in axe.json).
  rmSync(path.join(reportDir, "axe"), { recursive: true, force: true });
  rmSync(path.join(reportDir, "axe.json"), { force: true });
  console.log("\n— browser e2e (pnpm --filter @outreach/web e2e) —");
  // Playwright's json reporter writes here when the e2e config lists it (reporter: [["json"], ...]).
  const code = await run("pnpm", ["--filter", "@outreach/web", "e2e"], {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_FILE: out,
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  const report = readJson<PlaywrightJson>(out);
  if (!report?.stats) {
    console.error(`e2e wrote no JSON report at ${out}: counted as 1 ${code === 0 ? "passed" : "failed"} test`);
    return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  }
  const totals = countPlaywright(report);
  if (code !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

interface ChaosJson {
  checks: { name: string; ok: boolean; detail: string }[];
}

/** One test per final check of the chaos run. */
export function countChaos(report: ChaosJson): Totals {
  const passed = report.checks.filter((c) => c.ok).length;
  return { passed, failed: report.checks.length - passed, skipped: 0 };
}

async function runChaos(): Promise<Totals> {
  const out = path.join(reportDir, "chaos.json");
  rmSync(out, { force: true });
  console.log("\n— reliability under chaos (pnpm test:chaos) —");
  const code = await run("pnpm", ["test:chaos"], { ...process.env, CHAOS_REPORT_FILE: out });
  const report = readJson<ChaosJson>(out);
  if (!report?.checks?.length) {
    console.error(`the chaos run exited with code ${code} and wrote no report at ${out}: counted as 1 failure`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const totals = countChaos(report);
  if (code !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

/** The attack table (`pnpm test:security`) from this run's reports: its tests already ran above. */
function printSecurityFromReports() {
  const rows: Rows = new Map();
  const vitest = readJson<VitestReport>(path.join(reportDir, "vitest.json"));
  if (vitest) addVitest(rows, vitest, root);
  const e2e = readJson<{ suites?: PlaywrightSuite[] }>(path.join(reportDir, "e2e.json"));
  if (e2e?.suites) addPlaywright(rows, e2e.suites);
  if (!rows.size) return;
  console.log("\n— security: attacks tried and blocked in this run —");
  printSecurityTable(rows);
}

async function main() {
  mkdirSync(reportDir, { recursive: true });
  const started = Date.now();
  const parts: [string, Totals][] = [["vitest", await runVitest(process.argv.slice(2))]];
  console.log("\n— timing-sensitive suites, one file at a time (*.serial.test.ts) —");
  parts.push(["serial", await runVitest(process.argv.slice(2), "serial")]);
  if (process.argv.length <= 2) {
    console.log("\n— the API suite with every query compiled (GRAPHQL_COMPILE_AFTER_RUNS=0) —");
    parts.push(["api compiled", await runVitest(["--project", "api"], "compiled")]);
  }
  // A filtered run (extra arguments) is for vitest only.
  const e2e = process.argv.length > 2 ? undefined : await runE2e();
  if (e2e) parts.push(["e2e", e2e]);
  const axe = e2e ? readJson<AxeJson>(path.join(reportDir, "axe.json")) : undefined;
  if (process.argv.length <= 2) parts.push(["chaos", await runChaos()]);
  if (process.argv.length <= 2) printSecurityFromReports();
  const total = parts.reduce<Totals>(
    (acc, [, t]) => ({ passed: acc.passed + t.passed, failed: acc.failed + t.failed, skipped: acc.skipped + t.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  console.log(`\n${parts.map(([name, t]) => `${name}: ${formatTotals(t)}`).join(" | ")} (${Math.round((Date.now() - started) / 1000)} s)`);
  // A failing axe check already failed its e2e test (counted above); this line is the report.
  if (e2e) console.log(axe?.checks ? formatAxe(axe) : "axe: no checks recorded (.tmp/test-reports/axe.json missing)");
  console.log(formatTotals(total));
  process.exitCode = total.failed > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
