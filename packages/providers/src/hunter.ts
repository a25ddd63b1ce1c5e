import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, retryWaits, runnerFor, type ClientDeps } from "./common.ts";
import { ProviderError, ProviderErrorCode, type ProviderErrorKind } from "./errors.ts";
import { httpJson, parseResponse, retryAfterMs, trimSlash, type HttpResponse } from "./http.ts";
import type { Limiter } from "./limiter.ts";
import { withRetry } from "./retry.ts";
import { announceWait, formatWait } from "./waits.ts";

/** Hunter v2 (providers.md "Hunter"). The key goes in the X-API-KEY header, never in a URL. */

export interface HunterConfig extends ClientDeps {
  /** Ends with /v2. */
  baseUrl: string;
  apiKey: string;
  /** Separate bucket for email-verifier (10/s, 300/min). */
  verifierLimiter?: Limiter;
  /** Longest email-verifier keeps asking while Hunter answers 202 (default 20 s). */
  verifierMaxWaitMs?: number;
  /** First wait between 202 answers (default 1 s, doubling, capped at 5 s). */
  verifierPollMs?: number;
}

export interface HunterEmail {
  value: string;
  type: "personal" | "generic" | null;
  confidence: number | null;
  firstName: string | null;
  lastName: string | null;
  position: string | null;
  department: string | null;
  sources: { domain: string | null; uri: string | null; lastSeenOn: string | null; stillOnPage: boolean | null }[];
  verification: { date: string | null; status: string | null } | null;
}

export interface DomainSearchResult {
  domain: string;
  organization: string | null;
  pattern: string | null;
  disposable: boolean | null;
  webmail: boolean | null;
  acceptAll: boolean | null;
  emails: HunterEmail[];
  meta: { results: number; limit: number; offset: number };
}

export interface DomainSearchInput {
  domain: string;
  limit?: number;
  offset?: number;
  type?: "personal" | "generic";
}

export type VerifierStatus = "valid" | "invalid" | "accept_all" | "webmail" | "disposable" | "unknown";

export interface EmailVerification {
  email: string;
  status: VerifierStatus;
  result: string | null;
  score: number | null;
  acceptAll: boolean | null;
  disposable: boolean | null;
  webmail: boolean | null;
}

export interface EmailFinderResult {
  email: string | null;
  score: number | null;
  firstName: string | null;
  lastName: string | null;
  position: string | null;
  domain: string | null;
}

// ---------- wire schemas ----------

const s = z.string().nullish();
const n = z.number().nullish();
const b = z.boolean().nullish();
const emailWire = z.object({
  value: z.string(),
  type: z.enum(["personal", "generic"]).nullish(),
  confidence: n,
  first_name: s,
  last_name: s,
  position: s,
  department: s,
  sources: z
    .array(z.object({ domain: s, uri: s, extracted_on: s, last_seen_on: s, still_on_page: b }))
    .nullish(),
  verification: z.object({ date: s, status: s }).nullish(),
});
const domainSearchWire = z.object({
  data: z.object({
    domain: z.string(),
    disposable: b,
    webmail: b,
    accept_all: b,
    pattern: s,
    organization: s,
    emails: z.array(emailWire),
  }),
  meta: z.object({ results: z.number(), limit: z.number(), offset: z.number() }),
});
const verifierWire = z.object({
  data: z.object({
    email: z.string().nullish(),
    status: z.enum(["valid", "invalid", "accept_all", "webmail", "disposable", "unknown"]),
    result: s,
    score: n,
    accept_all: b,
    disposable: b,
    webmail: b,
  }),
});
const finderWire = z.object({
  data: z.object({ email: s, score: n, first_name: s, last_name: s, position: s, domain: s }),
});
const errorsWire = z.object({
  errors: z.array(z.object({ id: z.string().nullish(), code: z.number().nullish(), details: z.string().nullish() })).min(1),
});

// ---------- errors ----------

