import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { stageDepsForJob } from "../runtime/stage-deps.ts";
import { discoverProspects, type DiscoveryResult } from "@outreach/core/discover";
import { draftBlock } from "@outreach/core/compose";
import { rethrowJobError } from "../runtime/provider-errors.ts";
import { waitForChildRows } from "../runtime/children.ts";
import { addChildJobs, chunk, setFlowStep } from "../runtime/flow.ts";
import { scoreProspects, type ScoreRunResult } from "@outreach/core/score";

/**
 * Prospects per enrich child job. A batch flows: the next prospect starts as one ends. Between
 * batches it does not (a worker slot waits for its batch's last verifications), so a discovery
 * makes few of them: a search of a few keywords fits the slots of one worker at once.
 */
export const ENRICH_BATCH = 100;
/** Prospects per compose child job. */
export const COMPOSE_BATCH = 25;

type Step = "search" | "score" | "finish";
type DiscoverySummary = Omit<DiscoveryResult, "toEnrich"> & { toEnrich: number };

/**
 * Discovery as a flow parent:
 *   search  (0-20%)  SERP for the keywords, prospects created, enrich children added -> wait
 *   score   (80-85%) enriched prospects scored, compose children for those at/above minScore -> wait
 *   finish  (100%)   result: what each stage did.
 * Children move this job's progress (enrich 20-80%, compose 85-99%) as they finish. Each wait is
 * checked against the children's Job rows (waitForChildRows): a step starts only once every child
 * row of the step before is settled, even if Redis lost children the parent had added.
 */
export default async function discover(job: RunningJob<"discover">, deps: JobDeps) {
  const { userId, campaignId, keywords } = job.payload;
  const ctx = { userId, campaignId, attempt: job.attempt, maxAttempts: job.bull.opts.attempts ?? 1 };
  const p = stageDepsForJob(deps, { userId, campaignId, jobId: job.id }, job.providerWaits);
  let step = (job.flowStep ?? "search") as Step;
  try {
    if (step === "search") {
      await job.report(1, `Searching ${keywords.length} keyword${keywords.length === 1 ? "" : "s"}`);
      const found = await discoverProspects(p, {
        userId,
        campaignId,
        keywords,
        onKeyword: (done, total) => job.report(Math.min(19, Math.floor((done / total) * 19)), `Searched ${done} of ${total} keywords`),
      });
      const summary: DiscoverySummary = { ...found, toEnrich: found.toEnrich.length };
      const skipped = found.skipped.suppressed + found.skipped.cooldown;
      await job.report(
        20,
        `Found ${found.uniqueDomains} sites in ${found.organicResults} results: ${found.created} new, ${skipped} skipped` +
          `${found.alreadyInCampaign ? `, ${found.alreadyInCampaign} already in the campaign` : ""}`,
      );
      const batches = chunk(found.toEnrich, ENRICH_BATCH);
      // Children first, then the step: a crash in between repeats the search (deduplicated), it never loses children.
      if (batches.length) await addChildJobs(deps, job, "enrich", batches);
      await setFlowStep(job, "score", { discovery: summary });
      step = "score";
      if (batches.length) await job.log(`Enriching ${found.toEnrich.length} prospects in ${batches.length} batch${batches.length === 1 ? "" : "es"}`);
    }

    if (step === "score") {
      // Goes on only once every enrich child's row is settled (BullMQ alone may have lost some).
      await waitForChildRows(deps, job, ["enrich"]);
      const children = await deps.db.job.findMany({ where: { parentId: job.id, jobType: "enrich" }, select: { status: true, params: true } });
      const batchIds = [...new Set(children.flatMap((c) => ((c.params as { prospectIds?: string[] }).prospectIds ?? [])))];
      const failed = children.filter((c) => c.status === "failed" || c.status === "cancelled").length;
      // Prospects a failed batch never enriched stay `discovered`: the next discovery run picks them up again.
      const enriched = await deps.db.prospect.findMany({ where: { id: { in: batchIds }, campaignId, stage: { not: "discovered" } }, select: { id: true } });
      const prospectIds = enriched.map((x) => x.id);
      await job.report(
        80,
        `Enrichment finished${failed ? ` (${failed} of ${children.length} batches failed; ${batchIds.length - prospectIds.length} prospects left to the next run)` : ""}; scoring ${prospectIds.length} prospects`,
      );
      let scoring: ScoreRunResult | null = null;
      let toCompose: string[] = [];
      if (prospectIds.length) {
        scoring = await scoreProspects(deps, {
          userId,
          campaignId,
          prospectIds,
          onBatch: (done, total) => job.report(80 + Math.floor((done / total) * 5), `Scored ${done} of ${total} prospects`),
        });
        const campaign = await deps.db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { minScore: true } });
        const scored = await deps.db.prospect.findMany({
          where: { id: { in: prospectIds }, campaignId, stage: "scored", contactEmail: { not: null } },
          select: { id: true, contactEmail: true, score: true, stage: true },
          orderBy: { score: "desc" },
        });
        toCompose = scored.filter((x) => draftBlock(campaign, x) === null).map((x) => x.id);
      }
      const batches = chunk(toCompose, COMPOSE_BATCH);
      if (batches.length) await addChildJobs(deps, job, "compose", batches);
      await setFlowStep(job, "finish", { scoring, enrichment: { batches: children.length, failedBatches: failed, prospects: batchIds.length, enriched: prospectIds.length } });
      step = "finish";
      await job.report(85, `${toCompose.length} prospects at or above the minimum score go on to drafting`);
    }

    await waitForChildRows(deps, job, ["compose"]);

    const data = job.bull.data as Record<string, unknown>;
    const compose = await deps.db.job.findMany({ where: { parentId: job.id, jobType: "compose" }, select: { status: true, result: true } });
    const sum = (k: string) => compose.reduce((s, c) => s + Number((c.result as Record<string, unknown> | null)?.[k] ?? 0), 0);
    return {
      discovery: data.discovery ?? null,
      enrichment: data.enrichment ?? null,
      scoring: data.scoring ?? null,
      compose: {
        batches: compose.length,
        failedBatches: compose.filter((c) => c.status === "failed" || c.status === "cancelled").length,
        drafted: sum("drafted"),
        approved: sum("approved"),
        flagged: sum("flagged"),
        fallbacks: sumCounts(compose.map((c) => (c.result as { fallbacks?: Record<string, number> } | null)?.fallbacks)),
      },
    };
  } catch (err) {
    return await rethrowJobError(deps.db, ctx, err);
  } finally {
    await p.close();
  }
}

/** Adds up per-key counts ({ gemini_rate_limited: 2 } + { gemini_rate_limited: 1 }). */
function sumCounts(all: Array<Record<string, number> | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of all) for (const [k, n] of Object.entries(counts ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}
