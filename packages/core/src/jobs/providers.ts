import { closeRedis, createRedis } from "@outreach/contracts";
import { createProviders, type CallContext, type CallerWaits, type Providers } from "@outreach/providers";
import type { JobDeps } from "./deps.ts";

/**
 * Provider clients for one job's work, attributed to the job (ledger rows carry user, campaign and
 * job), with the shared Redis rate limits and response cache on a connection of the job's own
 * ("cache" role: it may queue commands while connecting, unlike the producer connection).
 * `deps.providers`, when given (tests, alternative wiring), is used instead. `waits`: who hears of
 * each wait of a provider call and the job's wait budget. Call close() when done.
 */
export function providersForJob(
  deps: JobDeps & { providers?: Providers },
  context: CallContext,
  waits: CallerWaits = {},
): { providers: Providers; close(): Promise<void> } {
  if (deps.providers) return { providers: deps.providers.withContext(context, waits), close: async () => {} };
  const redis = createRedis("cache", deps.env.REDIS_URL);
  const providers = createProviders({ env: deps.env, db: deps.db, redis, context }).withContext(context, waits);
  return {
    providers,
    async close() {
      await providers.close();
      await closeRedis(redis);
    },
  };
}
