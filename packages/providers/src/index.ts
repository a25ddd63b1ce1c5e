import type { Env } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { Redis } from "ioredis";
import { createResponseCache, DEFAULT_CACHE_TTL_SECONDS, type ResponseCache } from "./cache.ts";
import { createDataForSeoClient, type DataForSeoClient } from "./dataforseo.ts";
import { isProviderError, ProviderError, ProviderErrorCode, type ProviderName } from "./errors.ts";
import { createGeminiClient, type GeminiClient } from "./gemini.ts";
import { createGmailAuth, createGmailClient, type GmailAuth, type GmailClient } from "./gmail.ts";
import { createGoogleOAuth, type GoogleOAuth } from "./google-oauth.ts";
import { createHunterClient, type HunterClient } from "./hunter.ts";
import { createCallRunner, type CallContext, type LedgerRow } from "./ledger.ts";
import { createLimiter, createLimiterSet, DEFAULT_LIMITS, type Limiter, type LimiterConfig, type LimiterSet } from "./limiter.ts";
import { tightestPolicy, type RetryPolicy } from "./retry.ts";
import { WAIT_BUDGETS, type WaitListener } from "./waits.ts";

export * from "./errors.ts";
export * from "./retry.ts";
export * from "./waits.ts";
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
export { createGmailClient, createGmailAuth, gmailDailyResetAt, mapGmailError } from "./gmail.ts";
export type { GmailClient, GmailAuth, GmailConfig, GmailErrorContext, SendAsAddress, SentMessage, MessageMetadata, MessageList, ThreadInfo, HistoryPage, GmailProfile } from "./gmail.ts";
export { createGoogleOAuth, describeScope, GMAIL_SCOPES, missingScopes, REQUIRED_GMAIL_SCOPES } from "./google-oauth.ts";
export type { GoogleOAuth, GoogleOAuthConfig, GoogleTokens } from "./google-oauth.ts";

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
 * Gmail: the OAuth client (GMAIL_CLIENT_ID + GMAIL_CLIENT_SECRET) decides; mailboxes are connected
 * by their owners through Google's consent page, so GMAIL_REFRESH_TOKEN no longer does.
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
      env.GMAIL_CLIENT_ID && env.GMAIL_CLIENT_SECRET && !(env.GMAIL_CLIENT_ID === S.gmail.clientId && env.GMAIL_CLIENT_SECRET === S.gmail.clientSecret)
        ? "live"
        : "sandbox",
  };
}

/** Base URLs a provider is reached at, per env (Gmail: the API, then Google's OAuth token, consent and revoke endpoints). */
export function providerUrls(env: Env): Record<ProviderName, string[]> {
  return {
    dataforseo: [env.DATAFORSEO_API_URL],
    hunter: [env.HUNTER_API_URL],
    gemini: [env.GEMINI_API_URL],
    gmail: [env.GMAIL_API_URL, env.GOOGLE_OAUTH_TOKEN_URL, env.GOOGLE_OAUTH_AUTH_URL, env.GOOGLE_OAUTH_REVOKE_URL],
  };
}

/** The URLs the Gmail API clients use (API + token refresh) and the ones the OAuth client uses (consent, token, revoke). */
const gmailApiUrls = (env: Env) => [env.GMAIL_API_URL, env.GOOGLE_OAUTH_TOKEN_URL];
const googleOAuthUrls = (env: Env) => [env.GOOGLE_OAUTH_AUTH_URL, env.GOOGLE_OAUTH_TOKEN_URL, env.GOOGLE_OAUTH_REVOKE_URL];

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
export function sandboxGuard(provider: ProviderName, env: Env, urls: string[] = providerUrls(env)[provider]): (() => void) | undefined {
  if (providerModes(env)[provider] === "live") return undefined;
  const real = urls.filter(isRealProviderUrl);
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
  /** Override the documented limits, e.g. { hunter: { limits: [{ points: 15, durationSec: 1 }] } }.
   * `gmail` also sets each mailbox's own bucket (gmailFor). */
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
  /** Told before every wait of every client (retries, rate limits, Hunter's "still verifying"). */
  onWait?: WaitListener;
}

/** What a caller changes about waiting: who hears of each wait, and its budget (waits.ts WAIT_BUDGETS). */
export interface CallerWaits {
  onWait?: WaitListener;
  retry?: Partial<RetryPolicy>;
}

