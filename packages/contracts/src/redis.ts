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
