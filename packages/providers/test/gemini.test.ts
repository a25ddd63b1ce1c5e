import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeGemini, type FakeServer, type GeminiControl } from "@outreach/fakes";
import { createGeminiClient, parseRetryDelay, toResponseSchema } from "../src/gemini.ts";
import { fastRetry, providerError } from "./helpers.ts";

let fake: FakeServer<GeminiControl>;
const client = (over: Partial<Parameters<typeof createGeminiClient>[0]> = {}) =>
  createGeminiClient({ baseUrl: fake.url, apiKey: "fake-gemini-key", model: "gemini-2.5-flash", retry: { ...fastRetry, maxAttempts: 1 }, timeoutMs: 3000, ...over });

const Draft = z.object({ subject: z.string().min(1), body: z.string().min(1), tone: z.enum(["warm", "formal"]), claims: z.array(z.string()) });
const input = { system: "Write a short pitch email. Use only the facts given.", prompt: 'Facts (quoted data): "Artist name: Mia Berg", "medium: ceramics"', schema: Draft };

beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

describe("Gemini client against the fake", () => {
  it("JSON mode: sends responseMimeType + responseSchema, returns data validated by the caller's zod schema", async () => {
    const r = await client().generateJson(input);
    expect(r.data.subject.length).toBeGreaterThan(0);
    expect(["warm", "formal"]).toContain(r.data.tone);
    expect(r.usage.totalTokens).toBeGreaterThan(0);
    const req = fake.control.requests()[0]!;
    expect(req.model).toBe("gemini-2.5-flash");
    expect(req.generationConfig).toMatchObject({ responseMimeType: "application/json", responseSchema: { type: "object", required: ["subject", "body", "tone", "claims"] } });
    expect(req.systemInstruction).toContain("Use only the facts");
  });

  it("MAX_TOKENS -> bad_response code MAX_TOKENS, cut text never returned, not retried", async () => {
    fake.control.nextFinishMaxTokens();
    const e = await providerError(client({ retry: fastRetry }).generateJson(input));
    expect([e.kind, e.code]).toEqual(["bad_response", "MAX_TOKENS"]);
    expect(fake.control.requests()).toHaveLength(1);
  });

  it("SAFETY finish and a blocked prompt -> invalid_request code BLOCKED naming the reason", async () => {
    fake.control.nextFinishSafety();
    const s = await providerError(client().generateJson(input));
    expect([s.kind, s.code]).toEqual(["invalid_request", "BLOCKED"]);
    expect(s.message).toContain("SAFETY");
    fake.control.nextBlocked("PROHIBITED_CONTENT");
    const b = await providerError(client().generateJson(input));
    expect([b.kind, b.code]).toEqual(["invalid_request", "BLOCKED"]);
    expect(b.message).toContain("PROHIBITED_CONTENT");
  });

  it("invalid JSON text -> bad_response INVALID_JSON; JSON of the wrong shape too", async () => {
    fake.control.nextInvalidJson();
    const e = await providerError(client().generateJson(input));
    expect([e.kind, e.code]).toEqual(["bad_response", "INVALID_JSON"]);
    const Strict = z.object({ subject: z.string(), body: z.string(), tone: z.enum(["warm", "formal"]), claims: z.array(z.string()).length(99) });
    const w = await providerError(client().generateJson({ ...input, schema: Strict }));
    expect([w.kind, w.code]).toEqual(["bad_response", "INVALID_JSON"]);
    expect(w.message).toContain("claims");
  });

  it("429 -> rate_limited with retryAfterMs from RetryInfo.retryDelay", async () => {
    fake.control.nextRateLimited("7s");
    const e = await providerError(client().generateJson(input));
    expect([e.kind, e.status, e.retryAfterMs]).toEqual(["rate_limited", 429, 7000]);
  });

  it("a 429 is retried after its delay when retries are on", async () => {
    fake.control.nextRateLimited("0.05s");
    const r = await client({ retry: fastRetry }).generateJson(input);
    expect(r.data.subject).toBeTruthy();
    expect(fake.control.requests()).toHaveLength(2);
  });

  it("wrong key -> auth (400 API_KEY_INVALID); 5xx -> transient", async () => {
    const a = await providerError(client({ apiKey: "wrong" }).generateJson(input));
    expect([a.kind, a.code]).toEqual(["auth", "API_KEY_INVALID"]);
    fake.control.injectFaults({ status: 503, count: 1 });
    const t = await providerError(client().generateJson(input));
    expect([t.kind, t.status]).toEqual(["transient", 503]);
  });

  it("a timeout -> transient TIMEOUT", async () => {
    fake.control.injectFaults({ timeout: true, count: 1 });
    const e = await providerError(client({ timeoutMs: 200 }).generateJson(input));
    expect([e.kind, e.code]).toEqual(["transient", "TIMEOUT"]);
  });
});

describe("Gemini helpers", () => {
  it("parses retry delays", () => {
    expect(parseRetryDelay("12s")).toBe(12000);
    expect(parseRetryDelay("1.5s")).toBe(1500);
    expect(parseRetryDelay({ seconds: 2, nanos: 5e8 })).toBe(2500);
    expect(parseRetryDelay("soon")).toBeUndefined();
  });

  it("turns a zod schema into a Gemini responseSchema", () => {
    const s = toResponseSchema(z.object({ a: z.string(), n: z.number().int().nullable(), tags: z.array(z.enum(["x", "y"])), ok: z.boolean().optional() }));
    expect(s).toMatchObject({
      type: "object",
      required: ["a", "n", "tags"],
      properties: { a: { type: "string" }, n: { type: "integer", nullable: true }, tags: { type: "array", items: { type: "string", enum: ["x", "y"] } }, ok: { type: "boolean" } },
    });
  });
});
