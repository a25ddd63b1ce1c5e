import { findStuckSends, reconcileSending, DEFAULT_RECONCILE_GRACE_MS, type ReconcileOutcome } from "../send/claim.ts";
import { deterministicUuid, enqueueDeliveryJob, nowOf, prospectOwner, publishProspect, type DeliveryDeps } from "./common.ts";

/**
 * The "reconcile stuck sends" sweep (scheduled every minute): rows left in `sending` (a worker
 * died or timed out after claiming) are looked up in Gmail. Found: recorded as sent. Not found
 * after the grace period: back to approved, and a new send job is queued for them (its id is
 * derived from the claim, so two sweeps never queue it twice).
 */
export interface ReconcileSweepOptions {
  /** Rows claimed longer ago than this are candidates (a live send finishes well within it). */
  stuckAfterMs?: number;
  /** Gmail search is not instant: a miss is believed only this long after the claim. */
  graceMs?: number;
  take?: number;
}

export const DEFAULT_STUCK_AFTER_MS = 2 * 60_000;

export async function reconcileStuckSends(d: DeliveryDeps, opts: ReconcileSweepOptions = {}): Promise<{ checked: number; sent: number; requeued: number; pending: number }> {
  const now = nowOf(d);
  const stuck = await findStuckSends(d.db, new Date(now.getTime() - (opts.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS)), opts.take ?? 100);
  const counts = { checked: 0, sent: 0, requeued: 0, pending: 0 };
  for (const row of stuck) {
    const owner = await prospectOwner(d.db, row.prospectId);
    if (!owner) continue;
    // A user whose Gmail token is revoked cannot be asked: wait until it is reconnected.
    const paused = await d.db.campaign.findUnique({ where: { id: owner.campaignId }, select: { sendingPausedReason: true } });
    if (paused?.sendingPausedReason?.startsWith("gmail_auth")) continue;
    let result: ReconcileOutcome;
    try {
      result = await reconcileSending(d.db, d.gmail, row, { now, graceMs: opts.graceMs ?? DEFAULT_RECONCILE_GRACE_MS });
    } catch (err) {
      console.error(`[reconcile] ${row.id}: ${(err as Error).message}`);
      continue;
    }
    counts.checked++;
    const ref = { id: owner.id, campaignId: owner.campaignId, userId: owner.campaign.userId };
    if (result.outcome === "sent") {
      counts.sent++;
      publishProspect(d.bus, ref);
    } else if (result.outcome === "pending") {
      counts.pending++;
    } else if (result.outcome === "requeued") {
      counts.requeued++;
      await enqueueDeliveryJob(d, {
        type: "send",
        rowId: deterministicUuid("send-requeued", row.id, row.claimedAt?.getTime() ?? 0),
        userId: owner.campaign.userId,
        campaignId: owner.campaignId,
        params: { emailLogId: row.id },
        now,
        message: "Queued again: an interrupted send was not found in Gmail",
      });
      publishProspect(d.bus, ref);
    }
  }
  return counts;
}
