import { Redis, type RedisOptions } from "ioredis";

/**
 * Connection roles (BullMQ production guide):
 * - worker: blocking commands, must never give up on a request (maxRetriesPerRequest null).
 * - producer: fail fast when Redis is down instead of queueing commands in memory.
 * - subscriber / publisher: pub/sub fan-out for GraphQL subscriptions.
 * - cache: rate limiter and response cache.
 */
export type RedisRole = "worker" | "producer" | "subscriber" | "publisher" | "cache";

const roleOptions: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: false },
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 3 },
  subscriber: { maxRetriesPerRequest: null },
  publisher: { maxRetriesPerRequest: 3 },
  cache: { maxRetriesPerRequest: 3 },
};

export function createRedis(role: RedisRole, url: string, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: `outreach-${role}`,
    retryStrategy: (times) => Math.min(times * 200, 5000),
    ...roleOptions[role],
    ...extra,
  });
  client.on("error", (err) => {
    if (process.env.NODE_ENV !== "test") console.error(`[redis:${role}] ${err.message}`);
  });
  return client;
}

/** Resolves true when `work` settled within `ms`, false when the time ran out first (work keeps running). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves true once `client` is ready, or false after `ms` (Redis still away). A producer
 * connection refuses commands until it is ready rather than queueing them.
 */
export async function redisReady(client: Redis, ms: number): Promise<boolean> {
  if (client.status === "ready") return true;
  let onReady!: () => void;
  const ready = new Promise<void>((resolve) => client.once("ready", (onReady = resolve)));
  const inTime = await settlesWithin(ready, ms);
  if (!inTime) client.off("ready", onReady);
  return inTime;
}

/**
 * Closes an ioredis connection without waiting for Redis to come back: QUIT (replies still
 * arrive first) only when it is up and answers within `ms`, else the socket is dropped. A QUIT
 * sent while Redis is down is queued behind pending commands and waits for the reconnect.
 */
export async function closeRedis(client: Redis, ms = 250): Promise<void> {
  if (client.status === "ready") await settlesWithin(client.quit(), ms);
  if ((client.status as string) !== "end") client.disconnect();
}
