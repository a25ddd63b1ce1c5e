import { randomUUID } from "node:crypto";
import { createDb, type Db, type EmailLog } from "@outreach/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSendPolicy, reserveSendSlot, type PolicyResult } from "../../src/outreach/policy.ts";
import { gapSecondsAfter } from "../../src/outreach/schedule.ts";
import { addSuppression } from "../../src/suppression/index.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedApproved, seedSendingCampaign, seedEmailLog, seedProspect, seedSent, seedUser } from "@outreach/testkit/scenarios";

let t: DatabaseEnv;
beforeAll(async () => {
  t = await createDatabaseEnv("policy");
});
afterAll(async () => {
  await t?.close();
});

const NOW = new Date("2025-06-10T12:00:00Z");

/** Loads the rows fresh and asks the policy, as the send processor does. */
async function check(db: Db, log: Pick<EmailLog, "id">, now: Date = NOW): Promise<PolicyResult> {
  const emailLog = await db.emailLog.findUniqueOrThrow({ where: { id: log.id } });
  const prospect = await db.prospect.findUniqueOrThrow({ where: { id: emailLog.prospectId } });
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: prospect.campaignId } });
  return checkSendPolicy({ db, campaign, prospect, emailLog, now });
}

const reasonOf = (r: PolicyResult) => (r.ok ? "ok" : r.reason);

