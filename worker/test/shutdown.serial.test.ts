import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createEventBus, loadEnv, type EventBus } from "@outreach/contracts";
import { type JobDeps, closeQueues, createQueues, startJob } from "@outreach/core/jobs";
import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { collect, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign, seedProspects } from "@outreach/testkit/scenarios";
import { createDb } from "@outreach/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OwnRedis } from "@outreach/testkit";
import { spawnWorker } from "@outreach/testkit/worker";
import { lockedWorkerEnv } from "./worker-env.ts";

/**
 * SIGTERM while the worker's Redis is down: nothing can be handed back, and a QUIT would wait
 * for Redis to return. The worker must still exit 0 within its lock time, and the job it held
 * must run again once Redis is back.
 */

const LOCK_MS = 3000;

let redis: OwnRedis;
let database: TestDatabase;
let deps: JobDeps;
let listenerBus: EventBus;
const prefix = `test-${randomUUID()}`;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  redis = await OwnRedis.start();
  database = await createTestDatabase("shutdown");
  const env = loadEnv({ ...process.env, NODE_ENV: "test", DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix });
  deps = { db: createDb(database.url, { max: 4 }), bus: createEventBus(redis.url, prefix), queues: createQueues(redis.url, prefix), env };
  listenerBus = createEventBus(redis.url, prefix);
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await closeQueues(deps.queues).catch(() => {});
  await deps.bus.close();
  await listenerBus.close();
  await deps.db.$disconnect();
  await database.drop();
  await redis.close();
});

const startWorker = () => spawnWorker({ children, env: lockedWorkerEnv({ databaseUrl: database.url, redisUrl: redis.url, prefix, lockMs: LOCK_MS }) });


describe("worker SIGTERM while Redis is down", () => {
  it("exits 0 within its lock time; the job runs again once Redis is back", { timeout: 180_000 }, async () => {
    const { user, campaign } = await seedCampaign(deps.db);
    await seedProspects(deps.db, campaign.id, 2000);
    const row = await startJob(deps, { type: "score", userId: user.id, campaignId: campaign.id });
    // Only the worker talks to the queues from here on (this process's would log every refused reconnect).
    await closeQueues(deps.queues);
    let progress = await collect(listenerBus, deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    const worker = await startWorker();
    await progress.waitFor((e) => e.status === "running" && e.progress >= 2, 60_000);
    await progress.stop();

    await redis.stop();
    const sentAt = Date.now();
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    const took = Date.now() - sentAt;
    expect(exit, worker.output()).toEqual({ code: 0, signal: null });
    expect(took, worker.output()).toBeLessThan(LOCK_MS);
    expect(worker.output()).toMatch(/worker stopped in \d+ ms/);

    await redis.start();
    progress = await collect(listenerBus, deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    const next = await startWorker();
    await progress.waitFor((e) => e.status === "completed", 120_000);
    await progress.stop();
    expect(await deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "completed", progress: 100 });
    next.child.kill("SIGTERM");
    expect((await next.exited).code).toBe(0);
  });
});
