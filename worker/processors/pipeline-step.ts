import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { stageDepsForJob, type StageDeps } from "../runtime/stage-deps.ts";
import { rethrowJobError } from "../runtime/provider-errors.ts";
import { childFinished } from "../runtime/flow.ts";

/**
 * The frame of a pipeline child step (enrich, compose): providers attributed to the job, a
 * cancellation check, the parent told when it is done, provider errors mapped to retry / alert /
 * fail, and the per-job connections closed whatever happens.
 *
 * A cancel or a worker shutdown stops the step at once rather than at its next checkpoint: a
 * draft can wait seconds for a slot of the shared Gemini rate limit, longer than a shutdown may
 * take to hand the job back. What the step was doing is idempotent (prospects are updated in
 * place, a first email is created once per prospect), so the next run simply carries on.
 */
export async function runPipelineStep<Q extends "enrich" | "compose", R>(
  job: RunningJob<Q>,
  deps: JobDeps,
  step: (p: StageDeps) => Promise<R>,
): Promise<R> {
  const { userId, campaignId } = job.payload;
  const p = stageDepsForJob(deps, { userId, campaignId, jobId: job.id }, job.providerWaits);
  const stop = stopWhenAborted(job);
  try {
    await job.throwIfCancelled();
    const work = step(p);
    // Left running when the stop wins; its late failure (connections closed under it) is not news.
    work.catch(() => {});
    const result = await Promise.race([work, stop.promise]);
    await childFinished(deps, job.row);
    return result;
  } catch (err) {
    return await rethrowJobError(deps.db, { userId, campaignId, attempt: job.attempt, maxAttempts: job.bull.opts.attempts ?? 1 }, err);
  } finally {
    stop.dispose();
    await p.close();
  }
}

/** Rejects with the lifecycle's error (cancelled / shutting down) as soon as the job's signal aborts. */
function stopWhenAborted(job: RunningJob): { promise: Promise<never>; dispose(): void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => void job.throwIfCancelled().catch(reject);
    if (job.signal.aborted) onAbort();
    else job.signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => job.signal.removeEventListener("abort", onAbort) };
}
