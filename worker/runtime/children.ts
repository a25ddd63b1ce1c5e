import { jobIds, type QueueName } from "@outreach/contracts";
import { DelayedError, WaitingChildrenError } from "bullmq";
import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "./lifecycle.ts";
import { addAgain } from "./orphans.ts";

/** How long a flow parent waits before it looks again at children BullMQ does not count as its own. */
export const CHILD_RECHECK_MS = 2_000;

/**
 * A flow parent's wait for its children, checked against the Job table rather than trusted to
 * Redis alone. If Redis came back from a crash without its last writes while the parent kept
 * running, BullMQ no longer knows the children the parent had just added, and would let it go on
 * while their rows are still open (their prospects then never reach the next step). So:
 * 1. BullMQ still counts pending children: move to waiting-children (throws WaitingChildrenError).
 * 2. Every child row of `types` is settled: return, the parent goes on.
 * 3. Open child rows whose BullMQ job is missing: queued again as this parent's children, then 1.
 * 4. Open child rows BullMQ has, but not as this parent's children (the orphan sweep queued them
 *    again on their own): look again in CHILD_RECHECK_MS (moves to delayed, throws DelayedError).
 * The lifecycle keeps the row running through 1 and 4.
 */
export async function waitForChildRows(deps: JobDeps, job: RunningJob, types: QueueName[]): Promise<void> {
  if (!job.token) throw new Error("A flow parent needs its worker token");
  if (await job.bull.moveToWaitingChildren(job.token)) throw new WaitingChildrenError();
  const open = await deps.db.job.findMany({ where: { parentId: job.id, jobType: { in: types }, status: { in: ["pending", "running"] } } });
  if (open.length === 0) return;
  let requeued = 0;
  for (const child of open) {
    const queueJobId = child.queueJobId ?? jobIds.forRow(child.jobType as QueueName, child.id);
    if (await deps.queues[child.jobType as QueueName].getJob(queueJobId)) continue;
    await addAgain(deps, child, job.bull);
    requeued++;
  }
  if (requeued) {
    await job.log(`${requeued} child job(s) were lost from the queue; queued again`, "warn");
    if (await job.bull.moveToWaitingChildren(job.token)) throw new WaitingChildrenError();
  }
  const waiting = `Waiting for ${open.length - requeued} child job(s) the queue no longer counts as this job's`;
  const last = await deps.db.jobEvent.findFirst({ where: { jobId: job.id }, orderBy: { seq: "desc" }, select: { message: true } });
  if (last?.message !== waiting) await job.log(waiting, "warn");
  await job.bull.moveToDelayed(Date.now() + CHILD_RECHECK_MS, job.token);
  throw new DelayedError();
}
