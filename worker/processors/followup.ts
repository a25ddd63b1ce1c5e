import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { replanCampaign, runFollowUp, withDelivery } from "@outreach/core/outreach";

/**
 * Follow-up n for one prospect: live Gmail thread check (a reply, bounce or unsubscribe stops
 * the domain; an out-of-office postpones), then the follow-up EmailLog in the same thread. An
 * approved one joins the send plan and the campaign's dispatcher sends it (a draft waits for a
 * person to approve it).
 */
export default async function followup(job: RunningJob<"followup">, deps: JobDeps) {
  const { userId, campaignId, prospectId, step } = job.payload;
  await job.throwIfCancelled();
  const outcome = await withDelivery(deps, { userId, campaignId, jobId: job.id }, (d) => runFollowUp(d, { prospectId, step, jobRowId: job.id }));
  if (outcome.outcome === "queued") {
    await replanCampaign(deps, campaignId);
    await job.log(`Follow-up ${step} written; it goes out with the send queue`);
  } else {
    await job.log(`Follow-up ${step}: ${outcome.outcome}${"reason" in outcome ? ` (${outcome.reason})` : ""}`);
  }
  return outcome;
}