export interface Providers {
  dataforseo: DataForSeoClient;
  hunter: HunterClient;
  gemini: GeminiClient;
  /** The legacy single mailbox (GMAIL_REFRESH_TOKEN; the sandbox's default account in sandbox mode). */
  gmail: GmailClient;
  /**
   * A connected mailbox's client: the same ledger, guard and retries as `gmail`, but its own
   * limiter bucket `gmail:<mailbox id>` (Gmail's per-user quota is per account), created lazily
   * and shared by every client of that mailbox in this process.
   */
  gmailFor(mailbox: { id: string; refreshToken: string }): GmailClient;
  /** Google's OAuth web server flow for "Connect Gmail" with this env's OAuth client and URLs. */
  googleOAuth(redirectUri: string): GoogleOAuth;
  modes: Record<ProviderName, ProviderMode>;
  context: CallContext;
  /**
   * Same connections and limits, ledger rows attributed to another user/campaign/job; `waits`
   * replaces who hears of waits and adds the caller's retry budget.
   */
  withContext(context: CallContext, waits?: CallerWaits): Providers;
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
  const gmailLive = modes.gmail === "live";
  const gmailClientId = gmailLive ? env.GMAIL_CLIENT_ID! : SANDBOX_CREDENTIALS.gmail.clientId;
  const gmailClientSecret = gmailLive ? env.GMAIL_CLIENT_SECRET! : SANDBOX_CREDENTIALS.gmail.clientSecret;
  const gmailGuard = sandboxGuard("gmail", env, gmailApiUrls(env));
  const oauthGuard = sandboxGuard("gmail", env, googleOAuthUrls(env));

  // Kept across withContext: one limiter bucket and one OAuth2 client (cached access token) per
  // mailbox. Bounded: the oldest entries go first (a mailbox seen again just gets new ones).
  const CACHE_MAX = 1000;
  const remember = <V>(map: Map<string, V>, key: string, make: () => V): V => {
    let v = map.get(key);
    if (v === undefined) {
      if (map.size >= CACHE_MAX) map.delete(map.keys().next().value!);
      v = make();
      map.set(key, v);
    }
    return v;
  };
  const mailboxLimiters = new Map<string, Limiter>();
  const gmailAuths = new Map<string, GmailAuth>();
  const gmailAuthFor = (key: string, refreshToken: string) =>
    remember(gmailAuths, `${key}\u0000${refreshToken}`, () =>
      createGmailAuth({ clientId: gmailClientId, clientSecret: gmailClientSecret, refreshToken, tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL, timeoutMs: opts.timeoutMs?.gmail }),
    );
  const mailboxLimiter = (mailboxId: string): Limiter | undefined =>
    limiterRedis
      ? remember(mailboxLimiters, mailboxId, () =>
          createLimiter({ redis: limiterRedis, keyPrefix: prefix, bucket: `gmail:${mailboxId}`, config: opts.limits?.gmail ?? DEFAULT_LIMITS.gmail! }),
        )
      : undefined;
  // Live mode without GMAIL_REFRESH_TOKEN: providers.gmail has no mailbox (its calls say NOT_CONNECTED).
  const legacyRefreshToken = gmailLive ? (env.GMAIL_REFRESH_TOKEN ?? "") : SANDBOX_CREDENTIALS.gmail.refreshToken;

  const build = (context: CallContext, waits: CallerWaits): Providers => {
    const onWait = waits.onWait ?? opts.onWait;
    const retry = tightestPolicy(opts.retry, waits.retry);
    const runner = (provider: ProviderName) =>
      createCallRunner({
        provider,
        db: opts.db,
        cache,
        limiter: limiters?.[provider],
        context,
        unitPrice: opts.unitPrices?.[provider],
        onRecord: opts.onRecord,
        onWait,
      });
    const common = (provider: ProviderName) => ({
      run: runner(provider),
      retry,
      timeoutMs: opts.timeoutMs?.[provider],
      fetch: opts.fetch,
      guard: sandboxGuard(provider, env),
      onWait,
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
        guard: gmailGuard,
        clientId: gmailClientId,
        clientSecret: gmailClientSecret,
        refreshToken: legacyRefreshToken,
        rootUrl: env.GMAIL_API_URL,
        tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
        auth: legacyRefreshToken ? gmailAuthFor("legacy", legacyRefreshToken) : undefined,
      }),
      gmailFor: (mailbox) =>
        createGmailClient({
          ...common("gmail"),
          guard: gmailGuard,
          run: createCallRunner({
            provider: "gmail",
            db: opts.db,
            cache,
            limiter: mailboxLimiter(mailbox.id),
            context,
            unitPrice: opts.unitPrices?.gmail,
            onRecord: opts.onRecord,
            onWait,
          }),
          clientId: gmailClientId,
          clientSecret: gmailClientSecret,
          refreshToken: mailbox.refreshToken,
          rootUrl: env.GMAIL_API_URL,
          tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
          auth: mailbox.refreshToken ? gmailAuthFor(`mailbox:${mailbox.id}`, mailbox.refreshToken) : undefined,
        }),
      googleOAuth: (redirectUri) =>
        createGoogleOAuth({
          clientId: gmailClientId,
          clientSecret: gmailClientSecret,
          authUrl: env.GOOGLE_OAUTH_AUTH_URL,
          tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL,
          revokeUrl: env.GOOGLE_OAUTH_REVOKE_URL,
          redirectUri,
          timeoutMs: opts.timeoutMs?.gmail,
          fetch: opts.fetch,
          guard: oauthGuard,
        }),
      withContext: (ctx, w = {}) => build(ctx, w),
      close: async () => {
        if (limiterRedis && limiterRedis.status !== "end") await limiterRedis.quit().catch(() => limiterRedis.disconnect());
      },
    };
  };
  return build(opts.context ?? {}, {});
}

