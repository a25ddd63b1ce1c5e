import { jobIds, type QueueName } from "@outreach/contracts";
import { Prisma, type Job as JobRow } from "@outreach/db";
import type { Job as BullJob } from "bullmq";
import { addRowToQueue, flowParentOf, isCancelRequested, payloadFor, publishJob, queuesRedis, type JobDeps } from "@outreach/core/jobs";
import { FLOW_STEP_KEY } from "./lifecycle.ts";

/**
 * The orphan sweep: makes open Job rows (pending, running) agree with BullMQ again after the two
 * stores drifted apart: Redis lost its last writes in a crash, a process died between the
 * database write and the Redis write, or a settle failed while PostgreSQL was unreachable. Every
 * worker runs it at start and every WORKER_RECONCILE_INTERVAL_MS. For each open row nobody has
 * touched for minAgeMs, by the state of its BullMQ job:
 * - missing: queued again under the same id (processors are idempotent; a send claims its
 *   EmailLog with a conditional update, so a queued-again send never sends twice), as a child of
 *   its flow parent when that parent is waiting for children. A row lost MAX_LOSSES times fails
 *   with that reason instead, and a row the user cancelled ends cancelled.
 * - failed / completed: the row takes BullMQ's outcome (its reason / its result).
 * - waiting, delayed or prioritized while the row says running: the row goes back to pending
 *   (unless it is a flow parent queued to continue at its next step: that row stays running).
 * - waiting-children, with a child whose BullMQ job is missing: that child is queued again under
 *   the parent, or the parent would wait forever. The child's own row decides what it does: an
 *   open one runs, a settled one finishes at once (completed returns its result; failed and
 *   cancelled fail, which the parent ignores).
 * Active jobs are left to BullMQ's stalled check (a job whose worker died goes back to wait once
 * its lock expires; one that stalled too often fails, and the worker's `failed` handler settles it).
 */

/** How often one row may be found lost and queued again before it fails. */
export const MAX_LOSSES = 3;
export const LOST_MESSAGE = "The queued job was lost (Redis no longer had it)";

export interface SweepCounts {
  requeued: number;
  settled: number;
  childrenRequeued: number;
}

export interface SweepOptions {
  /** Rows changed more recently than this are left alone (a job being queued right now). */
  minAgeMs?: number;
  take?: number;
}

type Settle = { status: "failed" | "completed" | "pending" | "cancelled"; errorMessage?: string; result?: unknown; level: "error" | "warn" | "info"; message: string };

export async function sweepOrphanedJobs(deps: JobDeps, queues: QueueName[], opts: SweepOptions = {}): Promise<SweepCounts> {
  const rows = await deps.db.job.findMany({
    where: { status: { in: ["pending", "running"] }, jobType: { in: queues }, updatedAt: { lt: new Date(Date.now() - (opts.minAgeMs ?? 5_000)) } },
    orderBy: { updatedAt: "asc" },
    take: opts.take ?? 500,
  });
  const counts: SweepCounts = { requeued: 0, settled: 0, childrenRequeued: 0 };
  let failuresInARow = 0;
  for (const row of rows) {
    try {
      await sweepRow(deps, row, counts);
      failuresInARow = 0;
    } catch (err) {
      // One row that cannot be repaired (a parent gone meanwhile) must not hold up the rest; a run
      // of failures means Redis or PostgreSQL is unreachable: stop, the next sweep tries again.
      if (++failuresInARow >= 3) throw err;
      console.error(`[orphans] job ${row.id}: ${(err as Error).message}`);
    }
  }
  return counts;
}

async function sweepRow(deps: JobDeps, row: JobRow, counts: SweepCounts): Promise<void> {
  const queueJobId = row.queueJobId ?? jobIds.forRow(row.jobType as QueueName, row.id);
  const bull = await deps.queues[row.jobType as QueueName].getJob(queueJobId);
  const state = bull ? await bull.getState() : "missing";
  if (state === "missing" || state === "unknown") {
    if (await requeueLost(deps, row, bull)) counts.requeued++;
  } else if (state === "failed") {
    const reason = bull!.failedReason || "Failed in the queue";
    if (await settle(deps, row, { status: "failed", errorMessage: reason, level: "error", message: `Failed: ${reason}` })) counts.settled++;
  } else if (state === "completed") {
    if (await settle(deps, row, { status: "completed", result: bull!.returnvalue, level: "info", message: "Completed" })) counts.settled++;
  } else if (row.status === "running" && (state === "waiting" || state === "delayed" || state === "prioritized") && !isFlowParentBetweenSteps(bull!)) {
    if (await settle(deps, row, { status: "pending", level: "warn", message: "The worker stopped; the job is back in the queue" })) counts.settled++;
  } else if (state === "waiting-children") {
    counts.childrenRequeued += await requeueLostChildren(deps, row, bull!);
  }
}

/** A flow parent queued to continue at its next step: its row rightly stays running meanwhile. */
function isFlowParentBetweenSteps(bull: BullJob): boolean {
  return typeof (bull.data as Record<string, unknown> | undefined)?.[FLOW_STEP_KEY] === "string";
}

