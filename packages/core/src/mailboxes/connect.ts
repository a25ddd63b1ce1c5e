import type { Env } from "@outreach/contracts";
import { resolveSecretKey } from "@outreach/contracts";
import type { Db, Prisma } from "@outreach/db";
import { describeScope, isProviderError, missingScopes, REQUIRED_GMAIL_SCOPES, type Providers } from "@outreach/providers";
import type { Redis } from "ioredis";
import { ConflictError, NotFoundError } from "../errors.ts";
import { resumeMailbox } from "./health.ts";
import type { MailboxKey } from "./key.ts";
import { oauthStateKey, savePendingConnect, signOAuthState, takePendingConnect, verifyOAuthState } from "./oauth-state.ts";
import { openToken, sealToken } from "./token-crypto.ts";

/**
 * "Connect Gmail": Google's web-server flow with PKCE (providers.md "Google OAuth").
 * 1. startGmailConnect: a signed, single-use state bound to the user, a PKCE pair (the verifier
 *    stays in Redis), and Google's consent URL (offline access, consent prompt, granular scopes).
 * 2. Google returns to /oauth/google/callback, which checks the state's signature and sends the
 *    browser on to the app (api/rest/oauth.ts).
 * 3. completeGmailConnect, called by the signed-in app: the state must belong to that user and is
 *    used up; the code is exchanged with the verifier; the granted scopes are compared with the
 *    ones needed (a missing one stores nothing and revokes what was granted); the address comes
 *    from users.getProfile, the aliases from sendAs.list; the refresh token is stored encrypted.
 */

export interface MailboxDeps {
  db: Db;
  env: Env;
  redis: Redis;
  providers: Providers;
  key: MailboxKey;
  now?: () => Date;
}

export const redirectUriOf = (env: Pick<Env, "PUBLIC_URL">) => new URL("/oauth/google/callback", env.PUBLIC_URL).toString();

const nowOf = (d: Pick<MailboxDeps, "now">) => (d.now ? d.now() : new Date());

export async function startGmailConnect(d: MailboxDeps, userId: string, opts: { mailboxId?: string | null } = {}): Promise<{ url: string; state: string }> {
  let loginHint: string | undefined;
  if (opts.mailboxId) {
    const mailbox = await d.db.mailbox.findFirst({ where: { id: opts.mailboxId, userId }, select: { address: true } });
    if (!mailbox) throw new NotFoundError("Mailbox");
    loginHint = mailbox.address;
  }
  const oauth = d.providers.googleOAuth(redirectUriOf(d.env));
  const pkce = await oauth.createPkce();
  const payload = await savePendingConnect(d.redis, d.env.REDIS_PREFIX, userId, { codeVerifier: pkce.codeVerifier, mailboxId: opts.mailboxId ?? null }, nowOf(d));
  const state = signOAuthState(oauthStateKey(resolveSecretKey(d.env)), payload);
  return { url: oauth.consentUrl({ state, codeChallenge: pkce.codeChallenge, loginHint }), state };
}

export type CompleteConnectResult =
  | { kind: "connected"; mailboxId: string; address: string; reconnected: boolean; resumedCampaignIds: string[] }
  | { kind: "missing_permissions"; missing: { scope: string; description: string }[] };

export class OAuthStateError extends ConflictError {}

