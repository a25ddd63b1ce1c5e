import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { enrichProspects } from "@outreach/core/enrich";
import { scoreProspects } from "@outreach/core/score";
import { serial } from "../runtime/flow.ts";
import { runPipelineStep } from "./pipeline-step.ts";

/** Progress where enrichment hands over to scoring, when the job scores too. */
const SCORING_FROM = 90;

/**
 * Enriches payload.prospectIds (contacts, crawl, domain rank), reporting progress per prospect.
 * With `thenScore` (imports, hand-added prospects, a person's "Enrich") it then scores those that
 * enrichment reached: 0-90 % enriching, 90-99 % scoring. A later attempt of the same job does not
 * enrich again what an earlier attempt already did.
 */
export default function enrich(job: RunningJob<"enrich">, deps: JobDeps) {
  const { userId, campaignId, prospectIds, thenScore } = job.payload;
  const inOrder = serial();
  const enrichedUpTo = thenScore ? SCORING_FROM : 99;
  return runPipelineStep(job, deps, async (p) => {
    const done = await deps.db.prospect.findMany({ where: { id: { in: prospectIds }, enrichedAt: { gte: job.row.createdAt } }, select: { id: true } });
    const alreadyDone = new Set(done.map((x) => x.id));
    const todo = prospectIds.filter((id) => !alreadyDone.has(id));
    const enrichment = await enrichProspects(p, {
      userId,
      campaignId,
      prospectIds: todo,
      signal: job.signal,
      onProspect: (n, total, domain) =>
        inOrder(() => job.report(Math.min(enrichedUpTo, Math.floor((n / total) * enrichedUpTo)), `Enriched ${domain} (${n} of ${total})`)),
    });
    if (!thenScore) return enrichment;

    // Prospects enrichment never reached stay `discovered` (scoring them would score no contacts);
    // those past scoring it never touches.
    const reached = await deps.db.prospect.findMany({ where: { id: { in: prospectIds }, campaignId, stage: { in: ["enriched", "scored"] } }, select: { id: true } });
    await job.report(SCORING_FROM, `Scoring ${reached.length} enriched prospect${reached.length === 1 ? "" : "s"}`);
    const scoring = reached.length
      ? await scoreProspects(deps, {
          userId,
          campaignId,
          prospectIds: reached.map((x) => x.id),
          onBatch: (n, total) => job.report(SCORING_FROM + Math.floor((n / total) * (99 - SCORING_FROM)), `Scored ${n} of ${total} prospects`),
        })
      : null;
    return { enrichment, alreadyEnriched: alreadyDone.size, scoring };
  });
}
