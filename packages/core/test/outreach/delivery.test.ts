import { randomUUID } from "node:crypto";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withDelivery, type DeliveryDeps } from "../../src/outreach/deps.ts";
import { dispatchCampaign } from "../../src/outreach/dispatch.ts";
import { runFollowUp, sweepFollowUps } from "../../src/outreach/followups.ts";
import { classifyInbound } from "../../src/outreach/inbound.ts";
import { buildOutreachMessage } from "../../src/outreach/message.ts";
import { syncUserMailboxes } from "../../src/outreach/reply-sync.ts";
import { INSECURE_PUBLIC_URL_REASON, sendEmailLog, unsubscribeSecretFor } from "../../src/outreach/send.ts";
import { applyUnsubscribe } from "../../src/outreach/unsubscribe.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedSendable } from "@outreach/testkit/scenarios";

/**
 * The delivery services against a real database, Redis and the fake Gmail (in process): what a
 * user sees after a send, a reply, a bounce, an unsubscribe click or a revoked token.
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;
const SECRET = "delivery-test-secret-0123456789abcdef-0123456789";

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("delivery", {
    GMAIL_API_URL: fake.url,
    GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
    JWT_SECRET_KEY: SECRET,
    PUBLIC_URL: "http://127.0.0.1:4000",
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.control.restoreRefreshToken();
});

const run = <T>(fn: (d: DeliveryDeps) => Promise<T>, now?: () => Date) => withDelivery({ ...t.deps, ...(now ? { now } : {}) } as typeof t.deps, {}, fn);

const seed = (opts: { campaign?: Record<string, unknown>; count?: number } = {}) =>
  seedSendable(t.deps.db, opts.count ?? 1, { dailyCap: 50, autoApproveScore: 50, ...opts.campaign });

const sentTo = (emailLogId: string) => fake.control.sent().filter((s) => s.headers["x-outreach-send-id"] === emailLogId);

describe("sending", () => {
  it("sends once, records Gmail's ids and the Message-ID Gmail really used, and never sends the same row again", async () => {
    const { logs } = await seed();
    const out = await run((d) => sendEmailLog(d, logs[0]!.id));
    expect(out.outcome).toBe("sent");
    const again = await run((d) => sendEmailLog(d, logs[0]!.id));
    expect(again).toMatchObject({ outcome: "skipped", reason: "already_sent" });
    const records = sentTo(logs[0]!.id);
    expect(records).toHaveLength(1);
    const row = await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id } });
    expect(row).toMatchObject({ status: "sent", gmailMessageId: records[0]!.id, gmailThreadId: records[0]!.threadId, rfcMessageId: records[0]!.messageId });
    expect(records[0]!.messageId).toMatch(/@mail\.gmail\.com>$/);
    // Sandbox: the http PUBLIC_URL is allowed in the one-click header.
    expect(records[0]!.headers["list-unsubscribe"]).toContain("http://127.0.0.1:4000/unsubscribe/");
    expect(records[0]!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("the unsubscribe link from the sent message suppresses the recipient; a later send to them is skipped", async () => {
    const { campaign, logs } = await seed();
    await run((d) => sendEmailLog(d, logs[0]!.id));
    const header = sentTo(logs[0]!.id)[0]!.headers["list-unsubscribe"]!;
    const token = /\/unsubscribe\/([^>]+)>/.exec(header)![1]!;
    const r = await applyUnsubscribe(t.deps.db, unsubscribeSecretFor(t.deps.env), token);
    const to = (await t.deps.db.prospect.findFirstOrThrow({ where: { campaignId: campaign.id } })).contactEmail!;
    expect(r).toMatchObject({ email: to, newlySuppressed: true });
    // Another campaign of the same user writes to the same address: skipped, nothing reaches Gmail.
    const other = await t.deps.db.campaign.create({
      data: { userId: campaign.userId, name: "Other", artistName: "Ada", keywords: [], fromName: "Ada", fromEmail: "ada@studio.example", sendWindowStart: 0, sendWindowEnd: 24, minGapSeconds: 0, maxGapSeconds: 0 },
    });
    const p2 = await t.deps.db.prospect.create({ data: { campaignId: other.id, domain: `x-${randomUUID().slice(0, 6)}.example`, contactEmail: to, score: 90, stage: "approved" } });
    const l2 = await t.deps.db.emailLog.create({ data: { prospectId: p2.id, status: "approved", subject: "Hello", body: "Hi" } });
    const before = fake.control.sent().length;
    expect(await run((d) => sendEmailLog(d, l2.id))).toMatchObject({ outcome: "skipped", reason: "suppressed" });
    expect(fake.control.sent().length).toBe(before);
    expect((await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: l2.id } })).error).toMatch(/suppression list/);
  });

  it("a time rule holds the send (window closed now): it stays approved and says when it goes", async () => {
    const hour = new Date().getUTCHours();
    const { logs } = await seed({ campaign: { sendWindowStart: (hour + 2) % 24, sendWindowEnd: (hour + 3) % 24 || 24, timeZone: "UTC" } });
    const before = fake.control.sent().length;
    const out = await run((d) => sendEmailLog(d, logs[0]!.id));
    expect(out).toMatchObject({ outcome: "waiting", reason: "outside_window" });
    expect(new Date((out as { until: string }).until).getUTCHours()).toBe((hour + 2) % 24);
    expect(fake.control.sent().length).toBe(before);
    expect((await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id } })).status).toBe("approved");
  });

  it("a revoked token: the mailbox needs reconnecting, its campaign pauses with one alert naming it, the row back to approved, no more Gmail calls", async () => {
    const { user, campaign, logs } = await seed({ count: 2 });
    fake.control.revokeRefreshToken();
    const out = await run((d) => sendEmailLog(d, logs[0]!.id));
    expect(out.outcome).toBe("auth_failed");
    expect((await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id } })).status).toBe("approved");
    const mailbox = await t.deps.db.mailbox.findUniqueOrThrow({ where: { id: campaign.mailboxId! } });
    expect(mailbox).toMatchObject({ status: "needs_reconnect", statusReason: expect.stringMatching(/invalid_grant/) });
    const alerts = await t.deps.db.alert.findMany({ where: { userId: user.id, resolvedAt: null } });
    expect(alerts).toMatchObject([{ kind: "mailbox_reconnect", mailboxId: mailbox.id, message: expect.stringContaining(mailbox.address) }]);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).sendingPausedReason).toMatch(/^mailbox_reconnect/);
    const requests = fake.control.stats().requests;
    expect(await run((d) => sendEmailLog(d, logs[1]!.id))).toMatchObject({ outcome: "skipped", reason: "campaign_paused" });
    expect(fake.control.stats().requests).toBe(requests);
  });

  it("an http unsubscribe URL is refused unless explicitly allowed (sandbox only)", async () => {
    const input = {
      campaign: { fromName: "Ada", fromEmail: "ada@studio.example" },
      prospect: { contactEmail: "ed@gallery.example" },
      emailLog: { id: randomUUID(), step: 0, subject: "Hello", body: "Hi", toEmail: null, claimedAt: new Date() },
      unsubscribe: { httpsUrl: "http://127.0.0.1:4000/unsubscribe/tok" },
    };
    await expect(buildOutreachMessage(input)).rejects.toThrow(/https/);
    const ok = await buildOutreachMessage({ ...input, allowInsecureUnsubscribe: true });
    expect(ok.raw.toString()).toContain("<http://127.0.0.1:4000/unsubscribe/tok>");
  });

  it("with Gmail live, an http PUBLIC_URL pauses sending with an alert instead of sending", async () => {
    const { user, campaign, logs } = await seed();
    const before = fake.control.sent().length;
    const out = await run((d) => sendEmailLog({ ...d, gmailMode: "live" }, logs[0]!.id));
    expect(out).toMatchObject({ outcome: "skipped", reason: "insecure_public_url" });
    expect(fake.control.sent().length).toBe(before);
    expect((await t.deps.db.alert.findFirstOrThrow({ where: { userId: user.id, kind: "public_url_insecure" } })).message).toMatch(/PUBLIC_URL must be https to send/);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).sendingPausedReason).toBe(INSECURE_PUBLIC_URL_REASON);
  });
});

describe("reply sync", () => {
  it("a reply moves the prospect to replied with the reply text; a bounce marks the email bounced and suppresses the address", async () => {
    const { user, logs } = await seed({ count: 3 });
    for (const l of logs) await run((d) => sendEmailLog(d, l.id));
    // First sync: full (no history id yet), stores the history id.
    expect((await run((d) => syncUserMailboxes(d, user.id))).mode).toBe("full");
    const rows = await Promise.all(logs.map((l) => t.deps.db.emailLog.findUniqueOrThrow({ where: { id: l.id }, include: { prospect: true } })));
    fake.control.deliverReply(rows[0]!.gmailThreadId!, { kind: "reply", body: "We would love to feature you!" });
    fake.control.deliverReply(rows[1]!.gmailThreadId!, { kind: "bounce" });
    fake.control.deliverReply(rows[2]!.gmailThreadId!, { kind: "out_of_office" });
    const r = await run((d) => syncUserMailboxes(d, user.id));
    expect(r).toMatchObject({ mode: "history", applied: { replied: 1, bounced: 1, postponed: 1 } });

    const replied = await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id }, include: { prospect: true } });
    expect(replied.response).toBe("We would love to feature you!");
    expect(replied.prospect).toMatchObject({ outreachStatus: "replied", stage: "replied" });

    const bounced = await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[1]!.id } });
    expect(bounced.status).toBe("bounced");
    expect(await t.deps.db.suppression.findFirst({ where: { userId: user.id, value: rows[1]!.prospect.contactEmail!, reason: "bounced" } })).not.toBeNull();

    // Out of office: the prospect is still waiting, its follow-up job is queued for later.
    expect((await t.deps.db.prospect.findUniqueOrThrow({ where: { id: rows[2]!.prospectId } })).outreachStatus).toBe("sent");
    const job = await t.deps.db.job.findFirstOrThrow({ where: { jobType: "followup", params: { path: ["prospectId"], equals: rows[2]!.prospectId } } });
    const bull = await t.deps.queues.followup.getJob(job.queueJobId!);
    expect(await bull!.getState()).toBe("delayed");

    // Nothing new: a second sync changes nothing.
    expect((await run((d) => syncUserMailboxes(d, user.id))).applied).toEqual({});
  });

  it("an expired history id falls back to a full sync", async () => {
    const { user, logs } = await seed();
    await run((d) => sendEmailLog(d, logs[0]!.id));
    await run((d) => syncUserMailboxes(d, user.id));
    const row = await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id } });
    fake.control.deliverReply(row.gmailThreadId!, { kind: "unsubscribe" });
    fake.control.expireHistory();
    const r = await run((d) => syncUserMailboxes(d, user.id));
    expect(r).toMatchObject({ mode: "full", applied: { unsubscribed: 1 } });
    const p = await t.deps.db.prospect.findUniqueOrThrow({ where: { id: row.prospectId } });
    expect(await t.deps.db.suppression.findFirst({ where: { userId: user.id, value: p.contactEmail!, reason: "unsubscribed" } })).not.toBeNull();
  });

  it("classifies the fake's reply kinds", async () => {
    const { logs } = await seed();
    await run((d) => sendEmailLog(d, logs[0]!.id));
    const threadId = sentTo(logs[0]!.id)[0]!.threadId;
    const kinds = ["reply", "out_of_office", "bounce", "unsubscribe"] as const;
    for (const kind of kinds) {
      const m = fake.control.deliverReply(threadId, { kind });
      expect((await classifyInbound(m.raw)).kind).toBe(kind);
    }
  });
});

describe("follow-ups", () => {
  async function sentProspect(lastSentAgoMs: number) {
    const { user, campaign, logs } = await seed({ campaign: { followUpDelaysDays: [3, 7], maxFollowUps: 2 } });
    await run((d) => sendEmailLog(d, logs[0]!.id));
    const lastSent = new Date(Date.now() - lastSentAgoMs);
    const log = await t.deps.db.emailLog.update({ where: { id: logs[0]!.id }, data: { sentAt: lastSent } });
    await t.deps.db.prospect.update({ where: { id: log.prospectId }, data: { lastSent } });
    return { user, campaign, log };
  }
  const DAYS3 = 3 * 86_400_000;

  it("a due follow-up goes in the same thread with In-Reply-To/References = the first email's real Message-ID", async () => {
    const { log } = await sentProspect(DAYS3 + 60_000);
    const sweep = await run((d) => sweepFollowUps(d));
    expect(sweep.queued).toBeGreaterThanOrEqual(1);
    expect((await run((d) => sweepFollowUps(d))).queued).toBe(0); // deterministic: queued once
    const out = await run((d) => runFollowUp(d, { prospectId: log.prospectId, step: 1, jobRowId: randomUUID() }));
    const fu = await t.deps.db.emailLog.findUniqueOrThrow({ where: { prospectId_step: { prospectId: log.prospectId, step: 1 } } });
    expect(out).toEqual({ outcome: "queued", emailLogId: fu.id });
    // Written and approved, it joins the send plan: the campaign's dispatcher sends it, follow-ups first.
    const campaignId = (await t.deps.db.prospect.findUniqueOrThrow({ where: { id: log.prospectId } })).campaignId;
    expect(await dispatchCampaign(t.deps, campaignId)).toMatchObject({ action: "queued", emailLogId: fu.id });
    expect(await run((d) => sendEmailLog(d, fu.id))).toMatchObject({ outcome: "sent" });
    const first = sentTo(log.id)[0]!;
    const rec = sentTo(fu.id)[0]!;
    expect(rec.threadId).toBe(first.threadId);
    expect(rec.headers["in-reply-to"]!.trim()).toBe(first.messageId);
    expect(rec.headers["references"]).toContain(first.messageId);
    expect(rec.subject).toBe("Re: Wood-fired vessels for your spring issue");
    expect((await t.deps.db.prospect.findUniqueOrThrow({ where: { id: log.prospectId } })).followupsSent).toBe(1);
  });

  it("a reply one second before the follow-up is due stops it (live thread check)", async () => {
    const { log } = await sentProspect(DAYS3 - 1000);
    fake.control.deliverReply(sentTo(log.id)[0]!.threadId, { kind: "reply", body: "Yes please, send images." });
    await new Promise((r) => setTimeout(r, 1100)); // the follow-up is now due
    const before = fake.control.sent().length;
    const out = await run((d) => runFollowUp(d, { prospectId: log.prospectId, step: 1, jobRowId: randomUUID() }));
    expect(out).toMatchObject({ outcome: "stopped", action: "replied" });
    expect(fake.control.sent().length).toBe(before);
    const p = await t.deps.db.prospect.findUniqueOrThrow({ where: { id: log.prospectId }, include: { emailLogs: true } });
    expect(p).toMatchObject({ outreachStatus: "replied", stage: "replied" });
    expect(p.emailLogs.map((l) => l.step)).toEqual([0]);
    expect(p.emailLogs[0]!.response).toBe("Yes please, send images.");
  });

  it("an out-of-office reply postpones the follow-up instead of sending it", async () => {
    const { log } = await sentProspect(DAYS3 + 60_000);
    fake.control.deliverReply(sentTo(log.id)[0]!.threadId, { kind: "out_of_office" });
    const before = fake.control.sent().length;
    const jobRowId = randomUUID();
    const out = await run((d) => runFollowUp(d, { prospectId: log.prospectId, step: 1, jobRowId }));
    expect(out.outcome).toBe("postponed");
    expect(new Date((out as { runAt: string }).runAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(fake.control.sent().length).toBe(before);
  });

  it("an out-of-office reply that says when they are back postpones the follow-up to the day after, not a default week", async () => {
    const { log } = await sentProspect(DAYS3 + 60_000);
    const back = new Date(Date.now() + 20 * 86_400_000);
    const backText = back.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });
    fake.control.deliverReply(sentTo(log.id)[0]!.threadId, { kind: "out_of_office", body: `I am away at the biennale and back on ${backText}. I will read your message then.` });
    const out = await run((d) => runFollowUp(d, { prospectId: log.prospectId, step: 1, jobRowId: randomUUID() }));
    expect(out.outcome).toBe("postponed");
    const runAt = new Date((out as { runAt: string }).runAt).getTime();
    expect(runAt).toBeGreaterThan(back.getTime());
    expect(runAt).toBeLessThan(back.getTime() + 3 * 86_400_000);
  });
});
