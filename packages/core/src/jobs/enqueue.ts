import { randomUUID } from "node:crypto";
import { jobIds, payloadSchemas, type QueueName } from "@outreach/contracts";
import { Prisma, type Job } from "@outreach/db";
import type { Job as BullJob } from "bullmq";
import type { JobDeps } from "./deps.ts";
import { JobInputError } from "./errors.ts";
import { publishJob } from "./events.ts";
import { defaultJobOptions } from "./queues.ts";

/**
 * The one way work gets queued: a Job row (what users see) and its BullMQ job (what workers run),
 * both with deterministic ids and an ids-only payload. One failure rule for every job type: when
 * Redis refuses the job, the row is marked failed with the reason (and an event says so), so a
 * row never looks queued while nothing will run it.
 */

export interface EnqueueJobInput {
  type: QueueName;
  userId: string;
  campaignId: string;
  params?: Record<string, unknown>;
  /** A deterministic row id makes a second enqueue of the same work a no-op; random when absent. */
  rowId?: string;
  /** BullMQ job id; defaults to jobIds.forRow(type, rowId). */
  queueJobId?: string;
  /** The Job row this one belongs to (informational: kept only when that row exists). */
  parentId?: string | null;
  /**
   * Makes the BullMQ job a child of this BullMQ job (a flow): the parent waits for it in
   * waiting-children. A child that fails for good does not block the parent.
   */
  flowParent?: { id: string; queue: string };
  /** Run at (a BullMQ delay counted from `now`). */
  runAt?: Date;
  now?: Date;
  /** The first event of the row; "Queued" (or "Queued to run at …") by default. */
  message?: string;
}

export interface EnqueuedJob {
  row: Job;
  /** False when a row with this id already existed: the work was queued before. */
  created: boolean;
}

/** The payload a row's BullMQ job carries, validated against its queue's schema. */
export function payloadFor(type: QueueName, row: Pick<Job, "id" | "userId" | "campaignId">, params: Record<string, unknown>) {
  const parsed = payloadSchemas[type].safeParse({ ...params, jobRowId: row.id, userId: row.userId, ...(row.campaignId ? { campaignId: row.campaignId } : {}) });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "params"}: ${i.message}`).join("; ");
    throw new JobInputError(`Invalid ${type} job parameters: ${problems}`);
  }
  return parsed.data;
}

/** Adds (or adds again) the BullMQ job of a row, with the payload rebuilt from the row. */
export async function addRowToQueue(
  deps: Pick<JobDeps, "queues" | "env">,
  row: Job,
  opts: { delayMs?: number; flowParent?: { id: string; queue: string }; params?: Record<string, unknown> } = {},
): Promise<void> {
  const type = row.jobType as QueueName;
  const payload = payloadFor(type, row, opts.params ?? ((row.params ?? {}) as Record<string, unknown>));
  const flow = opts.flowParent ? { parent: opts.flowParent, ignoreDependencyOnFailure: true } : {};
  await deps.queues[type].add(type, payload, {
    ...defaultJobOptions(deps.env),
    jobId: row.queueJobId ?? jobIds.forRow(type, row.id),
    ...(opts.delayMs ? { delay: opts.delayMs } : {}),
    ...flow,
  });
}

/** The flow-parent reference BullMQ wants for a BullMQ job. */
export const flowParentOf = (bull: BullJob) => ({ id: bull.id!, queue: bull.queueQualifiedName });

/**
 * Queues a row's job, and when Redis refuses: the row failed with the reason, an error event,
 * a published update (best effort: Redis may be the thing that is down), then the error again.
 */
export async function queueOrFail(
  deps: JobDeps,
  row: Job,
  opts: Parameters<typeof addRowToQueue>[2] & { message: string },
): Promise<Job> {
  try {
    await addRowToQueue(deps, row, opts);
  } catch (err) {
    const message = `Could not queue the job: ${(err as Error).message}`;
    const failed = await deps.db.job.update({
      where: { id: row.id },
      data: { status: "failed", errorMessage: message, finishedAt: new Date(), events: { create: { level: "error", message, progress: row.progress } } },
    });
    await publishJob(deps, failed, message).catch(() => {});
    throw err;
  }
  await publishJob(deps, row, opts.message);
  return row;
}

export async function enqueueJob(deps: JobDeps, input: EnqueueJobInput): Promise<EnqueuedJob> {
  const { db } = deps;
  const id = input.rowId ?? randomUUID();
  const params = input.params ?? {};
  const queueJobId = input.queueJobId ?? jobIds.forRow(input.type, id);
  payloadFor(input.type, { id, userId: input.userId, campaignId: input.campaignId }, params); // before anything is written
  const now = input.now ?? new Date();
  const delayMs = input.runAt ? Math.max(0, input.runAt.getTime() - now.getTime()) : 0;
  const message = input.message ?? (delayMs > 0 ? `Queued to run at ${input.runAt!.toISOString()}` : "Queued");
  const parentId = input.parentId && (await db.job.findUnique({ where: { id: input.parentId }, select: { id: true } })) ? input.parentId : null;
  let row: Job;
  try {
    row = await db.job.create({
      data: {
        id,
        userId: input.userId,
        campaignId: input.campaignId,
        parentId,
        jobType: input.type,
        params: params as Prisma.InputJsonValue,
        status: "pending",
        queueJobId,
        events: { create: { level: "info", message, progress: 0 } },
      },
    });
  } catch (err) {
    if (!(input.rowId && err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
    // Queued before (by us earlier, or by another worker at the same moment). Make sure the BullMQ
    // job exists too, in case the process died between the two writes (adding an id again is a no-op).
    const existing = await db.job.findUniqueOrThrow({ where: { id } });
    if (existing.status === "pending" || existing.status === "running") await addRowToQueue(deps, existing, { delayMs, flowParent: input.flowParent });
    return { row: existing, created: false };
  }
  return { row: await queueOrFail(deps, row, { delayMs, flowParent: input.flowParent, params, message }), created: true };
}
