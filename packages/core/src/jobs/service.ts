import { jobIds, type QueueName } from "@outreach/contracts";
import { Prisma, type Job } from "@outreach/db";
import { clearCancel, requestCancel } from "./cancel.ts";
import type { JobDeps } from "./deps.ts";
import { enqueueJob, queueOrFail, type EnqueueJobInput } from "./enqueue.ts";
import { CampaignNotFoundError, JobNotFoundError, JobStateError } from "./errors.ts";
import { publishJob } from "./events.ts";

export type StartJobInput = Pick<EnqueueJobInput, "type" | "userId" | "campaignId" | "params" | "flowParent"> & { parentId?: string };

/**
 * A job a user (or a flow parent acting for them) starts: the campaign and the parent job must be
 * theirs; then the one enqueue path (a failed enqueue leaves the row failed with the reason).
 */
export async function startJob(deps: JobDeps, input: StartJobInput): Promise<Job> {
  const { db } = deps;
  const campaign = await db.campaign.findFirst({ where: { id: input.campaignId, userId: input.userId }, select: { id: true } });
  if (!campaign) throw new CampaignNotFoundError(input.campaignId);
  if (input.parentId) {
    const parent = await db.job.findFirst({ where: { id: input.parentId, userId: input.userId }, select: { id: true } });
    if (!parent) throw new JobNotFoundError(input.parentId);
  }
  return (await enqueueJob(deps, input)).row;
}

async function ownedJob(deps: JobDeps, userId: string, jobId: string): Promise<Job> {
  const row = await deps.db.job.findFirst({ where: { id: jobId, userId } });
  if (!row) throw new JobNotFoundError(jobId);
  return row;
}

/**
 * Pending: removed from the queue and marked cancelled at once. Running (or just picked up): a
 * cancel flag plus a message to the workers; the processor stops at its next checkpoint and the
 * worker marks the row cancelled (never failed or completed). Returns the row as it is now.
 */
export async function cancelJob(deps: JobDeps, userId: string, jobId: string): Promise<Job> {
  const cancelled = await cancelOne(deps, userId, jobId);
  // A discovery waits for its enrichment children: cancelling it cancels them too (BullMQ drops a
  // removed parent's children, and their rows must not stay pending).
  const children = await deps.db.job.findMany({ where: { parentId: jobId, status: { in: ["pending", "running"] } }, select: { id: true } });
  for (const child of children) {
    await cancelJob(deps, userId, child.id).catch((err) => {
      if (!(err instanceof JobStateError)) throw err;
    });
  }
  return cancelled;
}

async function cancelOne(deps: JobDeps, userId: string, jobId: string): Promise<Job> {
  const { db } = deps;
  const row = await ownedJob(deps, userId, jobId);
  if (row.status !== "pending" && row.status !== "running") {
    throw new JobStateError(`Job ${jobId} is already ${row.status} and cannot be cancelled`);
  }
  const queueJobId = row.queueJobId ?? jobIds.forRow(row.jobType as QueueName, row.id);
  // Set the flag first: a worker that grabs the job from now on sees it before doing any work.
  await requestCancel(deps, row.id, queueJobId);
  // remove() refuses a job a worker holds a live lock on (returns 0); anything else is not running.
  const queue = deps.queues[row.jobType as QueueName];
  const removed = await queue.remove(queueJobId);
  const bullJob = removed ? undefined : await queue.getJob(queueJobId);
  const state = bullJob ? await bullJob.getState() : "missing";
  if (removed === 1 || ["missing", "unknown", "failed", "completed"].includes(state)) {
    // Nobody holds it: finish it here. The conditional update loses to a worker that finished first.
    const { count } = await db.job.updateMany({
      where: { id: row.id, status: { in: ["pending", "running"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (count === 1) {
      await db.jobEvent.create({ data: { jobId: row.id, level: "warn", message: "Cancelled by the user", progress: row.progress } });
      const updated = await db.job.findUniqueOrThrow({ where: { id: row.id } });
      await publishJob(deps, updated, "Cancelled by the user");
      return updated;
    }
    return db.job.findUniqueOrThrow({ where: { id: row.id } });
  }
  await db.jobEvent.create({ data: { jobId: row.id, level: "warn", message: "Cancellation requested", progress: row.progress } });
  return db.job.findUniqueOrThrow({ where: { id: row.id } });
}

/**
 * Runs a failed or cancelled job again under the same row and BullMQ id: attempts start over.
 */
export async function retryJob(deps: JobDeps, userId: string, jobId: string): Promise<Job> {
  const { db } = deps;
  const row = await ownedJob(deps, userId, jobId);
  if (row.status !== "failed" && row.status !== "cancelled") {
    throw new JobStateError(`Only failed or cancelled jobs can be retried; job ${jobId} is ${row.status}`);
  }
  if (!row.campaignId) throw new JobStateError(`Job ${jobId} has no campaign and cannot be retried`);
  const type = row.jobType as QueueName;
  const queueJobId = row.queueJobId ?? jobIds.forRow(type, row.id);
  // A job that was just cancelled or failed can hold its worker's lock a few ms longer.
  let removed = 0;
  for (let i = 0; i < 10; i++) {
    removed = await deps.queues[type].remove(queueJobId);
    if (removed === 1 || !(await deps.queues[type].getJob(queueJobId))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  if (removed === 0 && (await deps.queues[type].getJob(queueJobId))) {
    throw new JobStateError(`Job ${jobId} is still being stopped by a worker; try again in a moment`);
  }
  const { count } = await db.job.updateMany({
    where: { id: row.id, status: row.status },
    data: { status: "pending", progress: 0, attempts: 0, errorMessage: null, result: Prisma.DbNull, startedAt: null, finishedAt: null, queueJobId },
  });
  if (count !== 1) throw new JobStateError(`Job ${jobId} changed while retrying; reload and try again`);
  await clearCancel(deps, row.id);
  await db.jobEvent.create({ data: { jobId: row.id, level: "info", message: "Retried by the user", progress: 0 } });
  const updated = await db.job.findUniqueOrThrow({ where: { id: row.id } });
  return queueOrFail(deps, updated, { message: "Retried by the user" });
}