describe("checkSendPolicy: rules that waiting cannot fix", () => {
  it("allows an approved email to a clean prospect", async () => {
    const { log } = await seedApproved(t.db);
    expect(await check(t.db, log)).toEqual({ ok: true });
  });

  it("campaign_paused: paused status, or sending paused with a reason", async () => {
    const paused = await seedApproved(t.db, { campaign: { status: "paused" } });
    expect(reasonOf(await check(t.db, paused.log))).toBe("campaign_paused");
    const token = await seedApproved(t.db, { campaign: { sendingPausedReason: "Gmail access was revoked" } });
    const r = await check(t.db, token.log);
    expect(r).toMatchObject({ ok: false, reason: "campaign_paused" });
    expect(!r.ok && r.detail).toContain("Gmail access was revoked");
  });

  it("missing_email: no address on the draft or the prospect, or a broken one", async () => {
    const none = await seedApproved(t.db, { prospect: { contactEmail: null } });
    expect(reasonOf(await check(t.db, none.log))).toBe("missing_email");
    const broken = await seedApproved(t.db, { prospect: { contactEmail: "not-an-address" } });
    expect(reasonOf(await check(t.db, broken.log))).toBe("missing_email");
    // The address frozen on the draft wins over the prospect's.
    const frozen = await seedApproved(t.db, { prospect: { contactEmail: null }, log: { toEmail: "ann@somewhere.example" } });
    expect(await check(t.db, frozen.log)).toEqual({ ok: true });
  });

  it("suppressed: by address, by the address's domain, and by a wildcard over the prospect's site", async () => {
    const user = await seedUser(t.db);
    const byEmail = await seedApproved(t.db, { userId: user.id, prospect: { domain: "one.example", contactEmail: "Ann@One.example" } });
    await addSuppression(t.db, user.id, "ann@one.example", "unsubscribed");
    expect(await check(t.db, byEmail.log)).toMatchObject({ ok: false, reason: "suppressed", suppression: { matched: "email", reason: "unsubscribed" } });

    const byDomain = await seedApproved(t.db, { userId: user.id, prospect: { domain: "two.example", contactEmail: "bob@mail.two.example" } });
    await addSuppression(t.db, user.id, "*.two.example", "bounced");
    expect(await check(t.db, byDomain.log)).toMatchObject({ ok: false, reason: "suppressed", suppression: { value: "*.two.example", matched: "domain" } });

    // Webmail contact, but the site itself is suppressed.
    const bySite = await seedApproved(t.db, { userId: user.id, prospect: { domain: "three.example", contactEmail: "three@webmail.example" } });
    await addSuppression(t.db, user.id, "three.example", "manual");
    expect(reasonOf(await check(t.db, bySite.log))).toBe("suppressed");

    // Another user's list does not apply.
    const stranger = await seedApproved(t.db, { prospect: { domain: "two.example", contactEmail: "bob@mail.two.example" } });
    expect(await check(t.db, stranger.log)).toEqual({ ok: true });
  });

  it("not_approved and flagged_draft: drafts never go, flagged ones say why", async () => {
    const draft = await seedApproved(t.db, { log: { status: "draft" } });
    expect(reasonOf(await check(t.db, draft.log))).toBe("not_approved");
    const flagged = await seedApproved(t.db, { log: { status: "draft", flags: ["unfilled placeholder [gallery name]"] } });
    const r = await check(t.db, flagged.log);
    expect(r).toMatchObject({ ok: false, reason: "flagged_draft" });
    expect(!r.ok && r.detail).toContain("[gallery name]");
    const failed = await seedApproved(t.db, { log: { status: "failed" } });
    expect(reasonOf(await check(t.db, failed.log))).toBe("not_approved");
    const sent = await seedApproved(t.db, { log: { status: "sent" } });
    expect(reasonOf(await check(t.db, sent.log))).toBe("already_sent");
  });

  it("low_score: under the campaign minimum (first emails only); no score counts as under", async () => {
    const low = await seedApproved(t.db, { campaign: { minScore: 50 }, prospect: { score: 49.5 } });
    expect(reasonOf(await check(t.db, low.log))).toBe("low_score");
    const unscored = await seedApproved(t.db, { campaign: { minScore: 50 }, prospect: { score: null } });
    expect(reasonOf(await check(t.db, unscored.log))).toBe("low_score");
    const enough = await seedApproved(t.db, { campaign: { minScore: 50 }, prospect: { score: 50 } });
    expect(await check(t.db, enough.log)).toEqual({ ok: true });
    // A follow-up to someone already written to is not re-judged by score.
    const followUp = await seedApproved(t.db, {
      campaign: { minScore: 50 },
      prospect: { score: 10, outreachStatus: "sent", stage: "sent" },
      log: { step: 1 },
    });
    expect(await check(t.db, followUp.log)).toEqual({ ok: true });
  });

  it("sequence_stopped: the prospect replied or was skipped", async () => {
    const replied = await seedApproved(t.db, { prospect: { outreachStatus: "replied", stage: "replied" }, log: { step: 1 } });
    expect(reasonOf(await check(t.db, replied.log))).toBe("sequence_stopped");
    const skipped = await seedApproved(t.db, { prospect: { stage: "skipped", skipReason: "unsubscribed" } });
    expect(reasonOf(await check(t.db, skipped.log))).toBe("sequence_stopped");
  });

  it("open_thread_same_domain: another prospect on the site, or the same address, within the cool-down", async () => {
    const user = await seedUser(t.db);
    const a = await seedSendingCampaign(t.db, user.id, { cooldownDays: 30 });
    const b = await seedSendingCampaign(t.db, user.id, { cooldownDays: 30 });
    await seedSent(t.db, a.id, new Date(NOW.getTime() - 10 * 86_400_000), { domain: "shared.example", contactEmail: "ed@shared.example" });

    const sameSite = await seedProspect(t.db, b.id, { domain: "shared.example", contactEmail: "curator@shared.example" });
    const r = await check(t.db, await seedEmailLog(t.db, sameSite.id));
    expect(r).toMatchObject({ ok: false, reason: "open_thread_same_domain" });
    expect(!r.ok && r.detail).toContain("shared.example");

    // The same person reached through another site.
    const samePerson = await seedProspect(t.db, b.id, { domain: "mirror.example", contactEmail: "ED@shared.example" });
    expect(reasonOf(await check(t.db, await seedEmailLog(t.db, samePerson.id)))).toBe("open_thread_same_domain");

    // Outside the cool-down, the domain is open again.
    const later = new Date(NOW.getTime() + 25 * 86_400_000);
    expect(reasonOf(await check(t.db, await seedEmailLog(t.db, sameSite.id, { step: 1 }), later))).not.toBe("open_thread_same_domain");

    // A bounced send does not hold the domain; other users' sends never do.
    const c = await seedSendingCampaign(t.db, user.id, { cooldownDays: 30 });
    const bounced = await seedSent(t.db, c.id, new Date(NOW.getTime() - 86_400_000), { domain: "bounced.example" });
    await t.db.emailLog.update({ where: { id: bounced.log.id }, data: { status: "bounced" } });
    const next = await seedProspect(t.db, a.id, { domain: "bounced.example", contactEmail: "new@bounced.example" });
    expect(await check(t.db, await seedEmailLog(t.db, next.id))).toEqual({ ok: true });
    const stranger = await seedApproved(t.db, { prospect: { domain: "shared.example" } });
    expect(await check(t.db, stranger.log)).toEqual({ ok: true });
  });
});

