import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type JobProcessor } from "../../runtime/lifecycle.ts";
import { startWorkers, type WorkerPool } from "../../runtime/runner.ts";
import { shutdownTimeline } from "../../runtime/shutdown.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

/** WorkerPool#close keeps to the lock time even when a processor never stops. */

let t: JobTestEnv;
const pools: WorkerPool[] = [];
beforeAll(async () => {
  t = await createJobTestEnv("shutdown");
}, 60_000);
afterEach(async () => {
  await Promise.allSettled(pools.splice(0).map((p) => p.close(0)));
});
afterAll(async () => {
  await t?.close();
});

const settings = { ...fastWorkerSettings, WORKER_LOCK_DURATION_MS: 2000, WORKER_SHUTDOWN_GRACE_MS: 500 };

describe("worker pool shutdown", () => {
  it("a processor that ignores its signal is abandoned before the lock time ends; another worker takes the job after its lock expires", { timeout: 60_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const ignoresSignal: JobProcessor<"score"> = async (job) => {
      await job.report(10, "working");
      await stuck;
      return { first: true };
    };
    const first = await startWorkers(t.deps, { score: ignoresSignal }, settings);
    pools.push(first);
    await progress.waitFor((e) => e.status === "running" && e.progress === 10);

    const since = Date.now();
    const closed = await first.close(undefined, since);
    const took = Date.now() - since;
    const { forceAtMs } = shutdownTimeline(settings.WORKER_LOCK_DURATION_MS, settings.WORKER_SHUTDOWN_GRACE_MS);
    expect(closed).toEqual({ abandoned: true });
    expect(took).toBeGreaterThanOrEqual(forceAtMs - 5);
    expect(took).toBeLessThan(settings.WORKER_LOCK_DURATION_MS);

    // The job was not handed back (the processor never reached a checkpoint): the stalled check
    // of the next worker finds it once the lock has expired, and runs it again.
    const second = await startWorkers(t.deps, { score: async () => ({ second: true }) }, settings);
    pools.push(second);
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", result: { second: true } });
    release();
  });

  it("a job that stalls more often than allowed fails, and its row says why", { timeout: 60_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    const strict = { ...settings, WORKER_MAX_STALLED_COUNT: 0 };
    const hangs = await startWorkers(t.deps, { score: () => new Promise(() => {}) }, strict);
    pools.push(hangs);
    await progress.waitFor((e) => e.status === "running");
    // Its worker goes away without handing the job back: the lock expires and the job stalls.
    expect(await hangs.close(0)).toEqual({ abandoned: true });
    let ran = false;
    const next = await startWorkers(t.deps, { score: async () => ((ran = true), {}) }, strict);
    pools.push(next);
    await progress.waitFor((e) => e.status === "failed");
    await progress.stop();
    expect(ran).toBe(false);
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "failed", errorMessage: "job stalled more than allowable limit" });
  });
});