/** The domain the check asks DataForSEO and Hunter about. */
const CHECK_DOMAIN = "example.com";

export interface ProviderCheck {
  provider: ProviderName;
  mode: ProviderMode;
  ok: boolean;
  /** "ok: ..." details, or the exact problem. */
  detail: string;
}

/** What a refused login means, per provider (DataForSEO signs in with a login and password, the others with a key or token). */
const AUTH_WORDS: Record<ProviderName, string> = {
  dataforseo: "wrong login or password",
  hunter: "bad API key",
  gemini: "bad API key",
  gmail: "wrong credentials or no access",
};

/** A ProviderError in words a person can act on. */
export function describeProblem(err: unknown, url?: string): string {
  if (!isProviderError(err)) return `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  if (err.code === ProviderErrorCode.SANDBOX_NOT_LOOPBACK) return err.message.replace(/^\w+: /, "");
  if (err.code === ProviderErrorCode.INVALID_GRANT) return "refresh token revoked or expired (invalid_grant): reconnect the mailbox in Settings → Mailboxes";
  if (err.code === ProviderErrorCode.INSUFFICIENT_PERMISSIONS) return `a Gmail permission is missing (${err.message.replace(/^\w+: /, "")}): reconnect the mailbox in Settings → Mailboxes`;
  if (err.code === ProviderErrorCode.NOT_CONNECTED) return "no Gmail mailbox is connected: connect one in Settings → Mailboxes";
  if (err.code === ProviderErrorCode.UNREACHABLE) return `unreachable${url ? ` at ${url}` : ""}: ${err.message.replace(/^\w+: /, "")}`;
  if (err.code === ProviderErrorCode.TIMEOUT) return `no answer${url ? ` from ${url}` : ""}: ${err.message.replace(/^\w+: /, "")}`;
  const m = err.message.replace(/^\w+: /, "");
  switch (err.kind) {
    case "auth":
      return `${AUTH_WORDS[err.provider]} (${m})`;
    case "quota":
      return `no credit or plan limit reached (${m})`;
    case "rate_limited":
      return `rate limited right now, try again in a minute (${m})`;
    case "transient":
      return `provider error, try again later (${m})`;
    case "bad_response":
      return `unexpected answer (${m})`;
    default:
      return m;
  }
}

/**
 * One cheap call per provider, to endpoints the product itself uses (providers.md), no ledger and
 * no retries: DataForSEO the rank of one domain (bulk_ranks, its cost printed), Hunter a domain
 * search of one result, Gemini a 1-token generateContent, Gmail getProfile with the legacy
 * GMAIL_REFRESH_TOKEN (or the sandbox's), else (live, mailboxes connected by their owners) the OAuth
 * client: Google's token endpoint must refuse a made-up code as invalid_grant, which means it
 * knows the client.
 */
export async function checkProviders(env: Env, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ProviderCheck[]> {
  const p = createProviders({ env, retry: WAIT_BUDGETS.check, timeoutMs: { dataforseo: opts.timeoutMs ?? 15_000, hunter: opts.timeoutMs ?? 15_000, gemini: opts.timeoutMs ?? 30_000, gmail: opts.timeoutMs ?? 15_000 }, fetch: opts.fetch, onRecord: (row) => void (spent[row.provider] = row.cost) });
  const spent: Partial<Record<ProviderName, number>> = {};
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
      await p.dataforseo.backlinksRanks([CHECK_DOMAIN]);
      return `ok (rank of ${CHECK_DOMAIN} read; cost $${spent.dataforseo ?? 0})`;
    }),
    one("hunter", async () => {
      const r = await p.hunter.domainSearch({ domain: CHECK_DOMAIN, limit: 1 });
      return `ok (domain search answered${r.emails.length ? "; it counts as one search of your plan" : ""})`;
    }),
    one("gemini", async () => {
      await p.gemini.ping();
      return `ok (model ${env.GEMINI_MODEL})`;
    }),
    one("gmail", async () => {
      if (p.modes.gmail === "live" && !env.GMAIL_REFRESH_TOKEN) {
        const detail = await p.googleOAuth(new URL("/oauth/google/callback", env.PUBLIC_URL).toString()).checkClient();
        return `ok: ${detail}; mailboxes are connected in Settings → Mailboxes`;
      }
      const prof = await p.gmail.getProfile();
      return `ok (${prof.emailAddress})`;
    }),
  ]);
  await p.close();
  return results;
}
