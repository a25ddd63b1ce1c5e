import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDelivery, type DeliveryDeps } from "../../src/outreach/deps.ts";
import { syncReplies } from "../../src/outreach/reply-sync.ts";
import { sendEmailLog } from "../../src/outreach/send.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { SENDS_ANY_TIME, seedEmailLog, seedMailbox, seedProspect, seedSendingCampaign, seedUser } from "@outreach/testkit/scenarios";

/**
 * Replies and bounces land only on the email of the mailbox that received them: two users, each
 * with their own Gmail account, write to the same address; a bounce in one inbox never touches the
 * other user's email, and a bounce report older than a send changes nothing.
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("reply_isolation", { GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl, PUBLIC_URL: "http://127.0.0.1:4000" });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const run = <T>(fn: (d: DeliveryDeps) => Promise<T>) => withDelivery(t.deps, {}, fn);

async function artist(address: string, domain: string) {
  const user = await seedUser(t.deps.db);
  const mailbox = await seedMailbox(t.deps.db, user.id, { address, refreshToken: fake.control.issueRefreshToken(address) });
  const campaign = await seedSendingCampaign(t.deps.db, user.id, { ...SENDS_ANY_TIME, mailboxId: mailbox.id, fromEmail: address });
  const prospect = await seedProspect(t.deps.db, campaign.id, { domain, contactEmail: `editor@${domain}` });
  const log = await seedEmailLog(t.deps.db, prospect.id);
  return { user, mailbox, campaign, prospect, log };
}

const statusOf = async (id: string) => (await t.deps.db.emailLog.findUniqueOrThrow({ where: { id }, include: { prospect: true } }));

function bounceFor(recipient: string, to: string, date: Date, originalMessageId = "<unknown@elsewhere.example>") {
  const b = "b0undary";
  return [
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    `To: ${to}`,
    "Subject: Delivery Status Notification (Failure)",
    `Date: ${date.toUTCString()}`,
    `Message-ID: <dsn-${Math.random().toString(36).slice(2)}@mx.google.com>`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; boundary="${b}"; report-type=delivery-status`,
    "",
    `--${b}`,
    "Content-Type: text/plain",
    "",
    `Your message wasn't delivered to ${recipient} because the address couldn't be found.`,
    `--${b}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; googlemail.com",
    "",
    `Final-Recipient: rfc822; ${recipient}`,
    "Action: failed",
    "Status: 5.1.1",
    `--${b}`,
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: ${originalMessageId}`,
    `To: ${recipient}`,
    `--${b}--`,
    "",
  ].join("\r\n");
}

describe("reply sync per mailbox", () => {
  it("a reply and a bounce in one user's inbox change only that user's email, for the same recipient address", async () => {
    const a = await artist("ada@gmail.example", "shared-gallery.example");
    const b = await artist("bo@gmail.example", "shared-gallery.example");
    // Each history starts now.
    for (const x of [a, b]) await run((d) => syncReplies(d, x.mailbox.id));
    for (const x of [a, b]) expect(await run((d) => sendEmailLog(d, x.log.id))).toMatchObject({ outcome: "sent" });
    expect(fake.control.sent("ada@gmail.example").map((s) => s.headers["x-outreach-send-id"])).toEqual([a.log.id]);
    expect(fake.control.sent("bo@gmail.example").map((s) => s.headers["x-outreach-send-id"])).toEqual([b.log.id]);

    // A reply in Ada's thread; a bounce for the same address delivered outside any thread in Bo's inbox.
    fake.control.deliverReply((await statusOf(a.log.id)).gmailThreadId!, { kind: "reply", body: "Yes please, send images." });
    const bLog = await statusOf(b.log.id);
    fake.control.deliverRaw(bounceFor("editor@shared-gallery.example", "bo@gmail.example", new Date(Date.now() + 1000), bLog.rfcMessageId!), { account: "bo@gmail.example" });

    expect(await run((d) => syncReplies(d, a.mailbox.id))).toMatchObject({ applied: { replied: 1 } });
    expect(await run((d) => syncReplies(d, b.mailbox.id))).toMatchObject({ applied: { bounced: 1 } });
    expect(await statusOf(a.log.id)).toMatchObject({ status: "sent", response: "Yes please, send images.", prospect: { outreachStatus: "replied" } });
    expect(await statusOf(b.log.id)).toMatchObject({ status: "bounced", prospect: { outreachStatus: "sent" } });
    // The suppression is Bo's only.
    expect(await t.deps.db.suppression.count({ where: { userId: b.user.id, value: "editor@shared-gallery.example" } })).toBe(1);
    expect(await t.deps.db.suppression.count({ where: { userId: a.user.id } })).toBe(0);
  });

  it("a bounce report older than the send to the same address changes nothing and is kept as unmatched", async () => {
    const c = await artist("cy@gmail.example", "late-gallery.example");
    await run((d) => syncReplies(d, c.mailbox.id));
    // The report arrives first (about an earlier send of someone else's), then Cy writes to that address.
    fake.control.deliverRaw(bounceFor("editor@late-gallery.example", "cy@gmail.example", new Date(Date.now() - 60 * 60_000)), { account: "cy@gmail.example" });
    expect(await run((d) => sendEmailLog(d, c.log.id))).toMatchObject({ outcome: "sent" });
    const r = await run((d) => syncReplies(d, c.mailbox.id));
    expect(r).toMatchObject({ applied: {}, unmatched: 1 });
    expect((await statusOf(c.log.id)).status).toBe("sent");
    expect(await t.deps.db.unmatchedInbound.count({ where: { mailboxId: c.mailbox.id, kind: "bounce" } })).toBe(1);
    expect(await t.deps.db.suppression.count({ where: { userId: c.user.id } })).toBe(0);
  });

  it("a token Google refuses during sync marks only that mailbox needs_reconnect, once, and pauses only its campaign", async () => {
    const d1 = await artist("dee@gmail.example", "dee-gallery.example");
    const e1 = await artist("eve@gmail.example", "eve-gallery.example");
    fake.control.revokeRefreshToken("dee@gmail.example");
    await expect(run((d) => syncReplies(d, d1.mailbox.id))).rejects.toThrow(/invalid_grant/);
    await expect(run((d) => syncReplies(d, d1.mailbox.id))).resolves.toMatchObject({ mode: "idle" });
    expect(await t.deps.db.mailbox.findUniqueOrThrow({ where: { id: d1.mailbox.id } })).toMatchObject({ status: "needs_reconnect" });
    expect(await t.deps.db.alert.count({ where: { mailboxId: d1.mailbox.id } })).toBe(1);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: d1.campaign.id } })).sendingPausedReason).toMatch(/^mailbox_reconnect: dee@gmail.example/);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: e1.campaign.id } })).sendingPausedReason).toBeNull();
    expect(await run((d) => sendEmailLog(d, e1.log.id))).toMatchObject({ outcome: "sent" });
  });
});

/** Sends the artist's email and holds it after Gmail accepted it, before it reads the Message-ID back and records it. */
async function sendHeldBeforeRecording(x: Awaited<ReturnType<typeof artist>>) {
  const readBack = fake.control.holdNext("messages.get");
  const send = run((d) => sendEmailLog(d, x.log.id));
  await readBack.arrived;
  const threadId = fake.control.sent(x.mailbox.address).find((m) => m.headers["x-outreach-send-id"] === x.log.id)!.threadId;
  return { threadId, finish: () => (readBack.release(), send) };
}

