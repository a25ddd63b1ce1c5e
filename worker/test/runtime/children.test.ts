import { randomUUID } from "node:crypto";
import { QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitForChildRows } from "../../runtime/children.ts";
import { addChildJobs, setFlowStep } from "../../runtime/flow.ts";
import { type JobProcessor } from "../../runtime/lifecycle.ts";
import { startWorkers, type Processors, type WorkerPool } from "../../runtime/runner.ts";
import { queuesRedis, startJob } from "@outreach/core/jobs";
import { REDIS_URL } from "@outreach/testkit";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

/**
 * waitForChildRows (worker/runtime/children.ts): a flow parent goes on only once its children's Job rows
 * are settled, whatever BullMQ still knows about them.
 */

let t: JobTestEnv;
let pool: WorkerPool | undefined;
beforeAll(async () => {
  t = await createJobTestEnv("children");
}, 60_000);
afterEach(async () => {
  await pool?.close(0);
  pool = undefined;
});
afterAll(async () => {
  await t?.close();
});

const settledChildren = (deps: typeof t.deps, parentId: string) => deps.db.job.count({ where: { parentId, status: "completed" } });

async function runParent(discover: JobProcessor<"discover">, enrich: JobProcessor<"enrich">, onStarted?: (parent: { id: string; queueJobId: string | null }) => void) {
  const { user, campaign } = await seedCampaign(t.deps.db);
  const parent = await startJob(t.deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } });
  onStarted?.(parent);
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", parent.id, JOB_PROGRESS_PROBE);
  pool = await startWorkers(t.deps, { discover, enrich } as Processors, fastWorkerSettings);
  await progress.waitFor((e) => e.status === "completed" || e.status === "failed");
  await progress.stop();
  return {
    row: await t.deps.db.job.findUniqueOrThrow({ where: { id: parent.id } }),
    events: (await t.deps.db.jobEvent.findMany({ where: { jobId: parent.id }, orderBy: { seq: "asc" } })).map((e) => e.message),
  };
}

describe("a flow parent waiting for its children", () => {
  it("children Redis lost while the parent kept running are queued again under it, and it waits for them", { timeout: 60_000 }, async () => {
    const redis = queuesRedis(t.deps.queues);
    const events = new QueueEvents("discover", { connection: { url: REDIS_URL }, prefix: t.prefix });
    await events.waitUntilReady();
    // No child runs before the parent waits for them (so none is taken while it is being lost).
    await t.deps.queues.enrich.pause();
    const discover: JobProcessor<"discover"> = async (job, deps) => {
      if (!job.flowStep) {
        const children = await addChildJobs(deps, job, "enrich", [[randomUUID()], [randomUUID()]]);
        await setFlowStep(job, "done");
        // Redis comes back from a crash without those adds; this process goes on regardless.
        for (const c of children) {
          await redis.del(`${t.prefix}:enrich:${c.queueJobId}`);
          for (const list of ["wait", "paused"]) await redis.lrem(`${t.prefix}:enrich:${list}`, 0, c.queueJobId!);
        }
        await redis.del(`${t.prefix}:discover:${job.bull.id}:dependencies`);
      }
      await waitForChildRows(deps, job, ["enrich"]);
      return { childrenSettled: await settledChildren(deps, job.id) };
    };
    try {
      const result = await runParent(discover, async () => ({ enriched: 1 }), (parent) => {
        events.on("waiting-children", ({ jobId }) => jobId === parent.queueJobId && void t.deps.queues.enrich.resume());
      });
      expect(result.row).toMatchObject({ status: "completed", attempts: 1, result: { childrenSettled: 2 } });
      expect(result.events).toContain("2 child job(s) were lost from the queue; queued again");
      expect(result.events.some((m) => m.startsWith("Attempt"))).toBe(false);
    } finally {
      await t.deps.queues.enrich.resume();
      await events.close();
    }
  });

  it("children the queue runs on their own (not as the parent's) are looked at again until their rows are settled", { timeout: 60_000 }, async () => {
    const events = new QueueEvents("discover", { connection: { url: REDIS_URL }, prefix: t.prefix });
    await events.waitUntilReady();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    try {
      const discover: JobProcessor<"discover"> = async (job, deps) => {
        if (!job.flowStep) {
          // As the orphan sweep leaves them when it queued them again while the parent was not waiting.
          for (let i = 0; i < 2; i++) {
            await startJob(deps, { type: "enrich", userId: job.row.userId, campaignId: job.row.campaignId!, parentId: job.id, params: { prospectIds: [randomUUID()] } });
          }
          await setFlowStep(job, "done");
        }
        await waitForChildRows(deps, job, ["enrich"]);
        return { childrenSettled: await settledChildren(deps, job.id) };
      };
      const enrich: JobProcessor<"enrich"> = async () => {
        await gate;
        return { enriched: 1 };
      };
      const result = await runParent(discover, enrich, (parent) => {
        // The children may finish only once the parent has had to look again later.
        events.on("delayed", ({ jobId }) => jobId === parent.queueJobId && open());
      });
      expect(result.row).toMatchObject({ status: "completed", attempts: 1, result: { childrenSettled: 2 } });
      expect(result.events).toContain("Waiting for 2 child job(s) the queue no longer counts as this job's");
      expect(result.events.some((m) => m.startsWith("Attempt"))).toBe(false);
    } finally {
      open();
      await events.close();
    }
  });
});
