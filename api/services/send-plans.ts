import { loadSendPlans, type SendQueuePreview } from "@outreach/core/outreach";
import type { Db } from "@outreach/db";

type Batch = { ids: Set<string>; result: Promise<Map<string, SendQueuePreview>> };
const batches = new WeakMap<object, Batch>();

/**
 * The send plan of a campaign the viewer owns (ownership is the caller's check), batched per
 * request: every campaign asked for in the same tick (a list of campaigns) is planned with one
 * `loadSendPlans`, so a list never plans campaign by campaign.
 */
export function sendPlanOf(ctx: { db: Db }, campaignId: string): Promise<SendQueuePreview | undefined> {
  let batch = batches.get(ctx);
  if (!batch) {
    const ids = new Set<string>();
    const result = new Promise<Map<string, SendQueuePreview>>((resolve, reject) =>
      process.nextTick(() => {
        batches.delete(ctx);
        loadSendPlans(ctx.db, [...ids], new Date()).then(resolve, reject);
      }),
    );
    batch = { ids, result };
    batches.set(ctx, batch);
  }
  batch.ids.add(campaignId);
  return batch.result.then((plans) => plans.get(campaignId));
}