export async function completeGmailConnect(d: MailboxDeps, userId: string, input: { code: string; state: string }): Promise<CompleteConnectResult> {
  const now = nowOf(d);
  const check = verifyOAuthState(oauthStateKey(resolveSecretKey(d.env)), input.state, now);
  if (!check.ok) {
    throw new OAuthStateError(check.reason === "expired" ? "This Gmail sign-in took longer than 10 minutes. Press Connect Gmail again." : "This Gmail sign-in link is not valid. Press Connect Gmail again.");
  }
  if (check.payload.userId !== userId) throw new OAuthStateError("This Gmail sign-in was started by another account. Press Connect Gmail again.");
  const pending = await takePendingConnect(d.redis, d.env.REDIS_PREFIX, check.payload.nonce);
  if (!pending) throw new OAuthStateError("This Gmail sign-in was already used. Press Connect Gmail again.");

  const oauth = d.providers.googleOAuth(redirectUriOf(d.env));
  let tokens: Awaited<ReturnType<typeof oauth.exchangeCode>>;
  try {
    tokens = await oauth.exchangeCode({ code: input.code, codeVerifier: pending.codeVerifier });
  } catch (err) {
    if (isProviderError(err) && err.code === "invalid_grant") throw new OAuthStateError("Google did not accept this sign-in (it expired or was already used). Press Connect Gmail again.");
    throw err;
  }
  const missing = missingScopes(tokens.grantedScopes, REQUIRED_GMAIL_SCOPES);
  if (missing.length) {
    // Nothing is stored; what was granted is handed back to Google.
    await oauth.revoke(tokens.refreshToken ?? tokens.accessToken).catch(() => undefined);
    return { kind: "missing_permissions", missing: missing.map((scope) => ({ scope, description: describeScope(scope) })) };
  }
  if (!tokens.refreshToken) {
    throw new OAuthStateError("Google sent no refresh token, so this app could not send later. Remove the app's access in your Google Account (Security → Third-party access) and connect again.");
  }

  const probe = d.providers.gmailFor({ id: `connect:${check.payload.nonce}`, refreshToken: tokens.refreshToken });
  const profile = await probe.getProfile();
  const address = profile.emailAddress.toLowerCase();
  const aliases = await probe.listSendAs().catch(() => []);
  const primary = aliases.find((a) => a.isPrimary);
  const sealed = sealToken(d.key, tokens.refreshToken);

  if (pending.mailboxId) {
    const existing = await d.db.mailbox.findFirst({ where: { id: pending.mailboxId, userId }, select: { address: true } });
    if (!existing) throw new NotFoundError("Mailbox");
    if (existing.address !== address) {
      await oauth.revoke(tokens.refreshToken).catch(() => undefined);
      throw new ConflictError(`You chose ${address} on Google's page, but this mailbox is ${existing.address}. Reconnect again and choose ${existing.address}, or connect ${address} as a new mailbox.`);
    }
  }
  const previous = await d.db.mailbox.findUnique({ where: { userId_address: { userId, address } }, select: { id: true, refreshTokenEnc: true } });
  const data = {
    displayName: primary?.displayName ?? "",
    sendAs: aliases as unknown as Prisma.InputJsonValue,
    refreshTokenEnc: sealed,
    grantedScopes: tokens.grantedScopes,
    status: "connected" as const,
    statusReason: null,
    statusChangedAt: now,
  };
  const mailbox = previous
    ? await d.db.mailbox.update({ where: { id: previous.id }, data, select: { id: true } })
    : await d.db.mailbox.create({ data: { ...data, userId, address, gmailHistoryId: profile.historyId }, select: { id: true } });
  if (previous?.refreshTokenEnc) {
    // The replaced token is handed back to Google (best effort: it may be dead already).
    const old = safeOpen(d.key, previous.refreshTokenEnc);
    if (old && old !== tokens.refreshToken) await oauth.revoke(old).catch(() => undefined);
  }
  // A first mailbox is what the user's campaigns were waiting for.
  await d.db.campaign.updateMany({ where: { userId, mailboxId: null }, data: { mailboxId: mailbox.id } });
  const resumedCampaignIds = await resumeMailbox(d.db, mailbox.id, now);
  return { kind: "connected", mailboxId: mailbox.id, address, reconnected: !!previous, resumedCampaignIds };
}

function safeOpen(key: MailboxKey, sealed: string): string | null {
  try {
    return openToken(key, sealed);
  } catch {
    return null;
  }
}

/** Disconnect: the token is revoked at Google and deleted here; the mailbox stays as history (its campaigns stop sending). */
export async function disconnectMailbox(d: MailboxDeps, userId: string, mailboxId: string): Promise<{ revokedAtGoogle: boolean }> {
  const mailbox = await d.db.mailbox.findFirst({ where: { id: mailboxId, userId }, select: { id: true, refreshTokenEnc: true } });
  if (!mailbox) throw new NotFoundError("Mailbox");
  let revokedAtGoogle = false;
  const token = mailbox.refreshTokenEnc ? safeOpen(d.key, mailbox.refreshTokenEnc) : null;
  if (token) revokedAtGoogle = (await d.providers.googleOAuth(redirectUriOf(d.env)).revoke(token)).revoked;
  await d.db.mailbox.update({
    where: { id: mailbox.id },
    data: { refreshTokenEnc: null, status: "disconnected", statusReason: "disconnected by you", statusChangedAt: nowOf(d) },
  });
  return { revokedAtGoogle };
}
