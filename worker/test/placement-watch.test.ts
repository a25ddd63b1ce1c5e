import { serpSitesForKeyword, startFakeWebHost, type FakeServer, type WebHostControl } from "@outreach/fakes";
import { collect, createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign, seedEmailLog, seedProspect } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeliverySettings, startDeliverySchedulers, type DeliverySchedulers } from "../runtime/ticks.ts";

/**
 * The placement watch runs by itself: the worker's job scheduler checks the sites of prospects
 * that replied, and a feature the fake site publishes becomes a placement within one interval,
 * announced on the bus (what moves the board card live).
 */

const INTERVAL_MS = 400;
let t: JobTestEnv;
let web: FakeServer<WebHostControl>;
let schedulers: DeliverySchedulers;

beforeAll(async () => {
  web = await startFakeWebHost();
  t = await createJobTestEnv("placementwatch", { SANDBOX_WEB_HOST_URL: web.url });
  const settings = loadDeliverySettings({
    PLACEMENT_WATCH_EVERY_MS: String(INTERVAL_MS),
    DELIVERY_RECONCILE_EVERY_MS: "3600000",
    DELIVERY_FOLLOWUP_EVERY_MS: "3600000",
    DELIVERY_SYNC_EVERY_MS: "3600000",
    DELIVERY_DISPATCH_SWEEP_EVERY_MS: "3600000",
  });
  schedulers = await startDeliverySchedulers(t.deps, settings);
}, 60_000);
afterAll(async () => {
  await schedulers?.close();
  await t?.close();
  await web?.close();
});

describe("the placement watch scheduler", () => {
  it("a feature published after the reply is found within one watch interval and announced", { timeout: 30_000 }, async () => {
    const { campaign, user } = await seedCampaign(t.deps.db, { artistName: "Mira Okafor", portfolioUrl: "https://miraokafor.art/" });
    const domain = serpSitesForKeyword("printmaking")[0]!.domain;
    const sentAt = new Date(Date.now() - 2 * 24 * 3600_000);
    const prospect = await seedProspect(t.deps.db, campaign.id, { domain, stage: "replied", outreachStatus: "replied", lastSent: sentAt });
    await seedEmailLog(t.deps.db, prospect.id, { status: "sent", sentAt });
    const updates = await collect(t.listenerBus, t.deps.bus, "prospectUpdated", campaign.id, { prospectId: "probe", userId: user.id, campaignId: campaign.id });
    try {
      const publishedAt = Date.now();
      web.control.publishFeature({ domain, artistName: "Mira Okafor", portfolioUrl: "https://miraokafor.art/", rel: "nofollow" });
      await updates.waitFor((e) => e.prospectId === prospect.id, 10_000);
      // One interval for the scheduler to come round, plus the check itself.
      expect(Date.now() - publishedAt).toBeLessThan(INTERVAL_MS + 5_000);
      const placement = await t.deps.db.placement.findFirstOrThrow({ where: { prospectId: prospect.id } });
      expect(placement).toMatchObject({ url: `https://${domain}/features/mira-okafor`, rel: "nofollow", status: "live", source: "watch" });
      expect(await t.deps.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ stage: "published", outreachStatus: "accepted" });
    } finally {
      await updates.stop();
    }
  });
});
