/**
 * One of the two processes of the provider-limits benchmark (bench/limits.ts): for each provider,
 * calls one cheap endpoint of its fake as fast as the shared Redis limiter (packages/providers
 * createLimiter, production safety margin) allows, with several calls in flight, until the
 * deadline. Prints `{ <provider>: { ok, failed, first, last } }` as one JSON line.
 */
import { Redis } from "ioredis";
import { createLimiter } from "@outreach/providers/limiter";

const { REDIS_URL, PREFIX, RUN_MS, PER_SECOND, START_AT } = process.env;
const urls = JSON.parse(process.env.TARGETS!) as Record<string, string>;
const gmailToken = process.env.GMAIL_TOKEN!;
const redis = new Redis(REDIS_URL!);

const call: Record<string, (i: number) => Promise<boolean>> = {
  dataforseo: async () => {
    const res = await fetch(`${urls.dataforseo}/v3/appendix/user_data`, { headers: { authorization: `Basic ${Buffer.from("sandbox:sandbox").toString("base64")}` } });
    const body = (await res.json()) as { status_code?: number };
    return res.ok && body.status_code === 20000;
  },
  hunter: async (i) => (await fetch(`${urls.hunter}/domain-search?domain=site-${process.pid}-${i}.example&limit=1&api_key=test-api-key`)).ok,
  gemini: async () => (await fetch(`${urls.gemini}/v1beta/models?key=fake-gemini-key`)).ok,
  gmail: async () => (await fetch(`${urls.gmail}gmail/v1/users/me/profile`, { headers: { authorization: `Bearer ${gmailToken}` } })).ok,
};

const result: Record<string, { ok: number; failed: number; first: number; last: number; errors: string[] }> = {};
const deadline = Number(START_AT) + Number(RUN_MS);
async function drive(provider: string) {
  const limiter = createLimiter({ redis, keyPrefix: PREFIX!, bucket: provider, config: { limits: [{ points: Number(PER_SECOND), durationSec: 1 }] } });
  const r = (result[provider] = { ok: 0, failed: 0, first: Infinity, last: 0, errors: [] as string[] });
  // Warm the path (undici, the limiter's Lua script) before the start, outside the measured window.
  await call[provider]!(0).catch(() => false);
  await new Promise((res) => setTimeout(res, Math.max(0, Number(START_AT) - Date.now())));
  await Promise.all(
    Array.from({ length: 4 }, async (_, i) => {
      while (Date.now() < deadline) {
        const release = await limiter.acquire(1);
        if (Date.now() >= deadline) {
          void release();
          break;
        }
        const t = Date.now();
        r.first = Math.min(r.first, t);
        r.last = Math.max(r.last, t);
        try {
          if (await call[provider]!(i)) r.ok++;
          else r.failed++;
        } catch (e) {
          r.failed++;
          if (r.errors.length < 3) r.errors.push((e as Error).message);
        } finally {
          void release();
        }
      }
    }),
  );
}
await Promise.all(Object.keys(urls).map(drive));
await redis.quit();
console.log(JSON.stringify(result));
