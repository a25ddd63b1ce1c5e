import type { EventBus } from "@outreach/contracts";
import { fakesEnv, serpSitesForKeyword, startFakeDataForSeo, startFakeWebHost, type DataForSeoControl, type FakeServer, type WebHostControl } from "@outreach/fakes";
import { createProviders, type Providers } from "@outreach/providers";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign, seedEmailLog, seedProspect } from "@outreach/testkit/scenarios";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GuardDecision } from "../../src/crawl/index.ts";
import { addManualPlacement, createSiteReader, recheckPlacement, sweepPlacements, PLACEMENT_DEFAULTS, watchProspect, type PlacementDeps } from "../../src/placements/index.ts";
import { socketWitness, stubResolver, trapListener } from "../crawl/net-helpers.ts";

/**
 * The placement watch against the fake web host over HTTP (loopback only, through the crawler's
 * guard): real PostgreSQL, the real DataForSEO client against its fake for the optional search.
 */

const ARTIST = "Mira Okafor";
const PORTFOLIO = "https://miraokafor.art/work";
const DAY = 24 * 3600_000;

let t: JobTestEnv;
let web: FakeServer<WebHostControl>;
let dfs: FakeServer<DataForSeoControl>;
let providers: Providers;
let witness: ReturnType<typeof socketWitness>;
const noDns = stubResolver({});
const published: unknown[][] = [];
const decisions: GuardDecision[] = [];
let domains: string[];
let next = 0;

beforeAll(async () => {
  web = await startFakeWebHost({ slowDelayMs: 30_000 });
  dfs = await startFakeDataForSeo();
  t = await createJobTestEnv("placements", { ...fakesEnv({ dataforseo: dfs }) });
  providers = createProviders({ env: t.deps.env, db: t.deps.db, retry: { baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5 } });
  domains = [...new Set(["ceramics", "printmaking", "textile art", "painting"].flatMap((k) => serpSitesForKeyword(k).map((s) => s.domain)))];
  witness = socketWitness();
}, 60_000);
afterEach(() => {
  web.control.reset();
  dfs.control.reset();
  expect(witness.violations).toEqual([]);
  expect(noDns.calls).toEqual([]);
});
afterAll(async () => {
  witness?.stop();
  await providers?.close();
  await t?.close();
  await Promise.allSettled([web?.close(), dfs?.close()]);
});

function deps(extra: Partial<PlacementDeps> = {}): PlacementDeps {
  const bus = { ...t.deps.bus, publish: (...a: unknown[]) => void published.push(a) } as unknown as EventBus;
  return {
    db: t.deps.db,
    bus,
    sandboxWebHostUrl: web.url,
    lookup: noDns.resolve,
    reader: { onDecision: (d) => decisions.push(d) },
    providersFor: (context) => ({ providers: providers.withContext(context), close: async () => {} }),
    ...extra,
  };
}

/** A campaign, and a prospect on a fake site that replied to an email sent `sentDaysAgo` days ago. */
async function repliedProspect(opts: { sentDaysAgo?: number; campaign?: Record<string, unknown> } = {}) {
  const { campaign, user } = await seedCampaign(t.deps.db, { artistName: ARTIST, portfolioUrl: PORTFOLIO, ...opts.campaign });
  const domain = domains[next++]!;
  const sentAt = new Date(Date.now() - (opts.sentDaysAgo ?? 3) * DAY);
  const prospect = await seedProspect(t.deps.db, campaign.id, { domain, stage: "replied", outreachStatus: "replied", lastSent: sentAt });
  await seedEmailLog(t.deps.db, prospect.id, { status: "sent", sentAt });
  return { campaign, user, prospect, domain };
}

