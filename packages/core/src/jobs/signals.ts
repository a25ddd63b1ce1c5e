import { createRedis, type JobProgressEvent } from "@outreach/contracts";
import type { Job } from "@outreach/db";
import type { Redis } from "ioredis";
import type { JobDeps } from "./deps.ts";
import { queuePrefix, queuesRedis } from "./queues.ts";
import { closeRedis } from "./shutdown.ts";

/**
 * Small Redis helpers shared by the API side (cancel, publish) and the worker side (listen, check).
 * Keys live under the queues' prefix so parallel test runs and deployments never meet.
 */
const DAY = 24 * 3600;

export const cancelFlagKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:cancel:${jobRowId}`;
export const cancelChannel = (prefix: string) => `${prefix}:outreach:job-cancel`;
const seqKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:seq:${jobRowId}`;

export async function redisOf(deps: Pick<JobDeps, "queues">): Promise<Redis> {
  return queuesRedis(deps.queues);
}

/** Next event number of a job: strictly increasing across attempts, workers and the API. */
export async function nextSeq(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<number> {
  const redis = await redisOf(deps);
  const key = seqKey(queuePrefix(deps.queues), jobRowId);
  const [[, seq]] = (await redis.multi().incr(key).expire(key, 30 * DAY).exec()) as [[unknown, number]];
  return seq;
}

/** Sets the flag a worker checks (at start and between batches) and tells running workers at once. */
export async function requestCancel(deps: Pick<JobDeps, "queues">, jobRowId: string, queueJobId: string) {
  const redis = await redisOf(deps);
  const prefix = queuePrefix(deps.queues);
  await redis.set(cancelFlagKey(prefix, jobRowId), "1", "EX", 7 * DAY);
  await redis.publish(cancelChannel(prefix), queueJobId);
}

export async function clearCancel(deps: Pick<JobDeps, "queues">, jobRowId: string) {
  const redis = await redisOf(deps);
  await redis.del(cancelFlagKey(queuePrefix(deps.queues), jobRowId));
}

export async function isCancelRequested(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<boolean> {
  const redis = await redisOf(deps);
  return (await redis.exists(cancelFlagKey(queuePrefix(deps.queues), jobRowId))) === 1;
}

/** Worker side: calls onCancel(queueJobId) for every cancel request. Returns a close function. */
export async function listenForCancels(redisUrl: string, prefix: string, onCancel: (queueJobId: string) => void) {
  const sub = createRedis("subscriber", redisUrl);
  sub.on("message", (_channel: string, queueJobId: string) => onCancel(queueJobId));
  await sub.subscribe(cancelChannel(prefix));
  return () => closeRedis(sub);
}

/** Publishes jobProgress (topic: job id) and jobUpdated (topic: campaign id) for a Job row. */
export async function publishJob(deps: Pick<JobDeps, "queues" | "bus">, row: Job, message: string | null) {
  const event: JobProgressEvent = {
    jobId: row.id,
    userId: row.userId,
    campaignId: row.campaignId,
    status: row.status,
    progress: row.progress,
    message,
    seq: await nextSeq(deps, row.id),
  };
  deps.bus.publish("jobProgress", row.id, event);
  if (row.campaignId) {
    deps.bus.publish("jobUpdated", row.campaignId, { jobId: row.id, userId: row.userId, campaignId: row.campaignId });
  }
}
