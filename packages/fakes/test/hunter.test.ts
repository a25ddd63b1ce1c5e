import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serpSitesForKeyword, siteModel, startFakeHunter, type FakeServer, type HunterControl } from "../src/index.ts";
import { get, post } from "./helpers.ts";

describe("fake Hunter", () => {
  let hunter: FakeServer<HunterControl>;
  beforeEach(async () => {
    hunter = await startFakeHunter();
  });
  afterEach(async () => {
    await hunter.close();
  });
  const domains = serpSitesForKeyword("ceramic artists").map((s) => s.domain);
  const withEmails = domains.find((d) => siteModel(d).hunterHasEmails && siteModel(d).staff.length > 0)!;
  const withoutEmails = domains.concat(serpSitesForKeyword("textile art").map((s) => s.domain)).find((d) => !siteModel(d).hunterHasEmails)!;

  it("accepts the key as api_key, X-API-KEY or Bearer and rejects a wrong one with 401", async () => {
    const url = `${hunter.url}/domain-search?domain=${withEmails}`;
    expect((await get(`${url}&api_key=test-api-key`)).status).toBe(200);
    expect((await get(url, { "x-api-key": "test-api-key" })).status).toBe(200);
    expect((await get(url, { authorization: "Bearer test-api-key" })).status).toBe(200);
    const bad = await get(`${url}&api_key=wrong`);
    expect(bad.status).toBe(401);
    expect(bad.json.errors[0]).toMatchObject({ id: expect.any(String), code: 401, details: expect.any(String) });
  });

  it("domain-search pages with limit/offset, filters by type and is deterministic", async () => {
    const all = await get(`${hunter.url}/domain-search?domain=${withEmails}&limit=100&api_key=test-api-key`);
    const total = all.json.meta.results as number;
    expect(total).toBeGreaterThanOrEqual(2);
    const emails = all.json.data.emails as Array<{ value: string; type: string; position: string | null }>;
    expect(emails.some((e) => e.type === "personal" && e.position)).toBe(true);
    expect(emails.some((e) => e.type === "generic")).toBe(true);
    const page1 = await get(`${hunter.url}/domain-search?domain=${withEmails}&limit=1&offset=0&api_key=test-api-key`);
    const page2 = await get(`${hunter.url}/domain-search?domain=${withEmails}&limit=1&offset=1&api_key=test-api-key`);
    expect(page1.json.data.emails).toHaveLength(1);
    expect(page2.json.data.emails[0].value).toBe(emails[1]!.value);
    expect(page1.json.meta).toMatchObject({ results: total, limit: 1, offset: 0 });
    const generic = await get(`${hunter.url}/domain-search?domain=${withEmails}&type=generic&api_key=test-api-key`);
    expect(generic.json.data.emails.every((e: { type: string }) => e.type === "generic")).toBe(true);
    const again = await get(`${hunter.url}/domain-search?domain=${withEmails}&limit=100&api_key=test-api-key`);
    expect(again.json.data.emails).toEqual(emails);
  });

  it("some domains have no emails", async () => {
    const r = await get(`${hunter.url}/domain-search?domain=${withoutEmails}&api_key=test-api-key`);
    expect(r.status).toBe(200);
    expect(r.json.data.emails).toEqual([]);
    expect(r.json.meta.results).toBe(0);
  });

  it("email-verifier answers 202 while verifying, however often it is asked, then the result", async () => {
    const email = siteModel(withEmails).editor.email;
    hunter.control.setVerificationDelay(email, 400);
    const url = `${hunter.url}/email-verifier?email=${encodeURIComponent(email)}&api_key=test-api-key`;
    const started = performance.now();
    for (let i = 0; i < 5; i++) expect((await get(url)).status).toBe(202);
    expect(performance.now() - started).toBeLessThan(400);
    await new Promise((r) => setTimeout(r, 400));
    const done = await get(url);
    expect(done.status).toBe(200);
    expect(["valid", "accept_all"]).toContain(done.json.data.status);
    const bad = await get(`${hunter.url}/email-verifier?email=nobody-here@${withEmails}&api_key=test-api-key`);
    const final = bad.status === 202 ? await get(`${hunter.url}/email-verifier?email=nobody-here@${withEmails}&api_key=test-api-key`) : bad;
    expect(final.status === 200 || final.status === 202).toBe(true);
  });

  it("email-verifier fails for one given address only: 222 'retry later' in Hunter's error format, then answers again", async () => {
    const [failing, other] = [siteModel(withEmails).editor.email, siteModel(withEmails).genericEmail];
    const verify = (email: string) => get(`${hunter.url}/email-verifier?email=${encodeURIComponent(email)}&api_key=test-api-key`);
    hunter.control.setVerificationDelay(other, 0);
    hunter.control.setVerificationDelay(failing, 0);
    hunter.control.failVerification(failing, { count: 2 });
    const first = await verify(failing);
    expect(first.status).toBe(222);
    expect(first.json.errors[0]).toMatchObject({ id: expect.any(String), code: 222, details: expect.stringMatching(/retry later/) });
    expect((await verify(other)).status).toBe(200);
    expect((await verify(failing)).status).toBe(222);
    expect((await verify(failing)).status).toBe(200);
    expect(hunter.control.verifierCalls(failing)).toBe(3);
    expect(hunter.control.usage().verifications).toBe(2); // failed verifications are free

    await post(`${hunter.control.controlUrl}/verifier-fault`, { email: other, status: 503 });
    const down = await verify(other);
    expect(down.status).toBe(503);
    expect(down.json.errors[0]).toMatchObject({ code: 503 });
    expect((await post(`${hunter.control.controlUrl}/verifier-calls`, { email: other })).json.result).toBe(2);
    await post(`${hunter.control.controlUrl}/clear-target-faults`, {});
    expect((await verify(other)).status).toBe(200);
  });

  it("domain-search fails for one given domain only; over HTTP too", async () => {
    const other = domains.find((d) => d !== withEmails)!;
    const search = (domain: string) => get(`${hunter.url}/domain-search?domain=${domain}&api_key=test-api-key`);
    expect((await post(`${hunter.control.controlUrl}/domain-search-fault`, { domain: withEmails, status: 502 })).status).toBe(200);
    const failed = await search(withEmails);
    expect(failed.status).toBe(502);
    expect(failed.json.errors[0]).toMatchObject({ id: expect.any(String), code: 502, details: expect.any(String) });
    expect((await search(other)).status).toBe(200);
    hunter.control.failDomainSearch(withEmails, { timeout: true, count: 1 });
    await expect(fetch(`${hunter.url}/domain-search?domain=${withEmails}&api_key=test-api-key`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await search(withEmails)).status).toBe(200); // the hang replaced the 502 and was for one request
    hunter.control.failDomainSearch(withEmails);
    hunter.control.reset();
    expect((await search(withEmails)).status).toBe(200);
  });

  it("451 for people who asked not to be processed", async () => {
    hunter.control.blockAddress(siteModel(withEmails).editor.email);
    const r = await get(`${hunter.url}/email-verifier?email=${encodeURIComponent(siteModel(withEmails).editor.email)}&api_key=test-api-key`);
    expect(r.status).toBe(451);
    expect(r.json.errors[0].code).toBe(451);
    const ds = await get(`${hunter.url}/domain-search?domain=${withEmails}&limit=100&api_key=test-api-key`);
    expect(ds.json.data.emails.map((e: { value: string }) => e.value)).not.toContain(siteModel(withEmails).editor.email);
    expect((await get(`${hunter.url}/email-verifier?email=optout.person@${withEmails}&api_key=test-api-key`)).status).toBe(451);
  });

  it("email-finder finds a known person", async () => {
    const ed = siteModel(withEmails).editor;
    const r = await get(`${hunter.url}/email-finder?domain=${withEmails}&first_name=${ed.firstName}&last_name=${ed.lastName}&api_key=test-api-key`);
    expect(r.status).toBe(200);
    expect(r.json.data.email).toBe(ed.email);
    expect(r.json.data.position).toBe(ed.position);
  });

  it("403 over the per-second limit, 429 when the plan's usage is reached", async () => {
    hunter.control.rateLimit({ perSecond: 1 });
    const rs = await Promise.all([1, 2].map(() => get(`${hunter.url}/account?api_key=test-api-key`)));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 403]);
    hunter.control.rateLimit(null);
    hunter.control.setUsageExhausted(true);
    const r = await get(`${hunter.url}/domain-search?domain=${withEmails}&api_key=test-api-key`);
    expect(r.status).toBe(429);
    expect(r.json.errors[0].code).toBe(429);
  });
});
