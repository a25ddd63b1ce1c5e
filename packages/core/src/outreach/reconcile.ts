import { MailboxUnavailableError } from "../mailboxes/index.ts";
import type { Db, DbClient, EmailLog } from "@outreach/db";
import { publishProspectUpdated } from "@outreach/contracts";
import { replanCampaign } from "./dispatch.ts";
import { recordSent } from "./claim.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { outreachMessageId } from "./message.ts";

/** The two Gmail reads reconciling needs; the providers' GmailClient satisfies it. */
export interface ReconcileGmail {
  listMessages(q: string, pageToken?: string | null): Promise<{ messages: { id: string; threadId: string }[]; nextPageToken: string | null }>;
  getMessageMetadata(
    id: string,
    headers: string[],
  ): Promise<{ id: string; threadId: string; internalDate: string | null; headers: Record<string, string> }>;
}

export const SEND_ID_HEADER = "X-Outreach-Send-Id";
/** Gmail search is not instant: how long after the claim a miss is believed. */
export const DEFAULT_RECONCILE_GRACE_MS = 2 * 60_000;

export type ReconcileOutcome =
  | { outcome: "sent"; foundBy: "rfc822msgid" | "send-id-header"; gmailMessageId: string; threadId: string; rfcMessageId: string }
  | { outcome: "requeued" }
  | { outcome: "pending"; checkAgainAt: Date }
  | { outcome: "not_sending"; status: EmailLog["status"] };

type ReconcileLog = Pick<EmailLog, "id" | "status" | "claimedAt" | "rfcMessageId" | "toEmail" | "createdAt"> & {
  prospect?: { contactEmail: string | null } | null;
};

/**
 * For a row stuck in `sending`: did Gmail accept it? Searches `rfc822msgid:` for our Message-ID,
 * then the sent mail to the recipient since the claim, reading each candidate's
 * X-Outreach-Send-Id. Found: recorded as sent with Gmail's ids and the Message-ID Gmail really
 * used. Not found before the grace period: `pending` (ask again at checkAgainAt). Not found after
 * it: returned to approved so the normal path may send it.
 */
