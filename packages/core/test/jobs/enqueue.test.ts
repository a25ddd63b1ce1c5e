import { createEventBus, loadEnv } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { createDatabaseEnv, OwnRedis, REDIS_URL, type DatabaseEnv } from "@outreach/testkit";
import { seedSendable } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDeferredSend } from "../../src/outreach/index.ts";
import { closeQueues, createQueues } from "../../src/jobs/queues.ts";
import { startJob } from "../../src/jobs/service.ts";
import type { JobDeps } from "../../src/jobs/deps.ts";

/**
 * One failure rule for every enqueue: when Redis refuses the job, the Job row is failed with the
 * reason (never left looking queued) and an error event says so, for a pipeline job and a send alike.
 */
let t: DatabaseEnv;
let redis: OwnRedis;
let deps: JobDeps;

beforeAll(async () => {
  t = await createDatabaseEnv("enqueue");
  // The queues' Redis is one of the test's own, stopped once the queues are connected: the
  // producer connection (enableOfflineQueue false) then refuses every command at once.
  redis = await OwnRedis.start();
  const env = loadEnv({ ...process.env, NODE_ENV: "test", DATABASE_URL: t.database.url, REDIS_URL: redis.url, REDIS_PREFIX: "enqueue" });
  deps = { db: createDb(t.database.url, { max: 3 }), bus: createEventBus(REDIS_URL, `test-enqueue-${Date.now()}`), queues: createQueues(redis.url, "enqueue"), env };
  await Promise.all(Object.values(deps.queues).map((q) => q.waitUntilReady()));
  await redis.stop("SIGKILL");
});
afterAll(async () => {
  await closeQueues(deps.queues, 200);
  await deps.bus.close();
  await deps.db.$disconnect();
  await t.close();
  await redis.close();
});

async function expectFailedRow(jobType: "discover" | "send") {
  const rows = await deps.db.job.findMany({ where: { jobType }, include: { events: { orderBy: { seq: "asc" } } } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/^Could not queue the job: .+/) });
  expect(rows[0]!.finishedAt).not.toBeNull();
  expect(rows[0]!.events.at(-1)).toMatchObject({ level: "error", message: rows[0]!.errorMessage });
}

describe("enqueue with Redis down", () => {
  it("a pipeline job: the row is failed with the reason and the caller gets the error", async () => {
    const { user, campaign } = await seedSendable(t.db, 0);
    await expect(startJob(deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } })).rejects.toThrow();
    await expectFailedRow("discover");
  });

  it("a send job: the same rule", async () => {
    const { user, campaign, logs } = await seedSendable(t.db, 1);
    const now = new Date();
    await expect(
      enqueueDeferredSend(deps, { emailLogId: logs[0]!.id, userId: user.id, campaignId: campaign.id, afterJobRowId: logs[0]!.id, retryAt: now, reason: "test", now }),
    ).rejects.toThrow();
    await expectFailedRow("send");
  });
});
