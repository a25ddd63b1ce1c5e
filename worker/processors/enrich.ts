import type { JobDeps } from "@outreach/core/jobs/deps";
import type { RunningJob } from "@outreach/core/jobs/lifecycle";
import { pipelineDepsForJob } from "@outreach/core/pipeline/deps";
import { enrichProspects } from "@outreach/core/pipeline/enrichment";
import { rethrowJobError } from "@outreach/core/pipeline/errors";
import { childFinished, serial } from "@outreach/core/pipeline/flow";

/** Enriches payload.prospectIds (contacts, crawl, domain rank), reporting progress per prospect. */
export default async function enrich(job: RunningJob<"enrich">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  const p = pipelineDepsForJob(deps, { userId, campaignId, jobId: job.id });
  const inOrder = serial();
  try {
    await job.throwIfCancelled();
    const result = await enrichProspects(p, {
      userId,
      campaignId,
      prospectIds,
      signal: job.signal,
      onProspect: (done, total, domain) =>
        inOrder(() => job.report(Math.min(99, Math.floor((done / total) * 100)), `Enriched ${domain} (${done} of ${total})`)),
    });
    await childFinished(deps, job.row);
    return result;
  } catch (err) {
    return await rethrowJobError(deps.db, { userId, campaignId, attempt: job.attempt, maxAttempts: job.bull.opts.attempts ?? 1 }, err);
  } finally {
    await p.close();
  }
}
