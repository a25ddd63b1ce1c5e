import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "@outreach/contracts";
import { createDb, type Db } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { startFakeDataForSeo, startFakeGemini, startFakeGmail, startFakeHunter } from "@outreach/fakes";
import { checkProviders, createProviders, spendByCampaign, spendByProvider } from "../src/index.ts";
import { raiseProviderAlert } from "../src/retry.ts";
import { providerError, testRedis } from "./helpers.ts";

let tdb: TestDatabase;
let db: Db;
const r = testRedis("ledger");
let fakes: Awaited<ReturnType<typeof startAll>>;
let userId = "";
let campaignId = "";
let otherCampaignId = "";
let jobId = "";

async function startAll() {
  const [dfs, hunter, gemini, gmail] = await Promise.all([startFakeDataForSeo(), startFakeHunter(), startFakeGemini(), startFakeGmail()]);
  return { dfs, hunter, gemini, gmail };
}

const sandboxEnv = (over: Record<string, string> = {}) =>
  loadEnv({
    NODE_ENV: "test",
    REDIS_PREFIX: r.prefix,
    DATAFORSEO_API_URL: fakes.dfs.url,
    HUNTER_API_URL: fakes.hunter.url,
    GEMINI_API_URL: fakes.gemini.url,
    GMAIL_API_URL: fakes.gmail.url,
    GOOGLE_OAUTH_TOKEN_URL: fakes.gmail.control.tokenUrl,
    ...over,
  });

beforeAll(async () => {
  [tdb, fakes] = await Promise.all([createTestDatabase("providers"), startAll()]);
  db = createDb(tdb.url, { max: 4 });
  const user = await db.user.create({ data: { email: "artist@example.org", passwordHash: "x", name: "Artist" } });
  userId = user.id;
  const mk = (name: string) => db.campaign.create({ data: { userId, name, artistName: "Mia", fromName: "Mia", fromEmail: "mia@studio.example" } });
  campaignId = (await mk("one")).id;
  otherCampaignId = (await mk("two")).id;
  jobId = (await db.job.create({ data: { userId, campaignId, jobType: "discover" } })).id;
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
  await Promise.all(Object.values(fakes ?? {}).map((f) => f.close()));
  await r.cleanup();
});

beforeEach(() => {
  for (const f of Object.values(fakes)) f.control.reset();
});

describe("ledger and cache", () => {
  it("writes a ProviderCall per call with context and cost; an identical call within the TTL is a cached row at zero cost", async () => {
    const p = createProviders({ env: sandboxEnv(), db, redis: r.redis, context: { userId, campaignId, jobId }, retry: { maxAttempts: 1 } });
    try {
      const task = { keyword: "ledger test keyword", locationCode: 2840, languageCode: "en", depth: 10 };
      const a = await p.dataforseo.serpOrganicLive(task);
      const b = await p.dataforseo.serpOrganicLive({ ...task });
      expect(b.items).toEqual(a.items);
      expect(fakes.dfs.control.stats().requests).toBe(1);

      await p.hunter.domainSearch({ domain: "ledger-test.example" });
      await p.hunter.domainSearch({ domain: "ledger-test.example" });
      expect(fakes.hunter.control.stats().requests).toBe(1);

      fakes.hunter.control.blockAddress("nobody@ledger-test.example");
      await providerError(p.hunter.emailVerifier("nobody@ledger-test.example"));

      const rows = await db.providerCall.findMany({ where: { campaignId }, orderBy: { createdAt: "asc" } });
      expect(rows.map((x) => [x.provider, x.operation, x.status, x.cached])).toEqual([
        ["dataforseo", "serp.organic.live", "ok", false],
        ["dataforseo", "serp.organic.live", "ok", true],
        ["hunter", "domain_search", "ok", false],
        ["hunter", "domain_search", "ok", true],
        ["hunter", "email_verifier", "do_not_contact", false],
      ]);
      expect(Number(rows[0]!.cost)).toBeCloseTo(a.cost, 6);
      expect(Number(rows[0]!.cost)).toBeGreaterThan(0);
      expect(Number(rows[1]!.cost)).toBe(0);
      expect(rows.every((x) => x.userId === userId && x.jobId === jobId)).toBe(true);

      // Another campaign: the cache is shared (same SERP), the ledger attributes the row to it.
      const other = p.withContext({ userId, campaignId: otherCampaignId });
      await other.dataforseo.serpOrganicLive(task);
      await other.gmail.getProfile();

      const spend = await spendByCampaign(db, userId, campaignId);
      expect(spend).toEqual([
        { provider: "dataforseo", cost: Number(rows[0]!.cost), calls: 2, cachedCalls: 1, failedCalls: 0 },
        { provider: "hunter", cost: 0, calls: 3, cachedCalls: 1, failedCalls: 1 },
      ]);
      const all = await spendByProvider(db, userId);
      expect(all.find((x) => x.provider === "dataforseo")).toMatchObject({ calls: 3, cachedCalls: 2 });
      expect(all.find((x) => x.provider === "gmail")).toMatchObject({ calls: 1, cachedCalls: 0, cost: 0 });
    } finally {
      await p.close();
    }
  });

  it("a configured unit price is recorded for providers that report no cost", async () => {
    const p = createProviders({ env: sandboxEnv(), db, redis: r.redis, context: { userId, campaignId: otherCampaignId }, unitPrices: { hunter: 0.049 }, cacheTtlSeconds: 0 });
    try {
      await p.hunter.emailFinder({ domain: "ledger-test.example", firstName: "Ada", lastName: "Lovelace" });
      const row = await db.providerCall.findFirst({ where: { campaignId: otherCampaignId, operation: "email_finder" } });
      expect(Number(row!.cost)).toBeCloseTo(0.049, 6);
    } finally {
      await p.close();
    }
  });
});

