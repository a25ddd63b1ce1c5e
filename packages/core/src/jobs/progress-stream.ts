import type { JobProgressEvent } from "@outreach/contracts";
import { createEventQueue, MAX_QUEUED_EVENTS, SubscriberTooSlowError, type EventQueue } from "@outreach/contracts/event-queue";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { JobNotFoundError } from "./errors.ts";
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
 * while the start or a gap is read from the store. Resolves once the first event is in, or fails
 * with JobNotFoundError when the job is not the user's: that one read is also the ownership check.
 */
export async function jobProgressStream(
  deps: Pick<JobDeps, "db" | "bus" | "queues">,
  job: Pick<Job, "id" | "userId">,
  afterSeq?: number | null,
): Promise<EventQueue<JobProgressItem>> {
  const feed = new LiveProgress(deps, job);
  await feed.start(deps.bus, afterSeq ?? null);
  return feed.out;
}

/**
 * The bus listener behind jobProgressStream: one object per subscriber, for the fan-out's sake,
 * holding only what it needs (not the job row, not the request's context) while it waits.
 */
class LiveProgress {
  readonly out: EventQueue<JobProgressItem>;
  readonly db: JobDeps["db"];
  readonly queues: JobDeps["queues"];
  private readonly jobId: string;
  private readonly userId: string;
  private last = 0;
  /** Live events that arrived while the store is being read (null: none is being read). */
  private held: JobProgressEvent[] | null = [];
  private stopListening: (() => void) | null = null;

  constructor(deps: Pick<JobDeps, "db" | "queues">, job: Pick<Job, "id" | "userId">) {
    this.db = deps.db;
    this.queues = deps.queues;
    this.jobId = job.id;
    this.userId = job.userId;
    this.out = createEventQueue<JobProgressItem>(() => this.stopListening?.(), { supersedes: progressSupersedes });
  }

  /**
   * Listening starts before the state is read, so nothing published in between is lost; the seq is
   * read before the row, so the row is never older than the seq it is sent with.
   */
  async start(bus: JobDeps["bus"], afterSeq: number | null) {
    this.stopListening = bus.listen("jobProgress", this.jobId, this);
    try {
      const { db, jobId, userId } = this;
      const seq = await currentSeq(this, jobId);
      const [row, latest] = await Promise.all([
        db.job.findFirst({ where: { id: jobId, userId } }),
        db.jobEvent.findFirst({ where: { jobId }, orderBy: { seq: "desc" }, select: { message: true } }),
      ]);
      if (!row) throw new JobNotFoundError(jobId);
      this.out.push({
        kind: "current", jobId: row.id, userId: row.userId, campaignId: row.campaignId,
        status: row.status, progress: row.progress, message: latest?.message ?? null, seq,
      });
      if (afterSeq !== null && afterSeq < seq) {
        for (const e of await storedJobEvents(this, jobId, afterSeq, seq)) this.out.push({ ...e, kind: "replay" });
      }
      this.last = seq;
    } catch (error) {
      await this.out.return?.();
      throw error;
    }
    this.release();
  }

  handleEvent(event: JobProgressEvent) {
    if (event.userId !== this.userId) return;
    if (!this.held) return this.pass(event);
    if (this.held.length >= MAX_QUEUED_EVENTS) return this.out.end(new SubscriberTooSlowError());
    this.held.push(event);
  }

  private pass(event: JobProgressEvent) {
    if (event.seq <= this.last) return;
    if (event.seq === this.last + 1) {
      this.last = event.seq;
      return this.out.push(event);
    }
    this.held = [event];
    void this.readThenRelease(async () => {
      for (const e of await storedJobEvents(this, this.jobId, this.last, event.seq - 1)) this.out.push(e);
      this.last = event.seq - 1;
    });
  }

  private async readThenRelease(read: () => Promise<void>) {
    try {
      await read();
    } catch (error) {
      return this.out.end(error as Error);
    }
    this.release();
  }

  /** Passes on the live events held while the store was read (some may be held again, behind a gap). */
  private release() {
    const arrived = this.held!;
    this.held = null;
    for (const event of arrived) {
      if (this.held) (this.held as JobProgressEvent[]).push(event);
      else this.pass(event);
    }
  }
}
