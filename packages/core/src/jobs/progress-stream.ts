import type { JobProgressEvent } from "@outreach/contracts";
import { createEventQueue, MAX_QUEUED_EVENTS, SubscriberTooSlowError, type EventQueue } from "@outreach/contracts/event-queue";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { currentSeq, storedJobEvents } from "./events.ts";

export type JobProgressKind = "current" | "replay" | "live";
/** A live event is the bus's own object (kind absent), so subscribers sharing it share one execution. */
export type JobProgressItem = JobProgressEvent & { kind?: JobProgressKind };

/**
 * Coalescing (the jobProgress contract): a live event still waiting for a subscriber that is behind
 * gives way to a newer live event of the same status. So every status still arrives, in order, each
 * with its latest progress; the current state and replayed events are never dropped.
 */
export const progressSupersedes = (queued: JobProgressItem, next: JobProgressItem): boolean =>
  queued.kind === undefined && next.kind === undefined && queued.status === next.status;

/**
 * One job's progress for a subscriber: first its current state (kind "current", seq = its latest
 * event), then, when afterSeq is given, the stored events after afterSeq up to that seq ("replay"),
 * then live events. Seqs after the first event only ever increase: a live event that arrives ahead
 * of one still in flight pulls the missing ones from the store first, and one already delivered is
 * dropped, so there is no gap and no duplicate except where a subscriber that is behind had events
 * coalesced (progressSupersedes).
 *
 * Live events are passed on in the tick they arrive in (no promise per event); they are held only
 * while the start or a gap is read from the store.
 */
export function jobProgressStream(
  deps: Pick<JobDeps, "db" | "bus" | "queues">,
  job: Pick<Job, "id" | "userId">,
  afterSeq?: number | null,
): EventQueue<JobProgressItem> {
  let stopListening = () => {};
  const out = createEventQueue<JobProgressItem>(() => stopListening(), { supersedes: progressSupersedes });
  let last = 0;
  /** Live events that arrived while the store is being read (null: none is being read). */
  let held: JobProgressEvent[] | null = [];

  const pass = (event: JobProgressEvent) => {
    if (event.seq <= last) return;
    if (event.seq === last + 1) {
      last = event.seq;
      return out.push(event);
    }
    held = [event];
    void readThenRelease(async () => {
      for (const e of await storedJobEvents(deps, job.id, last, event.seq - 1)) out.push(e);
      last = event.seq - 1;
    });
  };
  const readThenRelease = async (read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      return out.end(error as Error);
    }
    const arrived = held!;
    held = null;
    for (const event of arrived) {
      if (held) (held as JobProgressEvent[]).push(event);
      else pass(event);
    }
  };

  // Listening starts before the state is read, so nothing published in between is lost.
  stopListening = deps.bus.listen("jobProgress", job.id, (event) => {
    if (event.userId !== job.userId) return;
    if (!held) return pass(event);
    if (held.length >= MAX_QUEUED_EVENTS) return out.end(new SubscriberTooSlowError());
    held.push(event);
  });
  void readThenRelease(async () => {
    const seq = await currentSeq(deps, job.id);
    const row = await deps.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const latest = await deps.db.jobEvent.findFirst({ where: { jobId: job.id }, orderBy: { seq: "desc" }, select: { message: true } });
    out.push({
      kind: "current", jobId: row.id, userId: row.userId, campaignId: row.campaignId,
      status: row.status, progress: row.progress, message: latest?.message ?? null, seq,
    });
    if (afterSeq != null && afterSeq < seq) {
      for (const e of await storedJobEvents(deps, job.id, afterSeq, seq)) out.push({ ...e, kind: "replay" });
    }
    last = seq;
  });
  return out;
}
