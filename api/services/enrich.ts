import { randomUUID } from "node:crypto";
import { NotFoundError, ValidationError } from "@outreach/core";
import { enrichRefusal, type EnrichRefusal } from "@outreach/core/enrich";
import { deterministicUuid, enqueueJob, type JobDeps } from "@outreach/core/jobs";
import type { Db, Job } from "@outreach/db";
import { audit } from "./audit.ts";
import { requestBatcher } from "./request-batch.ts";

export const MAX_ENRICH_SELECTION = 200;

export interface ProspectEnrichRefusal extends EnrichRefusal {
  prospectId: string;
  domain: string;
}

export interface EnrichRequestResult {
  /** The jobs now enriching the accepted prospects: the one queued now and any already pending or running. */
  jobs: Job[];
  /** Prospects that were not queued, each with the reason. */
  refused: ProspectEnrichRefusal[];
}

const queuedMessage = (n: number) => `Queued: enriching and scoring ${n} prospect${n === 1 ? "" : "s"}`;

/**
 * Enrichment and scoring of prospects just created (an import, one added by hand): one job for all
 * of them. When Redis refuses the job, its row says so (failed, with the reason, retryable from the
 * job page) and is returned all the same: the prospects are stored either way.
 */
export async function enrichNewProspects(deps: JobDeps, userId: string, campaignId: string, prospectIds: string[]): Promise<Job | null> {
  if (!prospectIds.length) return null;
  const rowId = randomUUID();
  const input = { type: "enrich" as const, userId, campaignId, rowId, params: { prospectIds, thenScore: true }, message: queuedMessage(prospectIds.length) };
  try {
    return (await enqueueJob(deps, input)).row;
  } catch (err) {
    const failed = await deps.db.job.findUnique({ where: { id: rowId } });
    if (failed) return failed;
    throw err;
  }
}

/**
 * A person's "Enrich" for a selection of their prospects, all of one campaign (an id that is not
 * theirs refuses the whole call, as not found). A prospect already in a pending or running enrich
 * job is left to that job; one enriched within the cooldown, or past scoring, is refused with the
 * reason; the rest are queued together in one job that also scores them.
 */
export async function requestEnrichment(deps: JobDeps, userId: string, prospectIds: string[], now = new Date()): Promise<EnrichRequestResult> {
  const unique = [...new Set(prospectIds)];
  if (!unique.length) throw ValidationError.field("prospectIds", "Select at least one prospect.");
  if (unique.length > MAX_ENRICH_SELECTION) throw ValidationError.field("prospectIds", `Select at most ${MAX_ENRICH_SELECTION} prospects at a time.`);
  const rows = await deps.db.prospect.findMany({
    where: { id: { in: unique }, campaign: { userId } },
    select: { id: true, domain: true, stage: true, enrichedAt: true, campaignId: true, campaign: { select: { timeZone: true } } },
  });
  if (rows.length !== unique.length) throw new NotFoundError("Prospect");
  const campaignId = rows[0]!.campaignId;
  if (rows.some((p) => p.campaignId !== campaignId)) throw ValidationError.field("prospectIds", "Select prospects of one campaign.");
  const byId = new Map(rows.map((p) => [p.id, p]));
  const prospects = unique.map((id) => byId.get(id)!);

  const active = await activeEnrichJobs(deps.db, userId, unique);
  const jobs = new Map<string, Job>();
  const refused: ProspectEnrichRefusal[] = [];
  const todo: typeof prospects = [];
  for (const p of prospects) {
    const running = active.get(p.id);
    if (running) {
      jobs.set(running.id, running);
      continue;
    }
    const refusal = enrichRefusal(p, { now, timeZone: p.campaign.timeZone });
    if (refusal) refused.push({ prospectId: p.id, domain: p.domain, ...refusal });
    else todo.push(p);
  }
  if (todo.length) {
    const job = await queueOnce(deps, userId, campaignId, todo);
    jobs.set(job.id, job);
    await audit(deps.db, userId, "prospect.enrich", campaignId, { prospects: todo.map((p) => p.id), jobId: job.id });
  }
  return { jobs: [...jobs.values()], refused };
}

/** For each of `prospectIds`, the user's pending or running enrich job that holds it (the oldest). */
export async function activeEnrichJobs(db: Db, userId: string, prospectIds: string[]): Promise<Map<string, Job>> {
  if (!prospectIds.length) return new Map();
  const pairs = await db.$queryRaw<{ job_id: string; prospect_id: string }[]>`
    SELECT j.id::text AS job_id, p.id AS prospect_id
    FROM jobs j CROSS JOIN LATERAL jsonb_array_elements_text(j.params -> 'prospectIds') AS p(id)
    WHERE j.user_id = ${userId}::uuid AND j.job_type = 'enrich' AND j.status IN ('pending', 'running')
      AND jsonb_typeof(j.params -> 'prospectIds') = 'array' AND p.id = ANY(${prospectIds}::text[])
    ORDER BY j.created_at`;
  if (!pairs.length) return new Map();
  const jobs = new Map((await db.job.findMany({ where: { id: { in: [...new Set(pairs.map((x) => x.job_id))] } } })).map((j) => [j.id, j]));
  const out = new Map<string, Job>();
  for (const { job_id, prospect_id } of pairs) if (!out.has(prospect_id) && jobs.has(job_id)) out.set(prospect_id, jobs.get(job_id)!);
  return out;
}

/** Prospect.enrichJob: one query for every prospect of a GraphQL result. */
export const enrichJobOf = requestBatcher((ctx: { db: Db; viewer: { id: string } | null }, ids) =>
  ctx.viewer ? activeEnrichJobs(ctx.db, ctx.viewer.id, ids) : Promise.resolve(new Map<string, Job>()),
);

/**
 * Queues one job for these prospects. Its row id comes from the prospects and their last
 * enrichment, so the same request sent twice at once (a double click) queues one job; once that
 * job is finished, the same request gets the next id in line.
 */
async function queueOnce(deps: JobDeps, userId: string, campaignId: string, todo: { id: string; enrichedAt: Date | null }[]): Promise<Job> {
  let rowId = deterministicUuid("enrich-request", campaignId, ...todo.map((p) => `${p.id}@${p.enrichedAt?.getTime() ?? 0}`).sort());
  const params = { prospectIds: todo.map((p) => p.id), thenScore: true };
  for (;;) {
    const { row, created } = await enqueueJob(deps, { type: "enrich", userId, campaignId, rowId, params, message: queuedMessage(todo.length) });
    if (created || row.status === "pending" || row.status === "running") return row;
    rowId = deterministicUuid("enrich-request", row.id);
  }
}
