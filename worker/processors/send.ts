import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { enqueueDeferredSend, replanCampaign, sendEmailLog, withDelivery, type SendOutcome } from "@outreach/core/outreach";
import { UnrecoverableError } from "bullmq";

/**
 * Sends one approved EmailLog exactly once (@outreach/core/outreach sendEmailLog). Outcomes:
 * sent; waiting (a time rule: it stays approved and goes when the plan says); deferred by a
 * temporary Gmail refusal (this job completes and one delayed retry job is queued with a
 * deterministic id); skipped (reason on the result and on the EmailLog); unknown (left `sending`
 * for the reconcile sweep, never resent here); auth_failed (the mailbox needs reconnecting, its
 * campaigns pause, one alert; the row is approved again, and this job fails without retries). Whatever happened, the campaign's
 * dispatcher runs next: it sends the following email when its gap is over.
 */
export default async function send(job: RunningJob<"send">, deps: JobDeps) {
  const { userId, campaignId, emailLogId, manual } = job.payload;
  await job.throwIfCancelled();
  const outcome = await withDelivery(deps, { userId, campaignId, jobId: job.id }, (d) => sendEmailLog(d, emailLogId, { manual }));
  const result = await report(job, deps, outcome);
  await replanCampaign(deps, campaignId);
  if (outcome.outcome === "failed") throw new UnrecoverableError(`Not sent: ${outcome.detail}`);
  if (outcome.outcome === "auth_failed") throw new UnrecoverableError(`Gmail authorization failed: the mailbox needs reconnecting in Settings → Mailboxes, and its campaigns are paused until then (${outcome.detail})`);
  return result;
}

async function report(job: RunningJob<"send">, deps: JobDeps, outcome: SendOutcome) {
  const { userId, campaignId, emailLogId } = job.payload;
  switch (outcome.outcome) {
    case "sent":
      await job.report(99, `Sent (Gmail message ${outcome.gmailMessageId})`);
      break;
    case "waiting":
      await job.log(`Not now (${outcome.detail}); it goes out with the send queue at ${outcome.until}`);
      break;
    case "deferred": {
      const next = await enqueueDeferredSend(deps, { emailLogId, userId, campaignId, afterJobRowId: job.id, retryAt: new Date(outcome.retryAt), reason: outcome.detail, now: new Date() });
      await job.log(`Gmail refused it for now (${outcome.reason}: ${outcome.detail}); tried again in job ${next} at ${outcome.retryAt}`);
      return { ...outcome, nextJobId: next };
    }
    case "skipped":
      await job.log(`Not sent: ${outcome.detail}`, outcome.reason === "already_sent" ? "info" : "warn");
      break;
    case "unknown":
      await job.log(`Gmail may have accepted it; reconciling instead of resending: ${outcome.detail}`, "warn");
      break;
  }
  return outcome;
}
