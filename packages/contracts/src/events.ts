import { z } from "zod";

/**
 * Pub/sub topics shared by the API (subscribers) and the worker (publisher). Events are small and
 * id-only: subscribers re-read the record through GraphQL, which re-checks who may see it.
 */
export const JOB_STATUSES = ["pending", "running", "completed", "failed", "cancelled"] as const;

export const jobProgressEvent = z.object({
  jobId: z.string(),
  userId: z.string(),
  campaignId: z.string().nullable(),
  status: z.enum(JOB_STATUSES),
  progress: z.number().int().min(0).max(100),
  message: z.string().nullable(),
  seq: z.number().int(),
});
export type JobProgressEvent = z.infer<typeof jobProgressEvent>;

export const jobUpdatedEvent = z.object({ jobId: z.string(), userId: z.string(), campaignId: z.string() });
export type JobUpdatedEvent = z.infer<typeof jobUpdatedEvent>;

export const prospectUpdatedEvent = z.object({
  prospectId: z.string(),
  userId: z.string(),
  campaignId: z.string(),
});
export type ProspectUpdatedEvent = z.infer<typeof prospectUpdatedEvent>;

/** graphql-yoga createPubSub map: topic -> [id, payload]. */
export type PubSubChannels = {
  jobProgress: [jobId: string, payload: JobProgressEvent];
  jobUpdated: [campaignId: string, payload: JobUpdatedEvent];
  prospectUpdated: [campaignId: string, payload: ProspectUpdatedEvent];
};
