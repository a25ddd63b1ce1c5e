import type { JobProgressEvent } from "@outreach/contracts";
import type { Job } from "@outreach/db";
import type { JobDeps } from "./deps.ts";
import { currentSeq, storedJobEvents } from "./events.ts";

export type JobProgressKind = "current" | "replay" | "live";
/** A live event is the bus's own object (kind absent), so subscribers sharing it share one execution. */
export type JobProgressItem = JobProgressEvent & { kind?: JobProgressKind };

/**
 * One job's progress for a subscriber: first its current state (kind "current", seq = its latest
 * event), then, when afterSeq is given, the stored events after afterSeq up to that seq ("replay"),
 * then live events ("live"). Seqs after the first event only ever increase: a live event that
 * arrives ahead of one still in flight pulls the missing ones from the store first, and one already
 * delivered is dropped, so there is no gap and no duplicate.
 */
export async function* jobProgressStream(
  deps: Pick<JobDeps, "db" | "bus" | "queues">,
  job: Pick<Job, "id" | "userId">,
  afterSeq?: number | null,
): AsyncGenerator<JobProgressItem> {
  // Listening starts before the state is read, so nothing published in between is lost.
  const live = deps.bus.subscribe("jobProgress", job.id, (e) => e.userId === job.userId);
  try {
    const seq = await currentSeq(deps, job.id);
    const row = await deps.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const latest = await deps.db.jobEvent.findFirst({ where: { jobId: job.id }, orderBy: { seq: "desc" }, select: { message: true } });
    yield {
      kind: "current", jobId: row.id, userId: row.userId, campaignId: row.campaignId,
      status: row.status, progress: row.progress, message: latest?.message ?? null, seq,
    };
    let last = seq;
    if (afterSeq != null && afterSeq < seq) {
      for (const e of await storedJobEvents(deps, job.id, afterSeq, seq)) yield { ...e, kind: "replay" };
    }
    for await (const event of live) {
      if (event.seq <= last) continue;
      if (event.seq > last + 1) {
        for (const e of await storedJobEvents(deps, job.id, last, event.seq - 1)) yield e;
      }
      last = event.seq;
      yield event;
    }
  } finally {
    await live.return?.();
  }
}
