import type { JobDeps } from "@outreach/core/jobs/deps";
import type { RunningJob } from "@outreach/core/jobs/lifecycle";
import { pipelineDepsForJob, type PipelineDeps } from "@outreach/core/pipeline/deps";
import { rethrowJobError } from "@outreach/core/pipeline/errors";
import { childFinished } from "@outreach/core/pipeline/flow";

/**
 * The frame of a pipeline child step (enrich, compose): providers attributed to the job, a
 * cancellation check, the parent told when it is done, provider errors mapped to retry / alert /
 * fail, and the per-job connections closed whatever happens.
 */
export async function runPipelineStep<Q extends "enrich" | "compose", R>(
  job: RunningJob<Q>,
  deps: JobDeps,
  step: (p: PipelineDeps) => Promise<R>,
): Promise<R> {
  const { userId, campaignId } = job.payload;
  const p = pipelineDepsForJob(deps, { userId, campaignId, jobId: job.id });
  try {
    await job.throwIfCancelled();
    const result = await step(p);
    await childFinished(deps, job.row);
    return result;
  } catch (err) {
    return await rethrowJobError(deps.db, { userId, campaignId, attempt: job.attempt, maxAttempts: job.bull.opts.attempts ?? 1 }, err);
  } finally {
    await p.close();
  }
}
