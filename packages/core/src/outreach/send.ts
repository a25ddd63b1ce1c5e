import { publishProspectUpdated, resolveSecretKey } from "@outreach/contracts";
import { MailboxUnavailableError, markMailboxNeedsReconnect } from "../mailboxes/index.ts";
import type { EmailLog } from "@outreach/db";
import { gmailDailyResetAt, isProviderError, raiseProviderAlert, type GmailClient, type ProviderError } from "@outreach/providers";
import { classifySendError, recordSendFailure, recordSent } from "./claim.ts";
import { buildOutreachMessage, type OutreachMessage } from "./message.ts";
import { recipientOf, reserveSendSlot, type SendBlockReason } from "./policy.ts";
import { deriveUnsubscribeSecret, signUnsubscribeToken, unsubscribeLinks } from "./unsubscribe.ts";
import { deterministicUuid, enqueueJob } from "../jobs/index.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";

/**
 * One send of one EmailLog, exactly once (DESIGN.md "Send safety"):
 * reserveSendSlot (rules + claim under a per-user lock) -> build the message (signed unsubscribe
 * links, threading headers for follow-ups) -> Gmail sendRaw -> read back the real Message-ID ->
 * recordSent. Nothing here sends twice: a send whose outcome is unknown stays `sending` for the
 * reconciler (reconcile.ts), which searches Gmail and only then may requeue it.
 */

export type SendOutcome =
  | { outcome: "sent"; emailLogId: string; gmailMessageId: string; threadId: string; rfcMessageId: string }
  /** Not due yet (window, cap, gap): it stays approved and goes when the plan says (`until`). */
  | { outcome: "waiting"; emailLogId: string; reason: SendBlockReason; detail: string; until: string }
  /** Gmail refused it for a while (rate limit, quota, unreachable): one more try at retryAt. */
  | { outcome: "deferred"; emailLogId: string; reason: "rate_limited" | "quota" | "unreachable"; detail: string; retryAt: string }
  /** A rule no waiting fixes (suppressed, stopped, not approved, paused...): not sent. */
  | { outcome: "skipped"; emailLogId: string; reason: SendBlockReason | "not_found" | "insecure_public_url"; detail: string }
  /** Gmail may or may not have it (timeout, dropped connection, 5xx): left `sending` for reconciling. */
  | { outcome: "unknown"; emailLogId: string; detail: string }
  /** Gmail refused the message itself (invalid request) or the message could not be built. */
  | { outcome: "failed"; emailLogId: string; detail: string }
  /** The mailbox's Gmail token is revoked/expired or lacks a permission: the mailbox needs reconnecting, its campaigns pause, an alert names it; the row is approved again. */
  | { outcome: "auth_failed"; emailLogId: string; detail: string };

export const INSECURE_PUBLIC_URL_REASON = "public_url_insecure: PUBLIC_URL must be https to send";

/** The unsubscribe key: derived from the root secret the API shares (JWT_SECRET_KEY or .data/jwt-secret). */
export function unsubscribeSecretFor(env: DeliveryDeps["env"]): Buffer {
  return deriveUnsubscribeSecret(resolveSecretKey(env));
}

/**
 * With Gmail live the one-click link must be https (RFC 8058). An http PUBLIC_URL is a setup
 * mistake a person must fix: alert + pause sending for the user's campaigns instead of failing
 * every send in a loop. In sandbox mode (nothing leaves the machine) http is allowed.
 */
async function checkPublicUrl(d: DeliveryDeps, owner: { userId: string; campaignId: string }): Promise<string | null> {
  if (d.gmailMode !== "live") return null;
  if (new URL(d.env.PUBLIC_URL).protocol === "https:") return null;
  await raiseProviderAlert(d.db, {
    userId: owner.userId,
    campaignId: null,
    provider: "gmail",
    kind: "public_url_insecure",
    message: `PUBLIC_URL must be https to send (it is ${d.env.PUBLIC_URL}); one-click unsubscribe links need https. Sending is paused until it is fixed.`,
  });
  await d.db.campaign.updateMany({ where: { userId: owner.userId, sendingPausedReason: null }, data: { sendingPausedReason: INSECURE_PUBLIC_URL_REASON } });
  return `PUBLIC_URL must be https to send (it is ${d.env.PUBLIC_URL})`;
}

/** Earlier sent emails of the prospect (step order): the thread and Message-IDs a follow-up replies to. */
async function threadFor(d: DeliveryDeps, log: EmailLog) {
  if (log.step < 1) return null;
  const earlier = await d.db.emailLog.findMany({
    where: { prospectId: log.prospectId, step: { lt: log.step }, status: { in: ["sent", "bounced"] }, rfcMessageId: { not: null } },
    orderBy: { step: "asc" },
    select: { step: true, gmailThreadId: true, rfcMessageId: true },
  });
  const first = earlier[0];
  if (!first?.gmailThreadId || !first.rfcMessageId) return null;
  return { threadId: first.gmailThreadId, inReplyTo: first.rfcMessageId, references: earlier.map((e) => e.rfcMessageId!) };
}

