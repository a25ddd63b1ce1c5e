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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = (command: string, args: string[], env?: NodeJS.ProcessEnv) => runIn(command, args, root, env);
const reportDir = path.join(root, ".tmp", "test-reports");
const noBrowser = process.argv.includes("--no-browser");

const LABELS: Record<string, string> = {
  graphql: "GraphQL abuse (depth, aliases, directives, cost, batching, body size, introspection, suggestions)",
  jwt: "JWT forgery (alg none, wrong key, RS/ES/HS512, expired, tampered, deleted user)",
  "brute-force": "Login brute force (per email, per client)",
  access: "Other users' data (every ID root field, subscriptions, REST)",
  csrf: "CSRF (GET without header, form/text content types, REST JSON only)",
  ssrf: "SSRF via the crawler guard (decision functions, loopback-only)",
  "header-injection": "Header injection (CR/LF in every email field, message builder)",
  xss: "Stored XSS (crawled title/description, CSV) - checked in Chromium",
  secrets: "Secrets in logs (production API output)",
};

interface Row {
  category: string;
  tried: number;
  blocked: number;
  failures: string[];
  note?: string;
}

const categoryOf = (title: string) => /\[([\w-]+)\]/.exec(title)?.[1] ?? "other";

function add(rows: Map<string, Row>, category: string, passed: boolean, title: string) {
  const row = rows.get(category) ?? { category, tried: 0, blocked: 0, failures: [] };
  row.tried++;
  if (passed) row.blocked++;
  else row.failures.push(title);
  rows.set(category, row);
}

interface VitestJson {
  testResults: { name: string; status: string; message?: string; assertionResults: { title: string; fullName: string; status: string }[] }[];
}

async function apiSuite(rows: Map<string, Row>): Promise<boolean> {
  const out = path.join(reportDir, "security-vitest.json");
  rmSync(out, { force: true });
  console.log("— attack suite (vitest api/test/security) —");
  const code = await run("pnpm", ["exec", "vitest", "run", "--project", "api", "test/security/", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  const report = readJson<VitestJson>(out);
  if (!report) {
    console.error(`vitest wrote no report (exit ${code})`);
    return false;
  }
  let ok = code === 0;
  for (const file of report.testResults) {
    if (file.status === "failed" && !file.assertionResults.some((a) => a.status === "failed")) {
      add(rows, "other", false, `${path.relative(root, file.name)} did not run: ${file.message ?? ""}`.slice(0, 300));
      ok = false;
    }
    for (const a of file.assertionResults) {
      if (a.status === "skipped" || a.status === "pending" || a.status === "todo") continue;
      add(rows, categoryOf(a.title), a.status === "passed", a.title);
    }
  }
  return ok;
}

interface PlaywrightSuite {
  title: string;
  specs?: { title: string; ok: boolean; tests: { results: { status: string }[] }[] }[];
  suites?: PlaywrightSuite[];
}

async function browserSuite(rows: Map<string, Row>): Promise<boolean> {
  const specs = ["e2e/xss.spec.ts", "e2e/security-xss.spec.ts"].filter((f) => existsSync(path.join(root, "web", f)));
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
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      const status = spec.tests.flatMap((t) => t.results.map((r) => r.status));
      if (status.length && status.every((s) => s === "skipped")) continue;
      add(rows, "xss", spec.ok, spec.title);
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  report.suites.forEach(walk);
  if (!rows.has("xss")) rows.set("xss", { category: "xss", tried: 0, blocked: 0, failures: [], note: "no test ran" });
  return code === 0;
}

function printTable(rows: Row[]) {
  const lines = rows.map((r) => [
    LABELS[r.category] ?? r.category,
    r.note && !r.tried ? "-" : String(r.tried),
    r.note && !r.tried ? r.note : `${r.blocked}${r.blocked === r.tried ? "" : `  (${r.tried - r.blocked} NOT BLOCKED)`}`,
  ]);
  const total = rows.reduce((t, r) => ({ tried: t.tried + r.tried, blocked: t.blocked + r.blocked }), { tried: 0, blocked: 0 });
  const header = ["attack", "tried", "blocked"];
  const footer = ["TOTAL", String(total.tried), String(total.blocked)];
  const widths = header.map((h, i) => Math.max(h.length, footer[i]!.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  console.log(`\n${fmt(header)}\n${rule}`);
  for (const l of lines) console.log(fmt(l));
  console.log(`${rule}\n${fmt(footer)}`);
  for (const r of rows) for (const f of r.failures) console.log(`NOT BLOCKED [${r.category}] ${f}`);
  return total;
}

mkdirSync(reportDir, { recursive: true });
const rows = new Map<string, Row>();
const apiOk = await apiSuite(rows);
const browserOk = await browserSuite(rows);
const order = Object.keys(LABELS);
const sorted = [...rows.values()].sort((a, b) => (order.indexOf(a.category) + 1 || 99) - (order.indexOf(b.category) + 1 || 99));
const total = printTable(sorted);
const ok = apiOk && browserOk && total.blocked === total.tried && total.tried > 0;
console.log(ok ? `\nAll ${total.tried} attacks blocked.` : `\n${total.tried - total.blocked} of ${total.tried} attacks NOT blocked (or a suite did not run).`);
process.exit(ok ? 0 : 1);
