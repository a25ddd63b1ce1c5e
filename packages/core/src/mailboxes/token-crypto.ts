import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MailboxKeyError, type MailboxKey } from "./key.ts";

/** AES-256-GCM, stored as "v1.<keyId>.<iv>.<tag>.<ciphertext>" (base64url parts). */

const VERSION = "v1";

export function sealToken(key: MailboxKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${key.id}`));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, key.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === VERSION ? parts[1]! : null;
}

export function openToken(key: MailboxKey, sealed: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new MailboxKeyError("a stored mailbox token is not in a format this version reads");
  const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
  if (id !== key.id) {
    throw new MailboxKeyError(`a mailbox token was encrypted with key ${id}, but MAILBOX_ENCRYPTION_KEY is key ${key.id}: set the original key, or have the user reconnect the mailbox`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
