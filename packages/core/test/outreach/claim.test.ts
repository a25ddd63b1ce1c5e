import { randomUUID } from "node:crypto";
import { Prisma } from "@outreach/db";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { createGmailClient, ProviderError, ProviderErrorCode } from "@outreach/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimForSend, classifySendError, recordSendFailure, recordSent } from "../../src/outreach/claim.ts";
import { buildOutreachMessage, outreachMessageId } from "../../src/outreach/message.ts";
import { reconcileSending, type ReconcileGmail } from "../../src/outreach/reconcile.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedApproved, seedEmailLog } from "@outreach/testkit/scenarios";

let t: DatabaseEnv;
let fake: FakeServer<GmailControl>;
beforeAll(async () => {
  [t, fake] = await Promise.all([createDatabaseEnv("claim"), startFakeGmail()]);
});
afterAll(async () => {
  await Promise.all([t?.close(), fake?.close()]);
});

const NOW = new Date("2025-06-10T12:00:00Z");
const UNSUB = { httpsUrl: "https://outreach.example/unsubscribe/tok", mailto: "ada@studio.example?subject=unsubscribe" };

describe("claimForSend", () => {
  it("lets exactly one of ten racing callers own the send", async () => {
    const { log } = await seedApproved(t.db);
    const results = await Promise.all(Array.from({ length: 10 }, () => claimForSend(t.db, log.id, NOW)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } });
    expect(row).toMatchObject({ status: "sending", claimedAt: NOW });
    // Later callers (a retried job, a second worker) lose too.
    expect(await claimForSend(t.db, log.id, new Date(NOW.getTime() + 1000))).toBe(false);
  });

  it("never claims a draft, a failed or a sent email", async () => {
    for (const status of ["draft", "failed", "sent", "bounced"] as const) {
      const { log } = await seedApproved(t.db, { log: { status } });
      expect(await claimForSend(t.db, log.id, NOW)).toBe(false);
    }
  });

  it("the database refuses a second EmailLog for the same prospect and step", async () => {
    const { prospect } = await seedApproved(t.db, { log: { status: "failed" } });
    const second = seedEmailLog(t.db, prospect.id, { step: 0 });
    await expect(second).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(second).rejects.toMatchObject({ code: "P2002" });
    expect(await t.db.emailLog.count({ where: { prospectId: prospect.id } })).toBe(1);
    // The next step is a different row.
    await expect(seedEmailLog(t.db, prospect.id, { step: 1 })).resolves.toMatchObject({ step: 1 });
  });
});

