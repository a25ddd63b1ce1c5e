import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "@outreach/contracts";

/**
 * The key that encrypts mailbox refresh tokens at rest: MAILBOX_ENCRYPTION_KEY, 32 bytes given as
 * base64 (44 characters) or hex (64). In development and tests it is generated once into
 * .data/mailbox-key (like the JWT secret); production refuses to start without it. Its id (the
 * first 8 hex digits of its SHA-256) is stored next to every ciphertext, so a changed key is named
 * as such instead of failing as "corrupt data".
 */

export const DEV_MAILBOX_KEY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../.data/mailbox-key");

export interface MailboxKey {
  id: string;
  key: Buffer;
}

export class MailboxKeyError extends Error {
  override name = "MailboxKeyError";
}

function decodeKey(raw: string): Buffer | null {
  const v = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return b.length === 32 ? b : null;
  }
  return null;
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function resolveMailboxKey(env: Pick<Env, "MAILBOX_ENCRYPTION_KEY" | "NODE_ENV">, devKeyFile = DEV_MAILBOX_KEY_FILE): MailboxKey {
  let raw = env.MAILBOX_ENCRYPTION_KEY;
  if (!raw) {
    if (env.NODE_ENV === "production") {
      throw new MailboxKeyError("MAILBOX_ENCRYPTION_KEY is required in production: 32 random bytes as base64 or hex (openssl rand -base64 32). It encrypts the Gmail tokens of connected mailboxes.");
    }
    if (existsSync(devKeyFile)) raw = readFileSync(devKeyFile, "utf8").trim();
    else {
      raw = randomBytes(32).toString("base64");
      mkdirSync(path.dirname(devKeyFile), { recursive: true });
      writeFileSync(devKeyFile, raw, { mode: 0o600 });
    }
  }
  const key = decodeKey(raw);
  if (!key) {
    throw new MailboxKeyError("MAILBOX_ENCRYPTION_KEY must be exactly 32 bytes, written as base64 (44 characters) or hex (64 characters), e.g. the output of `openssl rand -base64 32`.");
  }
  return { id: keyId(key), key };
}
