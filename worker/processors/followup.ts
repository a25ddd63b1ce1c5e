import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { enqueueDeferredSend, runFollowUp, withDelivery } from "@outreach/core/outreach";
import { UnrecoverableError } from "bullmq";

/**
 * Follow-up n for one prospect: live Gmail thread check (a reply, bounce or unsubscribe stops
 * the domain; an out-of-office postpones), then the follow-up EmailLog in the same thread, sent
 * through the same exactly-once path as first emails (or left as a draft to approve).
 */
export default async function followup(job: RunningJob<"followup">, deps: JobDeps) {
  const { userId, campaignId, prospectId, step } = job.payload;
  await job.throwIfCancelled();
  const outcome = await withDelivery(deps, { userId, campaignId, jobId: job.id }, (d) => runFollowUp(d, { prospectId, step, jobRowId: job.id }));
  if (outcome.outcome === "send") {
    const s = outcome.send;
    if (s.outcome === "deferred") {
      const next = await enqueueDeferredSend(deps, { emailLogId: s.emailLogId, userId, campaignId, afterJobRowId: job.id, retryAt: new Date(s.retryAt), reason: s.detail, now: new Date() });
      await job.log(`Follow-up written; the send waits until ${s.retryAt} (${s.reason}) in job ${next}`);
      return { ...outcome, nextJobId: next };
    }
    if (s.outcome === "auth_failed") throw new UnrecoverableError(`Gmail authorization failed; sending is paused: ${s.detail}`);
    if (s.outcome === "failed") throw new UnrecoverableError(`Follow-up not sent: ${s.detail}`);
    await job.log(s.outcome === "sent" ? `Follow-up ${step} sent` : `Follow-up ${step}: ${s.outcome}`);
  } else {
    await job.log(`Follow-up ${step}: ${outcome.outcome}${"reason" in outcome ? ` (${outcome.reason})` : ""}`);
  }
  return outcome;
}
