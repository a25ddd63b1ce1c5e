/**
 * The security table "attack | tried | blocked", built from test reports that already exist: the
 * vitest JSON report (tests under api/test/security, grouped by the category in each test name,
 * "[jwt] alg none is refused" -> jwt) and the Playwright JSON report (the stored-XSS specs).
 * Used by `pnpm test:security` (which runs just those suites) and by `pnpm test` (whole run).
 */
import path from "node:path";

export const LABELS: Record<string, string> = {
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

export const XSS_SPECS = ["xss.spec.ts", "security-xss.spec.ts"];
const SECURITY_DIR = `${path.sep}api${path.sep}test${path.sep}security${path.sep}`;

export interface Row {
  category: string;
  tried: number;
  blocked: number;
  failures: string[];
  note?: string;
}
export type Rows = Map<string, Row>;

export interface VitestReport {
  testResults: { name: string; status: string; message?: string; assertionResults: { title: string; status: string }[] }[];
}
export interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; ok: boolean; tests: { results: { status: string }[] }[] }[];
  suites?: PlaywrightSuite[];
}

const categoryOf = (title: string) => /\[([\w-]+)\]/.exec(title)?.[1] ?? "other";

export function add(rows: Rows, category: string, passed: boolean, title: string) {
  const row = rows.get(category) ?? { category, tried: 0, blocked: 0, failures: [] };
  row.tried++;
  if (passed) row.blocked++;
  else row.failures.push(title);
  rows.set(category, row);
}

/** Adds every test of the security files in a vitest report; false when one of them did not run. */
export function addVitest(rows: Rows, report: VitestReport, root: string): boolean {
  let ran = true;
  for (const file of report.testResults) {
    if (!file.name.includes(SECURITY_DIR)) continue;
    if (file.status === "failed" && !file.assertionResults.some((a) => a.status === "failed")) {
      add(rows, "other", false, `${path.relative(root, file.name)} did not run: ${file.message ?? ""}`.slice(0, 300));
      ran = false;
    }
    for (const a of file.assertionResults) {
      if (a.status === "skipped" || a.status === "pending" || a.status === "todo") continue;
      add(rows, categoryOf(a.title), a.status === "passed", a.title);
    }
  }
  return ran;
}

/** Adds the stored-XSS browser specs of a Playwright report as the xss row. */
export function addPlaywright(rows: Rows, suites: PlaywrightSuite[]) {
  const walk = (suite: PlaywrightSuite, inXssFile: boolean) => {
    const xss = inXssFile || XSS_SPECS.includes(path.basename(suite.file ?? suite.title));
    for (const spec of xss ? (suite.specs ?? []) : []) {
      const status = spec.tests.flatMap((t) => t.results.map((r) => r.status));
      if (status.length && status.every((s) => s === "skipped")) continue;
      add(rows, "xss", spec.ok, spec.title);
    }
    for (const child of suite.suites ?? []) walk(child, xss);
  };
  suites.forEach((s) => walk(s, false));
  if (!rows.has("xss")) rows.set("xss", { category: "xss", tried: 0, blocked: 0, failures: [], note: "no test ran" });
}

/** Prints the table (known categories first) and returns the totals. */
export function printSecurityTable(rows: Rows): { tried: number; blocked: number } {
  const order = Object.keys(LABELS);
  const sorted = [...rows.values()].sort((a, b) => (order.indexOf(a.category) + 1 || 99) - (order.indexOf(b.category) + 1 || 99));
  const lines = sorted.map((r) => [
    LABELS[r.category] ?? r.category,
    r.note && !r.tried ? "-" : String(r.tried),
    r.note && !r.tried ? r.note : `${r.blocked}${r.blocked === r.tried ? "" : `  (${r.tried - r.blocked} NOT BLOCKED)`}`,
  ]);
  const total = sorted.reduce((t, r) => ({ tried: t.tried + r.tried, blocked: t.blocked + r.blocked }), { tried: 0, blocked: 0 });
  const header = ["attack", "tried", "blocked"];
  const footer = ["TOTAL", String(total.tried), String(total.blocked)];
  const widths = header.map((h, i) => Math.max(h.length, footer[i]!.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  console.log(`\n${fmt(header)}\n${rule}`);
  for (const l of lines) console.log(fmt(l));
  console.log(`${rule}\n${fmt(footer)}`);
  for (const r of sorted) for (const f of r.failures) console.log(`NOT BLOCKED [${r.category}] ${f}`);
  return total;
}