describe("the watch finds the feature in the site's sitemap and feed", () => {
  it("a page linking to the portfolio with rel=nofollow: placement, Published, accepted, one alert, a live board update", async () => {
    const { prospect, domain, user } = await repliedProspect();
    const feature = web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, rel: "nofollow", anchor: "Mira's vessels", linkStyle: "tracking" });
    published.length = 0;
    const r = await watchProspect(deps(), prospect.id);
    expect(r.found).toEqual([{ url: feature.url, match: "links_to_portfolio" }]);
    const [pl] = await t.deps.db.placement.findMany({ where: { prospectId: prospect.id } });
    expect(pl).toMatchObject({ url: `https://${domain}/features/mira-okafor`, site: domain, rel: "nofollow", anchorText: "Mira's vessels", status: "live", source: "watch", match: "links_to_portfolio" });
    expect(pl!.title).toContain("Studio visit: Mira Okafor");
    expect(pl!.excerpt).toContain("Mira's vessels");
    expect(await t.deps.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ stage: "published", outreachStatus: "accepted" });
    const alerts = await t.deps.db.alert.findMany({ where: { userId: user.id } });
    expect(alerts.map((a) => [a.kind, a.message, a.placementId])).toEqual([["placement_found", `Featured on ${domain}: ${feature.url}`, pl!.id]]);
    expect(published).toContainEqual(["prospectUpdated", prospect.campaignId, expect.objectContaining({ prospectId: prospect.id })]);

    // Idempotent: the next check finds nothing new and raises nothing.
    await t.deps.db.prospect.update({ where: { id: prospect.id }, data: { watchCheckedAt: null } });
    await watchProspect(deps(), prospect.id);
    expect(await t.deps.db.placement.count({ where: { prospectId: prospect.id } })).toBe(1);
    expect(await t.deps.db.alert.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a link through the site's own redirect, and one to www., count", async () => {
    for (const linkStyle of ["redirect", "www"] as const) {
      const { prospect, domain } = await repliedProspect();
      web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, linkStyle });
      const r = await watchProspect(deps(), prospect.id);
      expect(r.found, linkStyle).toEqual([{ url: `https://${domain}/features/mira-okafor`, match: "links_to_portfolio" }]);
    }
  });

  it("a page about another artist with the same first name is not the feature", async () => {
    const { prospect, domain } = await repliedProspect();
    web.control.publishFeature({ domain, artistName: "Mira Jensen", portfolioUrl: "https://mirajensen.example/" });
    const r = await watchProspect(deps(), prospect.id);
    expect(r.pagesChecked).toBeGreaterThan(0);
    expect(r.found).toEqual([]);
    expect(await t.deps.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ stage: "replied" });
  });

  it("a page published before the first email is not read", async () => {
    const { prospect, domain } = await repliedProspect({ sentDaysAgo: 5 });
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, publishedAt: new Date(Date.now() - 30 * DAY).toISOString() });
    const r = await watchProspect(deps(), prospect.id);
    expect(r.found).toEqual([]);
    expect(web.control.stats().byPath["/features/mira-okafor"]).toBeUndefined();
  });

  it("robots.txt that disallows the page keeps the watch out of it", async () => {
    const { prospect, domain } = await repliedProspect();
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    web.control.setRobots(domain, `User-agent: *\nDisallow: /features/\n\nSitemap: https://${domain}/sitemap.xml\n`);
    const r = await watchProspect(deps(), prospect.id);
    expect(r.found).toEqual([]);
    expect(r.disallowed).toBeGreaterThan(0);
    expect(web.control.stats().byPath["/features/mira-okafor"]).toBeUndefined();
    expect(web.control.stats().byPath["/robots.txt"]).toBe(1);
  });

  it("a sitemap entry that redirects to an internal address is refused by the guard; nothing connects", async () => {
    const trap = await trapListener();
    try {
      const { prospect, domain } = await repliedProspect();
      web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, path: "/features/internal" });
      web.control.addRedirect(domain, "/features/internal", `http://127.0.0.1:${trap.port}/admin`);
      decisions.length = 0;
      const r = await watchProspect(deps(), prospect.id);
      expect(r.found).toEqual([]);
      expect(decisions.some((d) => !d.allowed && d.url.includes(`127.0.0.1:${trap.port}`))).toBe(true);
      expect(trap.connections()).toBe(0);
    } finally {
      await trap.close();
    }
  });

  it("a slow page is cut at the page time limit and a large one at the byte cap", async () => {
    const { prospect, domain } = await repliedProspect();
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, path: "/features/slow" });
    web.control.addRedirect(domain, "/features/slow", `https://${domain}/slow?ms=20000`);
    web.control.publishFeature({ domain, artistName: "Mira Okafor", portfolioUrl: PORTFOLIO, path: "/features/large" });
    web.control.addRedirect(domain, "/features/large", `https://${domain}/large`);
    const started = Date.now();
    const r = await watchProspect(deps({ reader: { pageTimeoutMs: 400, maxBytesPerPage: 64 * 1024 } }), prospect.id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.found).toEqual([]);
    expect(web.control.slowInFlight()).toBe(0);
  });
});

