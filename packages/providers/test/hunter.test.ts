import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeHunter, type FakeServer, type HunterControl } from "@outreach/fakes";
import { createHunterClient, hunterKind } from "../src/hunter.ts";
import { fastRetry, inlineServer, providerError } from "./helpers.ts";

let fake: FakeServer<HunterControl>;
const client = (over: Partial<Parameters<typeof createHunterClient>[0]> = {}) =>
  createHunterClient({ baseUrl: fake.url, apiKey: "test-api-key", retry: { ...fastRetry, maxAttempts: 1 }, verifierPollMs: 10, ...over });

// A domain the fake knows people at (found by asking it, so the test does not hard-code fake data).
let domain = "";

beforeAll(async () => {
  fake = await startFakeHunter();
  const c = createHunterClient({ baseUrl: fake.url, apiKey: "test-api-key" });
  for (const d of ["gallery-nord.example", "ceramics-review.example", "inkwell-arts.example", "the-print-room.example", "artzine.example", "open-studio.example"]) {
    const r = await c.domainSearch({ domain: d, limit: 1 });
    if (r.meta.results >= 3) { domain = d; break; }
  }
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

describe("Hunter client against the fake", () => {
  it("domain search: key in the X-API-KEY header, typed emails, paging meta", async () => {
    expect(domain).not.toBe("");
    const r = await client().domainSearch({ domain, limit: 2 });
    expect(r.domain).toBe(domain);
    expect(r.emails.length).toBeLessThanOrEqual(2);
    expect(r.emails[0]!.value).toContain(`@${domain}`);
    expect(r.meta).toMatchObject({ limit: 2, offset: 0 });
  });

  it("domainSearchAll walks the pages up to the total and the cap", async () => {
    const one = await client().domainSearch({ domain, limit: 100 });
    const all = await client().domainSearchAll({ domain, limit: 1, maxResults: 100 });
    expect(all.emails.map((e) => e.value)).toEqual(one.emails.map((e) => e.value));
    expect(fake.control.stats().byPath["/v2/domain-search"]).toBe(1 + one.meta.results);
    const capped = await client().domainSearchAll({ domain, limit: 1, maxResults: 2 });
    expect(capped.emails).toHaveLength(2);
  });

  it("email verifier asks again on 202 until the answer is ready", async () => {
    const email = `someone@${domain}`;
    fake.control.setVerificationDelay(email, 100);
    const started = performance.now();
    const v = await client().emailVerifier(email);
    expect(["valid", "invalid", "accept_all", "webmail", "disposable", "unknown"]).toContain(v.status);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(fake.control.stats().byPath["/v2/email-verifier"]).toBeGreaterThan(1);
  });

  it("email verifier asks again after a 202's Retry-After when it gives one", async () => {
    let asked = 0;
    const srv = await inlineServer(() =>
      ++asked === 1
        ? { status: 202, body: { errors: [{ id: "verification_in_progress", code: 202 }] }, headers: { "retry-after": "1" } }
        : { status: 200, body: { data: { email: "a@b.example", status: "valid" } } },
    );
    try {
      const waits: number[] = [];
      const started = performance.now();
      const v = await client({ baseUrl: srv.url, verifierPollMs: 10_000, onWait: (w) => void waits.push(w.delayMs) }).emailVerifier("a@b.example");
      expect(v.status).toBe("valid");
      expect(waits).toEqual([1000]);
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await srv.close();
    }
  });

  it("email verifier gives up after its bounded wait with VERIFICATION_PENDING", async () => {
    const email = `slow@${domain}`;
    fake.control.setVerificationDelay(email, 60_000);
    const e = await providerError(client({ verifierMaxWaitMs: 100 }).emailVerifier(email));
    expect([e.kind, e.code]).toEqual(["transient", "VERIFICATION_PENDING"]);
  });

  it("222 (mail server said try later) is transient", async () => {
    fake.control.injectFaults({ status: 222, count: 1 });
    const e = await providerError(client().emailVerifier(`x@${domain}`));
    expect([e.kind, e.status]).toEqual(["transient", 222]);
  });

  it("email finder", async () => {
    const r = await client().emailFinder({ domain, firstName: "Ada", lastName: "Lovelace" });
    expect(r.email === null || r.email.endsWith(`@${domain}`)).toBe(true);
  });

  it("maps errors: 401 wrong key, 403 per-second limit, 429 plan usage, 451 do not contact, 5xx", async () => {
    expect((await providerError(client({ apiKey: "wrong" }).domainSearch({ domain }))).kind).toBe("auth");
    fake.control.injectFaults({ status: 403, count: 1 });
    const rl = await providerError(client().domainSearch({ domain }));
    expect([rl.kind, rl.code]).toEqual(["rate_limited", "too_many_requests"]);
    expect(rl.retryAfterMs).toBeGreaterThan(0);
    fake.control.setUsageExhausted(true);
    expect((await providerError(client().domainSearch({ domain }))).kind).toBe("quota");
    fake.control.setUsageExhausted(false);
    const blocked = `blocked@${domain}`;
    fake.control.blockAddress(blocked);
    const dnc = await providerError(client().emailVerifier(blocked));
    expect([dnc.kind, dnc.status]).toEqual(["do_not_contact", 451]);
    fake.control.injectFaults({ status: 503, count: 1 });
    expect((await providerError(client().domainSearch({ domain }))).kind).toBe("transient");
  });

  it("rejects bad input before calling (400/422 class) and maps 400/422 from the server", async () => {
    expect((await providerError(client().domainSearch({ domain: "not a domain" }))).kind).toBe("invalid_request");
    expect(fake.control.stats().requests).toBe(0);
    for (const status of [400, 422]) {
      fake.control.injectFaults({ status, count: 1 });
      expect((await providerError(client().domainSearch({ domain }))).kind).toBe("invalid_request");
    }
    expect(hunterKind(404)).toBe("invalid_request");
  });

  it("a changed response shape -> bad_response with the path", async () => {
    const srv = await inlineServer(() => ({ status: 200, body: { data: { domain: "x.example", emails: [{ value: 42 }] }, meta: { results: 1, limit: 10, offset: 0 } } }));
    try {
      const e = await providerError(createHunterClient({ baseUrl: `${srv.url}/v2`, apiKey: "k", retry: { maxAttempts: 1 } }).domainSearch({ domain: "x.example" }));
      expect(e.kind).toBe("bad_response");
      expect(e.message).toContain("data.emails.0.value");
      expect(srv.requests[0]!.headers["x-api-key"]).toBe("k");
      expect(srv.requests[0]!.url).not.toContain("api_key");
    } finally {
      await srv.close();
    }
  });
});