const retryAfter = (now: Date, ms: number) => new Date(now.getTime() + ms);

/**
 * Sends one EmailLog if every rule allows it now (`manual`: a person pressed "Send now", so the gap
 * does not apply). Never throws for an expected outcome; the processor turns `deferred` into one
 * delayed retry and `auth_failed` into an UnrecoverableError.
 */
export async function sendEmailLog(d: DeliveryDeps, emailLogId: string, opts: { manual?: boolean } = {}): Promise<SendOutcome> {
  const { db } = d;
  const now = nowOf(d);
  const found = await db.emailLog.findUnique({
    where: { id: emailLogId },
    select: { id: true, status: true, prospect: { select: { id: true, campaignId: true, campaign: { select: { userId: true } } } } },
  });
  if (!found) return { outcome: "skipped", emailLogId, reason: "not_found", detail: "the email no longer exists" };
  const owner = { userId: found.prospect.campaign.userId, campaignId: found.prospect.campaignId };
  const prospectRef = { id: found.prospect.id, campaignId: owner.campaignId, userId: owner.userId };

  if (found.status === "approved") {
    const insecure = await checkPublicUrl(d, owner);
    if (insecure) {
      await db.emailLog.updateMany({ where: { id: emailLogId, status: "approved" }, data: { error: `not sent: ${insecure}` } });
      return { outcome: "skipped", emailLogId, reason: "insecure_public_url", detail: insecure };
    }
  }

  const r = await reserveSendSlot(db, { emailLogId, now, ignoreGap: opts.manual });
  if (!r.ok) {
    if (r.retryAt) {
      // Not now (window, cap or gap): the email keeps its place in the plan (plan.ts).
      await db.emailLog.updateMany({ where: { id: emailLogId, status: "approved" }, data: { error: null } });
      return { outcome: "waiting", emailLogId, reason: r.reason, detail: r.detail, until: r.retryAt.toISOString() };
    }
    if (r.reason !== "already_sent") {
      // A permanent reason: the row says why it was not sent (status unchanged: a person may act).
      await db.emailLog.updateMany({ where: { id: emailLogId, status: { in: ["draft", "approved"] } }, data: { error: `not sent: ${r.detail}`.slice(0, 2000) } });
    }
    return { outcome: "skipped", emailLogId, reason: r.reason, detail: r.detail };
  }

  const log = r.emailLog;
  const prospect = await db.prospect.findUniqueOrThrow({ where: { id: log.prospectId }, select: { contactEmail: true } });
  const settings = await db.campaign.findUniqueOrThrow({ where: { id: owner.campaignId }, select: { fromName: true, fromEmail: true } });
  const mailbox = await db.mailbox.findUniqueOrThrow({ where: { id: r.mailboxId }, select: { address: true, sendAs: true } });
  const campaign = { fromName: settings.fromName, fromEmail: sendsFrom(settings.fromEmail, mailbox) };
  publishProspectUpdated(d.bus, prospectRef);

  let msg: OutreachMessage;
  let thread: Awaited<ReturnType<typeof threadFor>> = null;
  try {
    thread = await threadFor(d, log);
    if (log.step >= 1 && !thread) throw new Error("the first email of this sequence was never recorded as sent, so a follow-up has no thread to go in");
    const to = recipientOf(prospect, log);
    if (!to) throw new Error("the prospect has no valid email address");
    const token = signUnsubscribeToken(unsubscribeSecretFor(d.env), { userId: owner.userId, emailLogId: log.id, email: to });
    msg = await buildOutreachMessage({
      campaign,
      prospect,
      emailLog: log,
      unsubscribe: unsubscribeLinks({ publicUrl: d.env.PUBLIC_URL, fromEmail: campaign.fromEmail, token }),
      allowInsecureUnsubscribe: d.gmailMode === "sandbox",
      inReplyTo: thread?.inReplyTo,
      references: thread?.references,
      date: now,
    });
  } catch (err) {
    const detail = `could not build the message: ${(err as Error).message}`;
    await recordSendFailure(db, log.id, { kind: "failed", error: detail });
    publishProspectUpdated(d.bus, prospectRef);
    return { outcome: "failed", emailLogId, detail };
  }

  let gmail: GmailClient;
  let sent: { id: string; threadId: string };
  try {
    gmail = await d.gmailFor(r.mailboxId);
    sent = await gmail.sendRaw(msg.raw, thread?.threadId);
  } catch (err) {
    return handleSendError(d, log, err, now, { ...owner, mailboxId: r.mailboxId }, prospectRef);
  }

  // Gmail may replace our Message-ID: read back the real one (follow-ups thread on it).
  let rfcMessageId: string;
  try {
    const meta = await gmail.getMessageMetadata(sent.id, ["Message-ID"]);
    rfcMessageId = meta.headers["message-id"] ?? msg.messageId;
  } catch (err) {
    // It went out, but we do not know its real Message-ID: the reconciler finds it by our
    // X-Outreach-Send-Id header and records the real one.
    const detail = `sent as Gmail message ${sent.id}, but reading its Message-ID failed (${(err as Error).message}); reconciling`;
    await recordSendFailure(db, log.id, { kind: "unknown", error: detail });
    return { outcome: "unknown", emailLogId, detail };
  }
  await recordSent(db, log.id, { gmailMessageId: sent.id, threadId: sent.threadId, rfcMessageId, sentAt: now });
  publishProspectUpdated(d.bus, prospectRef);
  return { outcome: "sent", emailLogId, gmailMessageId: sent.id, threadId: sent.threadId, rfcMessageId };
}

