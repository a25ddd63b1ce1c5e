import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeDataForSeo, type DataForSeoControl, type FakeServer } from "../src/index.ts";
import { basic, get, post } from "./helpers.ts";

const AUTH = { authorization: basic() };
const serpTask = (keyword: string, extra: Record<string, unknown> = {}) => ({ keyword, location_code: 2840, language_code: "en", depth: 100, ...extra });

describe("fake DataForSEO", () => {
  let dfs: FakeServer<DataForSeoControl>;
  beforeEach(async () => {
    dfs = await startFakeDataForSeo({ taskDelayMs: 50 });
  });
  afterEach(async () => {
    await dfs.close();
  });

  const live = (tasks: unknown[], headers = AUTH) => post(`${dfs.url}/v3/serp/google/organic/live/advanced`, tasks, headers);

  it("rejects wrong credentials with HTTP 401 and status_code 40100", async () => {
    const r = await live([serpTask("ceramics")], { authorization: basic("sandbox", "nope") });
    expect(r.status).toBe(401);
    expect(r.json.status_code).toBe(40100);
  });

  it("returns the same 20-100 art sites for a keyword, interleaved with non-organic items", async () => {
    const a = await live([serpTask("ceramic artists")]);
    expect(a.status).toBe(200);
    expect(a.json.status_code).toBe(20000);
    expect(a.json.tasks[0].status_code).toBe(20000);
    const items = a.json.tasks[0].result[0].items as Array<{ type: string; domain?: string; rank_absolute: number }>;
    const organic = items.filter((i) => i.type === "organic");
    expect(organic.length).toBeGreaterThanOrEqual(20);
    expect(organic.length).toBeLessThanOrEqual(100);
    expect(items.some((i) => i.type === "people_also_ask")).toBe(true);
    expect(items.findIndex((i) => i.type !== "organic")).toBeLessThan(items.length - 1);
    expect(items.map((i) => i.rank_absolute)).toEqual(items.map((_, i) => i + 1));
    for (const o of organic) expect(o.domain).toMatch(/^[a-z]+-[a-z]+-[a-z]+\.example$/);
    const b = await live([serpTask("ceramic artists")]);
    expect(b.json.tasks[0].result[0].items.filter((i: { type: string }) => i.type === "organic").map((i: { domain: string }) => i.domain)).toEqual(organic.map((o) => o.domain));
    const other = await live([serpTask("textile art magazine")]);
    expect(other.json.tasks[0].result[0].items.filter((i: { type: string }) => i.type === "organic").map((i: { domain: string }) => i.domain)).not.toEqual(organic.map((o) => o.domain));
  });

  it("gives the same results after a restart", async () => {
    const before = await live([serpTask("printmaking open call")]);
    await dfs.close();
    dfs = await startFakeDataForSeo();
    const after = await live([serpTask("printmaking open call")]);
    const domains = (r: typeof before) => r.json.tasks[0].result[0].items.filter((i: { type: string }) => i.type === "organic").map((i: { url: string }) => i.url);
    expect(domains(after)).toEqual(domains(before));
  });

  it("respects depth", async () => {
    const r = await live([serpTask("ceramic artists", { depth: 10 })]);
    expect(r.json.tasks[0].result[0].items.filter((i: { type: string }) => i.type === "organic")).toHaveLength(10);
  });

  it("live endpoints take one task: two tasks give 40000 at the top level", async () => {
    const r = await live([serpTask("a"), serpTask("b")]);
    expect(r.status).toBe(200);
    expect(r.json.status_code).toBe(40000);
  });

  it("reports an invalid field as a task error inside HTTP 200", async () => {
    const r = await live([{ keyword: "ceramics", language_code: "en" }]);
    expect(r.status).toBe(200);
    expect(r.json.status_code).toBe(20000);
    expect(r.json.tasks_error).toBe(1);
    expect(r.json.tasks[0].status_code).toBe(40501);
    expect(r.json.tasks[0].result).toBeNull();
  });

  it("injects task-level errors (50000) inside a 200", async () => {
    dfs.control.injectTaskError({ code: 50000 });
    const r = await live([serpTask("ceramics")]);
    expect(r.status).toBe(200);
    expect(r.json.tasks[0].status_code).toBe(50000);
    const ok = await live([serpTask("ceramics")]);
    expect(ok.json.tasks[0].status_code).toBe(20000);
  });

  it("task_post: up to 100 tasks are created, the rest get 40006; tasks_ready then task_get", async () => {
    dfs.control.setTaskDelay(400);
    const tasks = Array.from({ length: 101 }, (_, i) => serpTask(`keyword ${i}`, { tag: `t${i}` }));
    const r = await post(`${dfs.url}/v3/serp/google/organic/task_post`, tasks, AUTH);
    expect(r.json.tasks).toHaveLength(101);
    expect(r.json.tasks.filter((t: { status_code: number }) => t.status_code === 20100)).toHaveLength(100);
    expect(r.json.tasks[100].status_code).toBe(40006);
    const id = r.json.tasks[0].id as string;
    const early = await get(`${dfs.url}/v3/serp/google/organic/task_get/advanced/${id}`, AUTH);
    expect(early.json.tasks[0].status_code).toBe(40602);
    let ready: Array<{ id: string }> = [];
    for (let i = 0; i < 200 && ready.length < 100; i++) {
      const tr = await get(`${dfs.url}/v3/serp/google/organic/tasks_ready`, AUTH);
      ready = tr.json.tasks[0].result;
      if (ready.length < 100) await new Promise((res) => setTimeout(res, 20));
    }
    expect(ready.map((t) => t.id)).toContain(id);
    const got = await get(`${dfs.url}/v3/serp/google/organic/task_get/advanced/${id}`, AUTH);
    expect(got.json.tasks[0].status_code).toBe(20000);
    expect(got.json.tasks[0].result[0].keyword).toBe("keyword 0");
    const again = await get(`${dfs.url}/v3/serp/google/organic/tasks_ready`, AUTH);
    expect(again.json.tasks[0].result.map((t: { id: string }) => t.id)).not.toContain(id);
  });

  it("ranks on 0-100 with rank_scale one_hundred, else 0-1000", async () => {
    const targets = ["quiet-glaze-review.example", "bold-kiln-gallery.example"];
    const hundred = await post(`${dfs.url}/v3/backlinks/bulk_ranks/live`, [{ targets, rank_scale: "one_hundred" }], AUTH);
    const thousand = await post(`${dfs.url}/v3/backlinks/bulk_ranks/live`, [{ targets }], AUTH);
    const r100 = hundred.json.tasks[0].result[0].items.map((i: { rank: number }) => i.rank);
    const r1000 = thousand.json.tasks[0].result[0].items.map((i: { rank: number }) => i.rank);
    for (const r of r100) {
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(100);
    }
    r1000.forEach((r: number, i: number) => expect(Math.floor(r / 10)).toBe(r100[i]));
    const summary = await post(`${dfs.url}/v3/backlinks/summary/live`, [{ target: targets[0], rank_scale: "one_hundred" }], AUTH);
    expect(summary.json.tasks[0].result[0].rank).toBe(r100[0]);
  });

  it("instant_pages returns the title the fake web host serves", async () => {
    const r = await post(`${dfs.url}/v3/on_page/instant_pages`, [{ url: "https://quiet-glaze-review.example/" }], AUTH);
    expect(r.json.tasks[0].result[0].items[0].meta.title).toContain("Quiet Glaze Review");
  });

  it("out of funds: HTTP 402 with 40210; user_data shows the balance going down", async () => {
    const u0 = await get(`${dfs.url}/v3/appendix/user_data`, AUTH);
    await live([serpTask("ceramics")]);
    const u1 = await get(`${dfs.url}/v3/appendix/user_data`, AUTH);
    expect(u1.json.tasks[0].result[0].money.balance).toBeLessThan(u0.json.tasks[0].result[0].money.balance);
    dfs.control.setOutOfFunds(true);
    const r = await live([serpTask("ceramics")]);
    expect(r.status).toBe(402);
    expect(r.json.status_code).toBe(40210);
  });

  it("over the rate limit answers 40202 inside HTTP 200", async () => {
    dfs.control.rateLimit({ perSecond: 2 });
    const rs = await Promise.all([1, 2, 3].map(() => live([serpTask("ceramics")])));
    const limited = rs.filter((r) => r.json.status_code === 40202);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.status).toBe(200);
    expect(dfs.control.stats().rateLimited).toBe(1);
  });
});
