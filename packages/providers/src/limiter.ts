import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import type { ProviderName } from "./errors.ts";

/**
 * Provider rate limits shared by every process that talks to Redis.
 *
 * Built on rate-limiter-flexible's RateLimiterRedis, with one change: its default Lua script
 * counts fixed windows of whole seconds that start at the first call, so two adjacent windows let
 * 2x the limit through within one second, and the provider's own window never lines up with ours.
 * We give RateLimiterRedis a scheduling script instead (`customIncrTtlLuaScript`, a documented
 * option), GCRA-style: each consume reserves the next free slot, slots are spaced
 * cost x (duration / points) apart, and the caller waits until its slot (the script returns the
 * wait as msBeforeNext). So calls are spaced evenly, callers are served first come first served
 * across processes, nobody polls, and any window of `duration` seconds holds at most `points`
 * points whichever process made them.
 */

export interface RateLimit {
  /** Points (calls, or Gmail quota units) allowed per duration. */
  points: number;
  /** Window in whole seconds (>= 1; rate-limiter-flexible stores whole seconds). */
  durationSec: number;
}

export interface LimiterConfig {
  limits: RateLimit[];
  /** Simultaneous calls allowed across all processes (DataForSEO: 30). */
  concurrency?: number;
  /** Longest a call may hold a concurrency slot before it is considered dead (ms). */
  leaseMs?: number;
}

/** Documented limits (providers.md). Buckets are named `<provider>` or `<provider>.<bucket>`. */
export const DEFAULT_LIMITS: Record<string, LimiterConfig> = {
  hunter: { limits: [{ points: 15, durationSec: 1 }, { points: 500, durationSec: 60 }] },
  "hunter.verifier": { limits: [{ points: 10, durationSec: 1 }, { points: 300, durationSec: 60 }] },
  dataforseo: { limits: [{ points: 2000, durationSec: 60 }], concurrency: 30 },
  gemini: { limits: [{ points: 60, durationSec: 60 }] },
  /** 15,000 quota units per user per minute; see GMAIL_UNITS for each call's cost. Per-mailbox
   * buckets (`gmail:<mailboxId>`, providers.gmailFor) use this config too: the quota is per account. */
  gmail: { limits: [{ points: 15000, durationSec: 60 }] },
};

/** Gmail API quota units per method (Gmail API usage limits page). */
export const GMAIL_UNITS = {
  send: 100,
  messagesGet: 5,
  messagesList: 5,
  threadsGet: 10,
  historyList: 2,
  getProfile: 1,
  sendAsList: 1,
} as const;

/**
 * Spacing slack: slots are spaced a little wider than points/duration (4%, and at least
 * LATE_ALLOWANCE_MS per window), so a call that leaves a little after its slot (the HTTP request
 * itself, network jitter) cannot push the provider's window over the limit. A call whose wait
 * ended later than that (timer lag on a busy CPU) does not leave on its stale slot: it gives the
 * slot up and reserves a new one, so lateness never eats into the provider's window.
 */
const DEFAULT_SAFETY = 0.96;
const LATE_ALLOWANCE_MS = 25;

// ARGV (rate-limiter-flexible): [points to consume, key ttl seconds, limiter points, limiter duration].
// Returns {consumed, ms to wait until this caller's slot}. One script for every limiter, because
// rate-limiter-flexible defines it once per Redis client (the last definition would win for all).
// - KEYS[1] holds the next free slot (ms): slots spaced evenly.
// - A key with ':window:' in it (a long window beside a shorter one: Hunter's 500/min beside
//   15/s) is a list of the last `limit` slots, oldest first: a call may go as soon as the one
//   `limit` calls before it is a window old, and the short window paces the burst. Spacing 500/min
//   evenly would hold the calls to 8/s for good, while the provider counts calls in the minute.
const SCHEDULE_LUA = `
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
local periodMs = tonumber(ARGV[4]) * 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local slot = now
if string.find(KEYS[1], ':window:', 1, true) then
  local len = redis.call('LLEN', KEYS[1])
  if len > 0 then
    local last = tonumber(redis.call('LINDEX', KEYS[1], -1))
    if last > slot then slot = last end
  end
  local bounding = len + cost - 1 - limit
  if bounding >= 0 then
    local bound = tonumber(redis.call('LINDEX', KEYS[1], bounding)) + periodMs
    if bound > slot then slot = bound end
  end
  local value = string.format('%.3f', slot)
  for i = 1, cost do redis.call('RPUSH', KEYS[1], value) end
  redis.call('LTRIM', KEYS[1], -limit, -1)
  redis.call('PEXPIRE', KEYS[1], math.ceil(slot - now + periodMs))
  return {cost, math.ceil(slot - now)}
end
local interval = periodMs / limit
local stored = redis.call('GET', KEYS[1])
if stored and tonumber(stored) > now then slot = tonumber(stored) end
local nextFree = slot + cost * interval
redis.call('SET', KEYS[1], string.format('%.3f', nextFree), 'PX', math.ceil(nextFree - now + periodMs))
return {cost, math.ceil(slot - now)}
`;

// Semaphore with leases: KEYS[1] zset of token -> lease expiry (ms). ARGV: token, max, leaseMs.
const SEM_ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3]) * 2))
  return 1
