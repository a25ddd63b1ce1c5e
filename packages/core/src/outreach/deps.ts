import type { Env, EventBus } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { CallContext, GmailClient, ProviderMode, Providers } from "@outreach/providers";
import { providersForJob, type JobDeps, type Queues } from "../jobs/index.ts";

/**
 * What the outreach services (send, follow-ups, reply sync, reconcile) need: the job deps plus one
 * Gmail client attributed to the job or user, and whether Gmail is live or the sandbox fake.
 */
export interface DeliveryDeps {
  db: Db;
  bus: EventBus;
  queues: Queues;
  env: Env;
  gmail: GmailClient;
  gmailMode: ProviderMode;
  /** The clock (tests move it). */
  now?: () => Date;
}

export const nowOf = (d: Pick<DeliveryDeps, "now">) => (d.now ? d.now() : new Date());

/** Runs fn with DeliveryDeps built from JobDeps (Gmail attributed to `context`), closing them after. */
export async function withDelivery<T>(
  deps: JobDeps & { providers?: Providers; now?: () => Date },
  context: CallContext,
  fn: (d: DeliveryDeps) => Promise<T>,
): Promise<T> {
  const p = providersForJob(deps, context);
  try {
    return await fn({ db: deps.db, bus: deps.bus, queues: deps.queues, env: deps.env, gmail: p.providers.gmail, gmailMode: p.providers.modes.gmail, now: deps.now });
  } finally {
    await p.close();
  }
}
