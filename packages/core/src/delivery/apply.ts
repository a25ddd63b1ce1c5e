import { jobIds } from "@outreach/contracts";
import { followUpDue, postponeForOutOfOffice, stopSequenceForDomain } from "../send/followups.ts";
import { returnDateFromAutoReply } from "./return-date.ts";
import { addSuppression } from "../send/suppression.ts";
import { deterministicUuid, enqueueDeliveryJob, nowOf, publishProspect, type DeliveryDeps } from "./common.ts";
import type { ClassifiedInbound } from "./inbound.ts";

/**
 * What an inbound message does to our records (shared by the reply sync and the follow-up's
 * live thread check). Every action is idempotent: seeing the same message twice changes nothing.
 */

export type InboundAction = "replied" | "bounced" | "unsubscribed" | "postponed" | "ignored";

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
  return enqueueDeliveryJob(d, {
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

async function publishDomain(d: Pick<DeliveryDeps, "db" | "bus">, userId: string, domain: string) {
  const ps = await d.db.prospect.findMany({ where: { domain, campaign: { userId } }, select: { id: true, campaignId: true } });
  for (const p of ps) publishProspect(d.bus, { id: p.id, campaignId: p.campaignId, userId });
}

/**
 * Applies one classified inbound message to the EmailLog it answers:
 * - reply: EmailLog.response = their words, prospect replied (stage replied), domain stopped;
 * - unsubscribe: the address suppressed (unsubscribed), prospect replied, domain stopped;
 * - bounce: EmailLog bounced, failed addresses suppressed (bounced), domain stopped;
 * - out_of_office: the next follow-up waits until after they are back.
 */
export async function applyInbound(
  d: Pick<DeliveryDeps, "db" | "bus" | "queues" | "env" | "now">,
  emailLogId: string,
  msg: ClassifiedInbound,
): Promise<InboundAction> {
  const { db } = d;
  const now = nowOf(d);
  const log = await db.emailLog.findUnique({
    where: { id: emailLogId },
    select: {
      id: true,
      status: true,
      toEmail: true,
      prospect: {
        select: {
          id: true,
          domain: true,
          campaignId: true,
          contactEmail: true,
          outreachStatus: true,
          stage: true,
          followupsSent: true,
          lastSent: true,
          campaign: { select: { userId: true, timeZone: true, followUpDelaysDays: true, maxFollowUps: true } },
        },
      },
    },
  });
  if (!log) return "ignored";
  const p = log.prospect;
  const userId = p.campaign.userId;
  const recipient = log.toEmail ?? p.contactEmail;

  switch (msg.kind) {
    case "bounce": {
      const bounced = await db.emailLog.updateMany({
        where: { id: log.id, status: { in: ["sent", "sending"] } },
        data: { status: "bounced", error: `bounced: ${msg.diagnostic ?? "the address could not be reached"}`.slice(0, 2000) },
      });
      const addresses = msg.failedRecipients.length ? msg.failedRecipients : recipient ? [recipient] : [];
      for (const a of addresses) {
        try {
          await addSuppression(db, userId, a, "bounced", `bounce of email ${log.id}${msg.diagnostic ? `: ${msg.diagnostic}` : ""}`);
        } catch {
          // not an address we can store; the EmailLog still says bounced
        }
      }
      await stopSequenceForDomain(db, userId, p.domain, { outreachStatus: "sent", reason: `bounced: ${addresses.join(", ") || "address not found"}` });
      await publishDomain(d, userId, p.domain);
      return bounced.count || addresses.length ? "bounced" : "ignored";
    }
    case "unsubscribe": {
      for (const a of new Set([recipient, msg.from].filter((x): x is string => !!x))) {
        try {
          await addSuppression(db, userId, a, "unsubscribed", `asked by reply to email ${log.id}`);
        } catch {
          // ignore unparseable addresses
        }
      }
      await db.emailLog.update({ where: { id: log.id }, data: { response: msg.text || msg.subject } });
      await stopSequenceForDomain(db, userId, p.domain, { outreachStatus: "replied", reason: "unsubscribed" });
      await publishDomain(d, userId, p.domain);
      return "unsubscribed";
    }
    case "reply": {
      await db.emailLog.update({ where: { id: log.id }, data: { response: msg.text || msg.subject } });
      await stopSequenceForDomain(db, userId, p.domain, { outreachStatus: "replied", reason: "replied" });
      await publishDomain(d, userId, p.domain);
      return "replied";
    }
    case "out_of_office": {
      const decision = followUpDue(p.campaign, p, p.lastSent, now);
      if (decision.step === null) return "ignored";
      const runAt = dueAfterOutOfOffice(decision.dueAt, { receivedAt: msg.date ?? now, text: `${msg.subject}\n${msg.text}` }, p.campaign.timeZone);
      await scheduleFollowUp(d, {
        prospectId: p.id,
        step: decision.step,
        userId,
        campaignId: p.campaignId,
        runAt,
        now,
        message: `Out-of-office reply: follow-up ${decision.step} waits until ${runAt.toISOString()}`,
      });
      publishProspect(d.bus, { id: p.id, campaignId: p.campaignId, userId });
      return "postponed";
    }
  }
}