describe("recordSent / recordSendFailure", () => {
  it("records Gmail's ids and moves the prospect to sent; a follow-up counts as one", async () => {
    const { log, prospect } = await seedApproved(t.db, { prospect: { stage: "approved", outreachStatus: "pending" } });
    await claimForSend(t.db, log.id, NOW);
    const sentAt = new Date(NOW.getTime() + 2000);
    expect(await recordSent(t.db, log.id, { gmailMessageId: "g1", threadId: "t1", rfcMessageId: "<real@mail.gmail.com>", sentAt })).toBe(true);
    expect(await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({
      status: "sent",
      gmailMessageId: "g1",
      gmailThreadId: "t1",
      rfcMessageId: "<real@mail.gmail.com>",
      sentAt,
    });
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({
      outreachStatus: "sent",
      stage: "sent",
      lastSent: sentAt,
      followupsSent: 0,
    });
    // Recording twice changes nothing.
    expect(await recordSent(t.db, log.id, { gmailMessageId: "g2", threadId: "t1", rfcMessageId: "<x@y>", sentAt: NOW })).toBe(false);
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).gmailMessageId).toBe("g1");

    const followUp = await seedEmailLog(t.db, prospect.id, { step: 1 });
    await claimForSend(t.db, followUp.id, NOW);
    const later = new Date(NOW.getTime() + 4 * 86_400_000);
    await recordSent(t.db, followUp.id, { gmailMessageId: "g3", threadId: "t1", rfcMessageId: "<f@mail.gmail.com>", sentAt: later });
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ followupsSent: 1, lastSent: later });
  });

  it("does not undo a reply when a late send is recorded", async () => {
    const { log, prospect } = await seedApproved(t.db, { prospect: { stage: "replied", outreachStatus: "replied" }, log: { step: 1, status: "sending" } });
    await recordSent(t.db, log.id, { gmailMessageId: "g", threadId: "t", rfcMessageId: "<a@b>", sentAt: NOW });
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ stage: "replied", outreachStatus: "replied", followupsSent: 1 });
  });

  it("retry returns the row to the queue, failed ends it, unknown leaves it for reconciling", async () => {
    const a = await seedApproved(t.db);
    const b = await seedApproved(t.db);
    const c = await seedApproved(t.db);
    for (const x of [a, b, c]) await claimForSend(t.db, x.log.id, NOW);
    await recordSendFailure(t.db, a.log.id, { kind: "retry", error: "gmail: HTTP 429" });
    await recordSendFailure(t.db, b.log.id, { kind: "failed", error: "gmail: HTTP 400 Invalid To header" });
    await recordSendFailure(t.db, c.log.id, { kind: "unknown", error: "gmail: socket hang up" });
    const rows = await t.db.emailLog.findMany({ where: { id: { in: [a.log.id, b.log.id, c.log.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(a.log.id)).toMatchObject({ status: "approved", claimedAt: null, error: "gmail: HTTP 429" });
    expect(byId.get(b.log.id)).toMatchObject({ status: "failed" });
    expect(byId.get(c.log.id)).toMatchObject({ status: "sending", claimedAt: NOW });
    expect(byId.get(c.log.id)!.error).toContain("reconciling");
    expect(await claimForSend(t.db, a.log.id, NOW)).toBe(true);
    // A row that is not in sending is left alone.
    expect(await recordSendFailure(t.db, b.log.id, { kind: "retry", error: "late" })).toBe(false);
  });

  it("classifies send errors: only a proven refusal is retried", () => {
    const e = (kind: ProviderError["kind"], code?: string | number, status?: number) => new ProviderError({ provider: "gmail", kind, code, status, message: "x" });
    expect(classifySendError(e("transient", ProviderErrorCode.OUTCOME_UNKNOWN))).toBe("unknown");
    expect(classifySendError(e("transient", 500, 500))).toBe("unknown");
    expect(classifySendError(e("bad_response"))).toBe("unknown");
    expect(classifySendError(new Error("boom"))).toBe("unknown");
    expect(classifySendError(e("transient", ProviderErrorCode.UNREACHABLE))).toBe("retry");
    expect(classifySendError(e("rate_limited", 429, 429))).toBe("retry");
    expect(classifySendError(e("auth", ProviderErrorCode.INVALID_GRANT, 400))).toBe("retry");
    expect(classifySendError(e("invalid_request", 400, 400))).toBe("failed");
  });
});

// ---------- reconciling ----------

interface StubMessage {
  id: string;
  threadId: string;
  to: string;
  internalDate: number;
  headers: Record<string, string>;
  searchableAt: number;
}

/** Gmail search over sent mail, with indexing delay, implementing just what reconcile uses. */
function stubGmail(clock: () => number) {
  const messages: StubMessage[] = [];
  const queries: string[] = [];
  const gmail: ReconcileGmail = {
    async listMessages(q) {
      queries.push(q);
      const terms = q.split(/\s+/);
      const hits = messages.filter((m) => {
        if (m.searchableAt > clock()) return false;
        return terms.every((term) => {
          const [k, v = ""] = term.split(/:(.*)/s) as [string, string];
          if (k === "rfc822msgid") return (m.headers["message-id"] ?? "").replace(/^<|>$/g, "") === v;
          if (k === "in") return v === "sent";
          if (k === "to") return m.to === v.toLowerCase();
          if (k === "after") return m.internalDate >= Number(v) * 1000;
          return false;
        });
      });
      return { messages: hits.map((m) => ({ id: m.id, threadId: m.threadId })), nextPageToken: null };
    },
    async getMessageMetadata(id, headers) {
      const m = messages.find((x) => x.id === id)!;
      const wanted = headers.map((h) => h.toLowerCase());
      return { id: m.id, threadId: m.threadId, internalDate: String(m.internalDate), headers: Object.fromEntries(Object.entries(m.headers).filter(([k]) => wanted.includes(k))) };
    },
  };
  const add = (m: Partial<StubMessage> & { to: string; headers: Record<string, string> }) =>
    messages.push({ id: randomUUID().slice(0, 16), threadId: randomUUID().slice(0, 16), internalDate: clock(), searchableAt: clock(), ...m });
  return { gmail, add, queries };
}

describe("reconcileSending (stub Gmail, injected clock)", () => {
  it("finds a send by our Message-ID and records Gmail's ids", async () => {
    const { log, prospect } = await seedApproved(t.db);
    await claimForSend(t.db, log.id, NOW);
    let now = NOW.getTime() + 1000;
    const stub = stubGmail(() => now);
    stub.add({ id: "gm-1", threadId: "th-1", to: prospect.contactEmail!, headers: { "message-id": outreachMessageId(log.id, NOW), "x-outreach-send-id": log.id } });
    now += 5000;
    const r = await reconcileSending(t.db, stub.gmail, log, { now: new Date(now) });
    expect(r).toMatchObject({ outcome: "sent", foundBy: "rfc822msgid", gmailMessageId: "gm-1", threadId: "th-1" });
    expect(await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({ status: "sent", gmailMessageId: "gm-1", rfcMessageId: outreachMessageId(log.id, NOW) });
    expect(stub.queries[0]).toBe(`rfc822msgid:${outreachMessageId(log.id, NOW).slice(1, -1)}`);
  });

  it("finds a send whose Message-ID Gmail replaced, by the X-Outreach-Send-Id header, and keeps the real Message-ID", async () => {
    const { log, prospect } = await seedApproved(t.db);
    await claimForSend(t.db, log.id, NOW);
    const now = NOW.getTime() + 30_000;
    const stub = stubGmail(() => now);
    // Another email to the same person (an earlier one) must not be taken for this one.
    stub.add({ to: prospect.contactEmail!, headers: { "message-id": "<older@mail.gmail.com>", "x-outreach-send-id": randomUUID() } });
    stub.add({ id: "gm-2", to: prospect.contactEmail!, headers: { "message-id": "<CAreal@mail.gmail.com>", "x-outreach-send-id": log.id } });
    const r = await reconcileSending(t.db, stub.gmail, log, { now: new Date(now) });
    expect(r).toMatchObject({ outcome: "sent", foundBy: "send-id-header", gmailMessageId: "gm-2", rfcMessageId: "<CAreal@mail.gmail.com>" });
    expect(stub.queries[1]).toBe(`in:sent to:${prospect.contactEmail} after:${Math.floor(NOW.getTime() / 1000) - 300}`);
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).rfcMessageId).toBe("<CAreal@mail.gmail.com>");
  });

  it("not found within the grace period: leaves it in sending and says when to look again; after it: back to approved", async () => {
    const { log } = await seedApproved(t.db);
    await claimForSend(t.db, log.id, NOW);
    let now = NOW.getTime() + 60_000;
    const stub = stubGmail(() => now);
    const early = await reconcileSending(t.db, stub.gmail, log, { now: new Date(now), graceMs: 120_000 });
    expect(early).toEqual({ outcome: "pending", checkAgainAt: new Date(NOW.getTime() + 120_000) });
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).status).toBe("sending");

    now = NOW.getTime() + 120_000;
    const late = await reconcileSending(t.db, stub.gmail, log, { now: new Date(now), graceMs: 120_000 });
    expect(late).toEqual({ outcome: "requeued" });
    const row = await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } });
    expect(row).toMatchObject({ status: "approved", claimedAt: null });
    expect(row.error).toContain("not found in Gmail");
    // It may now be claimed again, and reconciling it again is a no-op.
    expect(await reconcileSending(t.db, stub.gmail, log, { now: new Date(now) })).toEqual({ outcome: "not_sending", status: "approved" });
  });

  it("a send Gmail indexes late is found on the second look, never sent twice", async () => {
    const { log, prospect } = await seedApproved(t.db);
    await claimForSend(t.db, log.id, NOW);
    let now = NOW.getTime() + 10_000;
    const stub = stubGmail(() => now);
    stub.add({ to: prospect.contactEmail!, headers: { "message-id": "<late@mail.gmail.com>", "x-outreach-send-id": log.id }, searchableAt: NOW.getTime() + 90_000 });
    expect((await reconcileSending(t.db, stub.gmail, log, { now: new Date(now) })).outcome).toBe("pending");
    now = NOW.getTime() + 150_000;
    expect(await reconcileSending(t.db, stub.gmail, log, { now: new Date(now) })).toMatchObject({ outcome: "sent", foundBy: "send-id-header" });
  });
});