const outreachStatusOf = async (emailLogId: string) =>
  (await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: emailLogId }, select: { prospect: { select: { outreachStatus: true } } } })).prospect.outreachStatus;

/**
 * A reply sync runs beside the dispatcher: an email can be sent, and answered, while a sync is
 * between its Gmail calls and its read of what was sent. No such reply may be lost (a lost reply
 * means follow-ups to someone who already answered).
 */
describe("reply sync beside sending", () => {
  it("an email sent and answered while a sync waits for Gmail's history: the sync applies the reply", async () => {
    const a = await artist("fay@gmail.example", "fay-gallery.example");
    await run((d) => syncReplies(d, a.mailbox.id));

    const history = fake.control.holdNext("history.list");
    const sync = run((d) => syncReplies(d, a.mailbox.id));
    await history.arrived;
    expect(await run((d) => sendEmailLog(d, a.log.id))).toMatchObject({ outcome: "sent" });
    fake.control.deliverReply(fake.control.sent("fay@gmail.example")[0]!.threadId, { kind: "reply", body: "Lovely, yes." });
    history.release();

    expect(await sync).toMatchObject({ mode: "history", applied: { replied: 1 } });
    expect(await outreachStatusOf(a.log.id)).toBe("replied");
  });

  it("a reply to an email Gmail has but we have not recorded yet is read again once the email is recorded", async () => {
    const b = await artist("gus@gmail.example", "gus-gallery.example");
    const before = await run((d) => syncReplies(d, b.mailbox.id));

    const send = await sendHeldBeforeRecording(b);
    fake.control.deliverReply(send.threadId, { kind: "reply", body: "Send me more." });

    const during = await run((d) => syncReplies(d, b.mailbox.id));
    expect(during).toMatchObject({ applied: {}, unmatched: 0, historyId: before.historyId });
    expect(await outreachStatusOf(b.log.id)).not.toBe("replied");

    expect(await send.finish()).toMatchObject({ outcome: "sent" });
    expect(await run((d) => syncReplies(d, b.mailbox.id))).toMatchObject({ applied: { replied: 1 } });
    expect(await outreachStatusOf(b.log.id)).toBe("replied");
    // Once nothing is in flight, the history id moves on and the reply is not read a third time.
    expect(await run((d) => syncReplies(d, b.mailbox.id))).toMatchObject({ scanned: 0, applied: {} });
  });

  it("a full sync while an email is in flight keeps the old history id, so the next run looks again", async () => {
    const c = await artist("hal@gmail.example", "hal-gallery.example");
    const before = await run((d) => syncReplies(d, c.mailbox.id));

    const send = await sendHeldBeforeRecording(c);
    fake.control.deliverReply(send.threadId, { kind: "reply", body: "Yes." });
    fake.control.expireHistory(undefined, "hal@gmail.example");

    expect(await run((d) => syncReplies(d, c.mailbox.id))).toMatchObject({ mode: "full", applied: {}, historyId: before.historyId });
    expect(await send.finish()).toMatchObject({ outcome: "sent" });
    expect(await run((d) => syncReplies(d, c.mailbox.id))).toMatchObject({ mode: "full", applied: { replied: 1 } });
    expect(await outreachStatusOf(c.log.id)).toBe("replied");
  });
});