describe("alerts", () => {
  it("stores one alert while unresolved, even when workers fail at the same moment; gmail auth pauses sending", async () => {
    const input = { userId, campaignId, provider: "gmail" as const, kind: "auth", message: "refresh token revoked or expired (invalid_grant)" };
    const results = await Promise.all([1, 2, 3, 4].map(() => raiseProviderAlert(db, input)));
    expect(results.filter((x) => x.created)).toHaveLength(1);
    expect(await db.alert.count({ where: { userId, provider: "gmail", resolvedAt: null } })).toBe(1);
    const campaigns = await db.campaign.findMany({ where: { userId } });
    expect(campaigns.every((c) => c.sendingPausedReason?.startsWith("gmail_auth"))).toBe(true);

    await db.alert.updateMany({ where: { userId }, data: { resolvedAt: new Date() } });
    const again = await raiseProviderAlert(db, input);
    expect(again.created).toBe(true);

    const q = await raiseProviderAlert(db, { userId, campaignId, provider: "dataforseo", kind: "quota", message: "out of funds" });
    expect(q).toMatchObject({ created: true, pausedCampaigns: 0 });
  });
});

describe("modes, sandbox guard and providers:check", () => {
  it("sandbox without credentials never talks to the real hosts", async () => {
    const env = loadEnv({ NODE_ENV: "test" });
    const p = createProviders({ env });
    expect(p.modes).toEqual({ dataforseo: "sandbox", hunter: "sandbox", gemini: "sandbox", gmail: "sandbox" });
    let fetched = 0;
    const q = createProviders({ env, fetch: async () => (fetched++, new Response("{}")) });
    const e = await providerError(q.dataforseo.serpOrganicLive({ keyword: "k", locationCode: 2840, languageCode: "en", depth: 10 }));
    expect([e.kind, e.code]).toEqual(["auth", "SANDBOX_NOT_LOOPBACK"]);
    const g = await providerError(q.gmail.sendRaw("From: a@b.c\r\n\r\nhi"));
    expect(g.code).toBe("SANDBOX_NOT_LOOPBACK");
    expect(fetched).toBe(0);
    const live = createProviders({ env: loadEnv({ NODE_ENV: "test", HUNTER_IO_API_KEY: "real-key", GEMINI_API_KEY: "fake-gemini-key" }) });
    expect(live.modes.hunter).toBe("live");
    expect(live.modes.gemini).toBe("sandbox"); // the sandbox's own key (startSandbox sets it) is not live
  });

  it("checks every provider through endpoints the product uses, and names each problem in words", async () => {
    const ok = await checkProviders(sandboxEnv());
    expect(ok.map((x) => [x.provider, x.ok])).toEqual([["dataforseo", true], ["hunter", true], ["gemini", true], ["gmail", true]]);
    expect(ok.find((x) => x.provider === "dataforseo")!.detail).toMatch(/^ok \(rank of example\.com read; cost \$[\d.]+\)$/);
    // Only endpoints documented in providers.md: no account or user_data lookups.
    expect(Object.keys(fakes.dfs.control.stats().byPath)).toEqual(["/v3/backlinks/bulk_ranks/live"]);
    expect(Object.keys(fakes.hunter.control.stats().byPath)).toEqual(["/v2/domain-search"]);

    fakes.gmail.control.revokeRefreshToken();
    fakes.dfs.control.setOutOfFunds(true);
    const bad = await checkProviders(sandboxEnv({ HUNTER_IO_API_KEY: "wrong-key", GEMINI_API_URL: "http://127.0.0.1:9" }));
    const by = Object.fromEntries(bad.map((x) => [x.provider, x]));
    expect(by.gmail!.detail).toMatch(/^refresh token revoked or expired \(invalid_grant\)/);
    expect(by.hunter).toMatchObject({ ok: false, mode: "live" });
    expect(by.hunter!.detail).toMatch(/^bad API key \(/);
    expect(by.dataforseo!.detail).toMatch(/^no credit or plan limit reached \(/);
    expect(by.gemini!.detail).toMatch(/^unreachable at http:\/\/127\.0\.0\.1:9/);
  });

  it("says rate limited, and a wrong DataForSEO login, in words", async () => {
    fakes.hunter.control.injectFaults({ status: 403, count: 1 });
    fakes.gemini.control.nextRateLimited("30s");
    fakes.dfs.control.injectFaults({ status: 401, count: 1 });
    const by = Object.fromEntries((await checkProviders(sandboxEnv())).map((x) => [x.provider, x]));
    expect(by.hunter!.detail).toMatch(/^rate limited right now, try again in a minute \(/);
    expect(by.gemini!.detail).toMatch(/^rate limited right now, try again in a minute \(/);
    expect(by.dataforseo!.detail).toMatch(/^wrong login or password \(/);
  });
});
