// The Gmail module alone: importing all of googleapis costs ~3.5 s of start-up, this ~0.6 s.
import { auth as googleAuth, gmail as gmailApi } from "googleapis/build/src/apis/gmail/index.js";
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, retryWaits, runnerFor, type ClientDeps } from "./common.ts";
import { HistoryExpiredError, isProviderError, ProviderError, ProviderErrorCode, type ProviderErrorKind } from "./errors.ts";
import { networkError, parseResponse } from "./http.ts";
import { GMAIL_UNITS } from "./limiter.ts";
import { withRetry } from "./retry.ts";

/**
 * Gmail v1 through googleapis with an OAuth2 refresh token (one connected mailbox per client).
 * - The token endpoint (GOOGLE_OAUTH_TOKEN_URL) and rootUrl (GMAIL_API_URL) are configurable.
 * - googleapis' own retries are off (`retry: false`): every attempt passes our limiter and ledger,
 *   and a send is never repeated inside this client except after a 401 (below). Reads are retried
 *   by our policy.
 * - 401 from Gmail: the access token is no longer good. The cached token is dropped and the call is
 *   made once more (a new `run`: its own limiter slot and ledger row), which refreshes first. This
 *   is safe for messages.send too: a 401 means Gmail refused the request. google-auth-library's
 *   `forceRefreshOnFailure` is not used: it refreshes and repeats on 403 as well (rate limits
 *   included), inside one attempt, past our limiter and ledger (OAuth2Client.requestAsync).
 * - A revoked/expired refresh token (400 invalid_grant at the refresh) is kind auth, code
 *   invalid_grant: the mailbox must be reconnected. A 401 that survives the refresh is kind auth,
 *   code unauthorized.
 * - 403 by reason (error.errors[0].reason, else the ErrorInfo reason in error.details, else
 *   error.status): rate limits -> rate_limited (Retry-After), daily limits -> quota until
 *   gmailDailyResetAt, a missing scope -> auth insufficient_permissions, anything else -> transient.
 * - A send that times out or loses its connection is code OUTCOME_UNKNOWN: reconcile, never resend.
 */

export interface GmailConfig extends ClientDeps {
  clientId: string;
  clientSecret: string;
  /** The mailbox's refresh token; "" when none is connected (every call then fails with NOT_CONNECTED). */
  refreshToken: string;
  /** GMAIL_API_URL (googleapis rootUrl), ends with "/". */
  rootUrl: string;
  /** GOOGLE_OAUTH_TOKEN_URL. */
  tokenUrl: string;
  /** An OAuth2 client to share (its cached access token) between clients of the same mailbox; see createGmailAuth. */
  auth?: GmailAuth;
}

export type GmailAuth = InstanceType<typeof googleAuth.OAuth2>;

/** The OAuth2 client a Gmail client authenticates with (refresh token -> access tokens, cached). */
export function createGmailAuth(cfg: Pick<GmailConfig, "clientId" | "clientSecret" | "refreshToken" | "tokenUrl" | "timeoutMs">): GmailAuth {
  const oauth = new googleAuth.OAuth2({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    endpoints: { oauth2TokenUrl: cfg.tokenUrl },
    // The token refresh is its own request: without this it would have no timeout at all.
    transporterOptions: { timeout: cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS },
  });
  oauth.setCredentials({ refresh_token: cfg.refreshToken });
  // OAuth2Client repeats a request on 401/403 by itself when the credentials have no expiry_date.
  // Google always sends expires_in; should a token answer lack it, give the token a conservative
  // expiry so that repetition (which bypasses our limiter and ledger) cannot happen.
  oauth.on("tokens", (t) => {
    if (t.access_token && !t.expiry_date) t.expiry_date = Date.now() + 50 * 60_000;
  });
  return oauth;
}

/** One send-as address of the mailbox (users.settings.sendAs.list). */
export interface SendAsAddress {
  email: string;
  /** "" when Gmail has none (it then uses the primary address's name). */
  displayName: string;
  isPrimary: boolean;
  /** The primary address, or an alias whose verificationStatus is "accepted". */
  verified: boolean;
}

