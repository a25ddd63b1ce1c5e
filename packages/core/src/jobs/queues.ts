import { DISPATCH_QUEUE, QUEUE_NAMES, closeRedis, createRedis, settlesWithin, type Env, type QueueName } from "@outreach/contracts";
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";

/** One Queue per job type, plus the dispatcher's housekeeping queue (no Job rows). */
export type Queues = Record<QueueName, Queue> & { [DISPATCH_QUEUE]: Queue };

const producerConnections = new WeakMap<Queues, Redis>();

/**
 * One producer connection (enableOfflineQueue false: fail fast when Redis is down) shared by one
 * Queue per queue name. `prefix` namespaces every BullMQ key, so test runs never meet.
 */
export function createQueues(redisUrl: string, prefix: string): Queues {
  const connection = createRedis("producer", redisUrl);
  const queues = Object.fromEntries(
    [...QUEUE_NAMES, DISPATCH_QUEUE].map((name) => {
      const queue = new Queue(name, { connection, prefix });
      queue.on("error", (err) => console.error(`[queue:${name}] ${err.message}`));
      return [name, queue];
    }),
  ) as Queues;
  producerConnections.set(queues, connection);
  return queues;
}

/** Closes the queues and their connection; gives up waiting after `ms` (a Redis that is down never answers). */
export async function closeQueues(q: Queues, ms = 1000): Promise<void> {
  await settlesWithin(Promise.allSettled(Object.values(q).map((queue) => queue.close())), ms);
  const connection = producerConnections.get(q);
  producerConnections.delete(q);
  if (connection) await closeRedis(connection);
}

/** The producer connection behind createQueues (used for small Redis keys: cancel flags, event seq). */
export function queuesRedis(q: Queues): Redis {
  const connection = producerConnections.get(q);
  if (!connection) throw new Error("These queues were not made by createQueues or are closed");
  return connection;
}

/** The key prefix the queues were created with (BullMQ's `prefix`, default "bull"). */
export function queuePrefix(q: Queues): string {
  return (q.score.opts as { prefix?: string }).prefix ?? "bull";
}

/**
 * Options of every job a Job row mirrors: retries with exponential backoff and jitter (so a
 * provider outage does not make all jobs retry in lockstep), and bounded history in Redis: the
 * Job table is the record users see, Redis only keeps enough for debugging.
 */
export function defaultJobOptions(env: Pick<Env, "JOB_ATTEMPTS" | "JOB_BACKOFF_MS">): JobsOptions {
  return {
    attempts: env.JOB_ATTEMPTS,
    backoff: { type: "exponential", delay: env.JOB_BACKOFF_MS, jitter: 0.5 },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
  };
}
