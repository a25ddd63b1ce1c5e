import { loadSendPlans, type SendQueuePreview } from "@outreach/core/outreach";
import type { Db } from "@outreach/db";
import { requestBatcher } from "./request-batch.ts";

/**
 * The send plan of a campaign the viewer owns (ownership is the caller's check), batched per
 * request: every campaign asked for in the same tick (a list of campaigns) is planned with one
 * `loadSendPlans`, so a list never plans campaign by campaign.
 */
export const sendPlanOf: (ctx: { db: Db }, campaignId: string) => Promise<SendQueuePreview | undefined> = requestBatcher((ctx: { db: Db }, ids) =>
  loadSendPlans(ctx.db, ids, new Date()),
);
