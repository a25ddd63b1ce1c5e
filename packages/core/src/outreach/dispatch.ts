import { DISPATCH_QUEUE, jobIds } from "@outreach/contracts";
import { deterministicUuid, enqueueJob, type JobDeps } from "../jobs/index.ts";
import { nowOf } from "./deps.ts";
import { loadSendPlans } from "./plan.ts";
import { SENDING_CAMPAIGN } from "./policy.ts";

/**
 * The dispatcher: sending runs by itself. A campaign's dispatcher run reads its plan (plan.ts)
 * and does one of three things: the head of the plan is due, so it queues its `send` job (the
 * exactly-once path, send.ts); the head is due later, so it arms itself (a delayed BullMQ job)
 * for that instant; or nothing is queued, so it rests until something arms it again.
 *
 * What arms it: the end of every send job (so the next email follows its gap), an approval, a
 * resumed or edited campaign, a follow-up written, and a sweep every minute (worker/runtime/
 * ticks.ts) that catches whatever was missed (a Redis outage, a crash between two writes).
 * Every run is idempotent: a send job's id is derived from (email, attempt), so two runs at the
 * same moment (two workers) queue it once, and the send itself is claimed exactly once.
 */

export type DispatchDeps = JobDeps & { now?: () => Date };

export type DispatchResult =
  | { action: "idle" }
  | { action: "waiting"; at: Date; emailLogId: string }
  | { action: "in_flight"; emailLogId: string; jobRowId: string }
  | { action: "queued"; emailLogId: string; jobRowId: string; plannedAt: Date };

/** Queues a dispatcher run for the campaign at `at` (default: now). Arming one instant twice is a no-op. */
export async function armDispatch(deps: Pick<JobDeps, "queues">, campaignId: string, opts: { at?: Date; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const at = opts.at && opts.at > now ? opts.at : now;
  await deps.queues[DISPATCH_QUEUE].add(
    DISPATCH_QUEUE,
    { campaignId },
    {
      jobId: jobIds.dispatch(campaignId, at.getTime()),
      delay: at.getTime() - now.getTime(),
      attempts: 3,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { count: 100 },
    },
  );
}

/** Best effort after a change a person made: the minute sweep dispatches it anyway if Redis is down now. */
export async function replanCampaign(deps: Pick<JobDeps, "queues">, campaignId: string): Promise<void> {
  await armDispatch(deps, campaignId).catch((err) => console.error(`[dispatch] could not re-plan campaign ${campaignId}: ${(err as Error).message}`));
}

/** After a change to a mailbox (connected again, a new cap): every campaign that sends from it re-plans. */
export async function replanMailbox(deps: Pick<JobDeps, "db" | "queues">, mailboxId: string): Promise<void> {
  const campaigns = await deps.db.campaign.findMany({ where: { mailboxId }, select: { id: true } });
  for (const c of campaigns) await replanCampaign(deps, c.id);
}

/** One dispatcher run for one campaign (see the module comment). */
export async function dispatchCampaign(deps: DispatchDeps, campaignId: string): Promise<DispatchResult> {
  const now = nowOf(deps);
  const plan = (await loadSendPlans(deps.db, [campaignId], now)).get(campaignId);
  const head = plan?.queue[0];
  if (!head) return { action: "idle" };
  if (head.sendJobId) return { action: "in_flight", emailLogId: head.emailLogId, jobRowId: head.sendJobId };
  if (head.estimatedAt > now) {
    await armDispatch(deps, campaignId, { at: head.estimatedAt, now });
    return { action: "waiting", at: head.estimatedAt, emailLogId: head.emailLogId };
  }
  const attempt = await deps.db.job.count({ where: { campaignId, jobType: "send", params: { path: ["emailLogId"], equals: head.emailLogId } } });
  const { row } = await enqueueJob(deps, {
    type: "send",
    rowId: deterministicUuid("send", head.emailLogId, attempt),
    userId: plan.userId,
    campaignId,
    params: { emailLogId: head.emailLogId },
    now,
    message: `Sending to ${head.to} (${head.step === 0 ? "first email" : `follow-up ${head.step}`}), planned for ${head.estimatedAt.toISOString()}`,
  });
  return { action: "queued", emailLogId: head.emailLogId, jobRowId: row.id, plannedAt: head.estimatedAt };
}

/** Campaigns that may have something to send: active, not paused by an alert, with an approved email. */
export async function campaignsToDispatch(deps: Pick<JobDeps, "db">): Promise<string[]> {
  const rows = await deps.db.campaign.findMany({
    where: { ...SENDING_CAMPAIGN, prospects: { some: { emailLogs: { some: { status: "approved" } } } } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
