import { DECIDED_STAGES, jobIds } from "@outreach/contracts";
import type { Campaign, Prospect } from "@outreach/db";
import { DateTime } from "luxon";
import { deterministicUuid, enqueueJob } from "../jobs/index.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { returnDateFromAutoReply } from "./return-date.ts";

/**
 * When the next follow-up is due, and queuing it.
 * - Follow-up n (step n, 1-based) is due followUpDelaysDays[n-1] calendar days after the last
 *   send, counted in the campaign's time zone (a DST change does not move the local time).
 * - An out-of-office reply postpones the next follow-up (`postponeForOutOfOffice`).
 * - One follow-up job per (prospect, step), ever (`followUpRowId`, `scheduleFollowUp`).
 * Whether anyone replied in the thread is a live Gmail check the follow-up job makes before
 * sending (followups.ts); a reply, bounce or unsubscribe stops the domain (apply.ts).
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
  if (prospect.outreachStatus !== "sent" || [...DECIDED_STAGES, "skipped"].includes(prospect.stage)) {
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

/** The Job row id of "follow-up n of this prospect": one per (prospect, step), ever. */
export const followUpRowId = (prospectId: string, step: number) => deterministicUuid("followup", prospectId, step);

/**
 * Queues follow-up `step` for the prospect at `runAt` (jobIds.followup(prospectId, step)).
 * False when it was already queued (by the sweep, an out-of-office reply or an earlier run).
 */
export async function scheduleFollowUp(
  d: Pick<DeliveryDeps, "db" | "bus" | "queues" | "env">,
  args: { prospectId: string; step: number; userId: string; campaignId: string; runAt: Date; now: Date; message?: string },
): Promise<boolean> {
  const { created } = await enqueueJob(d, {
    type: "followup",
    rowId: followUpRowId(args.prospectId, args.step),
    queueJobId: jobIds.followup(args.prospectId, args.step),
    userId: args.userId,
    campaignId: args.campaignId,
    params: { prospectId: args.prospectId, step: args.step },
    runAt: args.runAt > args.now ? args.runAt : undefined,
    now: args.now,
    message: args.message,
  });
  return created;
}

/**
 * When the next follow-up may go after an out-of-office reply received at `receivedAt`: the day
 * after the return date the reply gives, else a week after it was received. Computed from the
 * message's own date (not from now), so checking the same reply again later gives the same answer
 * instead of postponing forever.
 */
export function dueAfterOutOfOffice(dueAt: Date, reply: { receivedAt: Date; text: string }, timeZone: string): Date {
  const returnsOn = returnDateFromAutoReply(reply.text, reply.receivedAt, timeZone);
  return postponeForOutOfOffice({ dueAt, now: reply.receivedAt, returnsOn, timeZone, defaultDays: 7 });
}

export type FollowUpDueNow = { ok: true; step: number; jobRowId: string } | { ok: false; reason: string };

/**
 * Sandbox time (Test tools, never with Gmail live; the caller checks): moves the prospect's last
 * send back so its next follow-up is due now, and queues that follow-up at once. Only the
 * follow-up clock moves: the emails keep their real send times (the cap and gap are untouched).
 */
export async function makeFollowUpDueNow(d: Pick<DeliveryDeps, "db" | "bus" | "queues" | "env" | "now">, prospectId: string): Promise<FollowUpDueNow> {
  const now = nowOf(d);
  const prospect = await d.db.prospect.findUniqueOrThrow({
    where: { id: prospectId },
    select: { id: true, campaignId: true, followupsSent: true, outreachStatus: true, stage: true, lastSent: true, campaign: { select: { userId: true, timeZone: true, followUpDelaysDays: true, maxFollowUps: true } } },
  });
  const decision = followUpDue(prospect.campaign, prospect, prospect.lastSent, now);
  if (decision.step === null) {
    const why = { not_sent: "its first email has not been sent yet", stopped: "its sequence has stopped (it replied, was decided or skipped)", max_reached: "every follow-up of the campaign was already sent" };
    return { ok: false, reason: `This prospect has no follow-up to send: ${why[decision.reason]}` };
  }
  const shift = Math.max(0, decision.dueAt.getTime() - now.getTime());
  await d.db.prospect.update({ where: { id: prospect.id }, data: { lastSent: new Date(prospect.lastSent!.getTime() - shift) } });
  const args = { prospectId: prospect.id, step: decision.step, userId: prospect.campaign.userId, campaignId: prospect.campaignId, now };
  const queued = await scheduleFollowUp(d, { ...args, runAt: now, message: `Follow-up ${decision.step} made due now (sandbox Test tools)` });
  // Queued before (a run that found it not due yet waits for the old time): one more run now;
  // the follow-up is written once whatever runs (one EmailLog per prospect and step).
  const rowId = queued ? followUpRowId(prospect.id, decision.step) : deterministicUuid("followup-due-now", prospect.id, decision.step, now.getTime());
  if (!queued) {
    await enqueueJob(d, { type: "followup", rowId, userId: args.userId, campaignId: args.campaignId, params: { prospectId: prospect.id, step: decision.step }, now, message: `Follow-up ${decision.step} made due now (sandbox Test tools)` });
  }
  return { ok: true, step: decision.step, jobRowId: rowId };
}
