import { providersForJob, type JobDeps } from "@outreach/core/jobs";
import { composeDrafter, type Drafter, type DraftingDeps } from "@outreach/core/compose";
import { crawlSite, type SiteCrawler } from "@outreach/core/crawl";
import type { EnrichDeps } from "@outreach/core/enrich";
import type { CallContext, CallerWaits, Providers } from "@outreach/providers";

/** What the pipeline stages (discover, enrich, score, compose) get for one job. */
export type StageDeps = EnrichDeps & DraftingDeps;

/**
 * Optional extras on JobDeps (tests and alternative wiring): a ready Providers instance, another
 * crawler or drafter, the sandbox web host. Anything missing is built from env.
 */
export interface StageExtras {
  providers?: Providers;
  crawl?: SiteCrawler;
  drafter?: Drafter;
  sandboxWebHostUrl?: string;
}

/**
 * StageDeps for one job: providers attributed to the job (core/jobs providersForJob), the crawler,
 * the drafter and the sandbox web host (SANDBOX_WEB_HOST_URL); `waits` from the job
 * (RunningJob.providerWaits). Call close() when done.
 */
export function stageDepsForJob(deps: JobDeps & StageExtras, context: CallContext, waits: CallerWaits = {}): StageDeps & { close(): Promise<void> } {
  const { providers, close } = providersForJob(deps, context, waits);
  return {
    db: deps.db,
    bus: deps.bus,
    providers,
    crawl: deps.crawl ?? crawlSite,
    drafter: deps.drafter ?? composeDrafter,
    sandboxWebHostUrl: deps.sandboxWebHostUrl ?? deps.env.SANDBOX_WEB_HOST_URL,
    close,
  };
}
