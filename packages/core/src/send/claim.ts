import { isProviderError, ProviderErrorCode } from "@outreach/providers/errors";
import type { Db, EmailLog } from "@outreach/db";
import { outreachMessageId } from "./message.ts";
import type { DbClient } from "./types.ts";

/**
 * Exactly-once sending (DESIGN.md "Send safety"):
 * 1. claim: approved -> sending with one conditional UPDATE; only the caller that changed the
 *    row may call Gmail (`claimForSend`, or `reserveSendSlot` which also checks the rules);
 * 2. send through Gmail;
 * 3. record: `recordSent` with Gmail's ids, or `recordSendFailure`.
 * A crash between 2 and 3 leaves the row in `sending`; `reconcileSending` finds out from Gmail
 * whether it went, and only returns it to `approved` when Gmail has had time to index it and
 * still does not have it. Nothing here ever sends twice on its own.
 */

/** True when this caller now owns the send. Exactly one of any number of racing callers wins. */
export async function claimForSend(db: DbClient, emailLogId: string, now: Date): Promise<boolean> {
  const { count } = await db.emailLog.updateMany({
    where: { id: emailLogId, status: "approved" },
    data: { status: "sending", claimedAt: now, error: null },
  });
  return count === 1;
}

export interface SentIds {
  gmailMessageId: string;
  threadId: string;
  /** The Message-ID as Gmail stored it (read back; Gmail may replace ours). */
  rfcMessageId: string;
  sentAt: Date;
}

/**
 * Marks the EmailLog sent with Gmail's ids and moves the prospect on: outreach status and stage
 * `sent` (unless it already replied or was decided), lastSent, followupsSent = step for
 * follow-ups. Records what Gmail says even when the row was meanwhile returned to approved or
 * cancelled: the email left, so the log must say so. Idempotent: false when already recorded.
 */
export async function recordSent(db: Db, emailLogId: string, ids: SentIds): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.emailLog.updateMany({
      where: { id: emailLogId, status: { notIn: ["sent", "bounced"] } },
      data: {
        status: "sent",
        gmailMessageId: ids.gmailMessageId,
        gmailThreadId: ids.threadId,
        rfcMessageId: ids.rfcMessageId,
        sentAt: ids.sentAt,
        error: null,
      },
    });
    if (count === 0) return false;
    const log = await tx.emailLog.findUniqueOrThrow({ where: { id: emailLogId }, select: { step: true, prospectId: true } });
    const p = await tx.prospect.findUniqueOrThrow({
      where: { id: log.prospectId },
      select: { outreachStatus: true, stage: true, lastSent: true, followupsSent: true },
    });
    const stillOpen = p.outreachStatus === "pending" || p.outreachStatus === "sent";
    await tx.prospect.update({
      where: { id: log.prospectId },
      data: {
        ...(stillOpen ? { outreachStatus: "sent" as const } : {}),
        ...(stillOpen && !["replied", "accepted", "rejected"].includes(p.stage) ? { stage: "sent" as const } : {}),
        lastSent: p.lastSent && p.lastSent > ids.sentAt ? p.lastSent : ids.sentAt,
        ...(log.step >= 1 ? { followupsSent: Math.max(p.followupsSent, log.step) } : {}),
      },
    });
    return true;
  });
}

/**
 * What a failed send attempt means for the row:
 * - "retry": Gmail certainly did not accept it (an answer came back with an error): back to
 *   approved, to be sent again later;
 * - "failed": it will never work (invalid request): status failed;
 * - "unknown": the request may have been accepted (timeout, dropped connection, 5xx): stays in
 *   sending for `reconcileSending`; never resend.
 */
export type SendFailureKind = "retry" | "failed" | "unknown";

/**
 * Maps an error from the Gmail client's sendRaw to what to do with the row. Only answers that
 * prove Gmail refused the request (rate limit, quota, auth, a 4xx) may be retried; a 5xx, a
 * timeout, a dropped connection or an unreadable 2xx may hide an accepted send: reconcile.
 */
export function classifySendError(err: unknown): SendFailureKind {
  if (!isProviderError(err)) return "unknown";
  if (err.code === ProviderErrorCode.OUTCOME_UNKNOWN || err.code === ProviderErrorCode.TIMEOUT) return "unknown";
  // Connection refused / DNS failure: the request never reached Gmail.
  if (err.code === ProviderErrorCode.UNREACHABLE || err.code === ProviderErrorCode.SANDBOX_NOT_LOOPBACK) return "retry";
  switch (err.kind) {
    case "rate_limited":
    case "auth":
    case "quota":
      return "retry";
    case "invalid_request":
    case "do_not_contact":
      return "failed";
    default:
      // transient (5xx, network) and bad_response.
      return "unknown";
  }
}

/** Records a failed attempt. Only touches a row this caller claimed (status sending). */
export async function recordSendFailure(
  db: DbClient,
  emailLogId: string,
  failure: { kind: SendFailureKind; error: string },
): Promise<boolean> {
  const error = failure.error.slice(0, 2000);
  const data =
    failure.kind === "retry"
      ? { status: "approved" as const, claimedAt: null, error }
      : failure.kind === "failed"
        ? { status: "failed" as const, error }
        : { error: `outcome unknown, reconciling: ${error}` };
  const { count } = await db.emailLog.updateMany({ where: { id: emailLogId, status: "sending" }, data });
  return count === 1;
}

// ---------- reconciling ----------

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

/** Rows in `sending` claimed before `olderThan` (candidates for reconcileSending). */
export async function findStuckSends(db: DbClient, olderThan: Date, take = 100) {
  return db.emailLog.findMany({
    where: { status: "sending", OR: [{ claimedAt: { lt: olderThan } }, { claimedAt: null }] },
    orderBy: { claimedAt: "asc" },
    take,
    select: { id: true, status: true, claimedAt: true, rfcMessageId: true, toEmail: true, createdAt: true, prospectId: true },
  });
}
