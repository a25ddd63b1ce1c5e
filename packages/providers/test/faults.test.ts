import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "@outreach/contracts";
import { createDb, type Db } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { startFakeDataForSeo, startFakeHunter } from "@outreach/fakes";
import { createProviders } from "../src/index.ts";
import { testRedis } from "./helpers.ts";

/**
 * 500 SERP + 500 domain-search calls against fakes that fail: 20% 5xx, a burst of rate-limit
 * answers (DataForSEO HTTP 429/40202, Hunter 403) and hanging connections. Every result must be
 * stored exactly once, and no request may be tried more often than the retry limit.
 */

const N = 500;
const MAX_ATTEMPTS = 8;
let tdb: TestDatabase;
let db: Db;
const r = testRedis("faults");
let dfs: Awaited<ReturnType<typeof startFakeDataForSeo>>;
let hunter: Awaited<ReturnType<typeof startFakeHunter>>;

beforeAll(async () => {
  [tdb, dfs, hunter] = await Promise.all([createTestDatabase("faults"), startFakeDataForSeo({ balance: 1000 }), startFakeHunter({ searchesAvailable: 100_000 })]);
  db = createDb(tdb.url, { max: 4 });
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
  await dfs?.close();
  await hunter?.close();
  await r.cleanup();
});

/** Runs fn over items with `concurrency` in flight. */
async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe("fault injection", () => {
  it(
    "1000 calls with 20% 5xx, a rate-limit burst and timeouts: every result stored exactly once, no call beyond the retry limit",
    async () => {
      const env = loadEnv({ NODE_ENV: "test", REDIS_PREFIX: r.prefix, DATAFORSEO_API_URL: dfs.url, HUNTER_API_URL: hunter.url });
      // Attempts per request as the server sees them: counted at the HTTP layer.
      const attempts = new Map<string, number>();
      const countingFetch: typeof fetch = async (input, init) => {
        const key = `${init?.method ?? "GET"} ${String(input)} ${typeof init?.body === "string" ? init.body : ""}`;
        attempts.set(key, (attempts.get(key) ?? 0) + 1);
        return fetch(input, init);
      };
      const p = createProviders({
        env,
        db,
        redis: r.redis,
        context: {},
        fetch: countingFetch,
        retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 5, maxDelayMs: 40, rateLimitDelayMs: 10 },
        timeoutMs: { dataforseo: 1500, hunter: 1500 }, // generous: CI machines here run at high load
        limits: { dataforseo: { limits: [{ points: 2000, durationSec: 1 }], concurrency: 30 }, hunter: { limits: [{ points: 2000, durationSec: 1 }] } },
      });
      const stored = new Map<string, number>(); // request -> times its result was stored
      const store = (key: string) => stored.set(key, (stored.get(key) ?? 0) + 1);
      const failures: string[] = [];

      const phases = [
        () => { dfs.control.injectFaults({ status: 500, rate: 0.2 }); hunter.control.injectFaults({ status: 500, rate: 0.2 }); },
        () => { dfs.control.injectFaults({ status: 429, count: 40 }); hunter.control.injectFaults({ status: 403, count: 40 }); },
        () => { dfs.control.injectFaults({ timeout: true, count: 6 }); hunter.control.injectFaults({ timeout: true, count: 6 }); },
        () => { dfs.control.injectFaults({ status: 503, rate: 0.2 }); hunter.control.injectFaults({ status: 502, rate: 0.2 }); },
      ];
      const perPhase = N / phases.length;
      try {
        for (const [i, setFaults] of phases.entries()) {
          setFaults();
          const ids = Array.from({ length: perPhase }, (_, k) => i * perPhase + k);
          await Promise.all([
            pool(ids, 10, async (k) => {
              try {
                const res = await p.dataforseo.serpOrganicLive({ keyword: `fault test ${k}`, locationCode: 2840, languageCode: "en", depth: 10 });
                if (res.items.length > 0) store(`serp:${k}`);
              } catch (err) {
                failures.push(`serp ${k}: ${(err as Error).message}`);
              }
            }),
            pool(ids, 10, async (k) => {
              try {
                const res = await p.hunter.domainSearch({ domain: `fault-${k}.example`, limit: 5 });
                if (res.domain === `fault-${k}.example`) store(`domain:${k}`);
              } catch (err) {
                failures.push(`domain ${k}: ${(err as Error).message}`);
              }
            }),
          ]);
        }
      } finally {
        await p.close();
      }

      expect(failures).toEqual([]);
      expect(stored.size).toBe(2 * N);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      const maxAttempts = Math.max(...attempts.values());
      expect(maxAttempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
      const retried = [...attempts.values()].filter((n) => n > 1).length;
      expect(retried).toBeGreaterThan(100); // the faults really happened

      // The ledger has one row per attempt: N ok rows per provider and an error row per failed attempt.
      const totalAttempts = [...attempts.values()].reduce((a, b) => a + b, 0);
      const rows = await db.providerCall.groupBy({ by: ["provider", "status"], _count: { _all: true } });
      const count = (provider: string, status?: string) =>
        rows.filter((x) => x.provider === provider && (status === undefined || x.status === status)).reduce((a, x) => a + x._count._all, 0);
      expect(count("dataforseo", "ok")).toBe(N);
      expect(count("hunter", "ok")).toBe(N);
      expect(count("dataforseo") + count("hunter")).toBe(totalAttempts);
      expect(count("dataforseo", "rate_limited") + count("hunter", "rate_limited")).toBeGreaterThanOrEqual(80);
      console.log(`faults: ${totalAttempts} attempts for ${2 * N} calls, ${retried} retried, max ${maxAttempts} attempts; rows ${JSON.stringify(rows.map((x) => [x.provider, x.status, x._count._all]))}`);
    },
    180_000,
  );
});
