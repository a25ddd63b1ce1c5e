import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MailboxKeyError, openToken, resolveMailboxKey, sealToken, signOAuthState, verifyOAuthState } from "../../src/mailboxes/index.ts";

const keyOf = (bytes = randomBytes(32)) => resolveMailboxKey({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: bytes.toString("base64") });

describe("mailbox encryption key", () => {
  it("accepts 32 bytes as base64 or hex and names the key by a stable id", () => {
    const bytes = randomBytes(32);
    const a = resolveMailboxKey({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: bytes.toString("base64") });
    const b = resolveMailboxKey({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: bytes.toString("hex") });
    expect(a.id).toBe(b.id);
    expect(a.key.equals(bytes)).toBe(true);
  });

  it("refuses a missing key in production and a key of the wrong length anywhere, in words", () => {
    expect(() => resolveMailboxKey({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: undefined })).toThrow(/MAILBOX_ENCRYPTION_KEY is required in production/);
    expect(() => resolveMailboxKey({ NODE_ENV: "production", MAILBOX_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toThrow(/exactly 32 bytes/);
    expect(() => resolveMailboxKey({ NODE_ENV: "development", MAILBOX_ENCRYPTION_KEY: "not a key" })).toThrow(MailboxKeyError);
  });

  it("generates a development key once into its file and reads it back", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "mbkey-")), "mailbox-key");
    const first = resolveMailboxKey({ NODE_ENV: "development", MAILBOX_ENCRYPTION_KEY: undefined }, file);
    const again = resolveMailboxKey({ NODE_ENV: "development", MAILBOX_ENCRYPTION_KEY: undefined }, file);
    expect(again.id).toBe(first.id);
    expect(Buffer.from(readFileSync(file, "utf8"), "base64")).toHaveLength(32);
  });
});

describe("sealed refresh tokens", () => {
  it("round-trip, never contain the token, and differ each time (random IV)", () => {
    const key = keyOf();
    const token = "1//0gRefreshTokenFromGoogle-abc";
    const a = sealToken(key, token);
    const b = sealToken(key, token);
    expect(a).not.toContain(token);
    expect(a).not.toBe(b);
    expect(openToken(key, a)).toBe(token);
    expect(a.split(".")[1]).toBe(key.id);
  });

  it("say which key is wrong instead of failing as corrupt data, and refuse a tampered ciphertext", () => {
    const key = keyOf();
    const other = keyOf();
    const sealed = sealToken(key, "secret-token");
    expect(() => openToken(other, sealed)).toThrow(new RegExp(`encrypted with key ${key.id}.*key ${other.id}`));
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[4]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString("base64url");
    expect(() => openToken(key, parts.join("."))).toThrow();
  });
});

describe("OAuth state", () => {
  const secret = randomBytes(32);
  const now = new Date("2026-12-02T10:00:00Z");
  const payload = { nonce: "n1", userId: "user-a", expiresAt: now.getTime() + 600_000 };

  it("verifies its own signature and returns who started it", () => {
    const state = signOAuthState(secret, payload);
    expect(verifyOAuthState(secret, state, now)).toEqual({ ok: true, payload });
  });

  it("refuses a tampered, foreign, expired or malformed state", () => {
    const state = signOAuthState(secret, payload);
    const [body, sig] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ n: "n1", u: "user-b", e: payload.expiresAt })).toString("base64url");
    expect(verifyOAuthState(secret, `${forged}.${sig}`, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyOAuthState(randomBytes(32), state, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyOAuthState(secret, state, new Date(payload.expiresAt))).toEqual({ ok: false, reason: "expired" });
    expect(verifyOAuthState(secret, `${body}`, now)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyOAuthState(secret, "<script>alert(1)</script>", now)).toEqual({ ok: false, reason: "malformed" });
  });
});
