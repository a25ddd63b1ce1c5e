import { randomUUID } from "node:crypto";
import type { QueueName } from "@outreach/contracts";
import { Prisma } from "@outreach/db";
import { QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addChildJobs, setFlowStep, waitForChildren } from "../../runtime/flow.ts";
import { FLOW_STEP_KEY, type JobProcessor } from "../../runtime/lifecycle.ts";
import { LOST_MESSAGE, MAX_LOSSES, sweepOrphanedJobs } from "../../runtime/orphans.ts";
import { startWorkers, type Processors, type WorkerPool } from "../../runtime/runner.ts";
import { queuesRedis, startJob, requestCancel } from "@outreach/core/jobs";
import { REDIS_URL } from "@outreach/testkit";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

/**
 * The orphan sweep (worker/runtime/orphans.ts) on real PostgreSQL and Redis. "Lost" means what Redis
 * losing its last writes leaves behind: the Job row is there, the BullMQ job is not.
 */

let t: JobTestEnv;
let pool: WorkerPool | undefined;
beforeAll(async () => {
  t = await createJobTestEnv("orphans");
}, 60_000);
afterEach(async () => {
  await pool?.close(0);
  pool = undefined;
});
afterAll(async () => {
  await t?.close();
});

const sweep = (queues: QueueName[] = ["score"]) => sweepOrphanedJobs(t.deps, queues, { minAgeMs: 0 });
const eventsOf = async (jobId: string) => (await t.deps.db.jobEvent.findMany({ where: { jobId }, orderBy: { seq: "asc" } })).map((e) => e.message);

/** Deletes a job from Redis behind BullMQ's back (its hash and its place in the wait list), as a crash that lost it would. */
async function loseInRedis(queue: QueueName, queueJobId: string) {
  const redis = queuesRedis(t.deps.queues);
  const key = `${t.prefix}:${queue}:${queueJobId}`;
  await redis.del(key);
  await redis.lrem(`${t.prefix}:${queue}:wait`, 0, queueJobId);
  expect(await t.deps.queues[queue].getJob(queueJobId)).toBeUndefined();
}

async function scoreJob() {
  const { user, campaign } = await seedCampaign(t.deps.db);
  const row = await startJob(t.deps, { type: "score", userId: user.id, campaignId: campaign.id });
  return { user, campaign, row };
}

