import { createProviders, type Providers } from "@outreach/providers";
import {
  serpSitesForKeyword,
  siteModel,
  startFakeDataForSeo,
  startFakeHunter,
  startFakeWebHost,
  type DataForSeoControl,
  type FakeServer,
  type HunterControl,
  type WebHostControl,
  fakesEnv,
} from "@outreach/fakes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { crawlSite, type SiteCrawler } from "../../src/crawl/index.ts";
import { enrichProspects, gatherSiteFacts, type EnrichDeps } from "../../src/enrich/index.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign, seedDiscovered } from "@outreach/testkit/scenarios";

/**
 * A provider fault stays with what it touched: real PostgreSQL, the real provider clients and
 * crawler against the fakes (Hunter, DataForSEO, the fake web host) over HTTP.
 */

let t: JobTestEnv;
let providers: Providers;
let hunter: FakeServer<HunterControl>;
let dfs: FakeServer<DataForSeoControl>;
let web: FakeServer<WebHostControl>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  hunter = await startFakeHunter();
  dfs = await startFakeDataForSeo();
  web = await startFakeWebHost();
  closers.push(hunter.close, dfs.close, web.close);
  t = await createJobTestEnv("enrichfaults", {
    ...fakesEnv({ dataforseo: dfs, hunter }),
  });
  // Real retries, short back-off.
  providers = createProviders({ env: t.deps.env, db: t.deps.db, retry: { baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5 } });
}, 60_000);
afterEach(() => {
  hunter.control.reset();
  dfs.control.reset();
  web.control.reset();
});
afterAll(async () => {
  await providers?.close();
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

const deps = (crawl: SiteCrawler = crawlSite): EnrichDeps => ({ db: t.deps.db, bus: t.deps.bus, providers, crawl, sandboxWebHostUrl: web.url });

/** Fake sites from the fake SERP: Hunter, DataForSEO and the web host all know them. */
function fakeSites(count: number, skip = 0): string[] {
  const all = [...new Set(["ceramics", "stoneware glaze", "pottery magazine", "textile art"].flatMap((k) => serpSitesForKeyword(k).map((s) => s.domain)))];
  return all.slice(skip, skip + count);
}

/** The first of these sites whose chosen contact is decided by the email verifier, and that address. */
async function siteDecidedByTheVerifier(userId: string, domains: string[]) {
  for (const domain of domains) {
    const facts = await gatherSiteFacts(deps(), { userId, domain, pageUrl: `https://${domain}/`, daEst: null, recordDoNotContact: false });
    if (facts.chosen && hunter.control.verifierCalls(facts.chosen.email) > 0) return { domain, email: facts.chosen.email };
  }
  throw new Error("no site whose contact the verifier decides");
}

const faultsIn = (notes: string[]) => notes.filter((n) => /could not/.test(n));

describe("a provider fault stays local", () => {
  it("a verifier failure for one address in a batch of 25: all 25 enriched, 24 clean, the one with the reason", { timeout: 120_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = fakeSites(25);
    const target = await siteDecidedByTheVerifier(user.id, domains);
    const prospects = await seedDiscovered(db, campaign.id, domains);
    hunter.control.failVerification(target.email); // 222 "try again later", every time

    const result = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) });

    expect(result).toMatchObject({ total: 25, enriched: 25, failed: 0, withFaults: 1 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id }, include: { contacts: true } });
    expect(after.every((p) => p.stage === "enriched" && p.enrichedAt !== null)).toBe(true);
    const [faulty, ...clean] = [after.find((p) => p.domain === target.domain)!, ...after.filter((p) => p.domain !== target.domain)];
    expect(clean).toHaveLength(24);
    for (const p of clean) {
      expect(faultsIn(p.enrichNotes)).toEqual([]);
      expect(p.contacts.filter((c) => c.verificationNote !== null)).toEqual([]);
    }
    expect(faultsIn(faulty.enrichNotes)).toEqual([
      `Hunter could not verify ${target.email}: the address's mail server gave an unexpected answer (HTTP 222, try later); asked again at the next enrichment`,
    ]);
    expect(faulty.contacts.find((c) => c.email === target.email)).toMatchObject({
      verification: "unknown",
      verificationNote: "Hunter could not verify this address: the address's mail server gave an unexpected answer (HTTP 222, try later); asked again at the next enrichment",
    });
    // Unknown, like Hunter's own "unknown": still the prospect's best address (docs/decisions.md).
    expect(faulty.contactEmail).toBe(target.email);
  });

  it("asks the verifier again at the next enrichment and clears the reason when it answers", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const target = await siteDecidedByTheVerifier(user.id, fakeSites(20, 25));
    const domains = [target.domain, ...fakeSites(2, 45)];
    const prospects = await seedDiscovered(db, campaign.id, domains);
    const ids = prospects.map((p) => p.id);
    hunter.control.failVerification(target.email, { status: 503 });
    const first = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: ids });
    expect(first).toMatchObject({ enriched: 3, withFaults: 1 });
    const contact = () => db.contact.findFirstOrThrow({ where: { email: target.email, prospect: { campaignId: campaign.id } } });
    expect(await contact()).toMatchObject({ verification: "unknown", verificationNote: expect.stringMatching(/^Hunter could not verify this address: the service had an error \(HTTP 503\)/) });

    hunter.control.clearTargetFaults();
    const asked = hunter.control.verifierCalls(target.email);
    const again = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: ids });
    expect(again).toMatchObject({ enriched: 3, withFaults: 0 });
    expect(hunter.control.verifierCalls(target.email)).toBeGreaterThan(asked);
    const answered = await contact();
    expect(answered.verification).not.toBe("unknown");
    expect(answered.verificationNote).toBeNull();
    const prospect = await db.prospect.findFirstOrThrow({ where: { campaignId: campaign.id, domain: target.domain } });
    expect(faultsIn(prospect.enrichNotes)).toEqual([]);
  });

  it("a domain-search 5xx for one domain: that prospect is enriched from its own pages with a note, the others as usual", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = fakeSites(30, 28).filter((d) => siteModel(d).hunterHasEmails).slice(0, 4);
    const down = domains[1]!;
    const prospects = await seedDiscovered(db, campaign.id, domains);
    hunter.control.failDomainSearch(down, { status: 503 });

    const result = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) });

    expect(result).toMatchObject({ enriched: 4, failed: 0, withFaults: 1 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id }, include: { contacts: true } });
    for (const p of after.filter((x) => x.domain !== down)) {
      expect(p.hunterPayload).not.toBeNull();
      expect(p.contacts.some((c) => c.source === "hunter")).toBe(true);
      expect(faultsIn(p.enrichNotes)).toEqual([]);
    }
    const failed = after.find((p) => p.domain === down)!;
    expect(failed.stage).toBe("enriched");
    expect(failed.hunterPayload).toBeNull();
    expect(failed.contacts.length).toBeGreaterThan(0);
    expect(failed.contacts.every((c) => c.source === "crawl")).toBe(true);
    expect(faultsIn(failed.enrichNotes)).toEqual([
      `Hunter could not search ${down}: the service had an error (HTTP 503); contacts come from the site's own pages; asked again at the next enrichment`,
    ]);
  });

  it("a re-enrichment during a domain-search outage keeps the addresses and payload Hunter gave before", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domain = fakeSites(40, 32).find((d) => siteModel(d).hunterHasEmails && siteModel(d).staff.length > 0)!;
    const [prospect] = await seedDiscovered(db, campaign.id, [domain]);
    await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: [prospect!.id] });
    const before = await db.prospect.findUniqueOrThrow({ where: { id: prospect!.id } });
    expect(before.hunterPayload).not.toBeNull();

    hunter.control.failDomainSearch(domain);
    const result = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: [prospect!.id] });

    expect(result).toMatchObject({ enriched: 1, withFaults: 1 });
    const after = await db.prospect.findUniqueOrThrow({ where: { id: prospect!.id } });
    expect(after.contactEmail).toBe(before.contactEmail);
    expect(after.hunterPayload).toEqual(before.hunterPayload);
    expect(faultsIn(after.enrichNotes)[0]).toMatch(/contacts come from the site's own pages and the addresses Hunter gave at the previous enrichment/);
  });

  it("DataForSEO ranks failing for the batch: ranks left as they were, a note on each prospect, the batch goes on", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = fakeSites(3, 47);
    const prospects = await seedDiscovered(db, campaign.id, domains);
    await db.prospect.update({ where: { id: prospects[0]!.id }, data: { daEst: 42 } });
    dfs.control.injectFaults({ status: 500, path: "/backlinks/bulk_ranks" });

    const result = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) });

    expect(result).toMatchObject({ enriched: 3, failed: 0, withFaults: 3 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id }, orderBy: { domain: "asc" } });
    expect(after.map((p) => p.daEst)).toEqual([42, null, null]);
    for (const p of after) {
      expect(p.stage).toBe("enriched");
      expect(faultsIn(p.enrichNotes)).toEqual(["DataForSEO could not give the domain rank: the service had an error (HTTP 500); asked again at the next enrichment"]);
    }
  });

  it("a site that cannot be read affects only its prospect, and says why in its notes", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = fakeSites(3, 50);
    const unreadable = domains[2]!;
    web.control.addRedirect(unreadable, "/", "http://10.1.2.3/");
    const prospects = await seedDiscovered(db, campaign.id, domains);

    const result = await enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) });

    expect(result).toMatchObject({ enriched: 3, failed: 0, withFaults: 1 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id } });
    const p = after.find((x) => x.domain === unreadable)!;
    expect(p.stage).toBe("enriched");
    expect((p.crawlData as { status: string }).status).toBe("failed");
    expect(faultsIn(p.enrichNotes)).toEqual([expect.stringMatching(/^The site could not be read: .*10\.1\.2\.3.*; contacts come from Hunter only$/)]);
    expect(after.filter((x) => x.domain !== unreadable).every((x) => faultsIn(x.enrichNotes).length === 0)).toBe(true);
  });

  it("any other failure for one prospect: it keeps its stage with the reason, counts as failed, the rest are enriched", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const domains = fakeSites(3, 55);
    const broken = domains[0]!;
    // A page title PostgreSQL cannot store (a NUL character): the write of this one prospect fails.
    const crawl: SiteCrawler = async (url, o) => {
      const r = await crawlSite(url, o);
      return url.includes(broken) ? { ...r, title: "Gallery\u0000" } : r;
    };
    const prospects = await seedDiscovered(db, campaign.id, domains);

    const result = await enrichProspects(deps(crawl), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) });

    expect(result).toMatchObject({ total: 3, enriched: 2, failed: 1 });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id } });
    const p = after.find((x) => x.domain === broken)!;
    expect(p).toMatchObject({ stage: "discovered", enrichedAt: null, contactEmail: null });
    expect(p.enrichNotes).toEqual([expect.stringMatching(/^Enrichment failed: .+; tried again at the next enrichment$/)]);
    expect(after.filter((x) => x.domain !== broken).map((x) => x.stage)).toEqual(["enriched", "enriched"]);
  });

  it("Hunter refusing the key (401) fails the whole batch: nothing is enriched", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const prospects = await seedDiscovered(db, campaign.id, fakeSites(3, 60));
    hunter.control.injectFaults({ status: 401 });

    await expect(enrichProspects(deps(), { userId: user.id, campaignId: campaign.id, prospectIds: prospects.map((p) => p.id) })).rejects.toMatchObject({
      provider: "hunter",
      kind: "auth",
    });
    const after = await db.prospect.findMany({ where: { campaignId: campaign.id } });
    expect(after.every((p) => p.stage === "discovered" && p.enrichedAt === null)).toBe(true);
  });

  it("a cancelled batch stops: no prospect is enriched after the signal", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(db);
    const prospects = await seedDiscovered(db, campaign.id, fakeSites(6, 65));
    const cancel = new AbortController();
    const run = enrichProspects(deps(), {
      userId: user.id,
      campaignId: campaign.id,
      prospectIds: prospects.map((p) => p.id),
      concurrency: 1,
      signal: cancel.signal,
      onProspect: async (done) => {
        if (done === 2) cancel.abort(new Error("cancelled by the user"));
      },
    });
    await expect(run).rejects.toThrow("cancelled by the user");
    expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "enriched" } })).toBe(2);
    expect(await db.prospect.count({ where: { campaignId: campaign.id, enrichNotes: { isEmpty: false }, stage: "discovered" } })).toBe(0);
  });
});
