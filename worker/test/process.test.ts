import type { ChildProcess } from "node:child_process";
import { startJob } from "@outreach/core/jobs";
import { REDIS_URL } from "@outreach/testkit";
import { collect, createJobTestEnv, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign, seedProspects } from "@outreach/testkit/scenarios";
import { spawnWorker } from "@outreach/testkit/worker";
import { lockedWorkerEnv } from "./worker-env.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const LOCK_MS = 4000;

let t: JobTestEnv;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  t = await createJobTestEnv("workerproc");
}, 60_000);
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
});
afterAll(async () => {
  await t?.close();
});

const startWorker = () => spawnWorker({ children, env: lockedWorkerEnv({ databaseUrl: t.database.url, redisUrl: REDIS_URL, prefix: t.prefix, lockMs: LOCK_MS }) });


async function longScoringJob() {
  const { user, campaign } = await seedCampaign(t.deps.db);
  await seedProspects(t.deps.db, campaign.id, 2000);
  const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  return { user, campaign, row, progress };
}

describe("worker process", () => {
  it("prints which queues it runs", { timeout: 90_000 }, async () => {
    const w = await startWorker();
    // The pipeline steps run here; queues other steps own are listed as idle until they register.
    expect(w.output()).toMatch(/worker ready: .*\bscore\b/);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
  });

  it("after SIGKILL mid-job, a new worker picks the job up again and completes it", { timeout: 120_000 }, async () => {
    const { campaign, row, progress } = await longScoringJob();
    const first = await startWorker();
    const seen = await progress.waitFor((e) => e.status === "running" && e.progress >= 2, 60_000);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const stuck = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(stuck.status).toBe("running");
    expect(stuck.progress).toBeLessThan(100);

    const second = await startWorker();
    const done = await progress.waitFor((e) => e.status === "completed", 90_000);
    expect(done.seq).toBeGreaterThan(seen.seq);
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { seq: "asc" } } } });
    expect(final).toMatchObject({ status: "completed", progress: 100, errorMessage: null });
    expect(final.result).toMatchObject({ total: 2000 });
    expect(final.events.some((e) => e.level === "warn" && e.message.startsWith("Picked up again"))).toBe(true);
    expect(await t.deps.db.prospect.count({ where: { campaignId: campaign.id, stage: "scored" } })).toBe(2000);
    const seqs = progress.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    await progress.stop();
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });

  it("on SIGTERM exits 0 within its lock time; the job is finished or handed back and then completes", { timeout: 120_000 }, async () => {
    const { row, progress } = await longScoringJob();
    const first = await startWorker();
    await progress.waitFor((e) => e.status === "running" && e.progress >= 2, 60_000);
    const sentAt = Date.now();
    first.child.kill("SIGTERM");
    const exit = await first.exited;
    const tookMs = Date.now() - sentAt;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(LOCK_MS);
    expect(first.output()).toContain("worker stopped");

    const after = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(["completed", "pending"]).toContain(after.status);
    if (after.status === "pending") {
      // Handed back: waiting in the queue (not stuck in active until a stalled check), no attempt used.
      expect(await (await t.deps.queues.score.getJob(row.queueJobId!))!.getState()).toBe("waiting");
      const events = await t.deps.db.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { seq: "asc" } });
      expect(events.at(-1)?.message).toBe("Worker shut down; the job went back to the queue");
      const second = await startWorker();
      await progress.waitFor((e) => e.status === "completed", 90_000);
      const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
      expect(final).toMatchObject({ status: "completed", attempts: 1 });
      second.child.kill("SIGTERM");
      expect((await second.exited).code).toBe(0);
    }
    await progress.stop();
  });
});