export interface SentMessage {
  id: string;
  threadId: string;
  labelIds: string[];
}

export interface MessageMetadata {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string | null;
  historyId: string | null;
  internalDate: string | null;
  /** Header name (lower-cased) -> value (first occurrence). */
  headers: Record<string, string>;
}

export interface MessageList {
  messages: { id: string; threadId: string }[];
  nextPageToken: string | null;
  resultSizeEstimate: number | null;
}

export interface ThreadInfo {
  id: string;
  historyId: string | null;
  messages: MessageMetadata[];
}

export interface HistoryPage {
  historyId: string | null;
  nextPageToken: string | null;
  /** Messages added since startHistoryId (replies, bounces), in order. */
  messagesAdded: { id: string; threadId: string; labelIds: string[] }[];
  /** The raw history records, for callers that need label changes too. */
  records: unknown[];
}

export interface GmailProfile {
  emailAddress: string;
  historyId: string | null;
  messagesTotal: number | null;
  threadsTotal: number | null;
}

// ---------- wire schemas ----------

const s = z.string().nullish();
const headerList = z.array(z.object({ name: z.string(), value: z.string().nullish() })).nullish();
const messageWire = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).nullish(),
  snippet: s,
  historyId: s,
  internalDate: s,
  payload: z.looseObject({ headers: headerList }).nullish(),
  raw: s,
});
const sendWire = z.object({ id: z.string(), threadId: z.string(), labelIds: z.array(z.string()).nullish() });
const listWire = z.object({
  messages: z.array(z.object({ id: z.string(), threadId: z.string() })).nullish(),
  nextPageToken: s,
  resultSizeEstimate: z.number().nullish(),
});
const threadWire = z.object({ id: z.string(), historyId: s, messages: z.array(messageWire).nullish() });
const historyWire = z.object({
  history: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        messagesAdded: z
          .array(z.object({ message: z.object({ id: z.string(), threadId: z.string(), labelIds: z.array(z.string()).nullish() }) }))
          .nullish(),
      }),
    )
    .nullish(),
  historyId: s,
  nextPageToken: s,
});
const sendAsWire = z.object({
  sendAs: z
    .array(
      z.object({
        sendAsEmail: z.string(),
        displayName: s,
        isPrimary: z.boolean().nullish(),
        verificationStatus: s,
      }),
    )
    .nullish(),
});
const profileWire = z.object({
  emailAddress: z.string(),
  historyId: s,
  messagesTotal: z.number().nullish(),
  threadsTotal: z.number().nullish(),
});

function toMetadata(m: z.infer<typeof messageWire>): MessageMetadata {
  const headers: Record<string, string> = {};
  for (const h of m.payload?.headers ?? []) {
    const k = h.name.toLowerCase();
    if (!(k in headers)) headers[k] = h.value ?? "";
  }
  return {
    id: m.id,
    threadId: m.threadId,
    labelIds: m.labelIds ?? [],
    snippet: m.snippet ?? null,
    historyId: m.historyId ?? null,
    internalDate: m.internalDate ?? null,
    headers,
  };
}

// ---------- errors ----------

interface GaxiosLike {
  status?: number;
  code?: string | number;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: unknown };
  config?: { headers?: unknown; url?: unknown };
  cause?: unknown;
}

interface GoogleApiErrorBody {
  code?: number;
  message?: string;
  status?: string;
  errors?: { reason?: string; domain?: string; message?: string }[];
  details?: { "@type"?: string; reason?: string }[];
}

const SEND_SCOPE = "https://www.googleapis.com/auth/gmail.send";
const READ_SCOPE = "https://www.googleapis.com/auth/gmail.readonly";
const DEFAULT_RATE_LIMIT_MS = 5_000;

/** What a Gmail call was doing, for the error's wording (the scope it needs). */
export interface GmailErrorContext {
  operation?: "send" | "read";
  /** Clock for Retry-After dates and the daily reset (tests). */
  now?: Date;
}

