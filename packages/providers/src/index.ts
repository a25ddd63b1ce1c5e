import type { Env } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { Redis } from "ioredis";
import { createResponseCache, DEFAULT_CACHE_TTL_SECONDS, type ResponseCache } from "./cache.ts";
import { createDataForSeoClient, type DataForSeoClient } from "./dataforseo.ts";
import { isProviderError, ProviderError, ProviderErrorCode, type ProviderName } from "./errors.ts";
import { createGeminiClient, type GeminiClient } from "./gemini.ts";
import { createGmailClient, type GmailClient } from "./gmail.ts";
import { createHunterClient, type HunterClient } from "./hunter.ts";
import { createCallRunner, type CallContext, type LedgerRow } from "./ledger.ts";
import { createLimiterSet, type LimiterConfig, type LimiterSet } from "./limiter.ts";
import type { RetryPolicy } from "./retry.ts";

export * from "./errors.ts";
export * from "./retry.ts";
export { spendByCampaign, spendByProvider, recordCall, createCallRunner } from "./ledger.ts";
export type { CallContext, CallRunner, CallSpec, LedgerRow, SpendRow } from "./ledger.ts";
export { DEFAULT_LIMITS, GMAIL_UNITS, createLimiter, createLimiterSet } from "./limiter.ts";
export type { Limiter, LimiterConfig, LimiterSet, RateLimit } from "./limiter.ts";
export { createResponseCache, DEFAULT_CACHE_TTL_SECONDS } from "./cache.ts";
export { buildMessage } from "./mime.ts";
export type { BuildMessageInput, BuiltMessage, Mailbox } from "./mime.ts";
export { createDataForSeoClient } from "./dataforseo.ts";
export type { DataForSeoClient, SerpTask, SerpResult, OrganicItem, TaskPostOutcome, DomainRank, OnPageInstant } from "./dataforseo.ts";
export { createHunterClient } from "./hunter.ts";
export type { HunterClient, DomainSearchResult, HunterEmail, EmailVerification, EmailFinderResult } from "./hunter.ts";
export { createGeminiClient, toResponseSchema } from "./gemini.ts";
export type { GeminiClient, GenerateJsonInput, GenerateJsonResult } from "./gemini.ts";
export { createGmailClient } from "./gmail.ts";
export type { GmailClient, SentMessage, MessageMetadata, MessageList, ThreadInfo, HistoryPage, GmailProfile } from "./gmail.ts";

export type ProviderMode = "live" | "sandbox";

/** Credentials the sandbox fakes accept (packages/fakes); used only when the real ones are unset. */
export const SANDBOX_CREDENTIALS = {
  dataforseo: { login: "sandbox", password: "sandbox" },
  hunter: { apiKey: "test-api-key" },
  gemini: { apiKey: "fake-gemini-key" },
  gmail: { clientId: "fake-client-id", clientSecret: "fake-client-secret", refreshToken: "fake-refresh-token" },
} as const;

export const PROVIDERS: readonly ProviderName[] = ["dataforseo", "hunter", "gemini", "gmail"];

/**
 * 'live' when the provider's real credentials are set, else 'sandbox' (env points at the fakes).
 * The sandbox's own credentials (startSandbox puts them in the env) count as sandbox too.
 */
export function providerModes(env: Env): Record<ProviderName, ProviderMode> {
  const S = SANDBOX_CREDENTIALS;
  return {
    dataforseo:
      env.DATAFORSEO_LOGIN && env.DATAFORSEO_PASSWORD && !(env.DATAFORSEO_LOGIN === S.dataforseo.login && env.DATAFORSEO_PASSWORD === S.dataforseo.password)
        ? "live"
        : "sandbox",
    hunter: env.HUNTER_IO_API_KEY && env.HUNTER_IO_API_KEY !== S.hunter.apiKey ? "live" : "sandbox",
    gemini: env.GEMINI_API_KEY && env.GEMINI_API_KEY !== S.gemini.apiKey ? "live" : "sandbox",
    gmail:
      env.GMAIL_CLIENT_ID && env.GMAIL_CLIENT_SECRET && env.GMAIL_REFRESH_TOKEN && env.GMAIL_REFRESH_TOKEN !== S.gmail.refreshToken
        ? "live"
        : "sandbox",
  };
}

/** Base URLs a provider is reached at, per env. */
export function providerUrls(env: Env): Record<ProviderName, string[]> {
  return {
    dataforseo: [env.DATAFORSEO_API_URL],
    hunter: [env.HUNTER_API_URL],
    gemini: [env.GEMINI_API_URL],
    gmail: [env.GMAIL_API_URL, env.GOOGLE_OAUTH_TOKEN_URL],
  };
}

