import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * The `state` of a "Connect Gmail" consent: signed (HMAC-SHA256 with a key derived from the root
 * secret), bound to the user who pressed Connect, valid 10 minutes, and single-use: the PKCE
 * verifier lives in Redis under the state's nonce and is taken with GETDEL when the code is
 * exchanged, so a replayed state finds nothing.
 */

export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export interface OAuthStatePayload {
  nonce: string;
  userId: string;
  expiresAt: number;
}

export interface PendingConnect {
  codeVerifier: string;
  /** Reconnect: the mailbox whose token this consent replaces. */
  mailboxId: string | null;
}

export type StateCheck = { ok: true; payload: OAuthStatePayload } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export function oauthStateKey(rootSecret: string): Buffer {
  return createHmac("sha256", rootSecret).update("outreach.oauth-state.v1").digest();
}

const sign = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest("base64url");

export function signOAuthState(key: Buffer, payload: OAuthStatePayload): string {
  const body = Buffer.from(JSON.stringify({ n: payload.nonce, u: payload.userId, e: payload.expiresAt })).toString("base64url");
  return `${body}.${sign(key, body)}`;
}

export function verifyOAuthState(key: Buffer, state: string, now: Date): StateCheck {
  if (typeof state !== "string" || state.length > 1000) return { ok: false, reason: "malformed" };
  const [body, sig, extra] = state.split(".");
  if (!body || !sig || extra !== undefined) return { ok: false, reason: "malformed" };
  const want = Buffer.from(sign(key, body));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return { ok: false, reason: "bad_signature" };
  let parsed: { n?: unknown; u?: unknown; e?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as typeof parsed;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof parsed.n !== "string" || typeof parsed.u !== "string" || typeof parsed.e !== "number") return { ok: false, reason: "malformed" };
  if (parsed.e <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: { nonce: parsed.n, userId: parsed.u, expiresAt: parsed.e } };
}

const pendingKey = (prefix: string, nonce: string) => `${prefix}:oauth:pending:${nonce}`;

export async function savePendingConnect(redis: Redis, prefix: string, userId: string, pending: PendingConnect, now: Date): Promise<OAuthStatePayload> {
  const payload = { nonce: randomBytes(18).toString("base64url"), userId, expiresAt: now.getTime() + OAUTH_STATE_TTL_MS };
  await redis.set(pendingKey(prefix, payload.nonce), JSON.stringify(pending), "PX", OAUTH_STATE_TTL_MS);
  return payload;
}

/** Takes the pending connect of this nonce (at most once). */
export async function takePendingConnect(redis: Redis, prefix: string, nonce: string): Promise<PendingConnect | null> {
  const raw = await redis.getdel(pendingKey(prefix, nonce));
  return raw ? (JSON.parse(raw) as PendingConnect) : null;
}
