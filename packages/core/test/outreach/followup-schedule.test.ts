import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopSequenceForDomain } from "../../src/outreach/apply.ts";
import { followUpDue, postponeForOutOfOffice } from "../../src/outreach/followup-schedule.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedSendingCampaign, seedEmailLog, seedProspect, seedUser } from "@outreach/testkit/scenarios";

const campaign = { followUpDelaysDays: [4, 7], maxFollowUps: 2, timeZone: "America/New_York" };
const sent = { outreachStatus: "sent" as const, stage: "sent" as const };

describe("followUpDue", () => {
  // First email Thu 6 March 2025, 9:00 EST. Clocks change on Sun 9 March.
  const lastSent = new Date("2025-03-06T14:00:00Z");

  it("is due the given number of local days after the last send, at the same local time across DST", () => {
    const r = followUpDue(campaign, { ...sent, followupsSent: 0 }, lastSent, new Date("2025-03-10T12:59:59Z"));
    expect(r).toEqual({ due: false, step: 1, dueAt: new Date("2025-03-10T13:00:00Z") }); // Mon 9:00 EDT
    expect(followUpDue(campaign, { ...sent, followupsSent: 0 }, lastSent, new Date("2025-03-10T13:00:00Z"))).toMatchObject({ due: true, step: 1 });
    // The second follow-up waits the second delay after the previous send.
    expect(followUpDue(campaign, { ...sent, followupsSent: 1 }, new Date("2025-03-10T13:00:00Z"), new Date("2025-03-17T13:00:00Z"))).toEqual({
      due: true,
      step: 2,
      dueAt: new Date("2025-03-17T13:00:00Z"),
    });
  });

  it("stops after maxFollowUps, after a reply, and before the first email", () => {
    expect(followUpDue(campaign, { ...sent, followupsSent: 2 }, lastSent, new Date("2026-01-01"))).toEqual({ due: false, step: null, reason: "max_reached" });
    expect(followUpDue({ ...campaign, maxFollowUps: 1 }, { ...sent, followupsSent: 1 }, lastSent, new Date("2026-01-01"))).toMatchObject({ reason: "max_reached" });
    expect(followUpDue(campaign, { outreachStatus: "replied", stage: "replied", followupsSent: 0 }, lastSent, new Date("2026-01-01"))).toMatchObject({ reason: "stopped" });
    expect(followUpDue(campaign, { outreachStatus: "pending", stage: "approved", followupsSent: 0 }, null, new Date("2026-01-01"))).toMatchObject({ reason: "not_sent" });
  });

  it("an out-of-office reply postpones to the day after the person is back, never earlier than before", () => {
    const dueAt = new Date("2025-06-12T09:00:00Z");
    const now = new Date("2025-06-10T09:00:00Z");
    expect(postponeForOutOfOffice({ dueAt, now, returnsOn: new Date("2025-06-20T00:00:00Z") })).toEqual(new Date("2025-06-21T00:00:00Z"));
    expect(postponeForOutOfOffice({ dueAt, now })).toEqual(new Date("2025-06-18T09:00:00Z")); // 7 days + 1
    expect(postponeForOutOfOffice({ dueAt: new Date("2025-07-30T00:00:00Z"), now, returnsOn: new Date("2025-06-11T00:00:00Z") })).toEqual(new Date("2025-07-30T00:00:00Z"));
  });
});

describe("stopSequenceForDomain (real PostgreSQL)", () => {
  let t: DatabaseEnv;
  beforeAll(async () => {
    t = await createDatabaseEnv("followup");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stops every campaign of the user for that domain and cancels what was waiting to go", async () => {
    const user = await seedUser(t.db);
    const a = await seedSendingCampaign(t.db, user.id);
    const b = await seedSendingCampaign(t.db, user.id);
    const written = await seedProspect(t.db, a.id, { domain: "gallery.example", ...sent });
    const first = await seedEmailLog(t.db, written.id, { status: "sent", sentAt: new Date() });
    const followUp = await seedEmailLog(t.db, written.id, { step: 1, status: "approved" });
    const inFlight = await seedEmailLog(t.db, written.id, { step: 2, status: "sending", claimedAt: new Date() });
    const notYet = await seedProspect(t.db, b.id, { domain: "gallery.example", stage: "drafted" });
    const draft = await seedEmailLog(t.db, notYet.id, { status: "draft" });
    const otherDomain = await seedProspect(t.db, b.id, { domain: "elsewhere.example" });
    const otherLog = await seedEmailLog(t.db, otherDomain.id);
    const strangerCampaign = await seedSendingCampaign(t.db, (await seedUser(t.db)).id);
    const stranger = await seedProspect(t.db, strangerCampaign.id, { domain: "gallery.example" });

    const r = await stopSequenceForDomain(t.db, user.id, "https://www.Gallery.example/about", { outreachStatus: "replied", reason: "replied on gallery.example" });
    expect(r).toEqual({ stopped: 1, skipped: 1, cancelled: 2 });

    const rows = async (ids: string[]) => new Map((await t.db.emailLog.findMany({ where: { id: { in: ids } } })).map((l) => [l.id, l]));
    const logs = await rows([first.id, followUp.id, inFlight.id, draft.id, otherLog.id]);
    expect(logs.get(first.id)!.status).toBe("sent");
    expect(logs.get(followUp.id)).toMatchObject({ status: "failed", error: "replied on gallery.example" });
    expect(logs.get(inFlight.id)!.status).toBe("sending");
    expect(logs.get(draft.id)).toMatchObject({ status: "failed", error: "replied on gallery.example" });
    expect(logs.get(otherLog.id)!.status).toBe("approved");
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: written.id } })).toMatchObject({ outreachStatus: "replied", stage: "replied" });
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: notYet.id } })).toMatchObject({ outreachStatus: "pending", stage: "skipped", skipReason: "replied on gallery.example" });
    expect(await t.db.prospect.findUniqueOrThrow({ where: { id: stranger.id } })).toMatchObject({ stage: "approved", outreachStatus: "pending" });

    // A later "accepted" does not get overwritten by another stop, and a second stop changes nothing.
    await t.db.prospect.update({ where: { id: written.id }, data: { outreachStatus: "accepted", stage: "accepted" } });
    expect(await stopSequenceForDomain(t.db, user.id, "gallery.example", { outreachStatus: "replied", reason: "again" })).toEqual({ stopped: 0, skipped: 0, cancelled: 0 });
    expect((await t.db.prospect.findUniqueOrThrow({ where: { id: written.id } })).stage).toBe("accepted");
  });
});