describe("the watch's reader", () => {
  it("cuts a page at the byte cap, stops at its request budget, and lets the guard refuse private addresses before any socket", async () => {
    const domain = domains[next++]!;
    const seen: GuardDecision[] = [];
    const reader = createSiteReader({ sandboxWebHostUrl: web.url, lookup: noDns.resolve, maxBytesPerPage: 64 * 1024, maxRequests: 5, onDecision: (d) => seen.push(d) });
    try {
      const large = await reader.read(`https://${domain}/large`);
      expect(large).toMatchObject({ ok: true, truncated: true });
      expect(large.bytes).toBeLessThanOrEqual(64 * 1024);
      for (const url of ["http://10.0.0.8/sitemap.xml", "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/"]) {
        const r = await reader.read(url);
        expect(r, url).toMatchObject({ ok: false });
      }
      expect(seen.filter((d) => !d.allowed).map((d) => d.url)).toEqual(["http://10.0.0.8/robots.txt", "http://169.254.169.254/robots.txt", "http://[fd00:ec2::254]/robots.txt"]);
      expect(await reader.read(`https://${domain}/about`)).toMatchObject({ ok: false, reason: "budget" });
    } finally {
      reader.close();
    }
  });
});

describe("the optional weekly search", () => {
  it("finds a page the sitemap no longer shows as new, costs one ledger row, and waits a week before searching again", async () => {
    const { prospect, domain, campaign } = await repliedProspect({ campaign: { placementSearch: true } });
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO, publishedAt: new Date(Date.now() - DAY).toISOString() });
    await t.deps.db.prospect.update({ where: { id: prospect.id }, data: { watchCheckedAt: new Date() } });
    const r = await watchProspect(deps(), prospect.id);
    expect(r.searched).toBe(true);
    expect(r.found).toEqual([{ url: `https://${domain}/features/mira-okafor`, match: "links_to_portfolio" }]);
    expect(await t.deps.db.placement.findFirstOrThrow({ where: { prospectId: prospect.id } })).toMatchObject({ source: "search" });
    const calls = await t.deps.db.providerCall.findMany({ where: { campaignId: campaign.id, provider: "dataforseo" } });
    expect(calls).toHaveLength(1);
    expect(Number(calls[0]!.cost)).toBeGreaterThan(0);
    const again = await watchProspect(deps(), prospect.id);
    expect(again.searched).toBe(false);
    expect(await t.deps.db.providerCall.count({ where: { campaignId: campaign.id, provider: "dataforseo" } })).toBe(1);
  });

  it("is off by default: no provider call", async () => {
    const { prospect, campaign } = await repliedProspect();
    const r = await watchProspect(deps(), prospect.id);
    expect(r.searched).toBe(false);
    expect(await t.deps.db.providerCall.count({ where: { campaignId: campaign.id } })).toBe(0);
  });
});

describe("link monitoring", () => {
  it("the link removed: the next re-check marks it lost with the date and notifies once", async () => {
    const { prospect, domain, user } = await repliedProspect();
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    await watchProspect(deps(), prospect.id);
    const pl = await t.deps.db.placement.findFirstOrThrow({ where: { prospectId: prospect.id } });
    web.control.editFeature({ domain, path: "/features/mira-okafor", linkRemoved: true });
    expect(await recheckPlacement(deps(), pl.id)).toBe("lost");
    const lost = await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } });
    expect(lost).toMatchObject({ status: "lost", lostReason: "the link to the portfolio was removed", checkedCount: 2 });
    expect(lost.lostAt).toBeInstanceOf(Date);
    expect(await recheckPlacement(deps(), pl.id)).toBe("lost");
    const alerts = await t.deps.db.alert.findMany({ where: { userId: user.id, kind: "placement_lost" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain("the link to the portfolio was removed");
  });

  it("a 404 marks it lost; a changed rel is recorded; a server error keeps it live with a note", async () => {
    const { prospect, domain } = await repliedProspect();
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    await watchProspect(deps(), prospect.id);
    const pl = await t.deps.db.placement.findFirstOrThrow({ where: { prospectId: prospect.id } });
    expect(pl.rel).toBe("follow");

    web.control.editFeature({ domain, path: "/features/mira-okafor", rel: "sponsored" });
    expect(await recheckPlacement(deps(), pl.id)).toBe("live");
    expect(await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } })).toMatchObject({ rel: "sponsored", previousRel: "follow", status: "live" });

    web.control.injectFaults({ status: 503, path: "/features/mira-okafor" });
    expect(await recheckPlacement(deps(), pl.id)).toBe("unknown");
    expect((await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } })).lastCheckNote).toContain("503");
    web.control.clearFaults();

    web.control.editFeature({ domain, path: "/features/mira-okafor", removed: true });
    expect(await recheckPlacement(deps(), pl.id)).toBe("lost");
    expect(await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } })).toMatchObject({ status: "lost", lostReason: "the page is gone (HTTP 404)" });
  });
});

