import { z } from "zod";

/** Every BullMQ queue the product runs. Names are also the JobType stored on the Job row. */
export const QUEUE_NAMES = ["discover", "enrich", "score", "compose", "send", "followup", "sync"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const uuid = z.string().uuid();

/** Payloads carry ids, never rows. `jobRowId` is the Job table row that mirrors the BullMQ job. */
const base = z.object({ jobRowId: uuid, userId: uuid });

export const payloadSchemas = {
  discover: base.extend({ campaignId: uuid, keywords: z.array(z.string().min(1)).min(1).max(50) }),
  /**
   * `thenScore`: the job also scores what it enriched (an import, a hand-added prospect, "Enrich"):
   * nothing else would. Discovery's enrich children leave it unset, their parent scores.
   */
  enrich: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).min(1), thenScore: z.boolean().optional() }),
  score: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).optional() }),
  compose: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).min(1) }),
  /** `manual`: a person pressed "Send now": the gap and the queue order do not apply (every other rule does). */
  send: base.extend({ campaignId: uuid, emailLogId: uuid, manual: z.boolean().optional() }),
  followup: base.extend({ campaignId: uuid, prospectId: uuid, step: z.number().int().min(1) }),
  sync: base.extend({ campaignId: uuid.optional() }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof payloadSchemas)[Q]>;

export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayload<Q> {
  return payloadSchemas[queue].parse(data) as JobPayload<Q>;
}

/**
 * The dispatcher's queue: housekeeping like the delivery ticks (no Job row). One job asks "what
 * should this campaign send, and when next?"; it sends the due email (as a `send` job) or re-arms
 * itself for the planned time.
 */
export const DISPATCH_QUEUE = "dispatch";
export const dispatchPayloadSchema = z.object({ campaignId: uuid });
export type DispatchPayload = z.infer<typeof dispatchPayloadSchema>;

/**
 * Deterministic BullMQ job ids. A Job row is created first; the BullMQ job takes an id derived
 * from it, so enqueueing the same row twice is a no-op.
 * BullMQ forbids ':' in custom ids, so parts are joined with '.'.
 */
export const jobIds = {
  forRow: (queue: QueueName, jobRowId: string) => `${queue}.${jobRowId}`,
  followup: (prospectId: string, step: number) => `followup.${prospectId}.${step}`,
  /** One dispatcher run per campaign and planned instant: arming the same instant twice is a no-op. */
  dispatch: (campaignId: string, atMs: number) => `dispatch.${campaignId}.${atMs}`,
};

export function jobRowIdFromQueueJobId(queueJobId: string): string | undefined {
  const [, rowId] = queueJobId.split(".");
  return rowId && uuid.safeParse(rowId).success ? rowId : undefined;
}
