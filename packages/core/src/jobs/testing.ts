/**
 * Helpers for tests that run jobs against real PostgreSQL and Redis: a throw-away database, a
 * unique Redis prefix, deps, seed data and event collectors. Not used by production code.
 */
import { randomUUID } from "node:crypto";
import { createEventBus, loadEnv, type EventBus, type JobProgressEvent, type PubSubChannels } from "@outreach/contracts";
import { createDb, type Prisma } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/db/test-database";
import type { JobDeps } from "./deps.ts";
import { closeQueues, createQueues } from "./queues.ts";
import type { WorkerSettings } from "./runner.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface JobTestEnv {
  deps: JobDeps;
  database: TestDatabase;
  prefix: string;
  /** A second bus on the same prefix, as an API instance would have. */
  listenerBus: EventBus;
  close(): Promise<void>;
}

export const fastWorkerSettings: WorkerSettings = {
  WORKER_LOCK_DURATION_MS: 2000,
  WORKER_STALLED_INTERVAL_MS: 1000,
  WORKER_MAX_STALLED_COUNT: 2,
  WORKER_SHUTDOWN_GRACE_MS: 500,
  WORKER_RECONCILE_INTERVAL_MS: 0,
};

export async function createJobTestEnv(label: string, overrides: Record<string, string> = {}): Promise<JobTestEnv> {
  const database = await createTestDatabase(label);
  const prefix = `test-${randomUUID()}`;
  const env = loadEnv({
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: database.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JOB_ATTEMPTS: "3",
    JOB_BACKOFF_MS: "50",
    WORKER_CONCURRENCY: "2",
    ...overrides,
  });
  const db = createDb(database.url, { max: 5 });
  const bus = createEventBus(REDIS_URL, prefix);
  const listenerBus = createEventBus(REDIS_URL, prefix);
  const queues = createQueues(REDIS_URL, prefix);
  return {
    deps: { db, bus, queues, env },
    database,
    prefix,
    listenerBus,
    async close() {
      await Promise.allSettled(Object.values(queues).map((q) => q.obliterate({ force: true })));
      await closeQueues(queues);
      await bus.close();
      await listenerBus.close();
      await db.$disconnect();
      await database.drop();
    },
  };
}

export async function seedCampaign(deps: Pick<JobDeps, "db">, data: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  const user = await deps.db.user.create({
    data: { email: `u-${randomUUID()}@example.test`, passwordHash: "x", name: "Test Artist" },
  });
  const campaign = await deps.db.campaign.create({
    data: {
      userId: user.id,
      name: "Ceramics 2026",
      artistName: "Ada Potter",
      medium: "ceramics",
      statement: "Wood-fired stoneware vessels, ash glazes and the slow rhythm of the anagama kiln.",
      keywords: ["ceramics", "glaze", "stoneware"],
      fromName: "Ada",
      fromEmail: "ada@example.test",
      ...data,
    },
  });
  return { user, campaign };
}

/** Sending allowed at any hour with no gap and no cool-down: where delivery tests start. */
export const SENDS_ANY_TIME = { sendWindowStart: 0, sendWindowEnd: 24, minGapSeconds: 0, maxGapSeconds: 0, cooldownDays: 0 } as const;

/** A campaign that may send at any hour, and `count` prospects each with an approved first email. */
export async function seedSendable(deps: Pick<JobDeps, "db">, count: number, campaign: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  const seeded = await seedCampaign(deps, {
    artistName: "Ada Potter",
    fromName: "Ada Potter",
    fromEmail: "ada@studio.example",
    dailyCap: 1000,
    ...SENDS_ANY_TIME,
    ...campaign,
  });
  const logs = [];
  for (let i = 0; i < count; i++) {
    const domain = `g${i}-${randomUUID().slice(0, 8)}.example`;
    const prospect = await deps.db.prospect.create({
      data: { campaignId: seeded.campaign.id, domain, contactEmail: `editor@${domain}`, score: 70, stage: "approved" },
    });
    logs.push(
      await deps.db.emailLog.create({
        data: { prospectId: prospect.id, step: 0, status: "approved", subject: "Wood-fired vessels for your spring issue", body: "Hello,\n\nI make stoneware." },
      }),
    );
  }
  return { ...seeded, logs };
}

export async function seedProspects(deps: Pick<JobDeps, "db">, campaignId: string, count: number) {
  const rows: Prisma.ProspectCreateManyInput[] = Array.from({ length: count }, (_, i) => ({
    campaignId,
    domain: `site-${i}.example`,
    pageTitle: i % 3 === 0 ? "Contemporary ceramics and glaze journal" : i % 3 === 1 ? "Stoneware gallery" : "Cooking blog",
    pageDescription: i % 2 === 0 ? "We feature stoneware and kiln work" : null,
    contactEmail: i % 4 === 0 ? null : i % 4 === 1 ? `info@site-${i}.example` : `jane@site-${i}.example`,
    daEst: i % 101,
  }));
  await deps.db.prospect.createMany({ data: rows });
  return deps.db.prospect.findMany({ where: { campaignId }, orderBy: { domain: "asc" } });
}

export interface Collector<T> {
  events: T[];
  /** Resolves with the first event (already received or future) matching pred. */
  waitFor(pred: (e: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** The event `collect` publishes until its subscription is live; subscribers ignore seq -1. */
export const JOB_PROGRESS_PROBE: JobProgressEvent = { jobId: "probe", userId: "", campaignId: null, status: "pending", progress: 0, message: null, seq: -1 };

/**
 * Subscribes to a topic and resolves once the subscription is live (a probe published on the
 * same topic came back), so no event published afterwards can be missed.
 */
export async function collect<K extends keyof PubSubChannels>(
  bus: EventBus,
  publisher: EventBus,
  topic: K,
  id: string,
  probe: PubSubChannels[K][1],
): Promise<Collector<PubSubChannels[K][1]>> {
  type T = PubSubChannels[K][1];
  const events: T[] = [];
  let waiters: { pred: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  let probed = false;
  const iterable = (bus.subscribe as (t: K, i: string) => AsyncIterable<T>)(topic, id);
  const iterator = iterable[Symbol.asyncIterator]();
  const loop = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      if (JSON.stringify(next.value) === JSON.stringify(probe)) {
        probed = true;
        continue;
      }
      events.push(next.value);
      waiters = waiters.filter((w) => (w.pred(next.value) ? (w.resolve(next.value), false) : true));
    }
  })();
  const started = Date.now();
  while (!probed) {
    (publisher.publish as (t: K, i: string, p: T) => void)(topic, id, probe);
    await new Promise((r) => setTimeout(r, 50));
    if (Date.now() - started > 5000) throw new Error(`subscription to ${topic} ${id} never became live`);
  }
  return {
    events,
    waitFor(pred, timeoutMs = 30_000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching ${topic} event within ${timeoutMs} ms (got ${events.length})`)), timeoutMs);
        waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    async stop() {
      await iterator.return?.();
      await loop.catch(() => {});
    },
  };
}
