import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { type StageExtras } from "../runtime/stage-deps.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign, seedDiscovered } from "@outreach/testkit/scenarios";
import { fakesEnv, serpSitesForKeyword, siteModel, startFakeDataForSeo, startFakeHunter, startFakeWebHost, type FakeServer, type HunterControl } from "@outreach/fakes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { processors } from "../processors/index.ts";

/**
 * Enrich jobs in a worker (real PostgreSQL and Redis, providers on the fakes over HTTP): a fault
 * for one site leaves the job completed; a provider unusable for everyone fails it with an alert.
 */

let t: JobTestEnv;
let pool: WorkerPool | undefined;
let hunter: FakeServer<HunterControl>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  hunter = await startFakeHunter();
  const dfs = await startFakeDataForSeo();
  const web = await startFakeWebHost();
  closers.push(hunter.close, dfs.close, web.close);
  t = await createJobTestEnv("enrichjob", {
    ...fakesEnv({ dataforseo: dfs, hunter }),
    JOB_ATTEMPTS: "3",
  });
  Object.assign(t.deps, { sandboxWebHostUrl: web.url } satisfies StageExtras);
  pool = await startWorkers(t.deps, processors, fastWorkerSettings);
  await pool.ready();
}, 60_000);
afterEach(() => hunter.control.reset());
afterAll(async () => {
  await pool?.close(0);
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

const sites = (skip: number) => serpSitesForKeyword("woodcut prints").map((s) => s.domain).filter((d) => siteModel(d).hunterHasEmails).slice(skip, skip + 3);

async function runEnrichJob(userId: string, campaignId: string, prospectIds: string[]) {
  const row = await startJob(t.deps, { type: "enrich", userId, campaignId, params: { prospectIds } });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  const last = await progress.waitFor((e) => e.status === "completed" || e.status === "failed", 60_000);
  await progress.stop();
  return { last, final: await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } }) };
}

describe("enrich job", () => {
  it("completes when Hunter fails for one site, with the fault counted in its result and no alert", { timeout: 90_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = sites(0);
    const prospects = await seedDiscovered(db, campaign.id, domains);
    hunter.control.failDomainSearch(domains[0]!, { status: 500 });

    const { last, final } = await runEnrichJob(user.id, campaign.id, prospects.map((p) => p.id));

    expect(last.status).toBe("completed");
    expect(final).toMatchObject({ status: "completed", attempts: 1, result: { enriched: 3, failed: 0, withFaults: 1 } });
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "enriched" } })).toBe(3);
    expect(await db.alert.count({ where: { userId: user.id } })).toBe(0);
  });

  it("Hunter refusing the key (401) fails the batch at once and raises an alert", { timeout: 90_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const prospects = await seedDiscovered(db, campaign.id, sites(3));
    hunter.control.injectFaults({ status: 401 });

    const { last, final } = await runEnrichJob(user.id, campaign.id, prospects.map((p) => p.id));

    expect(last.status).toBe("failed");
    expect(final).toMatchObject({ status: "failed", attempts: 1 });
    expect(final.errorMessage).toMatch(/401.*alert raised/);
    const alerts = await db.alert.findMany({ where: { userId: user.id } });
    expect(alerts.map((a) => [a.provider, a.kind, a.campaignId, a.resolvedAt])).toEqual([["hunter", "auth", campaign.id, null]]);
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "discovered", enrichedAt: null } })).toBe(3);
  });
});
