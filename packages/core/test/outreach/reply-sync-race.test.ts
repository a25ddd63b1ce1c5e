import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDelivery, type DeliveryDeps } from "../../src/outreach/deps.ts";
import { syncReplies } from "../../src/outreach/reply-sync.ts";
import { sendEmailLog } from "../../src/outreach/send.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { SENDS_ANY_TIME, seedEmailLog, seedMailbox, seedProspect, seedSendingCampaign, seedUser } from "@outreach/testkit/scenarios";

/**
 * A reply sync runs beside the dispatcher: an email can be sent, and answered, while a sync is
 * between its Gmail calls and its reads of what was sent. No such reply may be lost (a lost reply
 * means follow-ups to someone who already answered).
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("reply_sync_race", { GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl, PUBLIC_URL: "http://127.0.0.1:4000" });
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
  return { mailbox, log };
}

const outreachStatusOf = async (emailLogId: string) =>
  (await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: emailLogId }, select: { prospect: { select: { outreachStatus: true } } } })).prospect.outreachStatus;

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

    // The send stops after Gmail accepted it, before it reads the Message-ID back and records it.
    const readBack = fake.control.holdNext("messages.get");
    const send = run((d) => sendEmailLog(d, b.log.id));
    await readBack.arrived;
    fake.control.deliverReply(fake.control.sent("gus@gmail.example")[0]!.threadId, { kind: "reply", body: "Send me more." });

    const during = await run((d) => syncReplies(d, b.mailbox.id));
    expect(during).toMatchObject({ applied: {}, unmatched: 0, historyId: before.historyId });
    expect(await outreachStatusOf(b.log.id)).not.toBe("replied");

    readBack.release();
    expect(await send).toMatchObject({ outcome: "sent" });
    expect(await run((d) => syncReplies(d, b.mailbox.id))).toMatchObject({ applied: { replied: 1 } });
    expect(await outreachStatusOf(b.log.id)).toBe("replied");
    // Once nothing is in flight, the history id moves on and the reply is not read a third time.
    expect(await run((d) => syncReplies(d, b.mailbox.id))).toMatchObject({ scanned: 0, applied: {} });
  });

  it("a full sync while an email is in flight keeps the old history id, so the next run looks again", async () => {
    const c = await artist("hal@gmail.example", "hal-gallery.example");
    const before = await run((d) => syncReplies(d, c.mailbox.id));

    const readBack = fake.control.holdNext("messages.get");
    const send = run((d) => sendEmailLog(d, c.log.id));
    await readBack.arrived;
    fake.control.deliverReply(fake.control.sent("hal@gmail.example")[0]!.threadId, { kind: "reply", body: "Yes." });
    fake.control.expireHistory(undefined, "hal@gmail.example");

    expect(await run((d) => syncReplies(d, c.mailbox.id))).toMatchObject({ mode: "full", applied: {}, historyId: before.historyId });
    readBack.release();
    expect(await send).toMatchObject({ outcome: "sent" });
    expect(await run((d) => syncReplies(d, c.mailbox.id))).toMatchObject({ mode: "full", applied: { replied: 1 } });
    expect(await outreachStatusOf(c.log.id)).toBe("replied");
  });
});
