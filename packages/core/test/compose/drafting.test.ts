import { createEventBus } from "@outreach/contracts";
import type { Providers } from "@outreach/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templateDrafter, type Drafter } from "../../src/compose/drafter.ts";
import { draftProspects } from "../../src/compose/drafting.ts";
import { REDIS_URL } from "@outreach/testkit";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

let t: JobTestEnv;
beforeAll(async () => {
  t = await createJobTestEnv("pipedraft");
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe("drafting", () => {
  it("drafts at or above the minimum, auto-approves clean high scores, never duplicates or overwrites a person's draft", async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { minScore: 40, autoApproveScore: 70, portfolioUrl: "https://ada.example/work" });
    const mk = (domain: string, score: number | null, contactEmail: string | null, stage: "scored" | "skipped" | "enriched" = "scored") =>
      db.prospect.create({ data: { campaignId: campaign.id, domain, score, contactEmail, stage, pageTitle: `${domain} journal` } });
    const high = await mk("high.example", 82, "ed@high.example");
    const mid = await mk("mid.example", 55, "ana@mid.example");
    const flaggedHigh = await mk("flagged.example", 90, "jo@flagged.example");
    const low = await mk("low.example", 30, "x@low.example", "skipped");
    const noEmail = await mk("noemail.example", 88, null);
    const edited = await mk("edited.example", 75, "ed@edited.example");
    await db.emailLog.create({ data: { prospectId: edited.id, step: 0, subject: "Mine", body: "I wrote this myself.", status: "draft", draftSource: "manual" } });
    const approved = await mk("approved.example", 75, "ed@approved.example");
    await db.emailLog.create({ data: { prospectId: approved.id, step: 0, subject: "Ok", body: "Approved text", status: "approved", draftSource: "gemini" } });
    const suppressed = await mk("blocked.example", 80, "no@blocked.example");
    await db.suppression.create({ data: { userId: user.id, value: "no@blocked.example", reason: "unsubscribed" } });

    let calls = 0;
    const drafter: Drafter = async (input) => {
      calls++;
      const d = await templateDrafter(input, {} as Providers);
      return input.prospect.domain === "flagged.example" ? { ...d, flags: ["unfilled_placeholder"] } : d;
    };
    const bus = createEventBus(REDIS_URL, t.prefix);
    const deps = { db, bus, providers: {} as Providers, drafter };
    const ids = [high, mid, flaggedHigh, low, noEmail, edited, approved, suppressed].map((p) => p.id);
    const first = await draftProspects(deps, { userId: user.id, campaignId: campaign.id, prospectIds: ids });
    expect(first).toMatchObject({ total: 8, drafted: 2, approved: 1, flagged: 1, skipped: 5 });
    expect(calls).toBe(3);
    const reasons = Object.fromEntries(first.outcomes.filter((o) => o.status === "skipped").map((o) => [o.prospectId, (o as { reason: string }).reason]));
    expect(reasons[low.id]).toBe("score 30 below minimum 40");
    expect(reasons[noEmail.id]).toBe("no email address to write to");
    expect(reasons[edited.id]).toBe("the draft was edited by a person; kept as is");
    expect(reasons[approved.id]).toBe("the first email is already approved");
    expect(reasons[suppressed.id]).toBe("no@blocked.example is on the suppression list");

    const logs = Object.fromEntries((await db.emailLog.findMany({ where: { prospect: { campaignId: campaign.id } }, include: { prospect: true } })).map((l) => [l.prospect.domain, l]));
    expect(logs["high.example"]).toMatchObject({ status: "approved", step: 0, toEmail: "ed@high.example", flags: [], draftSource: "template" });
    expect(logs["high.example"]!.approvedAt).not.toBeNull();
    expect(logs["high.example"]!.prospect.stage).toBe("approved");
    expect(logs["mid.example"]).toMatchObject({ status: "draft", approvedAt: null });
    expect(logs["mid.example"]!.prospect.stage).toBe("drafted");
    expect(logs["flagged.example"]).toMatchObject({ status: "draft", flags: ["unfilled_placeholder"] });
    expect(logs["edited.example"]).toMatchObject({ subject: "Mine", body: "I wrote this myself." });
    expect(logs["approved.example"]).toMatchObject({ status: "approved", body: "Approved text" });
    expect(logs["low.example"]).toBeUndefined();

    // Running it again changes nothing and drafts nothing new.
    const second = await draftProspects(deps, { userId: user.id, campaignId: campaign.id, prospectIds: ids });
    expect(second).toMatchObject({ drafted: 0, approved: 0, skipped: 8 });
    expect(calls).toBe(3);
    expect(await db.emailLog.count({ where: { prospect: { campaignId: campaign.id } } })).toBe(5);
    await bus.close();
  });
});
