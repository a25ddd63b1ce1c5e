import { closeRedis, createRedis } from "@outreach/contracts";
import type { JobDeps } from "./deps.ts";
import { queuePrefix, queuesRedis } from "./queues.ts";

/**
 * The cancel signal, both ends: the API sets a flag and tells running workers at once; a worker
 * checks the flag (at start and between batches) and listens for the message. Keys live under the
 * queues' prefix so parallel test runs and deployments never meet.
 */
const DAY = 24 * 3600;

export const cancelFlagKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:cancel:${jobRowId}`;
export const cancelChannel = (prefix: string) => `${prefix}:outreach:job-cancel`;

/** Sets the flag a worker checks and tells running workers at once. */
export async function requestCancel(deps: Pick<JobDeps, "queues">, jobRowId: string, queueJobId: string) {
  const redis = queuesRedis(deps.queues);
  const prefix = queuePrefix(deps.queues);
  await redis.set(cancelFlagKey(prefix, jobRowId), "1", "EX", 7 * DAY);
  await redis.publish(cancelChannel(prefix), queueJobId);
}

export async function clearCancel(deps: Pick<JobDeps, "queues">, jobRowId: string) {
  await queuesRedis(deps.queues).del(cancelFlagKey(queuePrefix(deps.queues), jobRowId));
}

export async function isCancelRequested(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<boolean> {
  return (await queuesRedis(deps.queues).exists(cancelFlagKey(queuePrefix(deps.queues), jobRowId))) === 1;
}

/** Worker side: calls onCancel(queueJobId) for every cancel request. Returns a close function. */
export async function listenForCancels(redisUrl: string, prefix: string, onCancel: (queueJobId: string) => void) {
  const sub = createRedis("subscriber", redisUrl);
  sub.on("message", (_channel: string, queueJobId: string) => onCancel(queueJobId));
  await sub.subscribe(cancelChannel(prefix));
  return () => closeRedis(sub);
}
