// The Gmail module alone: importing all of googleapis costs ~3.5 s of start-up, this ~0.6 s.
import { auth as googleAuth, gmail as gmailApi } from "googleapis/build/src/apis/gmail/index.js";
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, runnerFor, type ClientDeps } from "./common.ts";
import { HistoryExpiredError, isProviderError, ProviderError, ProviderErrorCode, type ProviderErrorKind } from "./errors.ts";
import { networkError, parseResponse } from "./http.ts";
import { GMAIL_UNITS } from "./limiter.ts";
import { withRetry } from "./retry.ts";

/**
 * Gmail v1 through googleapis with an OAuth2 refresh token.
 * - The token endpoint (GOOGLE_OAUTH_TOKEN_URL) and rootUrl (GMAIL_API_URL) are configurable.
 * - googleapis' own retries are off (`retry: false`): every attempt passes our limiter and ledger,
 *   and a send is never repeated inside this client. Reads are retried by our policy.
 * - A revoked/expired refresh token (400 invalid_grant) is kind auth, code invalid_grant.
 * - A send that times out or loses its connection is code OUTCOME_UNKNOWN: reconcile, never resend.
 */

export interface GmailConfig extends ClientDeps {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** GMAIL_API_URL (googleapis rootUrl), ends with "/". */
  rootUrl: string;
  /** GOOGLE_OAUTH_TOKEN_URL. */
  tokenUrl: string;
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
  cause?: unknown;
}

/** googleapis/gaxios error -> ProviderError. */
export function mapGmailError(err: unknown, timeoutMs?: number): ProviderError {
  if (isProviderError(err)) return err;
  const e = (err ?? {}) as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === "number" ? e.status : undefined);
  const data = e.response?.data as
    | { error?: string | { code?: number; message?: string; status?: string; errors?: { reason?: string }[] }; error_description?: string }
    | undefined;
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
          ? `refresh token revoked or expired (invalid_grant${data?.error_description ? `: ${data.error_description}` : ""}); reconnect Gmail`
          : `OAuth ${oauthError}${data?.error_description ? `: ${data.error_description}` : ""}`,
      cause: err,
    });
  }
  if (status === undefined) return networkError("gmail", e.cause ?? err, timeoutMs);
  const apiErr = typeof data?.error === "object" ? data.error : undefined;
  const reason = apiErr?.errors?.[0]?.reason;
  let kind: ProviderErrorKind;
  if (status === 401) kind = "auth";
  else if (status === 429) kind = "rate_limited";
  else if (status === 403) {
    kind = /rateLimitExceeded|userRateLimitExceeded/.test(reason ?? "")
      ? "rate_limited"
      : /dailyLimitExceeded|quotaExceeded/.test(reason ?? "")
        ? "quota"
        : "auth";
  } else if (status === 408 || status >= 500) kind = "transient";
  else kind = "invalid_request";
  return new ProviderError({
    provider: "gmail",
    kind,
    status,
    code: reason ?? status,
    message: `HTTP ${status} ${apiErr?.message ?? e.message ?? ""}`.trim(),
    retryAfterMs: kind === "rate_limited" ? 5_000 : undefined,
    cause: err,
  });
}

export function toBase64Url(raw: Buffer | string): string {
  return (typeof raw === "string" ? Buffer.from(raw, "utf8") : raw).toString("base64url");
}

export type GmailClient = ReturnType<typeof createGmailClient>;

export function createGmailClient(cfg: GmailConfig) {
  const oauth = new googleAuth.OAuth2({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    endpoints: { oauth2TokenUrl: cfg.tokenUrl },
  });
  oauth.setCredentials({ refresh_token: cfg.refreshToken });
  const api = gmailApi({ version: "v1", auth: oauth, rootUrl: cfg.rootUrl });
  const run = runnerFor("gmail", cfg);
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const opts = { timeout: timeoutMs, retry: false } as const;

  /** One read: limiter weight in Gmail quota units, our retry policy, errors mapped. */
  const read = <T>(operation: string, weight: number, fn: () => Promise<T>) =>
    withRetry(
      () =>
        run<T>({ operation, weight }, async () => {
          cfg.guard?.();
          try {
            return await fn();
          } catch (err) {
            throw mapGmailError(err, timeoutMs);
          }
        }),
      cfg.retry,
    );

  return {
    /**
     * Sends one RFC 822 message. Never retried here. On OUTCOME_UNKNOWN the message may have
     * been sent: reconcile (search for the X-Outreach-Send-Id / Message-ID) before any resend.
     */
    async sendRaw(raw: Buffer | string, threadId?: string | null): Promise<SentMessage> {
      return run<SentMessage>({ operation: "messages.send", weight: GMAIL_UNITS.send }, async () => {
        cfg.guard?.();
        let data: unknown;
        try {
          const res = await api.users.messages.send(
            { userId: "me", requestBody: { raw: toBase64Url(raw), threadId: threadId ?? undefined } },
            opts,
          );
          data = res.data;
        } catch (err) {
          const mapped = mapGmailError(err, timeoutMs);
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
