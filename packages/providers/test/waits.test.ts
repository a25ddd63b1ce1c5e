import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDataForSeo, startFakeGemini, startFakeHunter, type DataForSeoControl, type FakeServer, type GeminiControl, type HunterControl } from "@outreach/fakes";
import { z } from "zod";
import { createDataForSeoClient } from "../src/dataforseo.ts";
import { ProviderError } from "../src/errors.ts";
import { createGeminiClient } from "../src/gemini.ts";
import { createHunterClient } from "../src/hunter.ts";
import { createCallRunner } from "../src/ledger.ts";
import { createLimiter } from "../src/limiter.ts";
import { decideRetry, tightestPolicy, withRetry } from "../src/retry.ts";
import { WAIT_BUDGETS, type ProviderWait } from "../src/waits.ts";
import { providerError, testRedis } from "./helpers.ts";

/** Every wait a provider call makes stays within its caller's budget and is announced before it starts. */

const rateLimited = (retryAfterMs: number) => new ProviderError({ provider: "gemini", kind: "rate_limited", status: 429, message: "quota exceeded", retryAfterMs });

describe("wait budgets (decideRetry)", () => {
  it("retries when the provider's wait fits what is left of the budget, and never waits past it", () => {
    const d = decideRetry(rateLimited(2_000), 1, WAIT_BUDGETS.composeDraft, () => 0.99);
    expect(d.action).toBe("retry");
    if (d.action === "retry") expect(d.delayMs).toBeGreaterThanOrEqual(2_000);
    if (d.action === "retry") expect(d.delayMs).toBeLessThanOrEqual(5_000);
    // 4 s already waited: a 2 s wait no longer fits the 5 s budget.
    expect(decideRetry(rateLimited(2_000), 1, { maxAttempts: 5, budgetMs: 5_000 }, () => 0, 4_000)).toMatchObject({ action: "fail", overBudget: true });
  });

  it("gives up at once when the provider asks for more than the budget, saying so", () => {
    const d = decideRetry(rateLimited(20_000), 1, WAIT_BUDGETS.composeDraft);
    expect(d).toMatchObject({ action: "fail", kind: "rate_limited", overBudget: true });
    if (d.action === "fail") expect(d.message).toMatch(/asks to wait 20 s; this caller allows 5 s more/);
  });

  it("a call made for a job and a draft at once gets the tighter of their budgets and attempts", () => {
    expect(tightestPolicy(WAIT_BUDGETS.job(2_000), WAIT_BUDGETS.composeDraft)).toMatchObject({ maxAttempts: 2, budgetMs: 2_000 });
    expect(tightestPolicy({ maxAttempts: 4, baseDelayMs: 10 }, WAIT_BUDGETS.job(30_000), WAIT_BUDGETS.composeDraft)).toEqual({ maxAttempts: 2, baseDelayMs: 10, budgetMs: 5_000 });
    expect(tightestPolicy(undefined, {})).toEqual({});
  });

  it("withRetry throws the provider's error (kind, code, retryAfterMs kept) without sleeping when the wait is over budget", async () => {
    const started = performance.now();
    const waits: ProviderWait[] = [];
    const err = await providerError(
      withRetry(() => Promise.reject(rateLimited(20_000)), WAIT_BUDGETS.composeDraft, { provider: "gemini", operation: "compose", onWait: (w) => void waits.push(w) }),
    );
    expect(performance.now() - started).toBeLessThan(500);
    expect([err.kind, err.status, err.retryAfterMs]).toEqual(["rate_limited", 429, 20_000]);
    expect(err.message).toMatch(/^gemini: quota exceeded \(the provider asks to wait 20 s/);
    expect(waits).toEqual([]);
  });
});

describe("wait announcements through the real clients and the fakes", () => {
  let dfs: FakeServer<DataForSeoControl>;
  let hunter: FakeServer<HunterControl>;
  let gemini: FakeServer<GeminiControl>;
  beforeAll(async () => {
    [dfs, hunter, gemini] = await Promise.all([startFakeDataForSeo(), startFakeHunter(), startFakeGemini()]);
  });
  afterAll(async () => {
    await Promise.all([dfs.close(), hunter.close(), gemini.close()]);
  });

  it("a DataForSEO 5xx retry is announced with its wait and try number before it sleeps", async () => {
    dfs.control.reset();
    dfs.control.injectFaults({ status: 500, count: 1 });
    const waits: ProviderWait[] = [];
    const client = createDataForSeoClient({
      baseUrl: dfs.url, login: "sandbox", password: "sandbox",
      retry: { maxAttempts: 3, baseDelayMs: 40, maxDelayMs: 80 },
      onWait: (w) => void waits.push(w),
    });
    await client.serpOrganicLive({ keyword: "ceramics", locationCode: 2840, languageCode: "en", depth: 10 });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ provider: "dataforseo", operation: "serp.organic.live", reason: "transient" });
    expect(waits[0]!.message).toMatch(/^DataForSEO error \(.+\): trying again in 0\.\d s \(try 2 of 3\)$/);
  });

  it("Gemini's 429 retryDelay 2 s inside a 5 s budget: one announced wait of at least 2 s, then the answer", async () => {
    gemini.control.reset();
    gemini.control.nextRateLimited("2s");
    const waits: ProviderWait[] = [];
    const client = createGeminiClient({ apiKey: "fake-gemini-key", baseUrl: gemini.url, model: "gemini-2.5-flash", onWait: (w) => void waits.push(w) });
    const started = performance.now();
    const res = await client.generateJson({ prompt: "Write {subject, body}", schema: z.object({ subject: z.string(), body: z.string() }), retry: WAIT_BUDGETS.composeDraft });
    expect(res.data.subject.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(waits.map((w) => w.message)).toEqual([expect.stringMatching(/^Gemini rate limit: waiting 2(\.\d)? s \(try 2 of 2\)$/)]);
  });

  it("Hunter's 'still verifying' (202) is announced per poll, naming the address", async () => {
    hunter.control.reset();
    const email = "editor@gallery-nord.example";
    // Still verifying at the second request (about 100 ms in), done at the third (300 ms in).
    hunter.control.setVerificationDelay(email, 250);
    const waits: ProviderWait[] = [];
    const client = createHunterClient({ baseUrl: hunter.url, apiKey: "test-api-key", verifierPollMs: 100, onWait: (w) => void waits.push(w) });
    await client.emailVerifier(email);
    expect(waits.map((w) => w.message)).toEqual([
      `Hunter verifier pending for ${email}: asking again in 0.1 s`,
      `Hunter verifier pending for ${email}: asking again in 0.2 s`,
    ]);
  });

  it("the verifier's polling stops at the caller's budget", async () => {
    hunter.control.reset();
    const email = "editor@gallery-nord.example";
    hunter.control.setVerificationDelay(email, 60_000);
    const client = createHunterClient({ baseUrl: hunter.url, apiKey: "test-api-key", verifierPollMs: 100, verifierMaxWaitMs: 20_000, retry: { budgetMs: 350 } });
    const started = performance.now();
    const err = await providerError(client.emailVerifier(email));
    expect(err.code).toBe("VERIFICATION_PENDING");
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe("our own rate limiter", () => {
  it("a wait of a second or more for a free slot is announced; the normal spacing of calls is not", async () => {
    const r = testRedis("waits");
    try {
      const waits: ProviderWait[] = [];
      const runner = (points: number) =>
        createCallRunner({
          provider: "gemini",
          limiter: createLimiter({ redis: r.redis, keyPrefix: r.prefix, bucket: `gemini-${points}`, config: { limits: [{ points, durationSec: 1 }] } }),
          onWait: (w) => void waits.push(w),
        });
      const spaced = runner(20);
      for (let i = 0; i < 4; i++) await spaced({ operation: "compose" }, async () => i);
      expect(waits).toEqual([]);
      const slow = runner(1);
      await slow({ operation: "compose" }, async () => "first");
      await slow({ operation: "compose" }, async () => "second");
      expect(waits.length).toBeGreaterThanOrEqual(1);
      expect(waits[0]).toMatchObject({ provider: "gemini", operation: "compose", reason: "slot" });
      expect(waits[0]!.message).toMatch(/^Gemini rate limit: waiting [12](\.\d)? s for a free slot$/);
    } finally {
      await r.cleanup();
    }
  });
});
