import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { draftProspects } from "@outreach/core/compose";
import { replanCampaign } from "@outreach/core/outreach";
import { runPipelineStep } from "./pipeline-step.ts";

/**
 * Drafts the first email for payload.prospectIds that have an address and a high enough score.
 * Drafts the campaign approves by itself join the send plan: the dispatcher is woken for them.
 */
export default async function compose(job: RunningJob<"compose">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  const result = await runPipelineStep(job, deps, (p) =>
    draftProspects(p, {
      userId,
      campaignId,
      prospectIds,
      onProspect: (done, total) => job.report(Math.min(99, Math.floor((done / total) * 100)), `Drafted ${done} of ${total}`),
    }),
  );
  if (result.approved > 0) await replanCampaign(deps, campaignId);
  return result;
}
