import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { enrichProspects } from "@outreach/core/enrich";
import { serial } from "../runtime/flow.ts";
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
