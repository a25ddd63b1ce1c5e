import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSendPolicy } from "../../src/outreach/policy.ts";
import { applyUnsubscribe, deriveUnsubscribeSecret, InvalidUnsubscribeTokenError, signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from "../../src/outreach/unsubscribe.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedApproved, seedSendingCampaign, seedEmailLog, seedProspect } from "@outreach/testkit/scenarios";

const SECRET = deriveUnsubscribeSecret("jwt-secret-key-of-at-least-32-bytes!!");
const payload = { userId: randomUUID(), emailLogId: randomUUID(), email: "Editor@Gallery.example" };

describe("unsubscribe tokens", () => {
  it("round-trips, URL-safe, with the address normalised", () => {
    const token = signUnsubscribeToken(SECRET, payload);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ ...payload, email: "editor@gallery.example" });
    expect(unsubscribeUrl("https://outreach.example/", token)).toBe(`https://outreach.example/unsubscribe/${token}`);
  });

  it("rejects every single-character change, another key, another version and junk", () => {
    const token = signUnsubscribeToken(SECRET, payload);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let accepted = 0;
    for (let i = 0; i < token.length; i++) {
      const c = token[i]!;
      const replacement = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length] ?? "A";
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      if (tampered !== token && verifyUnsubscribeToken(SECRET, tampered) !== null) accepted++;
    }
    // base64url's last character may carry unused bits; anything else must break the token.
    expect(accepted).toBeLessThanOrEqual(1);

    // A token for someone else's address, re-signed without the key, fails.
    const [, , sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ u: payload.userId, m: payload.emailLogId, e: "victim@other.example" })).toString("base64url");
    expect(verifyUnsubscribeToken(SECRET, `v1.${forged}.${sig}`)).toBeNull();
    expect(verifyUnsubscribeToken(deriveUnsubscribeSecret("another-secret-entirely-0123456789"), token)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, token.replace(/^v1/, "v2"))).toBeNull();
    for (const junk of ["", "v1", "v1..", "v1.e30.", "a.b.c.d", "x".repeat(5000)]) expect(verifyUnsubscribeToken(SECRET, junk)).toBeNull();
  });
});

describe("applyUnsubscribe (real PostgreSQL)", () => {
  let t: DatabaseEnv;
  beforeAll(async () => {
    t = await createDatabaseEnv("unsub");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("suppresses the address, cancels the prospect's pending emails, and every later send is refused", async () => {
    const { userId, prospect, log } = await seedApproved(t.db, {
      prospect: { contactEmail: "Editor@Gallery.example", stage: "sent", outreachStatus: "sent" },
      log: { status: "sent", sentAt: new Date() },
    });
    const followUp = await seedEmailLog(t.db, prospect.id, { step: 1, status: "approved" });
    const followUp2 = await seedEmailLog(t.db, prospect.id, { step: 2, status: "draft" });
    // The same person as a prospect of another campaign.
    const other = await seedSendingCampaign(t.db, userId);
    const elsewhere = await seedProspect(t.db, other.id, { contactEmail: "editor@gallery.example", domain: "gallery-mirror.example" });
    const elsewhereLog = await seedEmailLog(t.db, elsewhere.id);

    const token = signUnsubscribeToken(SECRET, { userId, emailLogId: log.id, email: prospect.contactEmail! });
    const r = await applyUnsubscribe(t.db, SECRET, token);
    expect(r).toEqual({ userId, email: "editor@gallery.example", newlySuppressed: true, cancelled: 2 });
    expect(await t.db.suppression.findMany({ where: { userId } })).toMatchObject([{ value: "editor@gallery.example", reason: "unsubscribed" }]);
    const logs = await t.db.emailLog.findMany({ where: { id: { in: [followUp.id, followUp2.id] } } });
    expect(logs.map((l) => [l.status, l.error])).toEqual([
      ["failed", "unsubscribed"],
      ["failed", "unsubscribed"],
    ]);
    // The stage stays where it was; the sent email stays sent.
    expect((await t.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).stage).toBe("sent");
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).status).toBe("sent");

    const verdict = await checkSendPolicy({
      db: t.db,
      campaign: await t.db.campaign.findUniqueOrThrow({ where: { id: other.id } }),
      prospect: elsewhere,
      emailLog: elsewhereLog,
      now: new Date(),
    });
    expect(verdict).toMatchObject({ ok: false, reason: "suppressed" });

    // A second click (mail clients do repeat the POST) is harmless.
    expect(await applyUnsubscribe(t.db, SECRET, token)).toEqual({ userId, email: "editor@gallery.example", newlySuppressed: false, cancelled: 0 });
  });

  it("refuses a tampered token and writes nothing", async () => {
    const { userId, log } = await seedApproved(t.db);
    const token = signUnsubscribeToken(SECRET, { userId, emailLogId: log.id, email: "x@y.example" });
    await expect(applyUnsubscribe(t.db, SECRET, token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA"))).rejects.toBeInstanceOf(InvalidUnsubscribeTokenError);
    expect(await t.db.suppression.count({ where: { userId } })).toBe(0);
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).status).toBe("approved");
  });
});
