/**
 * `pnpm test:chaos`: the chaos run (worker/test/chaos/chaos-run.ts). Prints every count and each
 * final check, and exits non-zero when a check failed. CHAOS_MS (default 90000) sets how long
 * actions keep coming; CHAOS_REPORT_FILE, when set, receives the report as JSON (scripts/test.ts
 * counts its checks as tests).
 */
import { writeFileSync } from "node:fs";
import { runChaos } from "../test/chaos/chaos-run.ts";

// This process's own queue connections log every refused reconnect while its Redis is restarted
// on purpose: count those lines instead of printing hundreds of them.
let queueErrors = 0;
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === "string" && /^\[(queue:\w+|redis:\w+)\]/.test(args[0])) queueErrors++;
  else consoleError(...args);
};

const report = await runChaos({ chaosMs: Number(process.env.CHAOS_MS ?? 90_000) });
const { checks, ...counts } = report;
console.log(
  [
    "chaos counts:",
    `  SIGKILLs ${counts.kills}; SIGTERMs ${counts.sigterms.count} (slowest exit ${counts.sigterms.maxExitMs} ms, lock ${counts.sigterms.lockMs} ms, non-zero exits ${counts.sigterms.nonZeroExits}, jobs left to their lock ${counts.sigterms.abandoned})`,
    `  Redis restarts ${counts.redisRestarts} (${counts.redisCrashes} of them crashes losing the last second of writes); jobs Redis lost that the orphan sweep queued again ${counts.lostAndRequeued}`,
    `  PostgreSQL connection drops ${counts.connectionDrops.rounds} (${counts.connectionDrops.backendsTerminated} backends terminated)`,
    `  fault windows ${counts.faultWindows} (500s at 20 %), slow windows ${counts.latencyWindows}; faults injected ${counts.faultsInjected}`,
    `  jobs by status ${JSON.stringify(counts.jobsByStatus)}; failed without a reason ${counts.jobsWithoutReason}`,
    `  prospects ${counts.prospects.final} (max seen ${counts.prospects.maxSeen}, lost ${counts.prospects.lost}); EmailLogs ${counts.emailLogs.final} (max seen ${counts.emailLogs.maxSeen}, lost ${counts.emailLogs.lost})`,
    `  prospects by stage ${JSON.stringify(counts.prospectsByStage)}`,
    `  sends at fake Gmail ${counts.sends}; duplicates ${counts.duplicates}; sent rows not exactly once at Gmail ${counts.sentRowsNotAtGmail}; Gmail messages without a sent row ${counts.gmailWithoutSentRow}; rows left sending ${counts.stuckSending}; first emails left approved ${counts.approvedUnsent}`,
    `  connection errors logged by this process's own clients while its Redis was down ${queueErrors}`,
    `  workers that exited on their own ${counts.unexpectedWorkerExits}; settled in ${(counts.settleMs / 1000).toFixed(1)} s; whole run ${(counts.totalMs / 1000).toFixed(1)} s`,
    "chaos checks:",
    ...checks.map((c) => (c.ok ? `  ✓ ${c.name}` : `  ✖ ${c.name}: ${c.detail}`)),
  ].join("\n"),
);
if (process.env.CHAOS_REPORT_FILE) writeFileSync(process.env.CHAOS_REPORT_FILE, JSON.stringify(report, null, 2));
const failed = checks.filter((c) => !c.ok).length;
console.log(failed ? `chaos: FAILED (${failed} of ${checks.length} checks)` : `chaos: PASSED (${checks.length} checks)`);
process.exit(failed ? 1 : 0);
