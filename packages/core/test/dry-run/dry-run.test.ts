import { createProviders, type Providers } from "@outreach/providers";
import {
  serpSitesForKeyword,
  siteModel,
  startFakeDataForSeo,
  startFakeGemini,
  startFakeHunter,
  startFakeWebHost,
  type FakeServer,
  type HunterControl,
  type WebHostControl,
  fakesEnv,
} from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dryRun } from "../../src/dry-run/dry-run.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";

let t: JobTestEnv;
let providers: Providers;
let hunter: FakeServer<HunterControl>;
let web: FakeServer<WebHostControl>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const dfs = await startFakeDataForSeo();
  hunter = await startFakeHunter();
  const gemini = await startFakeGemini();
  web = await startFakeWebHost();
  closers.push(dfs.close, hunter.close, gemini.close, web.close);
  t = await createJobTestEnv("pipedry", {
    ...fakesEnv({ dataforseo: dfs, hunter, gemini }),
  });
  providers = createProviders({ env: t.deps.env, db: t.deps.db });
}, 60_000);
afterAll(async () => {
  await providers?.close();
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

async function counts() {
  const { db } = t.deps;
  return {
    prospects: await db.prospect.count(),
    contacts: await db.contact.count(),
    emailLogs: await db.emailLog.count(),
    suppressions: await db.suppression.count(),
    jobs: await db.job.count(),
  };
}

describe("dry run", () => {
  it("runs one test domain through every step, stores nothing and returns the draft", { timeout: 60_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["ceramics", "painting", "printmaking"], minScore: 10, portfolioUrl: "https://ada.example" });
    const domain = serpSitesForKeyword("ceramics").map((s) => s.domain).find((d) => {
      const s = siteModel(d);
      return s.hunterHasEmails && s.openCall && !s.acceptAll;
    })!;
    const site = siteModel(domain);
    const before = await counts();
    const result = await dryRun({ db: t.deps.db, providers, sandboxWebHostUrl: web.url }, user.id, campaign.id, { domain: `https://WWW.${domain}/about` });
    expect(await counts()).toEqual(before);

    expect(result.mode).toBe("domain");
    expect(result.sites).toHaveLength(1);
    const s = result.sites[0]!;
    expect(s).toMatchObject({ domain, skipped: false, skipReason: null, alreadyInCampaign: false, contactMethod: "email", daEst: site.rankHundred });
    expect(s.contacts.map((c) => c.email)).toContain(site.genericEmail);
    expect(s.chosenContact?.type).toBe("personal");
    expect(s.crawl?.openCall).toMatchObject({ deadline: site.openCall!.deadline, fee: site.openCall!.fee });
    expect(s.score?.breakdown.map((b) => b.signal)).toEqual(["domainRank", "topicalFit", "contactQuality", "freshness"]);
    expect(s.score?.passes).toBe(true);
    expect(s.draft).toMatchObject({ to: s.chosenContact!.email, source: "gemini" });
    expect(s.draft!.subject.length).toBeGreaterThan(0);
    expect(s.draft!.body).toContain("Ada Potter");
    expect(Array.isArray(s.draft!.flags)).toBe(true);
  });

  it("reports a do-not-contact address without suppressing it, and skips suppressed sites from a keyword's first five results", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["woodcut"] });
    const first = serpSitesForKeyword("woodcut").slice(0, 5).map((s) => s.domain);
    await db.suppression.create({ data: { userId: user.id, value: first[1]!, reason: "manual" } });
    const blocked = serpSitesForKeyword("woodcut").map((s) => s.domain).find((d) => {
      const s = siteModel(d);
      return s.hunterHasEmails && s.staff.length === 0 && !s.acceptAll;
    })!;
    hunter.control.blockAddress(siteModel(blocked).editor.email);
    const before = await counts();

    const kw = await dryRun({ db, providers, sandboxWebHostUrl: web.url }, user.id, campaign.id, { keyword: "woodcut" });
    expect(kw.sites.map((s) => s.domain)).toEqual(first);
    expect(kw.sites[1]).toMatchObject({ skipped: true, skipReason: `suppressed: ${first[1]} is on your suppression list (manual)`, draft: null });
    expect(kw.sites.filter((s) => !s.skipped).every((s) => s.score !== null)).toBe(true);

    const one = await dryRun({ db, providers, sandboxWebHostUrl: web.url }, user.id, campaign.id, { domain: blocked });
    const s = one.sites[0]!;
    expect(s.doNotContact).toEqual([siteModel(blocked).editor.email]);
    expect(s.chosenContact?.email).not.toBe(siteModel(blocked).editor.email);
    expect(s.contacts.map((c) => c.email)).not.toContain(siteModel(blocked).editor.email);
    expect(await counts()).toEqual(before);
  });

  it("rejects bad input with a field error", async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    await expect(dryRun({ db: t.deps.db, providers }, user.id, campaign.id, {})).rejects.toThrow(/keyword/);
    await expect(dryRun({ db: t.deps.db, providers }, user.id, campaign.id, { domain: "localhost" })).rejects.toThrow(/domain/);
    await expect(dryRun({ db: t.deps.db, providers }, user.id, "00000000-0000-4000-8000-000000000000", { domain: "a.example" })).rejects.toThrow(/Campaign not found/);
  });
});