describe("checkSendPolicy: time rules with an injected clock", () => {
  it("outside_window: local hours in America/New_York, right across both DST changes", async () => {
    const { log } = await seedApproved(t.db, { campaign: { timeZone: "America/New_York", sendWindowStart: 9, sendWindowEnd: 17 } });
    // Sat 8 March 2025, 23:00 EST. Clocks spring forward that night: 9:00 EDT is 13:00Z, not 14:00Z.
    const r = await check(t.db, log, new Date("2025-03-09T04:00:00Z"));
    expect(r).toMatchObject({ ok: false, reason: "outside_window", retryAt: new Date("2025-03-09T13:00:00Z") });
    // 13:30Z is 9:30 EDT (it would be 8:30 with the winter offset).
    expect(await check(t.db, log, new Date("2025-03-09T13:30:00Z"))).toEqual({ ok: true });
    // The end hour is excluded: 16:59 EDT yes, 17:00 EDT no, next start tomorrow 9:00 EDT.
    expect(await check(t.db, log, new Date("2025-03-10T20:59:00Z"))).toEqual({ ok: true });
    expect(await check(t.db, log, new Date("2025-03-10T21:00:00Z"))).toMatchObject({ reason: "outside_window", retryAt: new Date("2025-03-11T13:00:00Z") });
    // Sat 1 Nov 2025, 20:00 EDT; clocks fall back that night: 9:00 EST is 14:00Z.
    expect(await check(t.db, log, new Date("2025-11-02T00:00:00Z"))).toMatchObject({ reason: "outside_window", retryAt: new Date("2025-11-02T14:00:00Z") });
    expect(await check(t.db, log, new Date("2025-11-02T13:30:00Z"))).toMatchObject({ reason: "outside_window" });
    expect(await check(t.db, log, new Date("2025-11-02T14:00:00Z"))).toEqual({ ok: true });
  });

  it("daily_cap_reached: counts sends and in-flight claims of the campaign's local day, which starts at local midnight", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { timeZone: "Europe/Berlin", dailyCap: 2 });
    // 23:30 and 23:40 on 10 June in Berlin (21:30Z, 21:40Z): one sent, one being sent right now.
    await seedSent(t.db, campaign.id, new Date("2025-06-10T21:30:00Z"));
    const inFlight = await seedProspect(t.db, campaign.id);
    await seedEmailLog(t.db, inFlight.id, { status: "sending", claimedAt: new Date("2025-06-10T21:40:00Z") });
    // Failed attempts and other campaigns' sends do not count.
    const failed = await seedProspect(t.db, campaign.id);
    await seedEmailLog(t.db, failed.id, { status: "failed", claimedAt: new Date("2025-06-10T21:41:00Z") });
    const otherCampaign = await seedSendingCampaign(t.db, user.id);
    await seedSent(t.db, otherCampaign.id, new Date("2025-06-10T21:42:00Z"));

    const p = await seedProspect(t.db, campaign.id);
    const log = await seedEmailLog(t.db, p.id);
    const blocked = await check(t.db, log, new Date("2025-06-10T21:50:00Z"));
    expect(blocked).toMatchObject({ ok: false, reason: "daily_cap_reached", retryAt: new Date("2025-06-10T22:00:00Z") });
    // 22:00Z is still 10 June in UTC but 11 June in Berlin: a new day, the cap is fresh.
    expect(await check(t.db, log, new Date("2025-06-10T22:00:00Z"))).toEqual({ ok: true });
  });

  it("daily_cap_reached with a window: retry at the next local day's window start", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { timeZone: "Europe/Berlin", dailyCap: 1, sendWindowStart: 9, sendWindowEnd: 17 });
    await seedSent(t.db, campaign.id, new Date("2025-06-10T08:00:00Z"));
    const log = await seedEmailLog(t.db, (await seedProspect(t.db, campaign.id)).id);
    expect(await check(t.db, log, new Date("2025-06-10T09:00:00Z"))).toMatchObject({
      reason: "daily_cap_reached",
      retryAt: new Date("2025-06-11T07:00:00Z"),
    });
  });

  it("too_soon: a random gap in [min, max] after the last send, the same for every worker", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { minGapSeconds: 120, maxGapSeconds: 900 });
    const last = await seedSent(t.db, campaign.id, new Date("2025-06-10T11:00:00Z"));
    const gap = gapSecondsAfter(last.log.id, 120, 900);
    expect(gap).toBeGreaterThanOrEqual(120);
    expect(gap).toBeLessThanOrEqual(900);
    const allowedAt = new Date(Date.parse("2025-06-10T11:00:00Z") + gap * 1000);

    const log = await seedEmailLog(t.db, (await seedProspect(t.db, campaign.id)).id);
    const second = createDb(t.database.url, { max: 2 });
    try {
      const justBefore = new Date(allowedAt.getTime() - 1000);
      const [a, b] = [await check(t.db, log, justBefore), await check(second, log, justBefore)];
      expect(a).toMatchObject({ ok: false, reason: "too_soon", retryAt: allowedAt });
      expect(b).toEqual(a);
      expect(await check(t.db, log, allowedAt)).toEqual({ ok: true });
    } finally {
      await second.$disconnect();
    }

    // The gaps really vary, and stay within bounds.
    const gaps = Array.from({ length: 300 }, () => gapSecondsAfter(randomUUID(), 120, 900));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(120);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(900);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeGreaterThan(600);
  });
});

