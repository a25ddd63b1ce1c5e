import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { scoreProspects } from "@outreach/core/score";

/** Scores the campaign's prospects (or payload.prospectIds), reporting progress about every 1%. */
export default async function score(job: RunningJob<"score">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  await job.throwIfCancelled();
  return scoreProspects(deps, {
    userId,
    campaignId,
    prospectIds,
    onBatch: async (done, total) => {
      // 100 is reported by the lifecycle when the job completes.
      await job.report(Math.min(99, Math.floor((done / total) * 100)), `Scored ${done} of ${total} prospects`);
    },
  });
}
