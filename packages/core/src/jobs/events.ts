import { jobProgressEvent, type JobProgressEvent } from "@outreach/contracts";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { queuePrefix, queuesRedis } from "./queues.ts";

const seqKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:seq:${jobRowId}`;
const eventsKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:events:${jobRowId}`;
const KEEP_SECONDS = 30 * 24 * 3600;
/** How many of a job's latest events stay replayable (jobProgress afterSeq). */
export const STORED_JOB_EVENTS = 1000;

/** Next event number of a job: strictly increasing across attempts, workers and the API. */
export async function nextSeq(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<number> {
  const key = seqKey(queuePrefix(deps.queues), jobRowId);
  const [[, seq]] = (await queuesRedis(deps.queues).multi().incr(key).expire(key, KEEP_SECONDS).exec()) as [[unknown, number]];
  return seq;
}

/** The seq of the job's latest event (0 before its first). */
export async function currentSeq(deps: Pick<JobDeps, "queues">, jobRowId: string): Promise<number> {
  return Number((await queuesRedis(deps.queues).get(seqKey(queuePrefix(deps.queues), jobRowId))) ?? 0);
}

/** The stored events of a job with afterSeq < seq <= untilSeq, in seq order. */
export async function storedJobEvents(
  deps: Pick<JobDeps, "queues">,
  jobRowId: string,
  afterSeq: number,
  untilSeq = Number.MAX_SAFE_INTEGER,
): Promise<JobProgressEvent[]> {
  const raw = await queuesRedis(deps.queues).lrange(eventsKey(queuePrefix(deps.queues), jobRowId), 0, -1);
  return raw
    .map((r) => jobProgressEvent.parse(JSON.parse(r)))
    .filter((e) => e.seq > afterSeq && e.seq <= untilSeq)
    .sort((a, b) => a.seq - b.seq);
}

/**
 * The one way to say "this job changed": jobProgress (topic: job id) and jobUpdated (topic: campaign
 * id). Each event is also kept (the job's latest STORED_JOB_EVENTS) so a late subscriber can replay it.
 */
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
  const key = eventsKey(queuePrefix(deps.queues), row.id);
  await queuesRedis(deps.queues).multi().rpush(key, JSON.stringify(event)).ltrim(key, -STORED_JOB_EVENTS, -1).expire(key, KEEP_SECONDS).exec();
  deps.bus.publish("jobProgress", row.id, event);
  if (row.campaignId) {
    deps.bus.publish("jobUpdated", row.campaignId, { jobId: row.id, userId: row.userId, campaignId: row.campaignId });
  }
}
