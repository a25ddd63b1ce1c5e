import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeDataForSeo, type DataForSeoControl, type FakeServer } from "@outreach/fakes";
import { createDataForSeoClient, dataForSeoKind } from "../src/dataforseo.ts";
import { fastRetry, inlineServer, providerError } from "./helpers.ts";

let fake: FakeServer<DataForSeoControl>;
const client = (over: Partial<Parameters<typeof createDataForSeoClient>[0]> = {}) =>
  createDataForSeoClient({ baseUrl: fake.url, login: "sandbox", password: "sandbox", retry: { ...fastRetry, maxAttempts: 1 }, timeoutMs: 2000, ...over });
const task = { keyword: "ceramic art magazine", locationCode: 2840, languageCode: "en", depth: 20 };

beforeAll(async () => {
  fake = await startFakeDataForSeo();
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

describe("DataForSEO client against the fake", () => {
  it("live SERP: sends one task with depth, keeps only organic items, reports the cost", async () => {
    const r = await client().serpOrganicLive(task);
    const sent = fake.control.requests();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.task).toMatchObject({ keyword: "ceramic art magazine", location_code: 2840, language_code: "en", depth: 20 });
    expect(r.items.length).toBeGreaterThan(5);
    expect(r.itemsCount).toBeGreaterThan(r.items.length); // the page had people_also_ask, images, ...
    expect(r.items.every((i) => i.url.startsWith("http") && i.domain.length > 0)).toBe(true);
    expect(r.items.map((i) => i.rankGroup)).toEqual(r.items.map((_, i) => i + 1));
    expect(r.cost).toBeGreaterThan(0);
  });

  it("rejects a live task without depth or over 200 before any request", async () => {
    const e = await providerError(client().serpOrganicLive({ ...task, depth: 500 }));
    expect(e.kind).toBe("invalid_request");
    expect(fake.control.stats().requests).toBe(0);
  });

  it("wrong password -> auth (HTTP 401 / 40100)", async () => {
    const e = await providerError(client({ password: "nope" }).serpOrganicLive(task));
    expect([e.kind, e.code, e.status]).toEqual(["auth", 40100, 401]);
  });

  it("out of funds -> quota (402 / 40210)", async () => {
    fake.control.setOutOfFunds(true);
    const e = await providerError(client().serpOrganicLive(task));
    expect([e.kind, e.code]).toEqual(["quota", 40210]);
  });

  it("task-level errors inside HTTP 200 are mapped per code", async () => {
    for (const [code, kind] of [
      [40501, "invalid_request"],
      [50000, "transient"],
      [40203, "quota"],
      [40101, "transient"],
    ] as const) {
      fake.control.injectTaskError({ code });
      const e = await providerError(client().serpOrganicLive(task));
      expect([e.code, e.kind]).toEqual([code, kind]);
    }
  });

  it("top-level rate limit (40202 in HTTP 200) -> rate_limited with a wait", async () => {
    fake.control.rateLimit({ perSecond: 1 });
    await client().serpOrganicLive(task);
    const e = await providerError(client().serpOrganicLive(task));
    expect([e.kind, e.code]).toEqual(["rate_limited", 40202]);
    expect(e.retryAfterMs).toBeGreaterThan(0);
  });

  it("HTTP 500 -> transient, retried by the client up to its limit", async () => {
    fake.control.injectFaults({ status: 500, count: 2 });
    const r = await client({ retry: fastRetry }).serpOrganicLive(task);
    expect(r.items.length).toBeGreaterThan(0);
    expect(fake.control.stats().requests).toBe(3);
    fake.control.injectFaults({ status: 500, count: 5 });
    const e = await providerError(client({ retry: fastRetry }).serpOrganicLive(task));
    expect([e.kind, e.status]).toEqual(["transient", 500]);
    expect(fake.control.stats().requests).toBe(6); // 3 + exactly 3 more attempts
  });

  it("a timeout is transient with code TIMEOUT", async () => {
    fake.control.injectFaults({ timeout: true, count: 1 });
    const e = await providerError(client({ timeoutMs: 200 }).serpOrganicLive(task));
    expect([e.kind, e.code]).toEqual(["transient", "TIMEOUT"]);
  });

  it("batch: task_post returns per-task errors distinctly; tasks_ready + task_get collect the rest", async () => {
    fake.control.setTaskDelay(0);
    const c = client();
    const posted = await c.serpTaskPost([
      { ...task, keyword: "glass art blog", tag: "a" },
      { ...task, keyword: "textile art", tag: "b" },
    ]);
    expect(posted.tasks.every((t) => t.ok)).toBe(true);
    fake.control.injectTaskError({ code: 40501, message: "Invalid Field: 'keyword'." });
    const mixed = await c.serpTaskPost([
      { ...task, keyword: "one", tag: "t1" },
      { ...task, keyword: "two", tag: "t2" },
    ]);
    expect(mixed.tasks[0]).toMatchObject({ ok: false, index: 0, tag: "t1" });
    expect(mixed.tasks[0]!.ok === false && mixed.tasks[0]!.error.kind).toBe("invalid_request");
    expect(mixed.tasks[1]).toMatchObject({ ok: true, index: 1, tag: "t2" });
    const ready = await c.tasksReady();
    const okIds = [...posted.tasks, ...mixed.tasks].filter((t) => t.ok).map((t) => (t.ok ? t.id : ""));
    expect(ready.map((r) => r.id).sort()).toEqual(okIds.sort());
    const got = await c.taskGetAdvanced(ready.find((r) => r.tag === "t2")!.id);
    expect(got.keyword).toBe("two");
    expect(got.items.length).toBeGreaterThan(0);
  });

  it("more than 100 tasks -> 40006 before any request", async () => {
    const e = await providerError(client().serpTaskPost(Array.from({ length: 101 }, (_, i) => ({ ...task, keyword: `k${i}` }))));
    expect([e.kind, e.code]).toEqual(["invalid_request", 40006]);
    expect(fake.control.stats().requests).toBe(0);
  });

  it("task_get of an unknown task -> invalid_request; of a queued task -> transient", async () => {
    const e = await providerError(client().taskGetAdvanced("01010101-1535-0066-0000-000000000000"));
    expect(e.kind).toBe("invalid_request");
    fake.control.setTaskDelay(60_000);
    const p = await client().serpTaskPost([task]);
    const id = p.tasks[0]!.ok ? p.tasks[0]!.id : "";
    const q = await providerError(client().taskGetAdvanced(id));
    expect([q.kind, q.code]).toEqual(["transient", 40602]);
  });

  it("backlinks: bulk ranks on the 0-100 scale and a summary for one domain", async () => {
    const ranks = await client().backlinksRanks(["a-gallery.example", "B-Blog.example", "a-gallery.example"]);
    expect(ranks.map((r) => r.target)).toEqual(["a-gallery.example", "b-blog.example"]);
    for (const r of ranks) {
      expect(r.rank).toBeGreaterThanOrEqual(0);
      expect(r.rank).toBeLessThanOrEqual(100);
    }
    expect(fake.control.requests()[0]!.task).toMatchObject({ rank_scale: "one_hundred" });
    const s = await client().backlinksSummary("a-gallery.example");
    expect(s.rank).toBe(ranks[0]!.rank);
    expect(s.referringDomains).toBeGreaterThan(0);
  });

  it("on-page instant: title, description and counts of one URL", async () => {
    const p = await client().onPageInstant("https://a-gallery.example/about");
    expect(p.statusCode).toBe(200);
    expect(p.title).toBeTruthy();
    expect(p.wordCount).toBeGreaterThan(0);
  });
});

describe("DataForSEO response shape checks", () => {
  it("a changed item shape -> bad_response naming the path", async () => {
    const srv = await inlineServer(() => ({
      status: 200,
      body: {
        status_code: 20000,
        status_message: "Ok.",
        cost: 0.002,
        tasks: [{ id: "t1", status_code: 20000, cost: 0.002, result: [{ keyword: "k", items: [{ type: "organic", rank_group: "1", rank_absolute: 1, domain: "x.example", url: "https://x.example" }] }] }],
      },
    }));
    try {
      const c = createDataForSeoClient({ baseUrl: srv.url, login: "a", password: "b", retry: { maxAttempts: 1 } });
      const e = await providerError(c.serpOrganicLive(task));
      expect(e.kind).toBe("bad_response");
      expect(e.message).toContain("rank_group");
      expect(srv.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("a:b").toString("base64")}`);
    } finally {
      await srv.close();
    }
  });

  it("a non-JSON error page -> kind from the HTTP status", async () => {
    const srv = await inlineServer(() => ({ status: 502, body: "<html>bad gateway</html>" }));
    try {
      const c = createDataForSeoClient({ baseUrl: srv.url, login: "a", password: "b", retry: { maxAttempts: 1 } });
      const e = await providerError(c.serpOrganicLive(task));
      expect([e.kind, e.status]).toEqual(["transient", 502]);
    } finally {
      await srv.close();
    }
  });

  it("maps every status code in providers.md", () => {
    const table: Record<number, string | null> = {
      20000: null, 20100: null, 40000: "invalid_request", 40006: "invalid_request", 40100: "auth",
      40101: "transient", 40200: "quota", 40210: "quota", 40202: "rate_limited", 40203: "quota",
      40209: "rate_limited", 40501: "invalid_request", 40400: "invalid_request", 50000: "transient", 50301: "transient",
    };
    for (const [code, kind] of Object.entries(table)) expect([code, dataForSeoKind(Number(code))]).toEqual([code, kind]);
  });
});
