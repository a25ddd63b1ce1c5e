/**
 * `pnpm test:chaos`: the chaos run (worker/test/chaos/chaos-run.ts). Prints every count and exits
 * non-zero when a check failed. CHAOS_MS (default 120000) sets how long actions keep coming.
 */
import { runChaos } from "../test/chaos/chaos-run.ts";

// This process's own queue connections log every refused reconnect while its Redis is restarted
// on purpose: count those lines instead of printing hundreds of them.
let queueErrors = 0;
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  if (typeof args[0] === "string" && /^\[queue:\w+\]/.test(args[0])) queueErrors++;
  else consoleError(...args);
};

const report = await runChaos({ chaosMs: Number(process.env.CHAOS_MS ?? 120_000) });
const { problems, ...counts } = report;
console.log(
  [
    "chaos counts:",
    `  SIGKILLs ${counts.kills}; SIGTERMs ${counts.sigterms.count} (slowest exit ${counts.sigterms.maxExitMs} ms, lock ${counts.sigterms.lockMs} ms, non-zero exits ${counts.sigterms.nonZeroExits})`,
    `  Redis restarts ${counts.redisRestarts}; PostgreSQL connection drops ${counts.connectionDrops.rounds} (${counts.connectionDrops.backendsTerminated} backends terminated)`,
    `  fault windows ${counts.faultWindows} (500s at 20 %), slow windows ${counts.latencyWindows}; faults injected ${counts.faultsInjected}`,
    `  jobs by status ${JSON.stringify(counts.jobsByStatus)}; failed without a reason ${counts.jobsWithoutReason}`,
    `  prospects ${counts.prospects.final} (max seen ${counts.prospects.maxSeen}, lost ${counts.prospects.lost}); EmailLogs ${counts.emailLogs.final} (max seen ${counts.emailLogs.maxSeen}, lost ${counts.emailLogs.lost})`,
    `  sends at fake Gmail ${counts.sends}; duplicates ${counts.duplicates}; sent rows not exactly once at Gmail ${counts.sentRowsNotAtGmail}; Gmail messages without a sent row ${counts.gmailWithoutSentRow}; rows left sending ${counts.stuckSending}`,
    `  queue connection errors logged by the driver while its Redis was down ${queueErrors}`,
    `  workers that exited on their own ${counts.unexpectedWorkerExits}; settled in ${(counts.settleMs / 1000).toFixed(1)} s; whole run ${(counts.totalMs / 1000).toFixed(1)} s`,
  ].join("\n"),
);
if (problems.length) {
  console.error(`chaos: FAILED\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("chaos: PASSED");
process.exit(0);