/**
 * When Gmail's daily limits start again: the next midnight in America/Los_Angeles (Pacific Time),
 * which is when Google's per-day API quotas reset (Google Cloud quota documentation: "Daily quotas
 * reset at midnight Pacific Time"). DST-correct: the offset is read for the instant of that
 * midnight itself (PST -08:00 or PDT -07:00), so the day before a DST change is 23 or 25 hours.
 */
export function gmailDailyResetAt(now: Date): Date {
  const parts = (t: number) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(new Date(t))
        .filter((x) => x.type !== "literal")
        .map((x) => [x.type, Number(x.value)]),
    ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
    return p;
  };
  /** Offset of Los Angeles wall time from UTC at instant t, in ms (e.g. -8 h). */
  const offsetAt = (t: number) => {
    const p = parts(t);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  };
  const today = parts(now.getTime());
  const wallMidnight = Date.UTC(today.year, today.month - 1, today.day + 1); // next local midnight as if it were UTC
  let t = wallMidnight - offsetAt(wallMidnight);
  t = wallMidnight - offsetAt(t); // the offset at that midnight itself (DST changes happen at 02:00, never at midnight)
  return new Date(t);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const rec = headers as Record<string, unknown>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key ? rec[key] : undefined;
  return Array.isArray(v) ? String(v[0]) : v == null ? undefined : String(v);
}

