import { randomUUID } from "node:crypto";
import { UnrecoverableError } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type JobProcessor } from "../../runtime/lifecycle.ts";
import { startWorkers, type WorkerPool } from "../../runtime/runner.ts";
import { JobInputError, JobNotFoundError, JobStateError, CampaignNotFoundError, cancelJob, retryJob, startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

let t: JobTestEnv;
let pool: WorkerPool | undefined;
beforeAll(async () => {
  t = await createJobTestEnv("jobs");
}, 60_000);
afterEach(async () => {
  await pool?.close(0);
  pool = undefined;
});
afterAll(async () => {
  await t?.close();
});


async function run(processor: JobProcessor<"score">) {
  pool = await startWorkers(t.deps, { score: processor }, fastWorkerSettings);
  await pool.ready();
}

/** Starts a score job with no worker running, then subscribes to its progress events. */
async function startWatched() {
  const { user, campaign } = await seedCampaign(t.deps.db);
  const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  return { user, campaign, row, progress };
}

const eventsOf = (jobId: string) => t.deps.db.jobEvent.findMany({ where: { jobId }, orderBy: { seq: "asc" } });

describe("job lifecycle", () => {
  it("retries with backoff after failures, then completes", { timeout: 60_000 }, async () => {
    const { row, progress } = await startWatched();
    let calls = 0;
    await run(async (job) => {
      calls++;
      await job.report(50, "half way");
      if (job.attempt < 3) throw new Error(`provider timeout ${job.attempt}`);
      return { ok: true };
    });
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(final).toMatchObject({ status: "completed", progress: 100, attempts: 3, result: { ok: true }, errorMessage: null });
    expect(calls).toBe(3);
    const messages = (await eventsOf(row.id)).map((e) => `${e.level}: ${e.message}`);
    expect(messages.filter((m) => m.startsWith("warn: Attempt"))).toEqual([
      "warn: Attempt 1 of 3 failed: provider timeout 1. Retrying after a backoff.",
      "warn: Attempt 2 of 3 failed: provider timeout 2. Retrying after a backoff.",
    ]);
    expect(messages.at(-1)).toBe("info: Completed");
    // Between attempts the row went back to pending and subscribers saw it.
    const statuses = progress.events.map((e) => e.status);
    expect(statuses.filter((s) => s === "pending")).toHaveLength(2);
    const seqs = progress.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it("fails at once on an UnrecoverableError, without retrying", { timeout: 60_000 }, async () => {
    const { row, progress } = await startWatched();
    let calls = 0;
    await run(async () => {
      calls++;
      throw new UnrecoverableError("campaign has no keywords");
    });
    await progress.waitFor((e) => e.status === "failed");
    await progress.stop();
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(final).toMatchObject({ status: "failed", attempts: 1, errorMessage: "campaign has no keywords" });
    expect(final.finishedAt).not.toBeNull();
    expect(calls).toBe(1);
    expect((await eventsOf(row.id)).at(-1)).toMatchObject({ level: "error", message: "Failed: campaign has no keywords" });
  });

  it("cancels a pending job: removed from the queue, never run", { timeout: 60_000 }, async () => {
    const { user, row, progress } = await startWatched();
    const cancelled = await cancelJob(t.deps, user.id, row.id);
    expect(cancelled.status).toBe("cancelled");
    await progress.waitFor((e) => e.status === "cancelled");
    expect(await t.deps.queues.score.getJob(row.queueJobId!)).toBeUndefined();
    let calls = 0;
    await run(async () => {
      calls++;
    });
    // A job started after the worker is up runs, the cancelled one did not.
    const other = await startWatched();
    await other.progress.waitFor((e) => e.status === "completed");
    expect(calls).toBe(1);
    expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("cancelled");
    await expect(cancelJob(t.deps, user.id, row.id)).rejects.toBeInstanceOf(JobStateError);
    await progress.stop();
    await other.progress.stop();
  });

  it("cancels a running job: it stops at its next checkpoint and ends cancelled, not failed", { timeout: 60_000 }, async () => {
    const { user, row, progress } = await startWatched();
    let calls = 0;
    let stoppedAt = -1;
    await run(async (job) => {
      calls++;
      if (calls > 1) return { ok: true };
      for (let i = 1; i <= 1000; i++) {
        try {
          await job.report(i % 100, `step ${i}`);
        } catch (err) {
          stoppedAt = i;
          throw err;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return { ok: true };
    });
    await progress.waitFor((e) => e.status === "running" && e.progress >= 3);
    const during = await cancelJob(t.deps, user.id, row.id);
    expect(["running", "cancelled"]).toContain(during.status);
    await progress.waitFor((e) => e.status === "cancelled");
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(final.status).toBe("cancelled");
    expect(final.attempts).toBe(1);
    expect(calls).toBe(1);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(1000);
    const messages = (await eventsOf(row.id)).map((e) => e.message);
    expect(messages).toContain("Cancellation requested");
    expect(messages.at(-1)).toBe("Cancelled by the user");
    expect(messages.some((m) => m.startsWith("Failed"))).toBe(false);

    // A cancelled job can be retried under the same row and then completes.
    const retried = await retryJob(t.deps, user.id, row.id);
    expect(retried).toMatchObject({ status: "pending", progress: 0, attempts: 0 });
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    expect(calls).toBe(2);
  });

  it("cancelling a parent cancels its pending children, so no row stays pending", { timeout: 60_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const parent = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
    const children = await Promise.all(
      [1, 2].map(() => startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id, parentId: parent.id })),
    );
    await cancelJob(t.deps, user.id, parent.id);
    const rows = await t.deps.db.job.findMany({ where: { id: { in: [parent.id, ...children.map((c) => c.id)] } } });
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("refuses actions that do not fit, and other users' jobs", { timeout: 60_000 }, async () => {
    const { user, campaign, row, progress } = await startWatched();
    await run(async () => ({ done: 1 }));
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    await expect(retryJob(t.deps, user.id, row.id)).rejects.toBeInstanceOf(JobStateError);
    await expect(cancelJob(t.deps, user.id, row.id)).rejects.toBeInstanceOf(JobStateError);
    const stranger = (await seedCampaign(t.deps.db)).user;
    await expect(cancelJob(t.deps, stranger.id, row.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(retryJob(t.deps, stranger.id, row.id)).rejects.toBeInstanceOf(JobNotFoundError);
    await expect(startJob(t.deps, { type: "score", userId: stranger.id, campaignId: campaign.id })).rejects.toBeInstanceOf(CampaignNotFoundError);
    const jobsBefore = await t.deps.db.job.count();
    await expect(
      startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id, params: { prospectIds: ["not-a-uuid"] } }),
    ).rejects.toBeInstanceOf(JobInputError);
    await expect(startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id, parentId: randomUUID() })).rejects.toBeInstanceOf(
      JobNotFoundError,
    );
    expect(await t.deps.db.job.count()).toBe(jobsBefore);
  });

  it("enqueues with a deterministic id, the row's attempts and backoff with jitter", { timeout: 60_000 }, async () => {
    const { row, progress } = await startWatched();
    await progress.stop();
    expect(row.queueJobId).toBe(`score.${row.id}`);
    const bull = await t.deps.queues.score.getJob(row.queueJobId!);
    expect(bull?.data).toMatchObject({ jobRowId: row.id, userId: row.userId, campaignId: row.campaignId });
    expect(bull?.opts).toMatchObject({ attempts: 3, backoff: { type: "exponential", delay: 50, jitter: 0.5 } });
  });
});
