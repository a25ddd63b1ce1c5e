import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { enqueueDeferredSend, sendEmailLog, withDelivery } from "@outreach/core/outreach";
import { UnrecoverableError } from "bullmq";

/**
 * Sends one approved EmailLog exactly once (@outreach/core/outreach sendEmailLog). Outcomes:
 * sent; deferred by a time rule or a temporary Gmail refusal (this job completes and a delayed
 * continuation job is queued with a deterministic id); skipped (reason on the result and on the
 * EmailLog); unknown (left `sending` for the reconcile sweep, never resent here); auth_failed
 * (alert raised, sending paused, row approved again, and this job fails without retries).
 */
export default async function send(job: RunningJob<"send">, deps: JobDeps) {
  const { userId, campaignId, emailLogId } = job.payload;
  await job.throwIfCancelled();
  const outcome = await withDelivery(deps, { userId, campaignId, jobId: job.id }, (d) => sendEmailLog(d, emailLogId));
  switch (outcome.outcome) {
    case "sent":
      await job.report(99, `Sent (Gmail message ${outcome.gmailMessageId})`);
      break;
    case "deferred": {
      const next = await enqueueDeferredSend(deps, {
        emailLogId,
        userId,
        campaignId,
        afterJobRowId: job.id,
        retryAt: new Date(outcome.retryAt),
        reason: outcome.detail,
        now: new Date(),
      });
      await job.log(`Not now (${outcome.reason}: ${outcome.detail}); continues in job ${next} at ${outcome.retryAt}`);
      return { ...outcome, nextJobId: next };
    }
    case "skipped":
      await job.log(`Not sent: ${outcome.detail}`, outcome.reason === "already_sent" ? "info" : "warn");
      break;
    case "unknown":
      await job.log(`Gmail may have accepted it; reconciling instead of resending: ${outcome.detail}`, "warn");
      break;
    case "failed":
      throw new UnrecoverableError(`Not sent: ${outcome.detail}`);
    case "auth_failed":
      throw new UnrecoverableError(`Gmail authorization failed; sending is paused until Gmail is reconnected: ${outcome.detail}`);
  }
  return outcome;
}