describe("a crash between Gmail accepting and the database recording (fake Gmail server)", () => {
  const gmailClient = () =>
    createGmailClient({
      clientId: "fake-client-id",
      clientSecret: "fake-client-secret",
      refreshToken: "fake-refresh-token",
      rootUrl: fake.url,
      tokenUrl: fake.control.tokenUrl,
      retry: { maxAttempts: 1 },
      timeoutMs: 5000,
    });

  it.each(["drop", "500"] as const)("answer lost (%s): reconciled as sent with Gmail's real Message-ID, never sent again", async (mode) => {
    fake.control.reset();
    const gmail = gmailClient();
    const { log, campaign, prospect } = await seedApproved(t.db);
    const claimedAt = new Date();
    expect(await claimForSend(t.db, log.id, claimedAt)).toBe(true);
    const row = await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } });
    const msg = await buildOutreachMessage({ campaign, prospect, emailLog: row, unsubscribe: UNSUB });

    fake.control.failAfterAccept(1, mode);
    const err = await gmail.sendRaw(msg.raw).catch((e: unknown) => e);
    expect(classifySendError(err)).toBe("unknown");
    await recordSendFailure(t.db, log.id, { kind: "unknown", error: String(err) });

    const r = await reconcileSending(t.db, gmail, row, { now: new Date() });
    const sent = fake.control.sent();
    expect(sent).toHaveLength(1);
    expect(r).toMatchObject({ outcome: "sent", foundBy: "send-id-header", gmailMessageId: sent[0]!.id, rfcMessageId: sent[0]!.messageId });
    expect(sent[0]!.originalMessageId).toBe(msg.messageId);
    expect(sent[0]!.messageId).not.toBe(msg.messageId);
    expect(await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).toMatchObject({ status: "sent", rfcMessageId: sent[0]!.messageId, gmailThreadId: sent[0]!.threadId });
    // The row is no longer claimable: nothing can send it again.
    expect(await claimForSend(t.db, log.id, new Date())).toBe(false);
  });

  it("while Gmail search has not caught up, the row waits instead of being requeued", async () => {
    fake.control.reset();
    fake.control.setSearchDelay(60_000);
    const gmail = gmailClient();
    const { log, campaign, prospect } = await seedApproved(t.db);
    const claimedAt = new Date();
    await claimForSend(t.db, log.id, claimedAt);
    const row = await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } });
    const msg = await buildOutreachMessage({ campaign, prospect, emailLog: row, unsubscribe: UNSUB });
    fake.control.failAfterAccept(1, "drop");
    await gmail.sendRaw(msg.raw).catch(() => undefined);
    const r = await reconcileSending(t.db, gmail, row, { now: new Date(), graceMs: 120_000 });
    expect(r).toEqual({ outcome: "pending", checkAgainAt: new Date(claimedAt.getTime() + 120_000) });
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: log.id } })).status).toBe("sending");
    fake.control.setSearchDelay(0);
  });
});
