/** Dry run: one keyword or one test domain through every stage in memory; nothing is written or sent. */
export { dryRun, DRY_RUN_SITES, type DryRunDeps, type DryRunInput, type DryRunResult, type DryRunSite } from "./dry-run.ts";
