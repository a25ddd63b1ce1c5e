import type { Env } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import { MailboxKeyError, resolveMailboxKey, type MailboxKey } from "./key.ts";
import { sealedKeyId } from "./token-crypto.ts";

/**
 * Start-up check of MAILBOX_ENCRYPTION_KEY (API and worker): present and 32 bytes, and the key the
 * stored tokens were encrypted with. A wrong key stops start-up with a message that says so,
 * instead of every send failing later.
 */
export async function checkMailboxKey(db: Db, env: Env): Promise<MailboxKey> {
  const key = resolveMailboxKey(env);
  const sample = await db.mailbox.findFirst({ where: { refreshTokenEnc: { not: null } }, select: { refreshTokenEnc: true }, orderBy: { updatedAt: "desc" } });
  const stored = sample?.refreshTokenEnc ? sealedKeyId(sample.refreshTokenEnc) : null;
  if (stored && stored !== key.id) {
    throw new MailboxKeyError(
      `MAILBOX_ENCRYPTION_KEY is not the key the connected mailboxes were encrypted with (stored tokens use key ${stored}, this key is ${key.id}). Set the original key; with a new key every user must reconnect their mailbox.`,
    );
  }
  return key;
}
