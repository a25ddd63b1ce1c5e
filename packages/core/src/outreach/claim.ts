import { DECIDED_STAGES } from "@outreach/contracts";
import { isProviderError, ProviderErrorCode } from "@outreach/providers/errors";
import type { Db, DbClient } from "@outreach/db";

/**
 * Exactly-once sending (DESIGN.md "Send safety"):
 * 1. claim: approved -> sending with one conditional UPDATE; only the caller that changed the
 *    row may call Gmail (`claimForSend`, or `reserveSendSlot` which also checks the rules);
 * 2. send through Gmail;
 * 3. record: `recordSent` with Gmail's ids, or `recordSendFailure`.
 * A crash between 2 and 3 leaves the row in `sending`; `reconcileSending` finds out from Gmail
 * whether it went, and only returns it to `approved` when Gmail has had time to index it and
 * still does not have it (reconcile.ts). Nothing here ever sends twice on its own.
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
        ...(stillOpen && !(DECIDED_STAGES as readonly string[]).includes(p.stage) ? { stage: "sent" as const } : {}),
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
  // 401 and 403 are refusals: Gmail did not take the message, whatever the reason.
  if (err.status === 401 || err.status === 403) return "retry";
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