/** Applies an outcome to a row nobody changed since it was read (so a live worker always wins). */
async function settle(deps: JobDeps, row: JobRow, s: Settle): Promise<boolean> {
  const final = s.status !== "pending";
  const data: Prisma.JobUpdateManyMutationInput = { status: s.status, ...(final ? { finishedAt: new Date() } : {}) };
  if (s.errorMessage !== undefined) data.errorMessage = s.errorMessage.slice(0, 2000);
  if (s.status === "completed") {
    data.progress = 100;
    data.errorMessage = null;
    data.result = s.result == null ? Prisma.DbNull : (s.result as Prisma.InputJsonValue);
  }
  const { count } = await deps.db.job.updateMany({ where: { id: row.id, status: row.status, updatedAt: row.updatedAt }, data });
  if (count !== 1) return false;
  const updated = await deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
  await deps.db.jobEvent.create({ data: { jobId: row.id, level: s.level, message: s.message, progress: updated.progress } });
  await publishJob(deps, updated, s.message);
  return true;
}

/** The flow parent `row` should be queued under: only a parent that is waiting for its children. */
async function waitingFlowParent(deps: JobDeps, row: JobRow): Promise<BullJob | undefined> {
  if (!row.parentId) return undefined;
  const parent = await deps.db.job.findUnique({ where: { id: row.parentId } });
  if (!parent || (parent.status !== "running" && parent.status !== "pending")) return undefined;
  const parentQueueJobId = parent.queueJobId ?? jobIds.forRow(parent.jobType as QueueName, parent.id);
  const bull = await deps.queues[parent.jobType as QueueName].getJob(parentQueueJobId);
  return bull && (await bull.getState()) === "waiting-children" ? bull : undefined;
}

/** Whether a row's parameters still make a valid payload for its queue. */
function hasValidPayload(row: JobRow): boolean {
  try {
    payloadFor(row.jobType as QueueName, row, (row.params ?? {}) as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}

/** Adds the row's BullMQ job again (same id, payload rebuilt from the row), under `parent` when given. */
export async function addAgain(deps: JobDeps, row: JobRow, parent: BullJob | undefined): Promise<void> {
  await addRowToQueue(deps, row, parent ? { flowParent: flowParentOf(parent) } : {});
}

async function requeueLost(deps: JobDeps, row: JobRow, leftover: BullJob | undefined, parent?: BullJob): Promise<boolean> {
  if (await isCancelRequested(deps, row.id)) {
    return settle(deps, row, { status: "cancelled", level: "warn", message: "Cancelled by the user" });
  }
  const losses = await deps.db.jobEvent.count({ where: { jobId: row.id, message: { startsWith: LOST_MESSAGE } } });
  if (losses >= MAX_LOSSES) {
    const reason = `${LOST_MESSAGE} ${losses + 1} times; retry the job`;
    return settle(deps, row, { status: "failed", errorMessage: reason, level: "error", message: `Failed: ${reason}` });
  }
  // A job hash in no state at all cannot be added again under its id until it is removed.
  if (leftover && (await leftover.remove().then(() => false, () => true))) return false;
  if (!hasValidPayload(row)) {
    const reason = `${LOST_MESSAGE} and its parameters are no longer valid`;
    return settle(deps, row, { status: "failed", errorMessage: reason, level: "error", message: `Failed: ${reason}` });
  }
  const under = parent ?? (await waitingFlowParent(deps, row));
  // Queued first, the row updated after: if Redis refuses, nothing changed and the next sweep tries again.
  await addAgain(deps, row, under);
  return settle(deps, row, {
    status: "pending",
    level: "warn",
    message: `${LOST_MESSAGE}; queued again${under ? " under its parent job" : ""} (${losses + 1} of ${MAX_LOSSES})`,
  });
}

/** A flow parent waiting for children whose BullMQ jobs are gone: queues those children again under it. */
async function requeueLostChildren(deps: JobDeps, parentRow: JobRow, parent: BullJob): Promise<number> {
  const { unprocessed = [] } = await parent.getDependencies({ unprocessed: { count: 1000 } });
  const redis = queuesRedis(deps.queues);
  let requeued = 0;
  for (const key of unprocessed) {
    if ((await redis.exists(key)) === 1) continue;
    const queueJobId = key.slice(key.lastIndexOf(":") + 1);
    const child = await deps.db.job.findFirst({ where: { queueJobId, parentId: parentRow.id } });
    if (!child) {
      console.error(`[orphans] job ${parentRow.id} waits for ${key}, which is gone and has no Job row`);
      continue;
    }
    if (child.status === "pending" || child.status === "running") {
      if (await requeueLost(deps, child, undefined, parent)) requeued++;
      continue;
    }
    // Settled already: queued again only so that BullMQ lets the parent go on (the lifecycle ends it at once).
    await addAgain(deps, child, parent);
    await deps.db.jobEvent.create({
      data: { jobId: parentRow.id, level: "warn", message: `A finished child job (${child.jobType}) was lost from the queue; queued again so this job can go on`, progress: parentRow.progress },
    });
    requeued++;
  }
  return requeued;
}
