import type { JobDeps } from "@outreach/core/jobs/deps";
import type { RunningJob } from "@outreach/core/jobs/lifecycle";
import { enrichProspects } from "@outreach/core/pipeline/enrichment";
import { serial } from "@outreach/core/pipeline/flow";
import { runPipelineStep } from "./pipeline-step.ts";

/** Enriches payload.prospectIds (contacts, crawl, domain rank), reporting progress per prospect. */
export default function enrich(job: RunningJob<"enrich">, deps: JobDeps) {
  const { userId, campaignId, prospectIds } = job.payload;
  const inOrder = serial();
  return runPipelineStep(job, deps, (p) =>
    enrichProspects(p, {
      userId,
      campaignId,
      prospectIds,
      signal: job.signal,
      onProspect: (done, total, domain) =>
        inOrder(() => job.report(Math.min(99, Math.floor((done / total) * 100)), `Enriched ${domain} (${done} of ${total})`)),
    }),
  );
}
