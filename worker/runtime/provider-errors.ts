import { decideRetry, isProviderError, raiseProviderAlert } from "@outreach/providers";
import type { Db } from "@outreach/db";
import { UnrecoverableError } from "bullmq";

/**
 * What a pipeline job does with an error (providers' decideRetry):
 * - rate_limited / transient: re-thrown, so BullMQ retries the job with backoff (until its attempts
 *   are used up);
 * - auth / quota: an Alert for the user (deduplicated while open), then the job fails at once;
 * - invalid_request, do_not_contact, bad_response: the job fails at once.
 * Anything that is not a provider error (database hiccup, cancellation, shutdown) is re-thrown
 * untouched for the job lifecycle to handle.
 */
export async function rethrowJobError(
  db: Db,
  ctx: { userId: string; campaignId: string; attempt: number; maxAttempts: number },
  err: unknown,
): Promise<never> {
  if (!isProviderError(err)) throw err;
  const decision = decideRetry(err, ctx.attempt, { maxAttempts: Math.max(ctx.maxAttempts, 1) });
  if (decision.action === "retry") throw err;
  if (decision.action === "alert") {
    await raiseProviderAlert(db, { userId: ctx.userId, campaignId: ctx.campaignId, provider: err.provider, kind: decision.kind, message: err.message });
    throw new UnrecoverableError(`${err.message} (alert raised: fix the ${err.provider} account or credentials, then retry the job)`);
  }
  throw new UnrecoverableError(decision.message);
}
