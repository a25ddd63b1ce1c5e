/** Dry run: one keyword or one test domain through every stage in memory; nothing is written or sent. */
export { dryRun, type DryRunDeps, type DryRunInput, type DryRunResult, type DryRunSite } from "./dry-run.ts";
