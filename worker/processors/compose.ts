import type { JobDeps } from "@outreach/core/jobs/deps";
import type { RunningJob } from "@outreach/core/jobs/lifecycle";
import { pipelineDepsForJob } from "@outreach/core/pipeline/deps";
import { draftProspects } from "@outreach/core/pipeline/drafting";
import { rethrowJobError } from "@outreach/core/pipeline/errors";
import { childFinished } from "@outreach/core/pipeline/flow";

/** Drafts the first email for payload.prospectIds that have an address and a high enough score. */
export default async function compose(job: RunningJob<"compose">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  const p = pipelineDepsForJob(deps, { userId, campaignId, jobId: job.id });
  try {
    await job.throwIfCancelled();
    const result = await draftProspects(p, {
      userId,
      campaignId,
      prospectIds,
      onProspect: (done, total) => job.report(Math.min(99, Math.floor((done / total) * 100)), `Drafted ${done} of ${total}`),
    });
    await childFinished(deps, job.row);
    return result;
  } catch (err) {
    return await rethrowJobError(deps.db, { userId, campaignId, attempt: job.attempt, maxAttempts: job.bull.opts.attempts ?? 1 }, err);
  } finally {
    await p.close();
  }
}
