import type { Db } from "@outreach/db";
import type { GmailClient, Providers } from "@outreach/providers";
import type { MailboxKey } from "./key.ts";
import { openToken } from "./token-crypto.ts";

type MailboxStatus = "connected" | "needs_reconnect" | "disconnected";

/** A mailbox that cannot be used now (disconnected, needs reconnecting, or gone). */
export class MailboxUnavailableError extends Error {
  override name = "MailboxUnavailableError";
  constructor(
    readonly mailboxId: string,
    readonly status: MailboxStatus | "missing",
    address?: string,
  ) {
    super(
      status === "missing"
        ? "the mailbox no longer exists"
        : status === "needs_reconnect"
          ? `${address} needs reconnecting in Settings → Mailboxes`
          : `${address} is disconnected`,
    );
  }
}

/** The Gmail client of one connected mailbox; its refresh token is decrypted only here. */
export async function gmailForMailbox(db: Db, providers: Providers, key: MailboxKey, mailboxId: string): Promise<GmailClient> {
  const row = await db.mailbox.findUnique({ where: { id: mailboxId }, select: { id: true, address: true, status: true, refreshTokenEnc: true } });
  if (!row) throw new MailboxUnavailableError(mailboxId, "missing");
  if (row.status !== "connected" || !row.refreshTokenEnc) throw new MailboxUnavailableError(mailboxId, row.status === "connected" ? "disconnected" : row.status, row.address);
  return providers.gmailFor({ id: row.id, refreshToken: openToken(key, row.refreshTokenEnc) });
}
