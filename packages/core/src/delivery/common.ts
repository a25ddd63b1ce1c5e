import { createHash } from "node:crypto";
import { jobIds, payloadSchemas, type Env, type EventBus, type QueueName } from "@outreach/contracts";
import { Prisma, type Db } from "@outreach/db";
import type { CallContext, GmailClient, ProviderMode } from "@outreach/providers";
import type { JobDeps } from "../jobs/deps.ts";
import { defaultJobOptions, type Queues } from "../jobs/queues.ts";
import { publishJob } from "../jobs/signals.ts";
import { pipelineDepsForJob } from "../pipeline/deps.ts";

/**
 * What the delivery services (send, follow-ups, reply sync) need: the job deps plus one Gmail
 * client attributed to the job or user, and whether Gmail is live or the sandbox fake.
 */
export interface DeliveryDeps {
  db: Db;
  bus: EventBus;
  queues: Queues;
  env: Env;
  gmail: GmailClient;
  gmailMode: ProviderMode;
  /** The clock (tests move it). */
  now?: () => Date;
}

export const nowOf = (d: Pick<DeliveryDeps, "now">) => (d.now ? d.now() : new Date());

/** Runs fn with DeliveryDeps built from JobDeps (providers from pipelineDepsForJob), closing them after. */
export async function withDelivery<T>(deps: JobDeps, context: CallContext, fn: (d: DeliveryDeps) => Promise<T>): Promise<T> {
  const p = pipelineDepsForJob(deps, context);
  try {
    const extra = deps as JobDeps & { now?: () => Date };
    return await fn({ db: deps.db, bus: deps.bus, queues: deps.queues, env: deps.env, gmail: p.providers.gmail, gmailMode: p.providers.modes.gmail, now: extra.now });
  } finally {
    await p.close();
  }
}

/** A UUID derived from its parts: the same work always gets the same Job row id (and BullMQ id). */
export function deterministicUuid(...parts: (string | number)[]): string {
  const h = createHash("sha256").update(`outreach.delivery:${parts.join(":")}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function publishProspect(bus: EventBus, p: { id: string; campaignId: string; userId: string }) {
  bus.publish("prospectUpdated", p.campaignId, { prospectId: p.id, userId: p.userId, campaignId: p.campaignId });
}

export interface EnqueueInput {
  type: Extract<QueueName, "send" | "followup" | "sync">;
  /** Deterministic Job row id: a second enqueue of the same work is a no-op. */
  rowId: string;
  /** BullMQ job id; defaults to jobIds.forRow(type, rowId). */
  queueJobId?: string;
  userId: string;
  campaignId: string;
  params: Record<string, unknown>;
  parentId?: string | null;
  /** Run at (BullMQ delay). */
  runAt?: Date;
  message?: string;
  now: Date;
}

/**
 * Creates a Job row (pending) and its BullMQ job, both with deterministic ids, optionally delayed.
 * Returns false when that row already exists (the work was already queued). Used for deferred
 * sends (a time rule said "later"), follow-ups the sweep found due, and requeued sends.
 */
export async function enqueueDeliveryJob(deps: Pick<JobDeps, "db" | "bus" | "queues" | "env">, input: EnqueueInput): Promise<boolean> {
  const { db } = deps;
  const queueJobId = input.queueJobId ?? jobIds.forRow(input.type, input.rowId);
  const payload = payloadSchemas[input.type].parse({ ...input.params, jobRowId: input.rowId, userId: input.userId, campaignId: input.campaignId });
  const delay = input.runAt ? Math.max(0, input.runAt.getTime() - input.now.getTime()) : 0;
  const message = input.message ?? (delay > 0 ? `Queued to run at ${input.runAt!.toISOString()}` : "Queued");
  // The parent link is informational: only kept when that Job row exists.
  const parentId = input.parentId && (await db.job.findUnique({ where: { id: input.parentId }, select: { id: true } })) ? input.parentId : null;
  let row;
  try {
    row = await db.job.create({
      data: {
        id: input.rowId,
        userId: input.userId,
        campaignId: input.campaignId,
        parentId,
        jobType: input.type,
        params: input.params as Prisma.InputJsonValue,
        status: "pending",
        queueJobId,
        events: { create: { level: "info", message, progress: 0 } },
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      // Already queued (by us earlier, or by another worker at the same moment). Make sure the
      // BullMQ job exists too, in case the process died between the two writes.
      const existing = await db.job.findUnique({ where: { id: input.rowId } });
      if (existing && (existing.status === "pending" || existing.status === "running")) {
        await deps.queues[input.type].add(input.type, payload, { ...defaultJobOptions(deps.env), jobId: queueJobId, delay });
      }
      return false;
    }
    throw err;
  }
  await deps.queues[input.type].add(input.type, payload, { ...defaultJobOptions(deps.env), jobId: queueJobId, delay });
  await publishJob(deps, row, message);
  return true;
}

/** Campaign and user of a prospect, for events and job rows. */
export async function prospectOwner(db: Db, prospectId: string) {
  return db.prospect.findUnique({ where: { id: prospectId }, select: { id: true, campaignId: true, domain: true, campaign: { select: { userId: true } } } });
}
