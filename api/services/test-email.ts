import { resolveSecretKey } from "@outreach/contracts";
import { ConflictError, ValidationError } from "@outreach/core";
import { gmailForMailbox, MailboxUnavailableError } from "@outreach/core/mailboxes";
import { buildOutreachMessage, deriveUnsubscribeSecret, sendsFrom, signUnsubscribeToken, unsubscribeLinks } from "@outreach/core/outreach";
import type { EmailLog, Prospect } from "@outreach/db";
import { providerModes } from "@outreach/providers";
import type { AppDeps } from "../context.ts";
import { audit } from "./audit.ts";

export interface TestEmailResult {
  to: string;
  gmailMessageId: string;
  sandbox: boolean;
}

/**
 * "Send a test email to myself": the draft exactly as the prospect would get it (headers included),
 * sent through the campaign's mailbox to its own from-address with "[Test]" in the subject. It is no send: the draft,
 * the prospect, caps and gaps are untouched. Unsubscribing from it would suppress your own address.
 */
export async function sendTestEmail(
  deps: AppDeps,
  userId: string,
  email: EmailLog & { prospect: Prospect },
): Promise<TestEmailResult> {
  const stored = await deps.db.campaign.findUniqueOrThrow({ where: { id: email.prospect.campaignId }, include: { mailbox: true } });
  if (stored.sendingPausedReason) throw new ConflictError(`Sending is paused: ${stored.sendingPausedReason}`);
  if (!stored.mailbox) throw new ConflictError("This campaign has no Gmail mailbox yet: connect one in Settings → Mailboxes.");
  let gmail;
  try {
    gmail = await gmailForMailbox(deps.db, deps.providers.withContext({ userId, campaignId: stored.id }), deps.mailboxKey, stored.mailbox.id);
  } catch (err) {
    if (err instanceof MailboxUnavailableError) throw new ConflictError(`Not sent: ${err.message}.`);
    throw err;
  }
  // Sent to yourself, from the address the prospect would see.
  const campaign = { ...stored, fromEmail: sendsFrom(stored.fromEmail, stored.mailbox) };
  const to = campaign.fromEmail;
  const sandbox = providerModes(deps.env).gmail === "sandbox";
  const token = signUnsubscribeToken(deriveUnsubscribeSecret(resolveSecretKey(deps.env)), { userId, emailLogId: email.id, email: to });
  let message;
  try {
    message = await buildOutreachMessage({
      campaign,
      prospect: { contactEmail: to },
      emailLog: { ...email, subject: `[Test] ${email.subject}`, toEmail: to, claimedAt: new Date() },
      unsubscribe: unsubscribeLinks({ publicUrl: deps.env.PUBLIC_URL, fromEmail: to, token }),
      allowInsecureUnsubscribe: sandbox,
    });
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw ValidationError.field("email", (err as Error).message);
  }
  const sent = await gmail.sendRaw(message.raw);
  await audit(deps.db, userId, "emailLog.testSend", email.id, { to, gmailMessageId: sent.id });
  return { to, gmailMessageId: sent.id, sandbox };
}
