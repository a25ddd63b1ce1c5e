import { createRedis, type EventBus } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import { createProviders, type CallContext, type Providers } from "@outreach/providers";
import { crawlSite, type CrawlOptions, type CrawlResult } from "../crawl/crawl.ts";
import type { JobDeps } from "../jobs/deps.ts";
import { composeDrafter, type Drafter } from "./drafter.ts";

/** Reads a site's page (the crawl module's crawlSite, or a stand-in in tests). */
export type SiteCrawler = (url: string, options: CrawlOptions) => Promise<CrawlResult>;

/** What the pipeline services need. Processors build it from JobDeps; the API's dry run passes its own. */
export interface PipelineDeps {
  db: Db;
  bus: EventBus;
  providers: Providers;
  crawl: SiteCrawler;
  drafter: Drafter;
  /** Loopback URL of the sandbox web host: fake *.example sites are read from there. */
  sandboxWebHostUrl?: string;
}

/**
 * Optional extras on JobDeps (tests and alternative wiring): a ready Providers instance, another
 * crawler or drafter, the sandbox web host. Anything missing is built from env.
 */
export interface PipelineExtras {
  providers?: Providers;
  crawl?: SiteCrawler;
  drafter?: Drafter;
  sandboxWebHostUrl?: string;
}

export function sandboxWebHostUrlFrom(extras: PipelineExtras & Partial<Pick<JobDeps, "env">>): string | undefined {
  return extras.sandboxWebHostUrl ?? extras.env?.SANDBOX_WEB_HOST_URL;
}

/**
 * PipelineDeps for one job: providers attributed to the job (ledger rows carry user, campaign and
 * job), with the shared Redis rate limits and response cache on a connection of the job's own
 * ("cache" role: it may queue commands while connecting, unlike the producer connection).
 * Call close() when done.
 */
export function pipelineDepsForJob(deps: JobDeps, context: CallContext): PipelineDeps & { close(): Promise<void> } {
  const extras = deps as JobDeps & PipelineExtras;
  let owned: { providers: Providers; redis: ReturnType<typeof createRedis> } | undefined;
  if (!extras.providers) {
    const redis = createRedis("cache", deps.env.REDIS_URL);
    owned = { redis, providers: createProviders({ env: deps.env, db: deps.db, redis, context }) };
  }
  const providers = extras.providers ? extras.providers.withContext(context) : owned!.providers;
  return {
    db: deps.db,
    bus: deps.bus,
    providers,
    crawl: extras.crawl ?? crawlSite,
    drafter: extras.drafter ?? composeDrafter,
    sandboxWebHostUrl: sandboxWebHostUrlFrom(extras),
    async close() {
      if (!owned) return;
      await owned.providers.close();
      await owned.redis.quit().catch(() => owned!.redis.disconnect());
    },
  };
}
