import { DECIDED_STAGES, normalizeDomain, publishProspectUpdated } from "@outreach/contracts";
import type { Db, OutreachStatus } from "@outreach/db";
import { addSuppression } from "../suppression/index.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { dueAfterOutOfOffice, followUpDue, scheduleFollowUp } from "./followup-schedule.ts";
import type { ClassifiedInbound } from "./inbound.ts";

/**
 * What an inbound message does to our records (shared by the reply sync and the follow-up's
 * live thread check). Every action is idempotent: seeing the same message twice changes nothing.
 */

export type InboundAction = "replied" | "bounced" | "unsubscribed" | "postponed" | "ignored";

async function publishDomain(d: Pick<DeliveryDeps, "db" | "bus">, userId: string, domain: string) {
  const ps = await d.db.prospect.findMany({ where: { domain, campaign: { userId } }, select: { id: true, campaignId: true } });
  for (const p of ps) publishProspectUpdated(d.bus, { id: p.id, campaignId: p.campaignId, userId });
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
      publishProspectUpdated(d.bus, { id: p.id, campaignId: p.campaignId, userId });
      return "postponed";
    }
  }
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
      where: { ...where, outreachStatus: "pending", stage: { notIn: ["skipped", ...DECIDED_STAGES] } },
      data: { stage: "skipped", skipReason: reason },
    });
    const cancelled = await tx.emailLog.updateMany({
      where: { prospect: where, status: { in: ["draft", "approved"] } },
      data: { status: "failed", error: reason },
    });
    return { stopped: stopped.count, skipped: skipped.count, cancelled: cancelled.count };
  });
}
