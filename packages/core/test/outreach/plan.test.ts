import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/index.ts";
import { reserveSendSlot } from "../../src/outreach/policy.ts";
import { previewSendQueue } from "../../src/outreach/plan.ts";
import { addSuppression } from "../../src/suppression/index.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedSendingCampaign, seedEmailLog, seedProspect, seedSent, seedUser } from "@outreach/testkit/scenarios";

let t: DatabaseEnv;
beforeAll(async () => {
  t = await createDatabaseEnv("preview");
});
afterAll(async () => {
  await t?.close();
});

const at = (iso: string) => new Date(iso);

describe("previewSendQueue", () => {
  it("orders approved emails, estimates each send through gap, window and daily cap, and explains the rest", async () => {
    const user = await seedUser(t.db);
    // Berlin, 9:00-17:00, 3 a day, exactly 10 minutes between sends.
    const campaign = await seedSendingCampaign(t.db, user.id, {
      timeZone: "Europe/Berlin",
      sendWindowStart: 9,
      sendWindowEnd: 17,
      dailyCap: 3,
      minGapSeconds: 600,
      maxGapSeconds: 600,
      minScore: 40,
    });
    await seedSent(t.db, campaign.id, at("2025-06-10T14:45:00Z")); // 16:45 in Berlin
    const now = at("2025-06-10T14:50:00Z");

    let order = 0;
    const approved = async (name: string, p: Parameters<typeof seedProspect>[2] = {}, l: Parameters<typeof seedEmailLog>[2] = {}) => {
      const prospect = await seedProspect(t.db, campaign.id, { domain: `${name}.example`, contactEmail: `editor@${name}.example`, ...p });
      const log = await seedEmailLog(t.db, prospect.id, { approvedAt: new Date(now.getTime() - 3_600_000 + ++order * 1000), ...l });
      return { name, prospect, log };
    };
    // Created out of order: approval time decides.
    const e = await approved("e");
    await approved("suppressed");
    await addSuppression(t.db, user.id, "*.suppressed.example", "complained");
    await approved("noemail", { contactEmail: null });
    await approved("low", { score: 20 });
    await approved("flagged", {}, { status: "draft", flags: ["claim not in sources: 'won the Turner Prize'"] });
    await approved("draft", {}, { status: "draft" });
    const a = await approved("a");
    for (const name of ["b", "c", "d"]) await approved(name);
    await t.db.emailLog.update({ where: { id: e.log.id }, data: { approvedAt: new Date(now.getTime() + 60_000) } });
    // Emails already on their way or done are not in the queue at all.
    await approved("inflight", {}, { status: "sending", claimedAt: at("2025-06-10T10:00:00Z") });

    const preview = await previewSendQueue(t.db, user.id, campaign.id, now);
    // "inflight" was claimed today: with the earlier send that makes 2 of 3.
    expect(preview.sentToday).toBe(2);
    expect(preview.queue.map((q) => [q.domain, q.estimatedAt.toISOString(), q.waitingFor])).toEqual([
      ["a.example", "2025-06-10T14:55:00.000Z", "too_soon"], // 16:55: 10 min after the last send, cap now full
      ["b.example", "2025-06-11T07:00:00.000Z", "daily_cap_reached"], // next day 9:00 Berlin (cap)
      ["c.example", "2025-06-11T07:10:00.000Z", "daily_cap_reached"],
      ["d.example", "2025-06-11T07:20:00.000Z", "daily_cap_reached"], // third of 11 June
      ["e.example", "2025-06-12T07:00:00.000Z", "daily_cap_reached"], // 11 June is full
    ]);
    expect(preview.queue[0]).toMatchObject({ emailLogId: a.log.id, to: "editor@a.example", step: 0 });
    const why = Object.fromEntries(preview.blocked.map((x) => [x.domain, x.reason]));
    expect(why).toEqual({
      "suppressed.example": "suppressed",
      "noemail.example": "missing_email",
      "low.example": "low_score",
      "flagged.example": "flagged_draft",
      "draft.example": "not_approved",
    });
    expect(preview.blocked.find((x) => x.domain === "flagged.example")!.detail).toContain("Turner Prize");

    // The first estimate is what the real reservation agrees with.
    expect(await reserveSendSlot(t.db, { emailLogId: a.log.id, now })).toMatchObject({ ok: false, reason: "too_soon", retryAt: at("2025-06-10T14:55:00Z") });
    expect(await reserveSendSlot(t.db, { emailLogId: a.log.id, now: at("2025-06-10T14:55:00Z") })).toMatchObject({ ok: true });
  });

  it("starts now when nothing holds it back; a paused campaign sends nothing and says so", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { timeZone: "America/New_York", sendWindowStart: 9, sendWindowEnd: 17, minGapSeconds: 60, maxGapSeconds: 60 });
    const p = await seedProspect(t.db, campaign.id);
    await seedEmailLog(t.db, p.id);
    const now = at("2025-03-10T14:00:00Z"); // 10:00 EDT
    const preview = await previewSendQueue(t.db, user.id, campaign.id, now);
    expect(preview.queue).toHaveLength(1);
    expect(preview.queue[0]).toMatchObject({ estimatedAt: now, waitingFor: null });

    await t.db.campaign.update({ where: { id: campaign.id }, data: { sendingPausedReason: "Gmail access was revoked" } });
    const paused = await previewSendQueue(t.db, user.id, campaign.id, now);
    expect(paused.queue).toHaveLength(0);
    expect(paused.blocked).toMatchObject([{ reason: "campaign_paused" }]);
  });

  it("another campaign's open thread on the same domain holds the email back", async () => {
    const user = await seedUser(t.db);
    const a = await seedSendingCampaign(t.db, user.id);
    const b = await seedSendingCampaign(t.db, user.id);
    await seedSent(t.db, a.id, at("2025-06-01T10:00:00Z"), { domain: "shared.example" });
    await seedEmailLog(t.db, (await seedProspect(t.db, b.id, { domain: "shared.example", contactEmail: "other@shared.example" })).id);
    const preview = await previewSendQueue(t.db, user.id, b.id, at("2025-06-10T10:00:00Z"));
    expect(preview.blocked).toMatchObject([{ domain: "shared.example", reason: "open_thread_same_domain" }]);
  });

  it("sends follow-ups first, then first emails by score, highest first", async () => {
    const user = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, user.id, { minGapSeconds: 60, maxGapSeconds: 60 });
    const now = at("2025-06-10T10:00:00Z");
    const first = async (name: string, score: number) => seedEmailLog(t.db, (await seedProspect(t.db, campaign.id, { domain: `${name}.example`, score })).id, { approvedAt: at("2025-06-10T09:00:00Z") });
    await first("mid", 60);
    await first("top", 95);
    await first("low", 41);
    const replied = await seedSent(t.db, campaign.id, at("2025-06-01T10:00:00Z"), { domain: "followup.example", score: 10 });
    await seedEmailLog(t.db, replied.prospect.id, { step: 1, subject: "Re: Wood-fired vessels", toEmail: replied.prospect.contactEmail });
    const preview = await previewSendQueue(t.db, user.id, campaign.id, now);
    expect(preview.queue.map((q) => [q.domain, q.step, q.estimatedAt.toISOString()])).toEqual([
      ["followup.example", 1, "2025-06-10T10:00:00.000Z"],
      ["top.example", 0, "2025-06-10T10:01:00.000Z"],
      ["mid.example", 0, "2025-06-10T10:02:00.000Z"],
      ["low.example", 0, "2025-06-10T10:03:00.000Z"],
    ]);
  });

  it("is not found for another user's campaign", async () => {
    const owner = await seedUser(t.db);
    const stranger = await seedUser(t.db);
    const campaign = await seedSendingCampaign(t.db, owner.id);
    await expect(previewSendQueue(t.db, stranger.id, campaign.id, new Date())).rejects.toBeInstanceOf(NotFoundError);
  });
});