const REAL_HOSTS = /(^|\.)(dataforseo\.com|hunter\.io|googleapis\.com|google\.com)$/i;

/** True when a URL points at one of the real providers (not allowed in sandbox mode). */
export function isRealProviderUrl(url: string): boolean {
  try {
    return REAL_HOSTS.test(new URL(url).hostname.replace(/\.$/, ""));
  } catch {
    return false;
  }
}

/**
 * Sandbox safety: without credentials a provider may only talk to a sandbox (the fakes), never
 * to the real service. In particular no real email can leave in sandbox mode.
 */
export function sandboxGuard(provider: ProviderName, env: Env): (() => void) | undefined {
  if (providerModes(env)[provider] === "live") return undefined;
  const real = providerUrls(env)[provider].filter(isRealProviderUrl);
  if (real.length === 0) return undefined;
  const err = new ProviderError({
    provider,
    kind: "auth",
    code: ProviderErrorCode.SANDBOX_NOT_LOOPBACK,
    message: `no credentials set (sandbox mode) but ${real.join(", ")} is the real service; set the credentials or point it at the sandbox fakes`,
  });
  return () => {
    throw err;
  };
}

export interface CreateProvidersOptions {
  env: Env;
  /** Ledger rows go here; without a db nothing is recorded. */
  db?: Db;
  /** Shared rate limits and the response cache; without Redis there are neither. */
  redis?: Redis;
  context?: CallContext;
  /** Override the documented limits, e.g. { hunter: { limits: [{ points: 15, durationSec: 1 }] } }. */
  limits?: Partial<Record<keyof LimiterSet, LimiterConfig>>;
  /** SERP / domain-search cache TTL (default 24 h). 0 disables the cache. */
  cacheTtlSeconds?: number;
  /** Cost recorded per successful call for providers that report none (default 0). */
  unitPrices?: Partial<Record<ProviderName, number>>;
  /** In-client retries of reads (default DEFAULT_RETRY_POLICY; sends are never retried). */
  retry?: Partial<RetryPolicy>;
  timeoutMs?: Partial<Record<ProviderName, number>>;
  fetch?: typeof fetch;
  onRecord?: (row: LedgerRow) => void;
}

export interface Providers {
  dataforseo: DataForSeoClient;
  hunter: HunterClient;
  gemini: GeminiClient;
  gmail: GmailClient;
  modes: Record<ProviderName, ProviderMode>;
  context: CallContext;
  /** Same connections and limits, ledger rows attributed to another user/campaign/job. */
  withContext(context: CallContext): Providers;
  /** Closes the limiter's own Redis connection (the caller's connections stay open). */
  close(): Promise<void>;
}

/**
 * Create once per process and use `withContext` per job: the limiter keeps its own Redis
 * connection (rate-limiter-flexible defines its Lua command on the client it is given, and ours
 * differs from the default one other limiters in the process may use).
 */
export function createProviders(opts: CreateProvidersOptions): Providers {
  const { env } = opts;
  const prefix = `${env.REDIS_PREFIX}:providers`;
  const limiterRedis = opts.redis?.duplicate();
  limiterRedis?.on("error", () => {});
  const limiters = limiterRedis ? createLimiterSet({ redis: limiterRedis, keyPrefix: prefix, overrides: opts.limits }) : undefined;
  const cache: ResponseCache | undefined =
    opts.redis && opts.cacheTtlSeconds !== 0
      ? createResponseCache({ redis: opts.redis, keyPrefix: prefix, ttlSeconds: opts.cacheTtlSeconds ?? DEFAULT_CACHE_TTL_SECONDS })
      : undefined;
  const modes = providerModes(env);

  const build = (context: CallContext): Providers => {
    const runner = (provider: ProviderName) =>
      createCallRunner({
        provider,
        db: opts.db,
        cache,
        limiter: limiters?.[provider],
        context,
        unitPrice: opts.unitPrices?.[provider],
        onRecord: opts.onRecord,
      });
    const common = (provider: ProviderName) => ({
      run: runner(provider),
      retry: opts.retry,
      timeoutMs: opts.timeoutMs?.[provider],
      fetch: opts.fetch,
      guard: sandboxGuard(provider, env),
    });
    return {
      modes,
      context,
      dataforseo: createDataForSeoClient({
        ...common("dataforseo"),
        baseUrl: env.DATAFORSEO_API_URL,
        login: env.DATAFORSEO_LOGIN ?? SANDBOX_CREDENTIALS.dataforseo.login,
        password: env.DATAFORSEO_PASSWORD ?? SANDBOX_CREDENTIALS.dataforseo.password,
      }),
      hunter: createHunterClient({
        ...common("hunter"),
        baseUrl: env.HUNTER_API_URL,
        apiKey: env.HUNTER_IO_API_KEY ?? SANDBOX_CREDENTIALS.hunter.apiKey,
        verifierLimiter: limiters?.["hunter.verifier"],
      }),
      gemini: createGeminiClient({
        ...common("gemini"),
        apiKey: env.GEMINI_API_KEY ?? SANDBOX_CREDENTIALS.gemini.apiKey,
        baseUrl: env.GEMINI_API_URL,
        model: env.GEMINI_MODEL,
      }),
      gmail: createGmailClient({
        ...common("gmail"),
        clientId: modes.gmail === "live" ? env.GMAIL_CLIENT_ID! : SANDBOX_CREDENTIALS.gmail.clientId,
        clientSecret: modes.gmail === "live" ? env.GMAIL_CLIENT_SECRET! : SANDBOX_CREDENTIALS.gmail.clientSecret,
        refreshToken: modes.gmail === "live" ? env.GMAIL_REFRESH_TOKEN! : SANDBOX_CREDENTIALS.gmail.refreshToken,
        rootUrl: env.GMAIL_API_URL,
        tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
      }),
      withContext: (ctx) => build(ctx),
      close: async () => {
        if (limiterRedis && limiterRedis.status !== "end") await limiterRedis.quit().catch(() => limiterRedis.disconnect());
      },
    };
  };
  return build(opts.context ?? {});
}