/** The campaign's From address when the mailbox may send as it (its own address or a verified alias), else the mailbox's address. */
export function sendsFrom(fromEmail: string, mailbox: { address: string; sendAs: unknown }): string {
  const wanted = fromEmail.trim().toLowerCase();
  if (wanted === mailbox.address) return fromEmail;
  const aliases = Array.isArray(mailbox.sendAs) ? (mailbox.sendAs as { email?: string; verified?: boolean }[]) : [];
  return aliases.some((a) => a.verified && a.email?.toLowerCase() === wanted) ? fromEmail : mailbox.address;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

async function handleSendError(
  d: DeliveryDeps,
  log: EmailLog,
  err: unknown,
  now: Date,
  owner: { userId: string; campaignId: string; mailboxId: string },
  prospectRef: { id: string; campaignId: string; userId: string },
): Promise<SendOutcome> {
  if (err instanceof MailboxUnavailableError) {
    // Marked needs-reconnect (or disconnected) between the claim and the call: nothing was sent.
    await recordSendFailure(d.db, log.id, { kind: "retry", error: err.message });
    publishProspectUpdated(d.bus, prospectRef);
    return { outcome: "skipped", emailLogId: log.id, reason: "mailbox_unavailable", detail: err.message };
  }
  const kind = classifySendError(err);
  const message = (err as Error)?.message ?? String(err);
  await recordSendFailure(d.db, log.id, { kind, error: message });
  publishProspectUpdated(d.bus, prospectRef);
  if (kind === "unknown") return { outcome: "unknown", emailLogId: log.id, detail: `send outcome unknown, reconciling: ${message}` };
  if (kind === "failed") return { outcome: "failed", emailLogId: log.id, detail: message };
  const pe = isProviderError(err) ? (err as ProviderError) : null;
  if (pe?.kind === "auth") {
    // Only this mailbox: it needs reconnecting, its campaigns pause, one alert names it.
    await markMailboxNeedsReconnect(d.db, owner.mailboxId, message.replace(/^gmail: /, ""), now);
    return { outcome: "auth_failed", emailLogId: log.id, detail: message };
  }
  if (pe?.kind === "quota") {
    // Gmail's daily limit: this mailbox waits for Gmail's reset; the plan holds its campaigns until then.
    const resetAt = gmailDailyResetAt(now);
    await d.db.mailbox.update({ where: { id: owner.mailboxId }, data: { quotaResetAt: resetAt } });
    await raiseProviderAlert(d.db, { userId: owner.userId, campaignId: owner.campaignId, provider: "gmail", kind: "quota", message: `${message}; sending from this mailbox waits until ${resetAt.toISOString()}` });
    return { outcome: "deferred", emailLogId: log.id, reason: "quota", detail: message, retryAt: resetAt.toISOString() };
  }
  if (pe?.kind === "rate_limited") {
    return { outcome: "deferred", emailLogId: log.id, reason: "rate_limited", detail: message, retryAt: retryAfter(now, Math.max(pe.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, 1000)).toISOString() };
  }
  return { outcome: "deferred", emailLogId: log.id, reason: "unreachable", detail: message, retryAt: retryAfter(now, 60_000).toISOString() };
}

/**
 * A send Gmail refused for a while (rate limit, quota, unreachable) is tried once more at its new
 * time, in a delayed send job (a Job row of its own, child of the one that deferred it). Its id
 * is derived from (EmailLog, deferring job): a re-run of the same job cannot queue a second
 * continuation. The EmailLog's scheduledAt says when; the plan holds the campaign's later emails
 * behind it. We finish the current job instead of moving it to delayed because the job lifecycle
 * treats any thrown error as a failed attempt. (A time rule never defers this way: an email that
 * is not due waits in the plan, plan.ts.)
 */
export async function enqueueDeferredSend(
  deps: Pick<DeliveryDeps, "db" | "bus" | "queues" | "env">,
  args: { emailLogId: string; userId: string; campaignId: string; afterJobRowId: string; retryAt: Date; reason: string; now: Date },
): Promise<string> {
  const rowId = deterministicUuid("send-deferred", args.emailLogId, args.afterJobRowId);
  await deps.db.emailLog.updateMany({ where: { id: args.emailLogId, status: "approved" }, data: { scheduledAt: args.retryAt } });
  await enqueueJob(deps, {
    type: "send",
    rowId,
    userId: args.userId,
    campaignId: args.campaignId,
    params: { emailLogId: args.emailLogId },
    parentId: args.afterJobRowId,
    runAt: args.retryAt,
    now: args.now,
    message: `Waiting until ${args.retryAt.toISOString()} (${args.reason})`,
  });
  return rowId;
}