describe("reserveSendSlot: two workers, one cap", () => {
  it("never claims more than the daily cap, even from two separate Prisma clients racing", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { dailyCap: 3 });
    const logs = [];
    for (let i = 0; i < 12; i++) logs.push(await seedEmailLog(t.db, (await seedProspect(t.db, campaign.id)).id));

    const workerA = createDb(t.database.url, { max: 4 });
    const workerB = createDb(t.database.url, { max: 4 });
    try {
      // Both workers try every email at once (as after a restart with a full queue).
      const results = await Promise.all([
        ...logs.map((l) => reserveSendSlot(workerA, { emailLogId: l.id, now: NOW })),
        ...[...logs].reverse().map((l) => reserveSendSlot(workerB, { emailLogId: l.id, now: NOW })),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(new Set(results.map((r) => (r.ok ? "ok" : r.reason)))).toEqual(new Set(["ok", "daily_cap_reached", "already_sent"]));
      expect(await t.db.emailLog.count({ where: { prospect: { campaignId: campaign.id }, status: "sending" } })).toBe(3);
      const claimed = results.filter((r) => r.ok).map((r) => (r.ok ? r.emailLog.id : ""));
      expect(new Set(claimed).size).toBe(3);
    } finally {
      await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
    }
  });

  it("lets exactly one send through per gap, and tells the others when to come back", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { minGapSeconds: 300, maxGapSeconds: 600 });
    const logs = [];
    for (let i = 0; i < 6; i++) logs.push(await seedEmailLog(t.db, (await seedProspect(t.db, campaign.id)).id));
    const workerA = createDb(t.database.url, { max: 3 });
    const workerB = createDb(t.database.url, { max: 3 });
    try {
      const results = await Promise.all(logs.flatMap((l) => [reserveSendSlot(workerA, { emailLogId: l.id, now: NOW }), reserveSendSlot(workerB, { emailLogId: l.id, now: NOW })]));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const winnerId = winners[0]!.ok ? winners[0]!.emailLog.id : "";
      const expectedRetry = new Date(NOW.getTime() + gapSecondsAfter(winnerId, 300, 600) * 1000);
      for (const r of results.filter((x) => !x.ok && x.reason === "too_soon")) expect(!r.ok && r.retryAt).toEqual(expectedRetry);
      expect(results.filter((x) => !x.ok && x.reason === "too_soon").length).toBeGreaterThanOrEqual(5);
    } finally {
      await Promise.all([workerA.$disconnect(), workerB.$disconnect()]);
    }
  });
});
