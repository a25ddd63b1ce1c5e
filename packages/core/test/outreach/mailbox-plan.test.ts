import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSendPlans } from "../../src/outreach/plan.ts";
import { reserveSendSlot } from "../../src/outreach/policy.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { SENDS_ANY_TIME, seedEmailLog, seedMailbox, seedProspect, seedSendingCampaign, seedUser } from "@outreach/testkit/scenarios";

let t: DatabaseEnv;
beforeAll(async () => {
  t = await createDatabaseEnv("mailbox_plan");
});
afterAll(async () => {
  await t?.close();
});

const NOW = new Date("2026-03-02T10:00:00Z");
const HOUR = 3_600_000;

async function approvedEmails(campaignId: string, n: number, name: string) {
  for (let i = 0; i < n; i++) {
    const p = await seedProspect(t.db, campaignId, { domain: `${name}-${i}.example`, score: 90 - i });
    await seedEmailLog(t.db, p.id, { approvedAt: new Date(NOW.getTime() - HOUR + i) });
  }
}

describe("a mailbox's own cap spans its campaigns", () => {
  it("plans two campaigns on one mailbox within its 24-hour cap, earliest due first, and leaves another mailbox alone", async () => {
    const user = await seedUser(t.db);
    const shared = await seedMailbox(t.db, user.id, { address: "studio@gmail.example", refreshToken: "rt-shared", data: { dailyCap: 3 } });
    const own = await seedMailbox(t.db, user.id, { address: "press@gmail.example", refreshToken: "rt-own", data: { dailyCap: 3 } });
    // Two sends from the shared mailbox 20 and 2 hours ago (another campaign's, since deleted or elsewhere).
    const a = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, name: "A", mailboxId: shared.id, dailyCap: 100, minGapSeconds: 60, maxGapSeconds: 60 });
    const b = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, name: "B", mailboxId: shared.id, dailyCap: 100, minGapSeconds: 600, maxGapSeconds: 600 });
    const c = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, name: "C", mailboxId: own.id, dailyCap: 100, minGapSeconds: 60, maxGapSeconds: 60 });
    const old = await seedProspect(t.db, a.id, { domain: "old.example", outreachStatus: "sent", stage: "sent" });
    await seedEmailLog(t.db, old.id, { status: "sent", sentAt: new Date(NOW.getTime() - 20 * HOUR), mailboxId: shared.id });
    const old2 = await seedProspect(t.db, b.id, { domain: "old2.example", outreachStatus: "sent", stage: "sent" });
    await seedEmailLog(t.db, old2.id, { status: "sent", sentAt: new Date(NOW.getTime() - 2 * HOUR), mailboxId: shared.id });
    await approvedEmails(a.id, 2, "a");
    await approvedEmails(b.id, 2, "b");
    await approvedEmails(c.id, 3, "c");

    const plans = await loadSendPlans(t.db, [a.id, b.id, c.id], NOW);
    const pa = plans.get(a.id)!;
    const pb = plans.get(b.id)!;
    // 2 of 3 used: one slot now (A and B both due now: A's first email takes it; B was not sent
    // in the last 10 minutes either, the tie goes to the first campaign in the loop).
    const shared24 = [...pa.queue, ...pb.queue].sort((x, y) => x.estimatedAt.getTime() - y.estimatedAt.getTime());
    expect(shared24[0]!.estimatedAt).toEqual(NOW);
    // The next slot frees when the send of 20 hours ago is 24 hours old, the one after when the send of 2 hours ago is.
    expect(shared24[1]!.estimatedAt).toEqual(new Date(NOW.getTime() + 4 * HOUR));
    expect(shared24[1]!.waitingFor).toBe("mailbox_cap_reached");
    expect(shared24[2]!.estimatedAt).toEqual(new Date(NOW.getTime() + 22 * HOUR));
    expect(shared24).toHaveLength(4);
    expect(pa.mailbox).toMatchObject({ address: "studio@gmail.example", dailyCap: 3, sentLast24h: 2 });
    // The other mailbox's campaign is not held by it: three sends a minute apart.
    expect(plans.get(c.id)!.queue.map((q) => q.estimatedAt.getTime() - NOW.getTime())).toEqual([0, 60_000, 120_000]);
  });

  it("holds a mailbox that hit Gmail's daily limit until the reset, and explains campaigns without a usable mailbox", async () => {
    const user = await seedUser(t.db);
    const quota = await seedMailbox(t.db, user.id, { address: "q@gmail.example", data: { quotaResetAt: new Date(NOW.getTime() + 5 * HOUR) } });
    const broken = await seedMailbox(t.db, user.id, { address: "b@gmail.example", data: { status: "needs_reconnect", statusReason: "invalid_grant" } });
    const q = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, mailboxId: quota.id });
    const r = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, mailboxId: broken.id });
    const none = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, mailboxId: null });
    for (const id of [q.id, r.id, none.id]) await approvedEmails(id, 1, `x-${id.slice(0, 6)}`);

    const plans = await loadSendPlans(t.db, [q.id, r.id, none.id], NOW);
    expect(plans.get(q.id)!.queue[0]).toMatchObject({ estimatedAt: new Date(NOW.getTime() + 5 * HOUR), waitingFor: "mailbox_quota" });
    expect(plans.get(r.id)!.blocked[0]).toMatchObject({ reason: "mailbox_unavailable", detail: "b@gmail.example needs reconnecting in Settings → Mailboxes" });
    expect(plans.get(none.id)!.blocked[0]).toMatchObject({ reason: "no_mailbox" });
    expect(plans.get(none.id)!.nextSendAt).toBeNull();
  });

  it("refuses the claim past the mailbox's cap and records which mailbox sent an email it claims", async () => {
    const user = await seedUser(t.db);
    const mailbox = await seedMailbox(t.db, user.id, { address: "one@gmail.example", data: { dailyCap: 1 } });
    const a = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, mailboxId: mailbox.id, dailyCap: 50 });
    const b = await seedSendingCampaign(t.db, user.id, { ...SENDS_ANY_TIME, mailboxId: mailbox.id, dailyCap: 50 });
    const pa = await seedProspect(t.db, a.id);
    const la = await seedEmailLog(t.db, pa.id);
    const pb = await seedProspect(t.db, b.id);
    const lb = await seedEmailLog(t.db, pb.id);

    const first = await reserveSendSlot(t.db, { emailLogId: la.id, now: NOW });
    expect(first).toMatchObject({ ok: true, mailboxId: mailbox.id });
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: la.id } })).mailboxId).toBe(mailbox.id);
    const second = await reserveSendSlot(t.db, { emailLogId: lb.id, now: new Date(NOW.getTime() + HOUR) });
    expect(second).toMatchObject({ ok: false, reason: "mailbox_cap_reached", retryAt: new Date(NOW.getTime() + 24 * HOUR) });
    expect((await t.db.emailLog.findUniqueOrThrow({ where: { id: lb.id } })).status).toBe("approved");
  });
});
