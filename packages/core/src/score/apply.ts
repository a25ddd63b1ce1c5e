import { publishProspectUpdated, type EventBus } from "@outreach/contracts";
import { Prisma, type Db, type ProspectStage } from "@outreach/db";
import { SCORABLE_STAGES, isScoreSkipReason, scoreProspect, skipReasonFor, type ScoringCampaign } from "./scoring.ts";

export interface ScoreRunOptions {
  userId: string;
  campaignId: string;
  /** Only these prospects of the campaign; all of them when absent. */
  prospectIds?: string[];
  now?: Date;
  /** Called after every batch (about every 1%); throw from it to stop (e.g. cancellation). */
  onBatch?: (done: number, total: number) => Promise<void>;
}

export interface ScoreRunResult {
  total: number;
  /** Prospects now in stage `scored`. */
  scored: number;
  /** Prospects skipped for a score under the campaign's minimum. */
  skipped: number;
  /** Prospects whose score, breakdown, stage or skip reason changed. */
  changed: number;
  averageScore: number | null;
}

/** Key-order-insensitive JSON equality (jsonb does not keep key order). */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/**
 * Scores a campaign's prospects in batches and writes score, breakdown and stage. Idempotent:
 * unchanged prospects are not written and get no event. Prospects past `scored` keep their stage.
 */
export async function scoreProspects(deps: { db: Db; bus: EventBus }, opts: ScoreRunOptions): Promise<ScoreRunResult> {
  const { db, bus } = deps;
  const now = opts.now ?? new Date();
  const campaign = await db.campaign.findFirst({
    where: { id: opts.campaignId, userId: opts.userId },
    select: { id: true, keywords: true, statement: true, minScore: true },
  });
  if (!campaign) throw new Error(`Campaign ${opts.campaignId} was not found`);
  const scoringCampaign: ScoringCampaign = { keywords: campaign.keywords, statement: campaign.statement };
  const where: Prisma.ProspectWhereInput = { campaignId: campaign.id, ...(opts.prospectIds ? { id: { in: opts.prospectIds } } : {}) };
  const total = await db.prospect.count({ where });
  const batchSize = Math.max(1, Math.min(200, Math.ceil(total / 100)));

  const result: ScoreRunResult = { total, scored: 0, skipped: 0, changed: 0, averageScore: null };
  let scoreSum = 0;
  let done = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.prospect.findMany({
      where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
      orderBy: { id: "asc" },
      take: batchSize,
      select: {
        id: true,
        domain: true,
        pageTitle: true,
        pageDescription: true,
        contactEmail: true,
        contactMethod: true,
        daEst: true,
        crawlData: true,
        createdAt: true,
        stage: true,
        score: true,
        scoreBreakdown: true,
        skipReason: true,
        contacts: { select: { email: true, confidence: true, verification: true } },
      },
    });
    if (page.length === 0) break;
    cursor = page.at(-1)!.id;
    const writes: Prisma.Sql[] = [];
    const changedIds: string[] = [];
    for (const p of page) {
      const { score, breakdown } = scoreProspect(p, scoringCampaign, now);
      scoreSum += score;
      let stage: ProspectStage = p.stage;
      let skipReason = p.skipReason;
      const movable = (SCORABLE_STAGES as readonly string[]).includes(p.stage) || (p.stage === "skipped" && isScoreSkipReason(p.skipReason));
      if (movable) {
        if (campaign.minScore != null && score < campaign.minScore) {
          stage = "skipped";
          skipReason = skipReasonFor(score, campaign.minScore);
        } else {
          stage = "scored";
          skipReason = null;
        }
      }
      if (stage === "scored") result.scored++;
      if (stage === "skipped" && isScoreSkipReason(skipReason)) result.skipped++;
      if (p.score === score && p.stage === stage && p.skipReason === skipReason && sameJson(p.scoreBreakdown, breakdown)) continue;
      changedIds.push(p.id);
      writes.push(Prisma.sql`(${p.id}::uuid, ${score}::double precision, ${JSON.stringify(breakdown)}::jsonb, ${stage}::"ProspectStage", ${skipReason}::text)`);
    }
    // One statement per batch instead of one per prospect.
    if (writes.length) {
      await db.$executeRaw`
        UPDATE "prospects" AS p
        SET "score" = v.score, "score_breakdown" = v.breakdown, "stage" = v.stage, "skip_reason" = v.skip_reason, "updated_at" = now()
        FROM (VALUES ${Prisma.join(writes)}) AS v(id, score, breakdown, stage, skip_reason)
        WHERE p."id" = v.id AND p."campaign_id" = ${campaign.id}::uuid`;
    }
    result.changed += changedIds.length;
    for (const id of changedIds) publishProspectUpdated(bus, { id, campaignId: campaign.id, userId: opts.userId });
    done += page.length;
    await opts.onBatch?.(done, total);
  }
  result.averageScore = total ? Math.round((scoreSum / done) * 10) / 10 : null;
  return result;
}
