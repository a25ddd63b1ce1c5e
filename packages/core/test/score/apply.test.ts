import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreProspects } from "../../src/score/apply.ts";
import { collect, createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign, seedProspects } from "@outreach/testkit/scenarios";

let t: JobTestEnv;
beforeAll(async () => {
  t = await createJobTestEnv("scoreapply");
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe("scoreProspects (real PostgreSQL)", () => {
  it("scores, moves stages, stores an explainable breakdown and is idempotent", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db);
    const prospects = await seedProspects(t.deps.db, campaign.id, 30);
    // One prospect is further along: only its score may change.
    await db.prospect.update({ where: { id: prospects[0]!.id }, data: { stage: "sent" } });
    const events = await collect(t.listenerBus, t.deps.bus, "prospectUpdated", campaign.id, { prospectId: "probe", userId: "", campaignId: "" });

    const first = await scoreProspects(t.deps, { userId: user.id, campaignId: campaign.id });
    expect(first).toMatchObject({ total: 30, changed: 30, scored: 29, skipped: 0 });
    const rows = await db.prospect.findMany({ where: { campaignId: campaign.id } });
    for (const p of rows) {
      const breakdown = p.scoreBreakdown as { points: number; max: number; detail: string }[];
      expect(breakdown).toHaveLength(4);
      expect(breakdown.reduce((s, b) => s + b.points, 0)).toBe(p.score);
      expect(p.stage).toBe(p.id === prospects[0]!.id ? "sent" : "scored");
    }
    await events.waitFor(() => events.events.length >= 30);

    const before = await db.prospect.findMany({ where: { campaignId: campaign.id }, orderBy: { id: "asc" } });
    const second = await scoreProspects(t.deps, { userId: user.id, campaignId: campaign.id });
    expect(second).toMatchObject({ total: 30, changed: 0, scored: 29 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id }, orderBy: { id: "asc" } });
    expect(after.map((p) => [p.score, p.stage, p.updatedAt.getTime()])).toEqual(before.map((p) => [p.score, p.stage, p.updatedAt.getTime()]));
    await events.stop();
    expect(events.events).toHaveLength(30);
  });

  it("skips prospects under the campaign's minimum score and brings them back when it is lowered", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { minScore: 40 });
    await seedProspects(t.deps.db, campaign.id, 12);
    const result = await scoreProspects(t.deps, { userId: user.id, campaignId: campaign.id });
    const rows = await db.prospect.findMany({ where: { campaignId: campaign.id } });
    const low = rows.filter((p) => p.score! < 40);
    expect(low.length).toBeGreaterThan(0);
    expect(result.skipped).toBe(low.length);
    for (const p of low) {
      expect(p.stage).toBe("skipped");
      expect(p.skipReason).toBe(`score ${p.score} below minimum 40`);
    }
    for (const p of rows.filter((r) => r.score! >= 40)) expect(p.stage).toBe("scored");

    await db.campaign.update({ where: { id: campaign.id }, data: { minScore: null } });
    const again = await scoreProspects(t.deps, { userId: user.id, campaignId: campaign.id });
    expect(again).toMatchObject({ skipped: 0, scored: 12, changed: low.length });
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "skipped" } })).toBe(0);
  });

  it("scores only the given prospects", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db);
    const prospects = await seedProspects(t.deps.db, campaign.id, 5);
    const ids = prospects.slice(0, 2).map((p) => p.id);
    const result = await scoreProspects(t.deps, { userId: user.id, campaignId: campaign.id, prospectIds: ids });
    expect(result.total).toBe(2);
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "scored" } })).toBe(2);
  });
});
