import type { QueueName } from "@outreach/contracts";
import type { Job as JobRow } from "@outreach/db";
import { WaitingChildrenError } from "bullmq";
import { flowParentOf, publishJob, queuePrefix, queuesRedis, startJob, type JobDeps } from "@outreach/core/jobs";
import { FLOW_STEP_KEY, type RunningJob } from "./lifecycle.ts";

/**
 * The discovery flow (BullMQ "process step jobs" + flows): the parent adds child jobs through the
 * job machinery (each with its own Job row, parentId = the parent's row), stores its next step in
 * its BullMQ data and moves to waiting-children. Children move the parent's progress as they
 * finish; the parent continues at the stored step once all of them are done.
 */

/** Parent progress (%) covered by each kind of child. */
export const CHILD_PROGRESS: Partial<Record<QueueName, [from: number, to: number]>> = {
  enrich: [20, 80],
  compose: [85, 99],
};

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds one child job per batch; returns the child rows. */
export async function addChildJobs(
  deps: JobDeps,
  parent: RunningJob,
  type: "enrich" | "compose",
  batches: string[][],
): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  const flowParent = flowParentOf(parent.bull);
  for (const prospectIds of batches) {
    rows.push(
      await startJob(deps, {
        type,
        userId: parent.row.userId,
        campaignId: parent.row.campaignId!,
        params: { prospectIds },
        parentId: parent.id,
        flowParent,
      }),
    );
  }
  return rows;
}

/** Stores the step to continue at when the children are done. */
export async function setFlowStep(job: RunningJob, step: string, state: Record<string, unknown> = {}): Promise<void> {
  await job.bull.updateData({ ...(job.bull.data as Record<string, unknown>), ...state, [FLOW_STEP_KEY]: step });
}

/** Moves the parent to waiting-children (throws WaitingChildrenError); returns when nothing is pending. */
export async function waitForChildren(job: RunningJob): Promise<void> {
  if (!job.token) throw new Error("A flow parent needs its worker token");
  const shouldWait = await job.bull.moveToWaitingChildren(job.token);
  if (shouldWait) throw new WaitingChildrenError();
}

/**
 * Called by a child at the end of its work: moves its parent's progress by one child. An atomic
 * counter per (parent, kind) makes concurrent children count exactly; progress never goes back.
 */
export async function childFinished(deps: JobDeps, child: Pick<JobRow, "parentId" | "jobType">, message?: string): Promise<void> {
  const range = CHILD_PROGRESS[child.jobType as QueueName];
  if (!child.parentId || !range) return;
  const redis = queuesRedis(deps.queues);
  const key = `${queuePrefix(deps.queues)}:outreach:flow:${child.parentId}:${child.jobType}`;
  const [[, done]] = (await redis.multi().incr(key).expire(key, 7 * 24 * 3600).exec()) as [[unknown, number]];
  const total = await deps.db.job.count({ where: { parentId: child.parentId, jobType: child.jobType } });
  const [from, to] = range;
  const progress = Math.min(to, Math.floor(from + ((to - from) * Math.min(done, total)) / Math.max(total, 1)));
  const { count } = await deps.db.job.updateMany({ where: { id: child.parentId, status: "running", progress: { lt: progress } }, data: { progress } });
  if (count !== 1) return;
  const text = message ?? `${child.jobType === "enrich" ? "Enriched" : "Drafted"} batch ${Math.min(done, total)} of ${total}`;
  await deps.db.jobEvent.create({ data: { jobId: child.parentId, level: "info", message: text, progress } });
  const parent = await deps.db.job.findUniqueOrThrow({ where: { id: child.parentId } });
  await publishJob(deps, parent, text);
}

/** Serialises async calls (progress reports from parallel work stay in order). */
export function serial() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = last.then(fn, fn);
    last = next.catch(() => {});
    return next;
  };
}
