import { createHash, randomUUID } from "node:crypto";
import { HeaderInjectionError } from "@outreach/contracts";
import type { Campaign, EmailLog, Prospect } from "@outreach/db";
import { buildMessage } from "@outreach/providers/mime";
import { ValidationError } from "../errors.ts";
import { normalizeEmail } from "../suppression/index.ts";

/**
 * The RFC 822 message for one EmailLog, built by the providers' MailComposer wrapper. Every
 * header value that came from outside (names, addresses, the subject a model wrote, threading
 * ids) is checked for CR/LF first and rejected with a HeaderInjectionError naming our field.
 */

export const MESSAGE_ID_DOMAIN = "outreach.local";

/**
 * Our Message-ID for one claim of one EmailLog: <uuid@outreach.local>, the uuid derived from the
 * row id and the claim time. Reconciling recomputes it from the row, so nothing has to be
 * written between claiming and calling Gmail; a later claim (after a requeue) gets a new one.
 */
export function outreachMessageId(emailLogId: string, claimedAt: Date | null): string {
  if (!claimedAt) return `<${randomUUID()}@${MESSAGE_ID_DOMAIN}>`;
  const h = createHash("sha256").update(`outreach.msgid:${emailLogId}:${claimedAt.getTime()}`).digest("hex");
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return `<${uuid}@${MESSAGE_ID_DOMAIN}>`;
}

/** "Re: <subject>" for follow-ups (never "Re: Re: ..."), the subject itself for the first email. */
export function subjectForStep(subject: string, step: number): string {
  const s = subject.trim();
  return step >= 1 ? `Re: ${s.replace(/^(\s*re\s*:\s*)+/i, "")}` : s;
}

export interface BuildOutreachMessageInput {
  campaign: Pick<Campaign, "fromName" | "fromEmail">;
  prospect: Pick<Prospect, "contactEmail">;
  emailLog: Pick<EmailLog, "id" | "step" | "subject" | "body" | "toEmail" | "claimedAt">;
  /** From unsubscribeLinks(): the one-click https URL and the mailto fallback. */
  unsubscribe: { httpsUrl: string; mailto?: string | null };
  /**
   * Accept an http unsubscribe URL. Only when Gmail is in sandbox mode (nothing leaves the
   * machine); with Gmail live the link must be https (RFC 8058).
   */
  allowInsecureUnsubscribe?: boolean;
  /** Follow-ups: the earlier message's real Message-ID (as Gmail stored it). */
  inReplyTo?: string | null;
  references?: string | string[] | null;
  date?: Date;
}

export interface OutreachMessage {
  raw: Buffer;
  messageId: string;
  to: string;
  subject: string;
}

function safe(field: string, value: string | null | undefined): void {
  if (value != null && /[\r\n]/.test(value)) throw new HeaderInjectionError(field);
}

export async function buildOutreachMessage(input: BuildOutreachMessageInput): Promise<OutreachMessage> {
  const { campaign, prospect, emailLog, unsubscribe } = input;
  const recipientField = emailLog.toEmail != null ? "emailLog.toEmail" : "prospect.contactEmail";
  const rawTo = emailLog.toEmail ?? prospect.contactEmail;
  const refs = input.references == null ? [] : Array.isArray(input.references) ? input.references : [input.references];

  safe("campaign.fromName", campaign.fromName);
  safe("campaign.fromEmail", campaign.fromEmail);
  safe(recipientField, rawTo);
  safe("emailLog.subject", emailLog.subject);
  safe("inReplyTo", input.inReplyTo);
  refs.forEach((r, i) => safe(`references[${i}]`, r));
  safe("unsubscribe.httpsUrl", unsubscribe.httpsUrl);
  safe("unsubscribe.mailto", unsubscribe.mailto);

  const from = normalizeEmail(campaign.fromEmail);
  if (!from) throw ValidationError.field("campaign.fromEmail", "must be a valid email address");
  if (!rawTo) throw ValidationError.field(recipientField, "is required: the prospect has no email address");
  const to = normalizeEmail(rawTo);
  if (!to) throw ValidationError.field(recipientField, "must be a valid email address");
  if (!emailLog.subject.trim()) throw ValidationError.field("emailLog.subject", "is required");
  let url: URL;
  try {
    url = new URL(unsubscribe.httpsUrl);
  } catch {
    throw ValidationError.field("unsubscribe.httpsUrl", "must be an absolute URL");
  }
  if (url.protocol !== "https:" && !(input.allowInsecureUnsubscribe && url.protocol === "http:")) {
    throw ValidationError.field("unsubscribe.httpsUrl", "must be https for one-click unsubscribe (RFC 8058): set PUBLIC_URL to an https address");
  }
  for (const [field, id] of [["inReplyTo", input.inReplyTo], ...refs.map((r, i) => [`references[${i}]`, r])] as [string, string | null | undefined][]) {
    if (id != null && !/^<[^<>\s]+@[^<>\s]+>$/.test(id)) throw ValidationError.field(field, "must be a Message-ID like <id@domain>");
  }

  const subject = subjectForStep(emailLog.subject, emailLog.step);
  const messageId = outreachMessageId(emailLog.id, emailLog.claimedAt);
  const built = await buildMessage({
    from: { name: campaign.fromName.trim() || undefined, address: from },
    to,
    subject,
    text: emailLog.body,
    messageId,
    inReplyTo: input.inReplyTo ?? undefined,
    references: refs.length ? refs : undefined,
    unsubscribe: { url: url.toString(), mailto: unsubscribe.mailto ?? undefined, allowInsecure: input.allowInsecureUnsubscribe === true },
    sendId: emailLog.id,
    date: input.date,
  });
  return { raw: built.raw, messageId: built.messageId, to, subject };
}