export async function reconcileSending(
  db: Db,
  gmail: ReconcileGmail,
  emailLog: ReconcileLog,
  opts: { now: Date; graceMs?: number; maxCandidates?: number },
): Promise<ReconcileOutcome> {
  const current = await db.emailLog.findUnique({
    where: { id: emailLog.id },
    select: { status: true, claimedAt: true, rfcMessageId: true, toEmail: true, prospect: { select: { contactEmail: true } } },
  });
  if (!current) return { outcome: "not_sending", status: emailLog.status };
  if (current.status !== "sending") return { outcome: "not_sending", status: current.status };
  const claimedAt = current.claimedAt ?? emailLog.claimedAt ?? emailLog.createdAt;
  const ours = current.rfcMessageId ?? outreachMessageId(emailLog.id, claimedAt);
  const headers = ["Message-ID", SEND_ID_HEADER];

  const found = async (by: "rfc822msgid" | "send-id-header", m: { id: string; threadId: string; internalDate: string | null; headers: Record<string, string> }) => {
    const rfcMessageId = m.headers["message-id"] ?? ours;
    const internal = m.internalDate ? Number(m.internalDate) : NaN;
    await recordSent(db, emailLog.id, {
      gmailMessageId: m.id,
      threadId: m.threadId,
      rfcMessageId,
      sentAt: Number.isFinite(internal) ? new Date(internal) : opts.now,
    });
    return { outcome: "sent" as const, foundBy: by, gmailMessageId: m.id, threadId: m.threadId, rfcMessageId };
  };

  // 1. Our own Message-ID (works when Gmail kept it).
  const byId = await gmail.listMessages(`rfc822msgid:${ours.replace(/^<|>$/g, "")}`);
  for (const m of byId.messages) {
    const meta = await gmail.getMessageMetadata(m.id, headers);
    const token = meta.headers[SEND_ID_HEADER.toLowerCase()];
    if (token === undefined || token === emailLog.id) return found("rfc822msgid", meta);
  }

  // 2. Sent mail to the recipient since the claim, by our token header (Gmail may have replaced
  //    the Message-ID). A few minutes of slack for clock skew between us and Google.
  const to = current.toEmail ?? current.prospect.contactEmail;
  if (to && !/[\s"()<>]/.test(to)) {
    const after = Math.floor(claimedAt.getTime() / 1000) - 300;
    let pageToken: string | null = null;
    let seen = 0;
    const max = opts.maxCandidates ?? 200;
    do {
      const page: Awaited<ReturnType<ReconcileGmail["listMessages"]>> = await gmail.listMessages(`in:sent to:${to} after:${after}`, pageToken);
      for (const m of page.messages) {
        if (++seen > max) break;
        const meta = await gmail.getMessageMetadata(m.id, headers);
        if (meta.headers[SEND_ID_HEADER.toLowerCase()] === emailLog.id) return found("send-id-header", meta);
      }
      pageToken = page.nextPageToken;
    } while (pageToken && seen < max);
  }

  // 3. Not found. Believe it only after the grace period.
  const graceMs = opts.graceMs ?? DEFAULT_RECONCILE_GRACE_MS;
  const believeAt = new Date(claimedAt.getTime() + graceMs);
  if (opts.now < believeAt) return { outcome: "pending", checkAgainAt: believeAt };
  const { count } = await db.emailLog.updateMany({
    // Same claim only: a newer claim (another attempt) is not ours to undo.
    where: { id: emailLog.id, status: "sending", claimedAt },
    data: { status: "approved", claimedAt: null, rfcMessageId: null, error: "not found in Gmail after the send was interrupted; queued again" },
  });
  if (count === 0) {
    const now = await db.emailLog.findUnique({ where: { id: emailLog.id }, select: { status: true } });
    return { outcome: "not_sending", status: now?.status ?? emailLog.status };
  }
  return { outcome: "requeued" };
}

/** Campaign and user of a prospect, for events and job rows. */
async function prospectOwner(db: Db, prospectId: string) {
  return db.prospect.findUnique({ where: { id: prospectId }, select: { id: true, campaignId: true, domain: true, campaign: { select: { userId: true } } } });
}

/** Rows in `sending` claimed before `olderThan` (candidates for reconcileSending). */
export async function findStuckSends(db: DbClient, olderThan: Date, take = 100) {
  return db.emailLog.findMany({
    where: { status: "sending", OR: [{ claimedAt: { lt: olderThan } }, { claimedAt: null }] },
    orderBy: { claimedAt: "asc" },
    take,
    select: { id: true, status: true, claimedAt: true, rfcMessageId: true, toEmail: true, createdAt: true, prospectId: true, mailboxId: true },
  });
}

/**
 * The "reconcile stuck sends" sweep (scheduled every minute): rows left in `sending` (a worker
 * died or timed out after claiming) are looked up in Gmail. Found: recorded as sent. Not found
 * after the grace period: back to approved, where the campaign's dispatcher sends it again in
 * its turn (it is woken at once).
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
    const mailboxId = row.mailboxId ?? (await d.db.campaign.findUnique({ where: { id: owner.campaignId }, select: { mailboxId: true } }))?.mailboxId;
    if (!mailboxId) continue;
    let result: ReconcileOutcome;
    try {
      result = await reconcileSending(d.db, await d.gmailFor(mailboxId), row, { now, graceMs: opts.graceMs ?? DEFAULT_RECONCILE_GRACE_MS });
    } catch (err) {
      // A mailbox that needs reconnecting cannot be asked: its rows wait until it is reconnected.
      if (!(err instanceof MailboxUnavailableError)) console.error(`[reconcile] ${row.id}: ${(err as Error).message}`);
      continue;
    }
    counts.checked++;
    const ref = { id: owner.id, campaignId: owner.campaignId, userId: owner.campaign.userId };
    if (result.outcome === "sent") {
      counts.sent++;
      publishProspectUpdated(d.bus, ref);
    } else if (result.outcome === "pending") {
      counts.pending++;
    } else if (result.outcome === "requeued") {
      counts.requeued++;
      await replanCampaign(d, owner.campaignId);
      publishProspectUpdated(d.bus, ref);
    }
  }
  return counts;
}