/** Retry-After (delta-seconds or HTTP-date), else Gmail's "Retry after <ISO date>" in the message. */
function retryAfterOf(headers: unknown, message: string | undefined, now: Date): number | undefined {
  const h = headerOf(headers, "retry-after")?.trim();
  if (h) {
    if (/^\d+(\.\d+)?$/.test(h)) return Math.round(Number(h) * 1000);
    const at = Date.parse(h);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const m = /Retry after (\d{4}-\d\d-\d\dT[0-9:.]+Z)/i.exec(message ?? "");
  if (m) {
    const at = Date.parse(m[1]!);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  return undefined;
}

const RATE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED"]);
const QUOTA_REASONS = new Set(["dailyLimitExceeded", "quotaExceeded"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);

/** googleapis/gaxios error -> ProviderError. */
export function mapGmailError(err: unknown, timeoutMs?: number, ctx: GmailErrorContext = {}): ProviderError {
  if (isProviderError(err)) return err;
  const now = ctx.now ?? new Date();
  const e = (err ?? {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === "number" ? e.status : undefined);
  const data = e.response?.data as { error?: string | GoogleApiErrorBody; error_description?: string } | undefined;
  // Token endpoint: {error: "invalid_grant", error_description}.
  const oauthError = typeof data?.error === "string" ? data.error : /invalid_grant/.test(e.message ?? "") ? "invalid_grant" : undefined;
  if (oauthError) {
    const kind: ProviderErrorKind =
      oauthError === "invalid_grant" || oauthError === "invalid_client" || oauthError === "unauthorized_client"
        ? "auth"
        : status !== undefined && status >= 500
          ? "transient"
          : "invalid_request";
    return new ProviderError({
      provider: "gmail",
      kind,
      status,
      code: oauthError,
      message:
        oauthError === "invalid_grant"
          ? `refresh token revoked or expired (invalid_grant${data?.error_description ? `: ${data.error_description}` : ""}); reconnect the mailbox`
          : `OAuth ${oauthError}${data?.error_description ? `: ${data.error_description}` : ""}`,
      cause: err,
    });
  }
  if (status === undefined) return networkError("gmail", e.cause ?? err, timeoutMs);
  const apiErr = typeof data?.error === "object" ? data.error : undefined;
  const reason =
    apiErr?.errors?.find((x) => x.reason)?.reason ??
    apiErr?.details?.find((d) => d.reason && (!d["@type"] || d["@type"].endsWith("google.rpc.ErrorInfo")))?.reason ??
    apiErr?.status;
  const allReasons = new Set([...(apiErr?.errors ?? []).map((x) => x.reason), ...(apiErr?.details ?? []).map((d) => d.reason)].filter((x): x is string => !!x));
  const has = (set: Set<string>) => [...allReasons].some((r) => set.has(r)) || (!allReasons.size && !!reason && set.has(reason));
  const text = apiErr?.message ?? e.message ?? "";
  const base = { provider: "gmail" as const, status, cause: err };
  if (status === 401) {
    return new ProviderError({ ...base, kind: "auth", code: ProviderErrorCode.UNAUTHORIZED, message: `HTTP 401 ${text}`.trim() });
  }
  if (status === 429 || (status === 403 && has(RATE_REASONS))) {
    return new ProviderError({
      ...base,
      kind: "rate_limited",
      code: reason ?? status,
      message: `HTTP ${status} ${text}`.trim(),
      retryAfterMs: retryAfterOf(e.response?.headers, text, now) ?? DEFAULT_RATE_LIMIT_MS,
    });
  }
  if (status === 403 && has(QUOTA_REASONS)) {
    return new ProviderError({
      ...base,
      kind: "quota",
      code: reason ?? status,
      message: `HTTP 403 ${text} (Gmail's daily limit; it resets at midnight Pacific Time)`.trim(),
      retryAfterMs: gmailDailyResetAt(now).getTime() - now.getTime(),
    });
  }
  if (status === 403 && has(SCOPE_REASONS)) {
    const scope = ctx.operation === "send" ? SEND_SCOPE : READ_SCOPE;
    return new ProviderError({
      ...base,
      kind: "auth",
      code: ProviderErrorCode.INSUFFICIENT_PERMISSIONS,
      message: `Gmail refused to ${ctx.operation === "send" ? "send" : "read"}: the mailbox did not grant ${scope} (${reason ?? "insufficientPermissions"}); reconnect it and leave that permission ticked`,
    });
  }
  let kind: ProviderErrorKind;
  // Any other 403 (domainPolicy, forbidden, unknown): not a credentials problem; retry with backoff.
  if (status === 403 || status === 408 || status >= 500) kind = "transient";
  else kind = "invalid_request";
  return new ProviderError({ ...base, kind, code: reason ?? status, message: `HTTP ${status} ${text}`.trim() });
}

export function toBase64Url(raw: Buffer | string): string {
  return (typeof raw === "string" ? Buffer.from(raw, "utf8") : raw).toString("base64url");
}

export type GmailClient = ReturnType<typeof createGmailClient>;

export function createGmailClient(cfg: GmailConfig) {
  const oauth = cfg.auth ?? createGmailAuth(cfg);
  const api = gmailApi({ version: "v1", auth: oauth, rootUrl: cfg.rootUrl });
  const run = runnerFor("gmail", cfg);
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const opts = { timeout: timeoutMs, retry: false } as const;

  const precheck = () => {
    cfg.guard?.();
    if (!cfg.refreshToken) {
      throw new ProviderError({
        provider: "gmail",
        kind: "auth",
        code: ProviderErrorCode.NOT_CONNECTED,
        message: "no Gmail mailbox is connected (no refresh token): connect one in Settings → Mailboxes",
      });
    }
  };

  /** Forget the access token a 401 was answered to, so the next attempt refreshes first. */
  const dropAccessToken = (err: ProviderError) => {
    // gaxios redacts the Authorization header in errors by default; when it is readable and names
    // an older token than the cached one, another call has refreshed meanwhile: keep the newer one.
    const sent = headerOf((err.cause as GaxiosLike | undefined)?.config?.headers, "authorization");
    const current = oauth.credentials.access_token;
    if (current && sent?.startsWith("Bearer ") && sent !== `Bearer ${current}`) return;
    oauth.setCredentials({ refresh_token: oauth.credentials.refresh_token ?? cfg.refreshToken });
  };

  /**
   * A 401 means Gmail refused the request (nothing was done): refresh the access token and make
   * the call once more. Each attempt is a separate `run` (limiter slot, ledger row). A second 401
   * is kind auth, code unauthorized; invalid_grant at the refresh is kind auth, code invalid_grant.
   */
  const withFreshToken = async <T>(attempt: () => Promise<T>): Promise<T> => {
    try {
      return await attempt();
    } catch (err) {
      if (!isProviderError(err) || err.code !== ProviderErrorCode.UNAUTHORIZED) throw err;
      dropAccessToken(err);
      return attempt();
    }
  };

  /** One read: limiter weight in Gmail quota units, our retry policy, errors mapped. */
  const read = <T>(operation: string, weight: number, fn: () => Promise<T>) =>
    withRetry(
      () =>
        withFreshToken(() =>
          run<T>({ operation, weight }, async () => {
            precheck();
            try {
              return await fn();
            } catch (err) {
              throw mapGmailError(err, timeoutMs, { operation: "read" });
            }
          }),
        ),
      cfg.retry,
      retryWaits("gmail", cfg, operation),
    );

  return {
    /**
     * Sends one RFC 822 message. Never retried here, except once after a 401 (the request was
     * refused, so nothing was sent). On OUTCOME_UNKNOWN the message may have been sent: reconcile
     * (search for the X-Outreach-Send-Id / Message-ID) before any resend.
     */
    async sendRaw(raw: Buffer | string, threadId?: string | null): Promise<SentMessage> {
      return withFreshToken(() =>
        run<SentMessage>({ operation: "messages.send", weight: GMAIL_UNITS.send }, async () => {
          precheck();
          let data: unknown;
          try {
            const res = await api.users.messages.send(
              { userId: "me", requestBody: { raw: toBase64Url(raw), threadId: threadId ?? undefined } },
              opts,
            );
            data = res.data;
          } catch (err) {
            const mapped = mapGmailError(err, timeoutMs, { operation: "send" });
            const atTokenEndpoint = String((err as GaxiosLike)?.config?.url ?? "").startsWith(cfg.tokenUrl);
            if (atTokenEndpoint && (mapped.code === ProviderErrorCode.TIMEOUT || mapped.code === ProviderErrorCode.OUTCOME_UNKNOWN)) {
              // The access token could not be refreshed, so the send request never left: not "maybe sent".
              throw new ProviderError({
                provider: "gmail",
                kind: "transient",
                code: ProviderErrorCode.UNREACHABLE,
                message: `could not refresh the access token (${mapped.message}); nothing was sent`,
                cause: err,
              });
            }
            if (mapped.code === ProviderErrorCode.TIMEOUT || mapped.code === ProviderErrorCode.OUTCOME_UNKNOWN) {
              throw new ProviderError({
                provider: "gmail",
                kind: "transient",
                code: ProviderErrorCode.OUTCOME_UNKNOWN,
                message: `send outcome unknown (${mapped.message}); reconcile before sending again`,
                cause: err,
              });
            }
            throw mapped;
          }
          const w = parseResponse("gmail", "messages.send", sendWire, data);
          return { id: w.id, threadId: w.threadId, labelIds: w.labelIds ?? [] };
        }),
      );
    },

    /** The mailbox's send-as addresses (users.settings.sendAs.list), the primary one first. */
    async listSendAs(): Promise<SendAsAddress[]> {
      return read("settings.sendAs.list", GMAIL_UNITS.sendAsList, async () => {
        const res = await api.users.settings.sendAs.list({ userId: "me" }, opts);
        const w = parseResponse("gmail", "settings.sendAs.list", sendAsWire, res.data);
        return (w.sendAs ?? [])
          .map((a) => ({
            email: a.sendAsEmail.toLowerCase(),
            displayName: a.displayName ?? "",
            isPrimary: a.isPrimary === true,
            // verificationStatus only applies to custom "from" aliases; the primary address is always usable.
            verified: a.isPrimary === true || a.verificationStatus === "accepted",
          }))
          .sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
      });
    },

    /** Metadata and the named headers (e.g. ["Message-ID", "X-Outreach-Send-Id"]). */
    async getMessageMetadata(id: string, headers: string[] = ["Message-ID"]): Promise<MessageMetadata> {
      return read("messages.get", GMAIL_UNITS.messagesGet, async () => {
        const res = await api.users.messages.get({ userId: "me", id, format: "metadata", metadataHeaders: headers }, opts);
        return toMetadata(parseResponse("gmail", "messages.get", messageWire, res.data));
      });
    },

    /** The whole message as RFC 822 bytes (to parse replies and bounce reports with mailparser). */
    async getMessageRaw(id: string): Promise<{ id: string; threadId: string; raw: Buffer }> {
      return read("messages.get", GMAIL_UNITS.messagesGet, async () => {
        const res = await api.users.messages.get({ userId: "me", id, format: "raw" }, opts);
        const m = parseResponse("gmail", "messages.get raw", messageWire, res.data);
        return { id: m.id, threadId: m.threadId, raw: Buffer.from(m.raw ?? "", "base64url") };
      });
    },

    async listMessages(q: string, pageToken?: string | null, maxResults = 100): Promise<MessageList> {
      return read("messages.list", GMAIL_UNITS.messagesList, async () => {
        const res = await api.users.messages.list({ userId: "me", q, pageToken: pageToken ?? undefined, maxResults }, opts);
        const w = parseResponse("gmail", "messages.list", listWire, res.data);
        return { messages: w.messages ?? [], nextPageToken: w.nextPageToken ?? null, resultSizeEstimate: w.resultSizeEstimate ?? null };
      });
    },

    /** A thread with each message's metadata headers (who wrote, Message-ID, In-Reply-To). */
    async getThread(id: string, headers: string[] = ["From", "To", "Subject", "Message-ID", "In-Reply-To", "References", "Date"]): Promise<ThreadInfo> {
      return read("threads.get", GMAIL_UNITS.threadsGet, async () => {
        const res = await api.users.threads.get({ userId: "me", id, format: "metadata", metadataHeaders: headers }, opts);
        const w = parseResponse("gmail", "threads.get", threadWire, res.data);
        return { id: w.id, historyId: w.historyId ?? null, messages: (w.messages ?? []).map(toMetadata) };
      });
    },

    /** Changes since startHistoryId. 404 (too old) -> HistoryExpiredError: do a full sync. */
    async listHistory(startHistoryId: string, pageToken?: string | null): Promise<HistoryPage> {
      return read("history.list", GMAIL_UNITS.historyList, async () => {
        let data: unknown;
        try {
          const res = await api.users.history.list(
            { userId: "me", startHistoryId, pageToken: pageToken ?? undefined, historyTypes: ["messageAdded"] },
            opts,
          );
          data = res.data;
        } catch (err) {
          const mapped = mapGmailError(err, timeoutMs);
          if (mapped.status === 404) throw new HistoryExpiredError(startHistoryId, err);
          throw mapped;
        }
        const w = parseResponse("gmail", "history.list", historyWire, data);
        const added: HistoryPage["messagesAdded"] = [];
        for (const h of w.history ?? []) {
          for (const a of h.messagesAdded ?? []) added.push({ id: a.message.id, threadId: a.message.threadId, labelIds: a.message.labelIds ?? [] });
        }
        return { historyId: w.historyId ?? null, nextPageToken: w.nextPageToken ?? null, messagesAdded: added, records: w.history ?? [] };
      });
    },

    async getProfile(): Promise<GmailProfile> {
      return read("getProfile", GMAIL_UNITS.getProfile, async () => {
        const res = await api.users.getProfile({ userId: "me" }, opts);
        const w = parseResponse("gmail", "getProfile", profileWire, res.data);
        return {
          emailAddress: w.emailAddress,
          historyId: w.historyId ?? null,
          messagesTotal: w.messagesTotal ?? null,
          threadsTotal: w.threadsTotal ?? null,
        };
      });
    },
  };
}
