import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign, seedProspects } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processors } from "../processors/index.ts";

let t: JobTestEnv;
let pool: WorkerPool | undefined;
beforeAll(async () => {
  t = await createJobTestEnv("scorejob");
}, 60_000);
afterAll(async () => {
  await pool?.close(0);
  await t?.close();
});


describe("score job", () => {
  it("scores 1,000 prospects in a worker with ordered progress events and a consistent Job row", { timeout: 120_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { minScore: 30 });
    await seedProspects(t.deps.db, campaign.id, 1000);
    const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    const jobUpdates = await collect(t.listenerBus, t.deps.bus, "jobUpdated", campaign.id, { jobId: "probe", userId: "", campaignId: "" });
    const prospectUpdates = await collect(t.listenerBus, t.deps.bus, "prospectUpdated", campaign.id, { prospectId: "probe", userId: "", campaignId: "" });

    pool = await startWorkers(t.deps, processors, fastWorkerSettings);
    await pool.ready();
    await progress.waitFor((e) => e.status === "completed", 90_000);
    await progress.stop();

    const events = progress.events;
    const running = events.filter((e) => e.status === "running");
    expect(running.length).toBeGreaterThanOrEqual(90); // about one per 1%
    const values = running.map((e) => e.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(events.map((e) => e.seq)).toEqual(events.map((e) => e.seq).sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ status: "completed", progress: 100, jobId: row.id, userId: user.id, campaignId: campaign.id });
    expect(running[0]?.message).toBe("Started");
    expect(running.at(-1)?.message).toBe("Scored 1000 of 1000 prospects");

    const final = await db.job.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { seq: "asc" } } } });
    expect(final).toMatchObject({ status: "completed", progress: 100, attempts: 1, errorMessage: null });
    expect(final.startedAt).not.toBeNull();
    expect(final.finishedAt!.getTime()).toBeGreaterThanOrEqual(final.startedAt!.getTime());
    const result = final.result as { total: number; scored: number; skipped: number; changed: number };
    expect(result.total).toBe(1000);
    expect(result.scored + result.skipped).toBe(1000);
    expect(result.skipped).toBeGreaterThan(0);
    expect(final.events.map((e) => e.message)).toEqual(["Queued", ...running.map((e) => e.message), "Completed"]);
    const eventProgress = final.events.map((e) => e.progress ?? 0);
    expect(eventProgress).toEqual([...eventProgress].sort((a, b) => a - b));

    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "scored" } })).toBe(result.scored);
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "skipped", skipReason: { startsWith: "score " } } })).toBe(result.skipped);
    await prospectUpdates.waitFor(() => prospectUpdates.events.length >= 1000);
    expect(new Set(prospectUpdates.events.map((e) => e.prospectId)).size).toBe(1000);
    expect(jobUpdates.events.every((e) => e.jobId === row.id)).toBe(true);
    expect(jobUpdates.events.length).toBe(events.length);
    await jobUpdates.stop();
    await prospectUpdates.stop();

    // Re-scoring changes nothing and publishes no prospect events.
    const again = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
    const againProgress = await collect(t.listenerBus, t.deps.bus, "jobProgress", again.id, JOB_PROGRESS_PROBE);
    const done = await againProgress.waitFor((e) => e.status === "completed", 90_000);
    expect(done.progress).toBe(100);
    await againProgress.stop();
    const againRow = await db.job.findUniqueOrThrow({ where: { id: again.id } });
    expect(againRow.result).toMatchObject({ total: 1000, changed: 0, scored: result.scored, skipped: result.skipped });
  });
});
