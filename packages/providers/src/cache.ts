import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** Default: identical SERP / domain-search calls within 24 h are served from Redis. */
export const DEFAULT_CACHE_TTL_SECONDS = 24 * 60 * 60;

export interface ResponseCache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Stable key for a request: provider, operation and a hash of the canonical request. */
  keyFor(provider: string, operation: string, request: unknown): string;
}

/** JSON with object keys sorted, so {a,b} and {b,a} hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

export function createResponseCache(opts: { redis: Redis; keyPrefix: string; ttlSeconds?: number }): ResponseCache {
  const ttl = Math.max(1, Math.floor(opts.ttlSeconds ?? DEFAULT_CACHE_TTL_SECONDS));
  return {
    keyFor(provider, operation, request) {
      const hash = createHash("sha256").update(canonicalJson(request)).digest("hex").slice(0, 40);
      return `${opts.keyPrefix}:cache:${provider}:${operation}:${hash}`;
    },
    async get<T>(key: string) {
      try {
        const raw = await opts.redis.get(key);
        return raw === null ? undefined : (JSON.parse(raw) as T);
      } catch {
        return undefined; // a broken cache must never break a call
      }
    },
    async set(key, value) {
      try {
        await opts.redis.set(key, JSON.stringify(value), "EX", ttl);
      } catch {
        /* best effort */
      }
    },
  };
}
