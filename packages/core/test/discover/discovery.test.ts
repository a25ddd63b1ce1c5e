import type { OrganicItem } from "@outreach/providers";
import { createProviders } from "@outreach/providers";
import { serpSitesForKeyword, startFakeDataForSeo, type DataForSeoControl, type FakeServer } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planCandidates, searchKeywords, type KeywordResult } from "../../src/discover/discover.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

let t: JobTestEnv;
let dfs: FakeServer<DataForSeoControl>;
beforeAll(async () => {
  dfs = await startFakeDataForSeo({ taskDelayMs: 50 });
  t = await createJobTestEnv("pipedisc", { DATAFORSEO_API_URL: dfs.url, DATAFORSEO_LOGIN: "sandbox", DATAFORSEO_PASSWORD: "sandbox" });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await dfs?.close();
});

const item = (domain: string, url: string, rank: number): OrganicItem => ({ rankGroup: rank, rankAbsolute: rank, domain, title: `T ${rank}`, url, description: null, breadcrumb: null });

describe("discovery planning", () => {
  it("normalizes domains and keeps one candidate per domain across keywords (first keyword, best rank)", async () => {
    const { campaign } = await seedCampaign(t.deps.db);
    const serp: KeywordResult[] = [
      { keyword: "ceramics", checkUrl: null, datetime: null, items: [item("www.Gallery.example", "https://www.gallery.example/a", 1), item("blog.example", "https://blog.example/", 2)] },
      { keyword: "glaze", checkUrl: null, datetime: null, items: [item("gallery.example", "https://gallery.example/b", 1), item("bücher.example", "https://bücher.example/", 2), item("10.0.0.1", "http://10.0.0.1/", 3)] },
      { keyword: "kiln", checkUrl: null, datetime: null, items: [], error: "40501 Invalid Field" },
    ];
    const plan = await planCandidates(t.deps.db, campaign, serp);
    expect(plan.candidates.map((c) => [c.domain, c.keyword, c.item.url])).toEqual([
      ["gallery.example", "ceramics", "https://www.gallery.example/a"],
      ["blog.example", "ceramics", "https://blog.example/"],
      ["xn--bcher-kva.example", "glaze", "https://bücher.example/"],
    ]);
    expect(plan.organicResults).toBe(5);
    expect(plan.duplicateResults).toBe(1);
    expect(plan.invalidDomains.map((d) => d.domain)).toEqual(["10.0.0.1"]);
    expect(plan.keywordErrors).toEqual([{ keyword: "kiln", error: "40501 Invalid Field" }]);
  });

  it("skips suppressed domains (exact or wildcard) and domains inside another campaign's cool-down, with reasons", async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { cooldownDays: 60 });
    await db.suppression.createMany({ data: [{ userId: user.id, value: "*.press.example", reason: "complained" }, { userId: user.id, value: "shop.example", reason: "manual" }] });
    const other = await db.campaign.create({ data: { userId: user.id, name: "Old", artistName: "A", fromName: "A", fromEmail: "a@example.test" } });
    await db.prospect.createMany({
      data: [
        { campaignId: other.id, domain: "recent.example", lastSent: new Date(Date.now() - 5 * 86400000) },
        { campaignId: other.id, domain: "long-ago.example", lastSent: new Date(Date.now() - 100 * 86400000) },
      ],
    });
    await db.prospect.create({ data: { campaignId: campaign.id, domain: "known.example", stage: "scored" } });
    const serp: KeywordResult[] = [
      {
        keyword: "k", checkUrl: null, datetime: null,
        items: ["news.press.example", "shop.example", "sub.shop.example", "recent.example", "long-ago.example", "known.example"].map((d, i) => item(d, `https://${d}/`, i + 1)),
      },
    ];
    const plan = await planCandidates(db, campaign, serp);
    const why = Object.fromEntries(plan.candidates.map((c) => [c.domain, c.skipReason]));
    expect(why["news.press.example"]).toBe("suppressed: *.press.example is on your suppression list (complained)");
    expect(why["shop.example"]).toBe("suppressed: shop.example is on your suppression list (manual)");
    expect(why["sub.shop.example"]).toBeNull(); // an exact domain does not cover subdomains
    expect(why["recent.example"]).toMatch(/^contacted on \d{4}-\d{2}-\d{2} by campaign "Old": cool-down of 60 days until \d{4}-\d{2}-\d{2}$/);
    expect(why["long-ago.example"]).toBeNull();
    expect(plan.candidates.find((c) => c.domain === "known.example")!.existing).toMatchObject({ stage: "scored" });
  });
});

describe("SERP search", () => {
  it("uses task_post batches for many keywords and returns organic items only, in keyword order", { timeout: 60_000 }, async () => {
    const { campaign } = await seedCampaign(t.deps.db, { searchDepth: 12 });
    const providers = createProviders({ env: t.deps.env, cacheTtlSeconds: 0 });
    const keywords = ["ceramics", "woodcut prints", "textile art", "glass", "Ceramics ", "etching", "mosaic"];
    const before = dfs.control.requests().length;
    const results = await searchKeywords(providers, campaign, keywords, { pollMs: 50 });
    const posted = dfs.control.requests().slice(before);
    expect(posted.every((r) => r.path.includes("task_post"))).toBe(true);
    expect(posted).toHaveLength(6);
    expect(posted[0]!.task).toMatchObject({ keyword: "ceramics", location_code: 2840, language_code: "en", depth: 12 });
    expect(results.map((r) => r.keyword)).toEqual(["ceramics", "woodcut prints", "textile art", "glass", "etching", "mosaic"]);
    for (const r of results) {
      expect(r.items.map((i) => i.domain)).toEqual(serpSitesForKeyword(r.keyword).slice(0, 12).map((s) => s.domain));
    }
    await providers.close();
  });
});