export interface ProviderCheck {
  provider: ProviderName;
  mode: ProviderMode;
  ok: boolean;
  /** "ok: ..." details, or the exact problem. */
  detail: string;
}

/** A ProviderError in words a person can act on. */
export function describeProblem(err: unknown, url?: string): string {
  if (!isProviderError(err)) return `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  if (err.code === ProviderErrorCode.SANDBOX_NOT_LOOPBACK) return err.message.replace(/^\w+: /, "");
  if (err.code === ProviderErrorCode.INVALID_GRANT) return "refresh token revoked or expired (invalid_grant): reconnect Gmail and set GMAIL_REFRESH_TOKEN";
  if (err.code === ProviderErrorCode.UNREACHABLE) return `unreachable${url ? ` at ${url}` : ""}: ${err.message.replace(/^\w+: /, "")}`;
  if (err.code === ProviderErrorCode.TIMEOUT) return `no answer${url ? ` from ${url}` : ""}: ${err.message.replace(/^\w+: /, "")}`;
  const m = err.message.replace(/^\w+: /, "");
  switch (err.kind) {
    case "auth":
      return `wrong credentials or no access (${m})`;
    case "quota":
      return `no credit or plan limit reached (${m})`;
    case "rate_limited":
      return `rate limited right now (${m})`;
    case "transient":
      return `provider error, try again later (${m})`;
    case "bad_response":
      return `unexpected answer (${m})`;
    default:
      return m;
  }
}

/**
 * One cheap read-only call per provider (no ledger, no retries): DataForSEO user_data, Hunter
 * account, Gemini a 1-token generateContent, Gmail getProfile.
 */
export async function checkProviders(env: Env, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ProviderCheck[]> {
  const p = createProviders({ env, retry: { maxAttempts: 1 }, timeoutMs: { dataforseo: opts.timeoutMs ?? 15_000, hunter: opts.timeoutMs ?? 15_000, gemini: opts.timeoutMs ?? 30_000, gmail: opts.timeoutMs ?? 15_000 }, fetch: opts.fetch });
  const urls = providerUrls(env);
  const one = async (provider: ProviderName, fn: () => Promise<string>): Promise<ProviderCheck> => {
    try {
      return { provider, mode: p.modes[provider], ok: true, detail: await fn() };
    } catch (err) {
      return { provider, mode: p.modes[provider], ok: false, detail: describeProblem(err, urls[provider][0]) };
    }
  };
  const results = await Promise.all([
    one("dataforseo", async () => {
      const u = await p.dataforseo.userData();
      return `ok${u.login ? ` (login ${u.login}` : ""}${u.balance !== null ? `, balance ${u.balance}` : ""}${u.login ? ")" : ""}`;
    }),
    one("hunter", async () => {
      const a = await p.hunter.account();
      return `ok${a.plan ? ` (plan ${a.plan}${a.searchesLeft !== null ? `, ${a.searchesLeft} searches left` : ""})` : ""}`;
    }),
    one("gemini", async () => {
      await p.gemini.ping();
      return `ok (model ${env.GEMINI_MODEL})`;
    }),
    one("gmail", async () => {
      const prof = await p.gmail.getProfile();
      return `ok (${prof.emailAddress})`;
    }),
  ]);
  await p.close();
  return results;
}
