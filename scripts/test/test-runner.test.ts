import { describe, expect, it } from "vitest";
import { countPlaywright, countVitest, formatAxe, formatTotals } from "../test.ts";

const file = (name: string, status: string, results: string[]) => ({
  name: `/repo/${name}`,
  status,
  assertionResults: results.map((s) => ({ status: s })),
});

describe("test totals", () => {
  it("prints the axe totals: checks, screens x sizes, violations by impact, and the failing checks", () => {
    const clean = { checks: 58, screens: 29, widths: 2, violationsByImpact: { critical: 0, serious: 0, moderate: 0, minor: 4 }, failedChecks: [] };
    expect(formatAxe(clean)).toBe("axe: 58 screen checks (29 screens x 2 sizes), violations: 0 critical, 0 serious, 0 moderate, 4 minor");
    const failing = { ...clean, violationsByImpact: { ...clean.violationsByImpact, serious: 2 }, failedChecks: ["board-full-narrow: color-contrast"] };
    expect(formatAxe(failing)).toMatch(/2 serious, 0 moderate, 4 minor — 1 failing check\(s\): board-full-narrow: color-contrast$/);
  });

  it("prints `N passed, N failed` and adds skipped only when there are some", () => {
    expect(formatTotals({ passed: 12, failed: 0, skipped: 0 })).toBe("12 passed, 0 failed");
    expect(formatTotals({ passed: 3, failed: 2, skipped: 1 })).toBe("3 passed, 2 failed, 1 skipped");
  });

  it("counts a test file that failed to load as one failure", () => {
    const totals = countVitest({
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [
        file("a.test.ts", "passed", ["passed", "passed", "skipped"]),
        file("b.test.ts", "failed", ["failed", "todo"]),
        file("broken.test.ts", "failed", []),
      ],
    });
    expect(totals).toMatchObject({ passed: 2, failed: 2, skipped: 2 });
    expect(totals.brokenFiles).toHaveLength(1);
    expect(totals.brokenFiles[0]).toMatch(/broken\.test\.ts$/);
  });

  it("reads Playwright's JSON stats: flaky tests passed in the end, unexpected ones failed", () => {
    expect(countPlaywright({ stats: { expected: 5, unexpected: 1, flaky: 2, skipped: 3 } })).toEqual({
      passed: 7,
      failed: 1,
      skipped: 3,
    });
  });
});
