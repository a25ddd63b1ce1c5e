import type { JobProgressEvent } from "@outreach/contracts";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { queuePrefix, queuesRedis } from "./queues.ts";

const seqKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:seq:${jobRowId}`;

/** Next event number of a job: strictly increasing across attempts, workers and the API. */
export async function nextSeq(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<number> {
  const key = seqKey(queuePrefix(deps.queues), jobRowId);
  const [[, seq]] = (await queuesRedis(deps.queues).multi().incr(key).expire(key, 30 * 24 * 3600).exec()) as [[unknown, number]];
  return seq;
}

/** The one way to say "this job changed": jobProgress (topic: job id) and jobUpdated (topic: campaign id). */
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