describe("a placement added by hand", () => {
  it("on another domain is refused naming the field; on the prospect's subdomain it is accepted", async () => {
    const { prospect, domain } = await repliedProspect();
    const other = domains[next++]!;
    web.control.publishFeature({ domain: other, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    await expect(addManualPlacement(deps(), prospect.id, `https://${other}/features/mira-okafor`)).rejects.toThrow(
      `Feature page URL must be on ${domain} or one of its subdomains (${other} is another site).`,
    );
    const sub = `news.${domain}`;
    web.control.publishFeature({ domain: sub, artistName: ARTIST, portfolioUrl: PORTFOLIO, rel: "ugc" });
    const pl = await addManualPlacement(deps(), prospect.id, `https://${sub}/features/mira-okafor`);
    expect(pl).toMatchObject({ url: `https://${sub}/features/mira-okafor`, site: sub, source: "manual", rel: "ugc", status: "live" });
    expect(await t.deps.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).toMatchObject({ stage: "published" });
  });

  it("a page that neither links nor names the artist is refused with the reason", async () => {
    const { prospect, domain } = await repliedProspect();
    await expect(addManualPlacement(deps(), prospect.id, `https://${domain}/about`)).rejects.toThrow(/neither links to https:\/\/miraokafor\.art\/work nor names Mira Okafor/);
    await expect(addManualPlacement(deps(), prospect.id, "javascript:alert(1)")).rejects.toThrow(/Feature page URL must be the page’s full address/);
    expect(await t.deps.db.placement.count({ where: { prospectId: prospect.id } })).toBe(0);
  });
});

describe("the sweep", () => {
  it("starts the 90-day watch of replied prospects only, watches them, and re-checks placements a month old", async () => {
    const { prospect, domain, campaign } = await repliedProspect();
    const pending = await seedProspect(t.deps.db, campaign.id, { domain: domains[next++]!, stage: "approved" });
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    const r = await sweepPlacements(deps(), PLACEMENT_DEFAULTS);
    expect(r.watched.find((w) => w.prospectId === prospect.id)?.found).toHaveLength(1);
    const p = await t.deps.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } });
    expect(p.watchUntil!.getTime() - Date.now()).toBeGreaterThan(89 * DAY);
    expect((await t.deps.db.prospect.findUniqueOrThrow({ where: { id: pending.id } })).watchUntil).toBeNull();

    const pl = await t.deps.db.placement.findFirstOrThrow({ where: { prospectId: prospect.id } });
    web.control.editFeature({ domain, path: "/features/mira-okafor", linkRemoved: true });
    await sweepPlacements(deps(), PLACEMENT_DEFAULTS);
    expect((await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } })).status).toBe("live");
    await sweepPlacements(deps({ now: () => new Date(Date.now() + 31 * DAY) }), PLACEMENT_DEFAULTS);
    expect((await t.deps.db.placement.findUniqueOrThrow({ where: { id: pl.id } })).status).toBe("lost");
  });

  it("stops watching after 90 days", async () => {
    const { prospect, domain } = await repliedProspect();
    await t.deps.db.prospect.update({ where: { id: prospect.id }, data: { watchUntil: new Date(Date.now() - 1000) } });
    web.control.publishFeature({ domain, artistName: ARTIST, portfolioUrl: PORTFOLIO });
    const r = await sweepPlacements(deps(), PLACEMENT_DEFAULTS);
    expect(r.watched.map((w) => w.prospectId)).not.toContain(prospect.id);
  });
});