export function hunterKind(status: number): ProviderErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "rate_limited"; // too many requests per second
  if (status === 429) return "quota"; // usage limit of the plan reached
  if (status === 451) return "do_not_contact";
  if (status === 400 || status === 422 || status === 404) return "invalid_request";
  if (status === 408 || status === 222 || status >= 500) return "transient";
  return "invalid_request";
}

function hunterError(res: HttpResponse): ProviderError {
  const parsed = errorsWire.safeParse(res.json);
  const first = parsed.success ? parsed.data.errors[0] : undefined;
  const kind = hunterKind(res.status);
  return new ProviderError({
    provider: "hunter",
    kind,
    status: res.status,
    code: first?.id ?? res.status,
    message: `HTTP ${res.status} ${first?.id ?? ""} ${first?.details ?? res.text.slice(0, 200)}`.replace(/\s+/g, " ").trim(),
    retryAfterMs: kind === "rate_limited" ? (retryAfterMs(res.headers) ?? 1_000) : retryAfterMs(res.headers),
  });
}

function invalid(message: string): ProviderError {
  return new ProviderError({ provider: "hunter", kind: "invalid_request", message });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type HunterClient = ReturnType<typeof createHunterClient>;

export function createHunterClient(cfg: HunterConfig) {
  const base = trimSlash(cfg.baseUrl);
  const run = runnerFor("hunter", cfg);
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const get = (path: string, params: Record<string, string | number | undefined>) => {
    cfg.guard?.();
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") qs.set(k, String(v));
    const q = qs.toString();
    return httpJson({
      provider: "hunter",
      method: "GET",
      url: `${base}${path}${q ? `?${q}` : ""}`,
      headers: { "x-api-key": cfg.apiKey },
      timeoutMs,
      fetch: cfg.fetch,
    });
  };

  async function domainSearch(input: DomainSearchInput): Promise<DomainSearchResult> {
    const domain = input.domain.trim().toLowerCase();
    if (!domain || /[\s/?#]/.test(domain)) throw invalid(`not a domain: ${input.domain.slice(0, 100)}`);
    const req = { domain, limit: input.limit ?? 10, offset: input.offset ?? 0, type: input.type };
    if (req.limit < 1 || req.limit > 100 || req.offset < 0) throw invalid("limit must be 1-100 and offset >= 0");
    return withRetry(
      () =>
        run<DomainSearchResult>({ operation: "domain_search", cacheRequest: req }, async () => {
          const res = await get("/domain-search", req);
          if (res.status !== 200) throw hunterError(res);
          const w = parseResponse("hunter", "domain-search", domainSearchWire, res.json);
          return {
            domain: w.data.domain,
            organization: w.data.organization ?? null,
            pattern: w.data.pattern ?? null,
            disposable: w.data.disposable ?? null,
            webmail: w.data.webmail ?? null,
            acceptAll: w.data.accept_all ?? null,
            emails: w.data.emails.map((e) => ({
              value: e.value,
              type: e.type ?? null,
              confidence: e.confidence ?? null,
              firstName: e.first_name ?? null,
              lastName: e.last_name ?? null,
              position: e.position ?? null,
              department: e.department ?? null,
              sources: (e.sources ?? []).map((x) => ({
                domain: x.domain ?? null,
                uri: x.uri ?? null,
                lastSeenOn: x.last_seen_on ?? null,
                stillOnPage: x.still_on_page ?? null,
              })),
              verification: e.verification ? { date: e.verification.date ?? null, status: e.verification.status ?? null } : null,
            })),
            meta: w.meta,
          };
        }),
      cfg.retry, retryWaits("hunter", cfg, "domain_search"),
    );
  }

  return {
    domainSearch,

    /**
     * Every page of a domain search, up to maxResults emails (default 100). Stops at the
     * provider's total, at an empty page, or at the cap, whichever comes first.
     */
    async domainSearchAll(
      input: Omit<DomainSearchInput, "offset"> & { maxResults?: number },
    ): Promise<DomainSearchResult> {
      const max = input.maxResults ?? 100;
      const pageSize = Math.min(input.limit ?? 10, max);
      let first: DomainSearchResult | undefined;
      const emails: HunterEmail[] = [];
      for (let offset = 0; emails.length < max; offset += pageSize) {
        const page = await domainSearch({ domain: input.domain, type: input.type, limit: pageSize, offset });
        first ??= page;
        emails.push(...page.emails);
        if (page.emails.length === 0 || offset + pageSize >= page.meta.results) break;
      }
      return { ...first!, emails: emails.slice(0, max), meta: { ...first!.meta, limit: pageSize, offset: 0 } };
    },

    /**
     * Verifies one address. 202 (still verifying) is asked again after the answer's Retry-After,
     * or else with growing waits, until verifierMaxWaitMs; after that a transient
     * VERIFICATION_PENDING error says to try later.
     * 222 (the mail server answered oddly) is transient too.
     */
    async emailVerifier(email: string): Promise<EmailVerification> {
      const addr = email.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(addr)) throw invalid(`not an email address: ${addr.slice(0, 100)}`);
      // Polling "still verifying" is a wait like any other: it stays within the caller's budget.
      const maxWait = Math.min(cfg.verifierMaxWaitMs ?? 20_000, cfg.retry?.budgetMs ?? Infinity);
      const started = Date.now();
      let poll = cfg.verifierPollMs ?? 1_000;
      for (;;) {
        const res = await withRetry(
          () =>
            run<HttpResponse>({ operation: "email_verifier", limiter: cfg.verifierLimiter }, async () => {
              const r = await get("/email-verifier", { email: addr });
              if (r.status !== 200 && r.status !== 202) throw hunterError(r);
              return r;
            }),
          cfg.retry, retryWaits("hunter", cfg, "email_verifier"),
        );
        if (res.status === 200) {
          const w = parseResponse("hunter", "email-verifier", verifierWire, res.json);
          return {
            email: w.data.email ?? addr,
            status: w.data.status,
            result: w.data.result ?? null,
            score: w.data.score ?? null,
            acceptAll: w.data.accept_all ?? null,
            disposable: w.data.disposable ?? null,
            webmail: w.data.webmail ?? null,
          };
        }
        const waited = Date.now() - started;
        const wait = retryAfterMs(res.headers) ?? poll;
        if (waited + wait > maxWait) {
          throw new ProviderError({
            provider: "hunter",
            kind: "transient",
            status: 202,
            code: ProviderErrorCode.VERIFICATION_PENDING,
            message: `verification of ${addr} still running after ${waited} ms`,
            retryAfterMs: 30_000,
          });
        }
        await announceWait(cfg.onWait, {
          provider: "hunter",
          operation: "email_verifier",
          reason: "pending",
          delayMs: wait,
          message: `Hunter verifier pending for ${addr}: asking again in ${formatWait(wait)}`,
        });
        await sleep(wait);
        poll = Math.min(poll * 2, 5_000);
      }
    },

    async emailFinder(input: { domain: string; firstName?: string; lastName?: string; fullName?: string }): Promise<EmailFinderResult> {
      if (!input.domain.trim()) throw invalid("domain is required");
      if (!input.fullName && !(input.firstName && input.lastName)) throw invalid("first and last name (or full name) are required");
      return withRetry(
        () =>
          run<EmailFinderResult>({ operation: "email_finder" }, async () => {
            const res = await get("/email-finder", {
              domain: input.domain.trim().toLowerCase(),
              first_name: input.firstName,
              last_name: input.lastName,
              full_name: input.fullName,
            });
            if (res.status !== 200) throw hunterError(res);
            const w = parseResponse("hunter", "email-finder", finderWire, res.json);
            return {
              email: w.data.email ?? null,
              score: w.data.score ?? null,
              firstName: w.data.first_name ?? null,
              lastName: w.data.last_name ?? null,
              position: w.data.position ?? null,
              domain: w.data.domain ?? null,
            };
          }),
        cfg.retry, retryWaits("hunter", cfg, "email_finder"),
      );
    },
  };
}
