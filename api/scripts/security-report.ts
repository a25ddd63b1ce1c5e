/**
 * The security report: runs the attack suite (vitest api/test/security) and the stored-XSS browser
 * checks (web/e2e xss specs, Chromium), then prints one table "attack | tried | blocked" grouped by
 * the category in each test name ("[jwt] alg none is refused" -> jwt), with totals.
 * Exits non-zero when any attack was not blocked (a failed test) or a suite could not run.
 *
 *   pnpm test:security               # API suite + browser XSS checks
 *   pnpm test:security --no-browser  # API suite only (the XSS row then says "not run")
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readJson, run as runIn } from "../../scripts/lib/run.ts";
import { addPlaywright, addVitest, printSecurityTable, XSS_SPECS, type PlaywrightSuite, type Rows, type VitestReport } from "./security-table.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = (command: string, args: string[], env?: NodeJS.ProcessEnv) => runIn(command, args, root, env);
const reportDir = path.join(root, ".tmp", "test-reports");
const noBrowser = process.argv.includes("--no-browser");

async function apiSuite(rows: Rows): Promise<boolean> {
  const out = path.join(reportDir, "security-vitest.json");
  rmSync(out, { force: true });
  console.log("— attack suite (vitest api/test/security) —");
  const code = await run("pnpm", ["exec", "vitest", "run", "--project", "api", "test/security/", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  const report = readJson<VitestReport>(out);
  if (!report) {
    console.error(`vitest wrote no report (exit ${code})`);
    return false;
  }
  return addVitest(rows, report, root) && code === 0;
}

async function browserSuite(rows: Rows): Promise<boolean> {
  const specs = XSS_SPECS.map((f) => `e2e/${f}`).filter((f) => existsSync(path.join(root, "web", f)));
  const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (noBrowser || !specs.length || !existsSync(chromium)) {
    rows.set("xss", { category: "xss", tried: 0, blocked: 0, failures: [], note: noBrowser ? "not run (--no-browser)" : `not run (no ${existsSync(chromium) ? "spec" : chromium})` });
    return noBrowser;
  }
  const out = path.join(reportDir, "security-e2e.json");
  rmSync(out, { force: true });
  console.log(`\n— stored XSS in Chromium (${specs.join(", ")}) —`);
  const code = await run("pnpm", ["--filter", "@outreach/web", "exec", "playwright", "test", "-c", "playwright.config.ts", ...specs], {
    ...process.env,
    PLAYWRIGHT_JSON_OUTPUT_FILE: out,
  });
  const report = readJson<{ suites: PlaywrightSuite[] }>(out);
  if (!report) {
    rows.set("xss", { category: "xss", tried: 1, blocked: 0, failures: [`playwright wrote no report (exit ${code})`] });
    return false;
  }
  addPlaywright(rows, report.suites);
  return code === 0;
}

mkdirSync(reportDir, { recursive: true });
const rows: Rows = new Map();
const apiOk = await apiSuite(rows);
const browserOk = await browserSuite(rows);
const total = printSecurityTable(rows);
const ok = apiOk && browserOk && total.blocked === total.tried && total.tried > 0;
console.log(ok ? `\nAll ${total.tried} attacks blocked.` : `\n${total.tried - total.blocked} of ${total.tried} attacks NOT blocked (or a suite did not run).`);
process.exit(ok ? 0 : 1);
