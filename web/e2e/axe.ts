// axe-core on a screen at both widths (1440x900 and 390x844). Each check is written to
// .tmp/test-reports/axe/<screen>-<width>.json and the totals of every check on disk to
// .tmp/test-reports/axe.json (scripts/test.ts prints them). A check fails on any violation of impact
// serious or critical, and on the page-structure rules (landmarks, headings) whatever their impact.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIEWPORTS, type Width } from './fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
export const reportDir = path.resolve(here, '..', '..', '.tmp', 'test-reports');
export const checksDir = path.join(reportDir, 'axe');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Landmark and heading rules: a violation of these fails the check at any impact. */
export const STRUCTURE_RULES = new Set([
  'landmark-one-main', 'region', 'heading-order', 'page-has-heading-one', 'bypass', 'empty-heading',
  'landmark-banner-is-top-level', 'landmark-complementary-is-top-level', 'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main', 'landmark-unique',
]);

export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof IMPACTS)[number];

export type AxeViolation = { id: string; impact: Impact | null; help: string; nodes: { target: string; summary: string }[] };
export type AxeCheck = { screen: string; width: Width; viewport: { width: number; height: number }; url: string; violations: AxeViolation[]; failing: string[] };

export function failingRules(violations: AxeViolation[]): string[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || STRUCTURE_RULES.has(v.id)).map((v) => v.id);
}

/** Totals over every check on disk: what `pnpm test` prints. */
export function summarize(checks: AxeCheck[]) {
  const byImpact = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
  for (const c of checks) for (const v of c.violations) byImpact[v.impact ?? 'minor'] += v.nodes.length;
  return {
    checks: checks.length,
    screens: new Set(checks.map((c) => c.screen)).size,
    widths: new Set(checks.map((c) => c.width)).size,
    violationsByImpact: byImpact,
    failedChecks: checks.filter((c) => c.failing.length).map((c) => `${c.screen}@${c.width}: ${c.failing.join(', ')}`),
  };
}

function writeReport() {
  const checks = readdirSync(checksDir).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(checksDir, f), 'utf8')) as AxeCheck)
    .sort((a, b) => a.screen.localeCompare(b.screen) || a.width.localeCompare(b.width));
  writeFileSync(path.join(reportDir, 'axe.json'), JSON.stringify({ ...summarize(checks), results: checks }, null, 2));
}

async function checkAt(page: Page, screen: string, width: Width): Promise<AxeCheck> {
  await page.setViewportSize(VIEWPORTS[width]);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations: AxeViolation[] = result.violations.map((v) => ({
    id: v.id, impact: (v.impact ?? null) as Impact | null, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').split('\n').slice(0, 2).join(' ') })),
  }));
  return { screen, width, viewport: VIEWPORTS[width], url: new URL(page.url()).pathname, violations, failing: failingRules(violations) };
}

/**
 * Runs axe on the current screen at both widths, records both checks and fails the test (softly: the
 * other screens are still checked and photographed) on a serious or critical violation or a
 * landmark/heading one.
 */
export async function axeCheck(page: Page, screen: string) {
  mkdirSync(checksDir, { recursive: true });
  const prev = page.viewportSize();
  for (const width of Object.keys(VIEWPORTS) as Width[]) {
    const check = await checkAt(page, screen, width);
    writeFileSync(path.join(checksDir, `${screen}-${width}.json`), JSON.stringify(check, null, 2));
    writeReport();
    const failing = check.violations.filter((v) => check.failing.includes(v.id))
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target} — ${n.summary}`).join('\n')}`);
    // AXE_RECORD_ONLY=1 measures without failing (e.g. a "before" count over every screen).
    if (!process.env.AXE_RECORD_ONLY) expect.soft(failing, `axe on ${screen} at ${width} (${VIEWPORTS[width].width}x${VIEWPORTS[width].height})`).toEqual([]);
  }
  if (prev) await page.setViewportSize(prev);
}
