import type { Env } from "@outreach/contracts";
import type { Db, Prisma } from "@outreach/db";
import type { Providers } from "@outreach/providers";
import { REQUIRED_GMAIL_SCOPES } from "@outreach/providers";
import type { MailboxKey } from "./key.ts";
import { sealToken } from "./token-crypto.ts";

/**
 * Upgrade path for installs from before mailboxes: GMAIL_REFRESH_TOKEN becomes a mailbox of the
 * first user (the oldest account) once, at start-up, and that user's campaigns without a mailbox
 * send from it. After that the variable is not read: this does nothing once any mailbox exists.
 * The address is read with users.getProfile; when Gmail cannot be reached the mailbox is stored
 * under the campaigns' from address and marked needs_reconnect, so nothing is lost.
 */
export async function adoptLegacyGmailToken(d: { db: Db; env: Env; providers: Providers; key: MailboxKey }): Promise<{ adopted: false } | { adopted: true; mailboxId: string; address: string; userId: string }> {
  const token = d.env.GMAIL_REFRESH_TOKEN;
  if (!token || d.providers.modes.gmail !== "live") return { adopted: false };
  if ((await d.db.mailbox.count()) > 0) return { adopted: false };
  const user = await d.db.user.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true, campaigns: { select: { fromEmail: true }, take: 1, orderBy: { createdAt: "asc" } } } });
  if (!user) return { adopted: false };
  const gmail = d.providers.gmailFor({ id: "legacy", refreshToken: token });
  let address: string;
  let historyId: string | null = null;
  let problem: string | null = null;
  let sendAs: Awaited<ReturnType<typeof gmail.listSendAs>> = [];
  try {
    const profile = await gmail.getProfile();
    address = profile.emailAddress.toLowerCase();
    historyId = profile.historyId;
    sendAs = await gmail.listSendAs().catch(() => []);
  } catch (err) {
    address = (user.campaigns[0]?.fromEmail ?? "gmail@unknown.invalid").toLowerCase();
    problem = `could not read the account with GMAIL_REFRESH_TOKEN at start-up: ${(err as Error).message}`;
  }
  const mailbox = await d.db.mailbox.create({
    data: {
      userId: user.id,
      address,
      sendAs: sendAs as unknown as Prisma.InputJsonValue,
      refreshTokenEnc: sealToken(d.key, token),
      grantedScopes: [...REQUIRED_GMAIL_SCOPES],
      gmailHistoryId: historyId,
      ...(problem ? { status: "needs_reconnect" as const, statusReason: problem.slice(0, 500) } : {}),
    },
    select: { id: true },
  });
  await d.db.campaign.updateMany({ where: { userId: user.id, mailboxId: null }, data: { mailboxId: mailbox.id } });
  // What was sent before the upgrade left from this account: replies and bounces match it.
  await d.db.emailLog.updateMany({ where: { mailboxId: null, status: { in: ["sending", "sent", "bounced"] }, prospect: { campaign: { userId: user.id } } }, data: { mailboxId: mailbox.id } });
  return { adopted: true, mailboxId: mailbox.id, address, userId: user.id };
}
