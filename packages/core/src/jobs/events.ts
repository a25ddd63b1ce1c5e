import { jobProgressEvent, type JobProgressEvent } from "@outreach/contracts";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { queuePrefix, queuesRedis } from "./queues.ts";

const seqKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:seq:${jobRowId}`;
const eventsKey = (prefix: string, jobRowId: string) => `${prefix}:outreach:events:${jobRowId}`;
const KEEP_SECONDS = 30 * 24 * 3600;
/** How many of a job's latest events stay replayable (jobProgress afterSeq). */
export const STORED_JOB_EVENTS = 1000;

/**
 * Numbers and stores one event in one round trip: the job's next seq (strictly increasing across
 * attempts, workers and the API), then the event, which is ARGV[1] (its JSON without the closing
 * brace) followed by that seq, kept among the job's latest ARGV[3].
 */
const STORE_EVENT = `
local seq = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[1] .. ',"seq":' .. seq .. '}')
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[2], ARGV[2])
return seq`;

type StoringRedis = ReturnType<typeof queuesRedis> & {
  storeJobEvent(seqKey: string, eventsKey: string, eventWithoutSeq: string, keepSeconds: number, keep: number): Promise<number>;
};

function storingRedis(deps: Pick<JobDeps, "queues">): StoringRedis {
  const redis = queuesRedis(deps.queues) as StoringRedis;
  if (!redis.storeJobEvent) redis.defineCommand("storeJobEvent", { numberOfKeys: 2, lua: STORE_EVENT });
  return redis;
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
  const unnumbered: Omit<JobProgressEvent, "seq"> = {
    jobId: row.id,
    userId: row.userId,
    campaignId: row.campaignId,
    status: row.status,
    progress: row.progress,
    message,
  };
  const prefix = queuePrefix(deps.queues);
  const json = JSON.stringify(unnumbered);
  const seq = await storingRedis(deps).storeJobEvent(seqKey(prefix, row.id), eventsKey(prefix, row.id), json.slice(0, -1), KEEP_SECONDS, STORED_JOB_EVENTS);
  const event: JobProgressEvent = { ...unnumbered, seq };
  deps.bus.publish("jobProgress", row.id, event);
  if (row.campaignId) {
    deps.bus.publish("jobUpdated", row.campaignId, { jobId: row.id, userId: row.userId, campaignId: row.campaignId });
  }
}
