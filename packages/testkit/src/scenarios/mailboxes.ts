import { loadEnv } from "@outreach/contracts";
import { resolveMailboxKey, sealToken } from "@outreach/core/mailboxes";
import type { Db, Prisma } from "@outreach/db";

/** The fake Gmail's default account and refresh token (packages/fakes). */
export const SANDBOX_MAILBOX = { address: "artist@sandbox-gmail.example", refreshToken: "fake-refresh-token" } as const;

const testKey = () => resolveMailboxKey(loadEnv({ ...process.env, NODE_ENV: "test" }));

/**
 * A connected Gmail mailbox of `userId` (by default the fake Gmail's own account), its refresh
 * token sealed with the test key exactly as "Connect Gmail" stores it. Reuses the user's mailbox
 * of the same address. Its daily cap is Gmail's own (2,000) so campaign caps decide, unless set.
 */
export async function seedMailbox(
  db: Db,
  userId: string,
  opts: { address?: string; refreshToken?: string; data?: Partial<Prisma.MailboxUncheckedCreateInput> } = {},
) {
  const address = (opts.address ?? SANDBOX_MAILBOX.address).toLowerCase();
  const existing = await db.mailbox.findUnique({ where: { userId_address: { userId, address } } });
  if (existing) return existing;
  return db.mailbox.create({
    data: {
      userId,
      address,
      displayName: "Ada Potter",
      sendAs: [{ email: address, displayName: "Ada Potter", isPrimary: true, verified: true }],
      refreshTokenEnc: sealToken(testKey(), opts.refreshToken ?? SANDBOX_MAILBOX.refreshToken),
      grantedScopes: ["https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly", "openid", "email"],
      dailyCap: 2000,
      ...opts.data,
    },
  });
}
