import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { type StageExtras } from "../runtime/stage-deps.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign, seedDiscovered } from "@outreach/testkit/scenarios";
import { fakesEnv, serpSitesForKeyword, siteModel, startFakeDataForSeo, startFakeGemini, startFakeHunter, startFakeWebHost } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processors } from "../processors/index.ts";

/**
 * The enrich job as imports, hand-added prospects and "Enrich" queue it (thenScore): it enriches,
 * then scores, with progress per prospect; as discovery's child (no thenScore) it only enriches.
 * Real PostgreSQL and Redis, providers and sites from the in-process fakes.
 */

let t: JobTestEnv;
let pool: WorkerPool | undefined;
const closers: Array<() => Promise<void>> = [];

/** Fake art sites whose people Hunter knows. */
const SITES = serpSitesForKeyword("stoneware vessels").map((s) => s.domain).filter((d) => siteModel(d).hunterHasEmails);

beforeAll(async () => {
  const [dfs, hunter, gemini, web] = await Promise.all([startFakeDataForSeo(), startFakeHunter(), startFakeGemini(), startFakeWebHost()]);
  closers.push(dfs.close, hunter.close, gemini.close, web.close);
  t = await createJobTestEnv("enrichjob", {
    ...fakesEnv({ dataforseo: dfs, hunter, gemini }),
  });
  Object.assign(t.deps, { sandboxWebHostUrl: web.url } satisfies StageExtras);
  pool = await startWorkers(t.deps, processors, fastWorkerSettings);
  await pool.ready();
}, 60_000);

afterAll(async () => {
  await pool?.close(0);
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

async function run(userId: string, campaignId: string, params: Record<string, unknown>) {
  const row = await startJob(t.deps, { type: "enrich", userId, campaignId, params });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  const last = await progress.waitFor((e) => ["completed", "failed", "cancelled"].includes(e.status), 120_000);
  await progress.stop();
  const events = await t.deps.db.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { seq: "asc" } });
  return { row: await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } }), last, events };
}

describe("the enrich job", () => {
  it("with thenScore: enriches each prospect (0-90 %), then scores them (90-99 %), one event per prospect", { timeout: 150_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const domains = SITES.slice(0, 6);
    const prospects = await seedDiscovered(t.deps.db, campaign.id, domains, { source: "import" });
    const { row, last, events } = await run(user.id, campaign.id, { prospectIds: prospects.map((p) => p.id), thenScore: true });
    expect(last).toMatchObject({ status: "completed", progress: 100 });

    const enriched = events.filter((e) => e.message.startsWith("Enriched "));
    expect(enriched.map((e) => e.message.replace(/^Enriched \S+ /, ""))).toEqual(domains.map((_, i) => `(${i + 1} of ${domains.length})`));
    expect(new Set(enriched.map((e) => e.message.split(" ")[1]))).toEqual(new Set(domains));
    const enrichProgress = enriched.map((e) => e.progress!);
    expect(enrichProgress).toEqual([...enrichProgress].sort((a, b) => a - b));
    expect(enrichProgress.at(-1)).toBe(90);
    const scoring = events.filter((e) => /^Scor(ing|ed) /.test(e.message));
    expect(scoring[0]).toMatchObject({ message: `Scoring ${domains.length} enriched prospects`, progress: 90 });
    expect(scoring.at(-1)!.message).toBe(`Scored ${domains.length} of ${domains.length} prospects`);
    expect(scoring.every((e) => e.progress! >= 90 && e.progress! <= 99)).toBe(true);

    const after = await t.deps.db.prospect.findMany({ where: { campaignId: campaign.id }, include: { contacts: true } });
    for (const p of after) {
      expect(p.stage, p.domain).toBe("scored");
      expect(p.contacts.length, p.domain).toBeGreaterThan(0);
      expect((p.scoreBreakdown as unknown[]).length, p.domain).toBeGreaterThan(0);
    }
    expect(row.result).toMatchObject({ enrichment: { total: domains.length, enriched: domains.length }, alreadyEnriched: 0, scoring: { total: domains.length, scored: domains.length } });
  });

  it("as discovery's child (no thenScore): enriches and leaves scoring to its parent", { timeout: 150_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const prospects = await seedDiscovered(t.deps.db, campaign.id, SITES.slice(6, 9));
    const { last, events, row } = await run(user.id, campaign.id, { prospectIds: prospects.map((p) => p.id) });
    expect(last).toMatchObject({ status: "completed", progress: 100 });
    expect(events.filter((e) => e.message.startsWith("Enriched ")).map((e) => e.progress)).toEqual([33, 66, 99]);
    expect(events.some((e) => /^Scor/.test(e.message))).toBe(false);
    const after = await t.deps.db.prospect.findMany({ where: { campaignId: campaign.id } });
    expect(after.map((p) => [p.stage, p.score])).toEqual(after.map(() => ["enriched", null]));
    expect(row.result).toMatchObject({ total: 3, enriched: 3 });
  });

  it("does not enrich again what the job already enriched (an earlier attempt), but scores it", { timeout: 150_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const [done, todo] = [SITES.slice(9, 11), SITES.slice(11, 13)];
    // As an earlier attempt of the job leaves them: enriched after the job was queued.
    const earlier = await seedDiscovered(t.deps.db, campaign.id, done, { stage: "enriched", enrichedAt: new Date(Date.now() + 60_000) });
    const fresh = await seedDiscovered(t.deps.db, campaign.id, todo);
    const { last, events, row } = await run(user.id, campaign.id, { prospectIds: [...earlier, ...fresh].map((p) => p.id), thenScore: true });
    expect(last).toMatchObject({ status: "completed" });
    expect(events.filter((e) => e.message.startsWith("Enriched ")).map((e) => e.message.split(" ")[1]).sort()).toEqual([...todo].sort());
    expect(row.result).toMatchObject({ alreadyEnriched: 2, scoring: { total: 4 } });
    const stages = await t.deps.db.prospect.findMany({ where: { campaignId: campaign.id }, select: { stage: true } });
    expect(stages.map((s) => s.stage)).toEqual(["scored", "scored", "scored", "scored"]);
  });
});
