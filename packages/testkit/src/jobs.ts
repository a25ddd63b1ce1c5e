/**
 * Tests that run jobs against real PostgreSQL and Redis: a throw-away database, a unique Redis
 * prefix, the job deps on them, and event collectors that never miss an event.
 */
import { randomUUID } from "node:crypto";
import { createEventBus, loadEnv, type EventBus, type JobProgressEvent, type PubSubChannels } from "@outreach/contracts";
import { closeQueues, createQueues, type JobDeps } from "@outreach/core/jobs";
import { createDb } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { REDIS_URL } from "./redis.ts";

export { REDIS_URL };

export interface JobTestEnv {
  deps: JobDeps;
  database: TestDatabase;
  prefix: string;
  /** A second bus on the same prefix, as an API instance would have. */
  listenerBus: EventBus;
  close(): Promise<void>;
}

/** Worker timings shrunk for tests (the worker runtime's WorkerSettings). */
export const fastWorkerSettings = {
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