end
return 0
`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Shorter waits for a slot are the normal spacing of calls, not news. */
export const LONG_SLOT_WAIT_MS = 1_000;

export interface Limiter {
  /**
   * Waits until `cost` points fit every limit and a concurrency slot is free; returns release().
   * `onLongWait` hears of a wait for a slot of LONG_SLOT_WAIT_MS or more before it starts.
   */
  acquire(cost?: number, onLongWait?: (delayMs: number) => Promise<void>): Promise<() => Promise<void>>;
  /** acquire + fn + release. */
  run<T>(fn: () => Promise<T>, cost?: number): Promise<T>;
}

export interface CreateLimiterOptions {
  redis: Redis;
  /** Usually `${REDIS_PREFIX}:providers`; processes sharing a limit must share the prefix. */
  keyPrefix: string;
  /** Bucket name, e.g. "hunter" or "hunter.verifier". */
  bucket: string;
  config: LimiterConfig;
  safety?: number;
}

export function createLimiter(opts: CreateLimiterOptions): Limiter {
  const safety = opts.safety ?? DEFAULT_SAFETY;
  const shortest = Math.min(...opts.config.limits.map((l) => l.durationSec));
  const limiters = [...opts.config.limits]
    .sort((a, b) => b.durationSec - a.durationSec)
    .map((l, i) => {
      if (!Number.isInteger(l.durationSec) || l.durationSec < 1) {
        throw new Error(`limit durationSec must be a whole number of seconds >= 1 (got ${l.durationSec})`);
      }
      // Scale the window up (not the points down) so small limits keep their exact meaning.
      const durationSec = Math.max(l.durationSec / safety, l.durationSec + (safety < 1 ? LATE_ALLOWANCE_MS / 1000 : 0));
      return {
        points: l.points,
        limiter: new RateLimiterRedis({
          storeClient: opts.redis,
          // A window with a shorter one beside it counts its calls (see SCHEDULE_LUA); the shortest spaces them.
          keyPrefix: `${opts.keyPrefix}:rl:${opts.bucket}:${i}${l.durationSec > shortest ? ":window" : ""}`,
          points: l.points,
          duration: durationSec,
          customIncrTtlLuaScript: SCHEDULE_LUA,
        }),
      };
    });
  const semKey = `${opts.keyPrefix}:sem:${opts.bucket}`;
  const concurrency = opts.config.concurrency;
  const leaseMs = opts.config.leaseMs ?? 5 * 60_000;

  async function consume(limiter: RateLimiterRedis, points: number, onLongWait?: (delayMs: number) => Promise<void>): Promise<void> {
    for (;;) {
      // Taken before asking, so the slot is never believed later than it is (lateness errs high).
      const asked = performance.now();
      // Never rejects (the script always reserves a slot); msBeforeNext is the wait for ours.
      const res = await limiter.consume("k", points);
      if (res.msBeforeNext > 0) {
        const told = performance.now();
        if (res.msBeforeNext >= LONG_SLOT_WAIT_MS) await onLongWait?.(res.msBeforeNext);
        await sleep(res.msBeforeNext - (performance.now() - told));
      }
      if (safety >= 1 || performance.now() - (asked + res.msBeforeNext) <= LATE_ALLOWANCE_MS) return;
    }
  }

  async function acquire(cost = 1, onLongWait?: (delayMs: number) => Promise<void>): Promise<() => Promise<void>> {
    for (const { limiter, points } of limiters) await consume(limiter, Math.min(Math.max(1, Math.ceil(cost)), points), onLongWait);
    if (!concurrency) return async () => {};
    const token = randomUUID();
    let wait = 5;
    while ((await opts.redis.eval(SEM_ACQUIRE_LUA, 1, semKey, token, concurrency, leaseMs)) !== 1) {
      await sleep(wait);
      wait = Math.min(wait * 2, 100);
    }
    return async () => {
      await opts.redis.zrem(semKey, token).catch(() => undefined);
    };
  }

  return {
    acquire,
    async run(fn, cost) {
      const release = await acquire(cost);
      try {
        return await fn();
      } finally {
        await release();
      }
    },
  };
}

/** No limit at all (unit tests of a client without Redis). */
export const unlimited: Limiter = {
  acquire: async () => async () => {},
  run: (fn) => fn(),
};

export type LimiterSet = Record<ProviderName, Limiter> & { "hunter.verifier": Limiter };

export function createLimiterSet(opts: {
  redis: Redis;
  keyPrefix: string;
  overrides?: Partial<Record<keyof LimiterSet, LimiterConfig>>;
  safety?: number;
}): LimiterSet {
  const make = (bucket: keyof LimiterSet) =>
    createLimiter({
      redis: opts.redis,
      keyPrefix: opts.keyPrefix,
      bucket,
      config: opts.overrides?.[bucket] ?? DEFAULT_LIMITS[bucket]!,
      safety: opts.safety,
    });
  return {
    dataforseo: make("dataforseo"),
    hunter: make("hunter"),
    "hunter.verifier": make("hunter.verifier"),
    gemini: make("gemini"),
    gmail: make("gmail"),
  };
}
