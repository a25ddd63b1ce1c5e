import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { draftProspects } from "@outreach/core/compose";
import { runPipelineStep } from "./pipeline-step.ts";

/** Drafts the first email for payload.prospectIds that have an address and a high enough score. */
export default function compose(job: RunningJob<"compose">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  return runPipelineStep(job, deps, (p) =>
    draftProspects(p, {
      userId,
      campaignId,
      prospectIds,
      onProspect: (done, total) => job.report(Math.min(99, Math.floor((done / total) * 100)), `Drafted ${done} of ${total}`),
    }),
  );
}
