import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeHunter, type FakeServer, type HunterControl } from "../src/index.ts";
import { get, post } from "./helpers.ts";

describe("common control API over HTTP", () => {
  let f: FakeServer<HunterControl>;
  const account = () => get(`${f.url}/account?api_key=test-api-key`);
  beforeEach(async () => {
    f = await startFakeHunter();
  });
  afterEach(async () => {
    await f.close();
  });

  it("faults for the next N requests, counted in stats", async () => {
    expect((await post(`${f.control.controlUrl}/faults`, { status: 503, count: 2 })).status).toBe(200);
    expect((await account()).status).toBe(503);
    expect((await account()).status).toBe(503);
    expect((await account()).status).toBe(200);
    const stats = (await get(`${f.control.controlUrl}/stats`)).json;
    expect(stats).toMatchObject({ requests: 3, faultsInjected: 2, rateLimited: 0, byPath: { "/v2/account": 3 } });
  });

  it("a fault rate is seeded: the same sequence after reset", async () => {
    const run = async () => {
      await post(`${f.control.controlUrl}/faults`, { status: 500, rate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await account()).status);
      return out;
    };
    const a = await run();
    await post(`${f.control.controlUrl}/reset`, {});
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it("timeout faults hang until the client gives up", async () => {
    await post(`${f.control.controlUrl}/faults`, { timeout: true, count: 1 });
    await expect(fetch(`${f.url}/account?api_key=test-api-key`, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await account()).status).toBe(200);
  });

  it("latency delays answers; rate limit over HTTP", async () => {
    await post(`${f.control.controlUrl}/latency`, { ms: 150 });
    const t0 = Date.now();
    await account();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await post(`${f.control.controlUrl}/latency`, { ms: 0 });
    await post(`${f.control.controlUrl}/rate-limit`, { perSecond: 1 });
    const rs = await Promise.all([account(), account()]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(f.control.stats().rateLimited).toBe(1);
  });

  it("provider-specific actions and unknown actions", async () => {
    await post(`${f.control.controlUrl}/usage-exhausted`, { value: true });
    expect((await get(`${f.url}/domain-search?domain=x.example&api_key=test-api-key`)).status).toBe(429);
    expect((await post(`${f.control.controlUrl}/nope`, {})).status).toBe(404);
  });
});
