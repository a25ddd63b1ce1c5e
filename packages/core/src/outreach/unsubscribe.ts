import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "@outreach/db";
import { z } from "zod";
import { addSuppression, normalizeEmail } from "../suppression/index.ts";

/**
 * One-click unsubscribe (RFC 8058). Each email carries a token naming the user, the EmailLog and
 * the recipient, signed with HMAC-SHA256: `v1.<payload base64url>.<signature base64url>`.
 * No expiry: an unsubscribe link must keep working for as long as the email exists. The version
 * prefix lets the format or key change later while old links still verify.
 */

export interface UnsubscribePayload {
  userId: string;
  emailLogId: string;
  email: string;
}

const VERSION = "v1";
const payloadSchema = z.object({ u: z.string().uuid(), m: z.string().uuid(), e: z.string().min(3).max(320) });

export class InvalidUnsubscribeTokenError extends Error {
  constructor() {
    super("This unsubscribe link is not valid");
    this.name = "InvalidUnsubscribeTokenError";
  }
}

/** A key for unsubscribe tokens derived from a longer-lived secret (e.g. JWT_SECRET_KEY), so the two never share a key. */
export function deriveUnsubscribeSecret(rootSecret: string): Buffer {
  if (rootSecret.length < 16) throw new Error("the unsubscribe secret must be at least 16 characters");
  return createHmac("sha256", rootSecret).update("outreach.unsubscribe.v1").digest();
}

function sign(secret: string | Buffer, data: string): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

export function signUnsubscribeToken(secret: string | Buffer, payload: UnsubscribePayload): string {
  const email = normalizeEmail(payload.email);
  if (!email) throw new Error("cannot sign an unsubscribe token for an invalid address");
  const body = Buffer.from(JSON.stringify({ u: payload.userId, m: payload.emailLogId, e: email }), "utf8").toString("base64url");
  const data = `${VERSION}.${body}`;
  return `${data}.${sign(secret, data).toString("base64url")}`;
}

/** The payload when the token is ours and untouched, else null. Constant-time signature check. */
export function verifyUnsubscribeToken(secret: string | Buffer, token: string): UnsubscribePayload | null {
  if (typeof token !== "string" || token.length > 1000) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [version, body, sig] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]+$/.test(sig)) return null;
  const expected = sign(secret, `${version}.${body}`);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return null;
  return { userId: parsed.data.u, emailLogId: parsed.data.m, email: parsed.data.e };
}

/** `${PUBLIC_URL}/unsubscribe/<token>` (the token is URL-safe as it is). */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/unsubscribe/${token}`;
}

/** The List-Unsubscribe pair for one email: the https one-click URL and a mailto to the sender. */
export function unsubscribeLinks(args: { publicUrl: string; fromEmail: string; token: string }): { httpsUrl: string; mailto: string } {
  return {
    httpsUrl: unsubscribeUrl(args.publicUrl, args.token),
    mailto: `${args.fromEmail}?subject=${encodeURIComponent(`unsubscribe ${args.token}`)}`,
  };
}

export interface UnsubscribeResult {
  userId: string;
  email: string;
  /** False when the address was already suppressed (a second click). */
  newlySuppressed: boolean;
  /** Drafts and approved emails of that prospect that will now never be sent. */
  cancelled: number;
}

/**
 * What POST /unsubscribe/:token does (no login): verifies the token, suppresses the address for
 * the user (reason unsubscribed) and cancels the prospect's remaining drafts and approved emails
 * (status failed, error "unsubscribed"). The prospect's stage is left as it is: the board still
 * shows how far it got; the suppression stops every future send, in every campaign.
 * Idempotent. Throws InvalidUnsubscribeTokenError for a forged or damaged token.
 */
export async function applyUnsubscribe(db: Db, secret: string | Buffer, token: string): Promise<UnsubscribeResult> {
  const payload = verifyUnsubscribeToken(secret, token);
  if (!payload) throw new InvalidUnsubscribeTokenError();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: payload.userId }, select: { id: true } });
    if (!user) throw new InvalidUnsubscribeTokenError();
    const s = await addSuppression(tx, payload.userId, payload.email, "unsubscribed", `one-click unsubscribe from email ${payload.emailLogId}`);
    const log = await tx.emailLog.findFirst({
      where: { id: payload.emailLogId, prospect: { campaign: { userId: payload.userId } } },
      select: { prospectId: true },
    });
    let cancelled = 0;
    if (log) {
      const r = await tx.emailLog.updateMany({
        where: { prospectId: log.prospectId, status: { in: ["draft", "approved"] } },
        data: { status: "failed", error: "unsubscribed" },
      });
      cancelled = r.count;
    }
    return { userId: payload.userId, email: s.value, newlySuppressed: s.created, cancelled };
  });
}
