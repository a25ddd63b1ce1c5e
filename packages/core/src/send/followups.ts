import { normalizeDomain } from "@outreach/contracts";
import type { Campaign, Db, OutreachStatus, Prospect } from "@outreach/db";
import { DateTime } from "luxon";

/**
 * Follow-up timing and stopping a sequence.
 * - Follow-up n (step n, 1-based) is due followUpDelaysDays[n-1] calendar days after the last
 *   send, counted in the campaign's time zone (a DST change does not move the local time).
 * - A reply, bounce or unsubscribe stops everything for that domain (`stopSequenceForDomain`).
 * - An out-of-office reply postpones the next follow-up (`postponeForOutOfOffice`).
 * Whether anyone replied in the thread is a live Gmail check the follow-up processor makes
 * before sending; these rules only decide timing and bookkeeping.
 */

export type FollowUpDecision =
  | { due: true; step: number; dueAt: Date }
  | { due: false; step: number; dueAt: Date }
  | { due: false; step: null; reason: "not_sent" | "stopped" | "max_reached" };

export function followUpDue(
  campaign: Pick<Campaign, "followUpDelaysDays" | "maxFollowUps" | "timeZone">,
  prospect: Pick<Prospect, "followupsSent" | "outreachStatus" | "stage">,
  lastSentAt: Date | null,
  now: Date,
): FollowUpDecision {
  if (prospect.outreachStatus !== "sent" || ["replied", "accepted", "rejected", "skipped"].includes(prospect.stage)) {
    return { due: false, step: null, reason: prospect.outreachStatus === "pending" ? "not_sent" : "stopped" };
  }
  if (!lastSentAt) return { due: false, step: null, reason: "not_sent" };
  const step = prospect.followupsSent + 1;
  const delay = campaign.followUpDelaysDays[step - 1];
  if (step > campaign.maxFollowUps || delay === undefined) return { due: false, step: null, reason: "max_reached" };
  const dueAt = DateTime.fromJSDate(lastSentAt, { zone: campaign.timeZone }).plus({ days: delay }).toJSDate();
  return { due: now >= dueAt, step, dueAt };
}

/**
 * The new due time after an out-of-office reply: the day after the person is back (when the
 * reply said when), else `defaultDays` after now; never earlier than it already was.
 */
export function postponeForOutOfOffice(args: { dueAt: Date; now: Date; returnsOn?: Date | null; defaultDays?: number; timeZone?: string }): Date {
  const zone = args.timeZone ?? "UTC";
  const back = args.returnsOn && args.returnsOn > args.now ? args.returnsOn : DateTime.fromJSDate(args.now, { zone }).plus({ days: args.defaultDays ?? 7 }).toJSDate();
  const candidate = DateTime.fromJSDate(back, { zone }).plus({ days: 1 }).toJSDate();
  return candidate > args.dueAt ? candidate : args.dueAt;
}

export interface StopSequenceResult {
  /** Prospects that had been written to: now carry the given outreach status. */
  stopped: number;
  /** Prospects on the domain never written to: now skipped with the reason. */
  skipped: number;
  /** Drafts and approved emails that will now never be sent (status failed, error = reason). */
  cancelled: number;
}

const STAGE_FOR: Partial<Record<OutreachStatus, "replied" | "accepted" | "rejected">> = {
  replied: "replied",
  accepted: "accepted",
  rejected: "rejected",
};

/**
 * Someone at `domain` replied (or bounced, or unsubscribed): stop the user's whole outreach to
 * it, in every campaign. Prospects already written to (outreach sent) take `outreachStatus`
 * (and the matching stage for replied/accepted/rejected; a decided prospect is not downgraded);
 * prospects never written to are skipped with the reason; every draft or approved email to the
 * domain is cancelled. Emails in flight (sending) are left to finish and be recorded.
 */
export async function stopSequenceForDomain(
  db: Db,
  userId: string,
  domain: string,
  opts: { outreachStatus: OutreachStatus; reason: string },
): Promise<StopSequenceResult> {
  const d = normalizeDomain(domain);
  const reason = opts.reason.slice(0, 500);
  return db.$transaction(async (tx) => {
    const where = { domain: d, campaign: { userId } };
    const stage = STAGE_FOR[opts.outreachStatus];
    const stopped = await tx.prospect.updateMany({
      where: { ...where, outreachStatus: "sent" },
      data: { outreachStatus: opts.outreachStatus, ...(stage ? { stage } : {}) },
    });
    const skipped = await tx.prospect.updateMany({
      where: { ...where, outreachStatus: "pending", stage: { notIn: ["skipped", "replied", "accepted", "rejected"] } },
      data: { stage: "skipped", skipReason: reason },
    });
    const cancelled = await tx.emailLog.updateMany({
      where: { prospect: where, status: { in: ["draft", "approved"] } },
      data: { status: "failed", error: reason },
    });
    return { stopped: stopped.count, skipped: skipped.count, cancelled: cancelled.count };
  });
}