describe("orphan sweep", () => {
  it("a job Redis lost is queued again under the same id, and then runs to completion", { timeout: 60_000 }, async () => {
    const { row } = await scoreJob();
    await loseInRedis("score", row.queueJobId!);

    expect(await sweep()).toMatchObject({ requeued: 1 });
    const bull = await t.deps.queues.score.getJob(row.queueJobId!);
    expect(await bull?.getState()).toBe("waiting");
    expect(bull?.data).toMatchObject({ jobRowId: row.id, userId: row.userId, campaignId: row.campaignId });
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "pending", errorMessage: null });
    expect((await eventsOf(row.id)).at(-1)).toBe(`${LOST_MESSAGE}; queued again (1 of ${MAX_LOSSES})`);

    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    pool = await startWorkers(t.deps, { score: async () => ({ scored: 3 }) }, fastWorkerSettings);
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", result: { scored: 3 } });
  });

  it(`a running job lost again and again is queued again ${MAX_LOSSES} times, then fails with the reason`, { timeout: 60_000 }, async () => {
    const { row } = await scoreJob();
    // Its worker had started it (row running) when Redis lost it.
    await t.deps.db.job.update({ where: { id: row.id }, data: { status: "running", attempts: 1 } });
    for (let i = 1; i <= MAX_LOSSES; i++) {
      await loseInRedis("score", row.queueJobId!);
      expect(await sweep()).toMatchObject({ requeued: 1 });
      expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending");
    }
    await loseInRedis("score", row.queueJobId!);
    await sweep();
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(final).toMatchObject({ status: "failed", errorMessage: `${LOST_MESSAGE} ${MAX_LOSSES + 1} times; retry the job` });
    expect(final.finishedAt).not.toBeNull();
    expect(await t.deps.queues.score.getJob(row.queueJobId!)).toBeUndefined();
  });

  it("a lost job the user had cancelled ends cancelled instead of running again", { timeout: 60_000 }, async () => {
    const { row } = await scoreJob();
    await requestCancel(t.deps, row.id, row.queueJobId!);
    await loseInRedis("score", row.queueJobId!);
    await sweep();
    expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("cancelled");
    expect(await t.deps.queues.score.getJob(row.queueJobId!)).toBeUndefined();
  });

  it("a row still running after BullMQ completed its job takes BullMQ's result", { timeout: 60_000 }, async () => {
    const { row } = await scoreJob();
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    pool = await startWorkers(t.deps, { score: async () => ({ scored: 7 }) }, fastWorkerSettings);
    await progress.waitFor((e) => e.status === "completed");
    await progress.stop();
    // The worker's last database write was lost (PostgreSQL dropped the connection): the row still says running.
    await t.deps.db.job.update({ where: { id: row.id }, data: { status: "running", result: Prisma.DbNull, progress: 40, finishedAt: null } });
    expect(await sweep()).toMatchObject({ settled: 1 });
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", progress: 100, result: { scored: 7 } });
  });

  it("a row running whose job waits in the queue goes back to pending, unless it is a flow parent between steps", { timeout: 60_000 }, async () => {
    const { user, campaign, row } = await scoreJob();
    await t.deps.db.job.update({ where: { id: row.id }, data: { status: "running" } });
    const parent = await startJob(t.deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } });
    const bull = (await t.deps.queues.discover.getJob(parent.queueJobId!))!;
    await bull.updateData({ ...bull.data, [FLOW_STEP_KEY]: "score" });
    await t.deps.db.job.update({ where: { id: parent.id }, data: { status: "running", progress: 80 } });
    expect(await sweep(["score", "discover"])).toMatchObject({ settled: 1 });
    expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending");
    expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: parent.id } })).toMatchObject({ status: "running", progress: 80 });
    // Not for the next test's workers to run.
    await t.deps.queues.discover.remove(parent.queueJobId!);
    await t.deps.queues.score.remove(row.queueJobId!);
    await t.deps.db.job.updateMany({ where: { id: { in: [row.id, parent.id] } }, data: { status: "cancelled" } });
  });

  it("a flow parent waiting for children Redis lost: they are queued again under it and the parent goes on", { timeout: 90_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const enriched: string[] = [];
    const discover: JobProcessor<"discover"> = async (job, deps) => {
      if (job.flowStep === "done") return { children: await deps.db.job.count({ where: { parentId: job.id } }) };
      await addChildJobs(deps, job, "enrich", [[randomUUID()], [randomUUID()]]);
      await setFlowStep(job, "done");
      await waitForChildren(job);
      return { children: 0 };
    };
    const enrich: JobProcessor<"enrich"> = async (job) => {
      enriched.push(job.id);
      return { enriched: 1 };
    };
    const events = new QueueEvents("discover", { connection: { url: REDIS_URL }, prefix: t.prefix });
    await events.waitUntilReady();
    try {
      const parent = await startJob(t.deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } });
      const waiting = new Promise<void>((resolve) => events.on("waiting-children", ({ jobId }) => jobId === parent.queueJobId && resolve()));
      // Only the parent's queue has a worker: the children stay queued.
      pool = await startWorkers(t.deps, { discover } as Processors, fastWorkerSettings);
      await waiting;
      await pool.close(0);
      pool = undefined;

      const [open, done] = await t.deps.db.job.findMany({ where: { parentId: parent.id }, orderBy: { createdAt: "asc" } });
      // Both children vanish from Redis; one of them had already finished as far as PostgreSQL knows.
      await t.deps.db.job.update({ where: { id: done!.id }, data: { status: "completed", result: { enriched: 1 }, progress: 100 } });
      await loseInRedis("enrich", open!.queueJobId!);
      await loseInRedis("enrich", done!.queueJobId!);

      expect(await sweep(["discover", "enrich"])).toMatchObject({ childrenRequeued: 2 });
      for (const child of [open!, done!]) {
        expect((await t.deps.queues.enrich.getJob(child.queueJobId!))?.parentKey).toBe(`${t.prefix}:discover:${parent.queueJobId}`);
      }

      const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", parent.id, JOB_PROGRESS_PROBE);
      pool = await startWorkers(t.deps, { discover, enrich } as Processors, fastWorkerSettings);
      await progress.waitFor((e) => e.status === "completed");
      await progress.stop();
      expect(await t.deps.db.job.findUniqueOrThrow({ where: { id: parent.id } })).toMatchObject({ status: "completed", result: { children: 2 } });
      // The open child ran; the finished one was not run again.
      expect(enriched).toEqual([open!.id]);
      expect((await t.deps.db.job.findMany({ where: { parentId: parent.id } })).map((c) => c.status)).toEqual(["completed", "completed"]);
    } finally {
      await events.close();
    }
  });
});
