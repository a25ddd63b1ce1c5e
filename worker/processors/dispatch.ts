import { dispatchPayloadSchema } from "@outreach/contracts";
import type { JobDeps } from "@outreach/core/jobs";
import { dispatchCampaign } from "@outreach/core/outreach";
import type { Job as BullJob } from "bullmq";

/**
 * One dispatcher run for one campaign (@outreach/core/outreach dispatchCampaign): queue the due
 * email's send job, or re-arm for the planned time. Housekeeping: no Job row of its own; the send
 * it queues has one.
 */
export default async function dispatch(job: BullJob, deps: JobDeps) {
  const { campaignId } = dispatchPayloadSchema.parse(job.data);
  return dispatchCampaign(deps, campaignId);
}
