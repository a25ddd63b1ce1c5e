import { z } from "zod";

/** Every BullMQ queue the product runs. Names are also the JobType stored on the Job row. */
export const QUEUE_NAMES = ["discover", "enrich", "score", "compose", "send", "followup", "sync"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const uuid = z.string().uuid();

/** Payloads carry ids, never rows. `jobRowId` is the Job table row that mirrors the BullMQ job. */
const base = z.object({ jobRowId: uuid, userId: uuid });

export const payloadSchemas = {
  discover: base.extend({ campaignId: uuid, keywords: z.array(z.string().min(1)).min(1).max(50) }),
  enrich: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).min(1) }),
  score: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).optional() }),
  compose: base.extend({ campaignId: uuid, prospectIds: z.array(uuid).min(1) }),
  send: base.extend({ campaignId: uuid, emailLogId: uuid }),
  followup: base.extend({ campaignId: uuid, prospectId: uuid, step: z.number().int().min(1) }),
  sync: base.extend({ campaignId: uuid.optional() }),
} satisfies Record<QueueName, z.ZodType>;

export type JobPayload<Q extends QueueName> = z.infer<(typeof payloadSchemas)[Q]>;

export function parsePayload<Q extends QueueName>(queue: Q, data: unknown): JobPayload<Q> {
  return payloadSchemas[queue].parse(data) as JobPayload<Q>;
}

/**
 * Deterministic BullMQ job ids. A Job row is created first; the BullMQ job takes an id derived
 * from it, so enqueueing the same row twice is a no-op. Sends are keyed by what they send.
 * BullMQ forbids ':' in custom ids, so parts are joined with '.'.
 */
export const jobIds = {
  forRow: (queue: QueueName, jobRowId: string) => `${queue}.${jobRowId}`,
  send: (emailLogId: string) => `send.${emailLogId}`,
  followup: (prospectId: string, step: number) => `followup.${prospectId}.${step}`,
};

export function jobRowIdFromQueueJobId(queueJobId: string): string | undefined {
  const [, rowId] = queueJobId.split(".");
  return rowId && uuid.safeParse(rowId).success ? rowId : undefined;
}
