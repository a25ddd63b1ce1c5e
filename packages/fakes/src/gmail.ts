import { randomBytes } from "node:crypto";
import { sendJson, sendText, startFakeCore, type BaseControl, type FakeServer, type RequestContext } from "./common.ts";
import { consentPage, errorPage, IDENTITY_SCOPES, idToken, isLoopbackRedirect, METHOD_SCOPES, normalizeScope, s256, SCOPE } from "./gmail-oauth.ts";

/**
 * Fake Gmail API (users.messages/threads/history/profile/settings.sendAs) for several accounts,
 * plus Google's OAuth side: the consent page (/o/oauth2/v2/auth), the token endpoint (/token:
 * authorization_code with PKCE, refresh_token) and /revoke. Scopes are enforced per method.
 * It only stores messages: nothing is ever relayed anywhere (there is no outbound code path).
 */

export type InboundKind = "reply" | "out_of_office" | "bounce" | "unsubscribe";

export interface GmailHeader {
  name: string;
  value: string;
}

export interface SentRecord {
  id: string;
  threadId: string;
  /** The account (primary address) that sent it. */
  account: string;
  /** The Message-ID Gmail assigned (what the recipient sees). */
  messageId: string;
  /** The Message-ID the client put in the raw message, if any. */
  originalMessageId: string | null;
  headers: Record<string, string>;
  raw: string;
  to: string;
  subject: string;
  acceptedAt: number;
  /** True when the fake stored the message but then failed the HTTP answer (failAfterAccept). */
  answerFailed: boolean;
}

export interface DeliveredMessage {
  id: string;
  threadId: string;
  messageId: string;
  raw: string;
}

export interface GmailAliasInput {
  email: string;
  displayName?: string;
  /** Send-as verification done (verificationStatus "accepted"); default true. */
  verified?: boolean;
}

export interface GmailAccountInput {
  email: string;
  displayName?: string;
  /** Custom "from" addresses (users.settings.sendAs beyond the primary one). */
  aliases?: GmailAliasInput[];
}

export interface GmailAccountInfo {
  email: string;
  displayName: string;
  aliases: { email: string; displayName: string; verified: boolean }[];
  historyId: string;
  messages: number;
  sent: number;
  /** Refresh tokens of this account that still work. */
  liveRefreshTokens: number;
}

/** error.errors[0].reason values Gmail answers with (Gmail API "Resolve errors" guide). */
export type GmailErrorReason =
  | "rateLimitExceeded"
  | "userRateLimitExceeded"
  | "dailyLimitExceeded"
  | "quotaExceeded"
  | "insufficientPermissions"
  | "domainPolicy"
  | "forbidden"
  | "backendError";

/** An error Gmail really answers, injected into the next `count` API calls (not OAuth calls). */
export interface GmailErrorSpec {
  reason: GmailErrorReason | (string & {});
  /** HTTP status; default 403 (500 for backendError). 429 is Gmail's "too many requests" (sending limits, concurrency). */
  status?: number;
  /** How many requests get it (default 1). */
  count?: number;
  /** Only requests whose path contains this (e.g. "/messages/send"). */
  path?: string;
  /** Only requests made with this account's tokens. */
  account?: string;
  /** Retry-After header: delta-seconds (number) or an HTTP-date (string). */
  retryAfter?: number | string;
  /** Appends "Retry after <ISO date>" to the message, as Gmail does for per-user limits. */
  retryAfterInMessage?: Date | string;
  /** Message instead of the documented default. */
  message?: string;
}

export interface RevokedToken {
  token: string;
  kind: "refresh" | "access";
  account: string;
  clientId: string;
  at: number;
}

/**
 * Completes an authorization request without a browser. Give the auth URL's query parameters
 * (client_id, redirect_uri, scope, state, code_challenge, ...) as fields, or the whole URL as `url`.
 */
export interface AuthorizeInput {
  url?: string;
  /** The account that signs in; created when it does not exist ("Use another account"). */
  account: string;
  /** Press Cancel: the redirect carries error=access_denied. */
  deny?: boolean;
  /** Scopes the user unticks on the consent screen (full names or "email"). Sign-in scopes cannot be unticked. */
  untick?: string[];
  [param: string]: unknown;
}

export interface GmailControl extends BaseControl {
  /** The default account. Calls without an account argument act on it. */
  readonly emailAddress: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenUrl: string;
  /** The consent page: GOOGLE_OAUTH_AUTH_URL. */
  readonly authUrl: string;
  readonly revokeUrl: string;
  /** Every message accepted by users.messages.send for that account, in order. */
  sent(email?: string): SentRecord[];
  /** Every refresh token of the account answers invalid_grant and its access tokens 401 (the user removed access). */
  revokeRefreshToken(email?: string): void;
  /** Undoes revokeRefreshToken (tokens revoked through /revoke stay revoked). */
  restoreRefreshToken(email?: string): void;
  /** The account's access tokens stop working (401) so clients must refresh. */
  expireAccessTokens(email?: string): void;
  /** history.list with a startHistoryId older than the current one (or `before`) answers 404. */
  expireHistory(before?: string, email?: string): void;
  /** The next `count` sends (any account) are stored, then the answer fails: 'drop' destroys the connection, '500' answers 500. */
  failAfterAccept(count?: number, mode?: "drop" | "500"): void;
  /** Messages become findable through messages.list q= only after this many ms (Gmail search is not instant). */
  setSearchDelay(ms: number): void;
  /**
   * The next request of that API method (e.g. "history.list") waits before Gmail looks at its
   * mailbox until `release()`; `arrived` resolves when it comes in. For tests of what changes
   * while a client is between two calls.
   */
  holdNext(method: string): HeldRequest;
  /** The outside world writes back: adds a realistic inbound message to the thread (in whichever account owns it). */
  deliverReply(threadIdOrMessageId: string, opts: { kind: InboundKind; body?: string; from?: string }): DeliveredMessage;
  /** Adds an arbitrary inbound RFC 822 message (optionally into a thread; the thread's account by default). */
  deliverRaw(raw: string, opts?: { threadId?: string; labelIds?: string[]; account?: string }): DeliveredMessage;
  historyId(email?: string): string;
  /** Adds (or updates) an account. */
  addAccount(input: GmailAccountInput): GmailAccountInfo;
  accounts(): GmailAccountInfo[];
  /** A new refresh token for the account (created if missing), as if the user had consented; default scopes: openid, email, gmail.send, gmail.readonly. */
  issueRefreshToken(email: string, scopes?: string[]): string;
  /** The redirect URL the consent page would send the browser to (code or error=access_denied). Throws "Error 400: ..." like the page. */
  authorize(input: AuthorizeInput): string;
  /** Tokens revoked through POST /revoke, in order. */
  revokedTokens(): RevokedToken[];
  /** Answers Gmail API calls with a real Gmail error (403 reasons, 429) for the next `count` requests. */
  injectGmailError(spec: GmailErrorSpec): void;
  clearGmailErrors(): void;
  /** Registered redirect URIs (exact match); null: any http(s) URL on a loopback host. */
  setRedirectUris(uris: string[] | null): void;
  /** Authorization codes issued so far are past their 10 minutes. */
  expireAuthCodes(): void;
}

export interface HeldRequest {
  arrived: Promise<void>;
  release(): void;
}

export interface FakeGmailOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** The default account's legacy refresh token (full Gmail access). */
  refreshToken?: string;
  emailAddress?: string;
  displayName?: string;
  /** More accounts present from the start (and after reset). */
  accounts?: GmailAccountInput[];
  /** Registered redirect URIs (exact match). Default: any http(s) URL on a loopback host. */
  redirectUris?: string[];
}

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  raw: string;
  headers: GmailHeader[];
  internalDate: number;
  historyId: number;
  searchableAt: number;
}

interface HistoryRecord {
  id: number;
  messageId: string;
  threadId: string;
  labelIds: string[];
}

const CRLF = "\r\n";

export function b64urlDecode(s: string): string {
  return Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
}

export function b64urlEncode(s: string): string {
  return Buffer.from(s, "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function splitMessage(raw: string): { head: string; body: string; sep: string } {
  const idx = raw.search(/\r?\n\r?\n/);
  if (idx < 0) return { head: raw, body: "", sep: CRLF + CRLF };
  const m = /\r?\n\r?\n/.exec(raw.slice(idx))!;
  return { head: raw.slice(0, idx), body: raw.slice(idx + m[0].length), sep: m[0] };
}

export function parseHeaders(raw: string): GmailHeader[] {
  const { head } = splitMessage(raw);
  const out: GmailHeader[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length) out[out.length - 1]!.value += ` ${line.trim()}`;
    else {
      const i = line.indexOf(":");
      if (i > 0) out.push({ name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() });
    }
  }
  return out;
}

function header(headers: GmailHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function firstAddress(value: string | undefined): string {
  if (!value) return "";
  const m = /<([^>]+)>/.exec(value);
  return (m ? m[1]! : value.split(",")[0]!).trim().toLowerCase();
}

function gmailMessageId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(44);
  let s = "CA";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `<${s}@mail.gmail.com>`;
}

function replaceMessageId(raw: string, newId: string): string {
  const { head, body, sep } = splitMessage(raw);
  const lines = head.split(/\r?\n/);
  const out: string[] = [];
  let skipping = false;
  let replaced = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = false;
    if (/^message-id\s*:/i.test(line)) {
      if (!replaced) out.push(`Message-ID: ${newId}`);
      replaced = true;
      skipping = true;
      continue;
    }
    out.push(line);
  }
  if (!replaced) out.unshift(`Message-ID: ${newId}`);
  return out.join(CRLF) + sep + body;
}

function textBody(raw: string): string {
  const { head, body } = splitMessage(raw);
  const ct = header(parseHeaders(head + CRLF + CRLF), "content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(ct)?.[1];
  if (!boundary) {
    const cte = (header(parseHeaders(head + CRLF + CRLF), "content-transfer-encoding") ?? "").toLowerCase();
    if (cte === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    if (cte === "quoted-printable") return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return body;
  }
  const parts = body.split(`--${boundary}`).slice(1);
  for (const p of parts) {
    const part = p.replace(/^\r?\n/, "");
    if (/^text\/plain/im.test(header(parseHeaders(part), "content-type") ?? "text/plain")) return textBody(part);
  }
  return parts[0] ? textBody(parts[0].replace(/^\r?\n/, "")) : "";
}

function snippetOf(raw: string): string {
  return textBody(raw).replace(/\s+/g, " ").trim().slice(0, 140);
}

function rfcDate(d = new Date()): string {
  return d.toUTCString().replace("GMT", "+0000");
}

function tokenize(q: string): string[] {
  return q.match(/(?:[^\s"]+:"[^"]*"|"[^"]*"|\S+)/g) ?? [];
}

function parseDateTerm(v: string): number | null {
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return null;
}

function googleApiError(
  ctx: RequestContext,
  code: number,
  message: string,
  reason: string,
  status: string,
  domain = "global",
  extra: Record<string, string> = {},
  more: { headers?: Record<string, string>; details?: unknown[]; errorMessage?: string } = {},
) {
  sendJson(
    ctx.res,
    code,
    { error: { code, message, errors: [{ message: more.errorMessage ?? message, domain, reason, ...extra }], status, ...(more.details ? { details: more.details } : {}) } },
    more.headers,
  );
}


/** A realistic inbound message answering `target` (reply, auto-reply, bounce DSN, unsubscribe request) for mailbox `emailAddress`. */
function buildInbound(emailAddress: string, target: StoredMessage, kind: InboundKind, body?: string, from?: string): string {
  const origHeaders = target.headers;
  const recipient = firstAddress(header(origHeaders, "to")) || "someone@unknown.example";
  const subject = header(origHeaders, "subject") ?? "";
  const origId = header(origHeaders, "message-id") ?? "";
  const refs = [header(origHeaders, "references"), origId].filter(Boolean).join(" ");
  const fromDomain = recipient.split("@")[1] ?? "unknown.example";
  const newMsgId = `<${randomBytes(10).toString("hex")}@${kind === "bounce" ? "mx.google.com" : fromDomain}>`;
  const date = rfcDate();
  const thread = (extra: string[]) => [`In-Reply-To: ${origId}`, `References: ${refs}`, ...extra];
  const quoted = textBody(target.raw).split(/\r?\n/).slice(0, 8).map((l) => `> ${l}`).join(CRLF);
  const plain = (headers: string[], text: string) =>
    [...headers, "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: 8bit", "", text.replace(/\r?\n/g, CRLF)].join(CRLF);
  switch (kind) {
    case "reply":
      return plain(
        [`From: ${from ?? recipient}`, `To: ${emailAddress}`, `Subject: ${/^re:/i.test(subject) ? subject : `Re: ${subject}`}`, `Date: ${date}`, `Message-ID: ${newMsgId}`, ...thread([])],
        `${body ?? "Hi,\n\nThank you for getting in touch. We would love to see more of your work and may feature it in an upcoming issue. Could you send a few high-resolution images?\n\nBest wishes"}\n\nOn ${rfcDate(new Date(target.internalDate))}, ${emailAddress} wrote:\n${quoted}`,
      );
    case "out_of_office":
      return plain(
        [
          `From: ${from ?? recipient}`,
          `To: ${emailAddress}`,
          `Subject: Automatic reply: ${subject.replace(/^re:\s*/i, "")}`,
          `Date: ${date}`,
          `Message-ID: ${newMsgId}`,
          ...thread(["Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: auto_reply"]),
        ],
        body ?? "Thank you for your email. I am out of the office until next Monday with limited access to email. I will reply when I return.\n\nFor urgent matters please contact the front desk.",
      );
    case "unsubscribe":
      return plain(
        [`From: ${from ?? recipient}`, `To: ${emailAddress}`, `Subject: ${/^re:/i.test(subject) ? subject : `Re: ${subject}`}`, `Date: ${date}`, `Message-ID: ${newMsgId}`, ...thread([])],
        body ?? "Please unsubscribe me and remove this address from your list. Do not contact me again.",
      );
    case "bounce": {
      const boundary = `000000000000${randomBytes(8).toString("hex")}`;
      const origHead = splitMessage(target.raw).head;
      return [
        `From: ${from ?? "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"}`,
        `To: ${emailAddress}`,
        "Subject: Delivery Status Notification (Failure)",
        `Date: ${date}`,
        `Message-ID: ${newMsgId}`,
        ...thread(["Auto-Submitted: auto-replied"]),
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; boundary="${boundary}"; report-type=delivery-status`,
        "",
        `--${boundary}`,
        'Content-Type: text/plain; charset="UTF-8"',
        "",
        "** Address not found **",
        "",
        `Your message wasn't delivered to ${recipient} because the address couldn't be found, or is unable to receive mail.`,
        "",
        body ?? "The response from the remote server was:\r\n550 5.1.1 The email account that you tried to reach does not exist.",
        "",
        `--${boundary}`,
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; googlemail.com",
        `Arrival-Date: ${rfcDate(new Date(target.internalDate))}`,
        "",
        `Final-Recipient: rfc822; ${recipient}`,
        "Action: failed",
        "Status: 5.1.1",
        `Remote-MTA: dns; mx.${recipient.split("@")[1] ?? "unknown.example"}`,
        "Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.",
        `Last-Attempt-Date: ${date}`,
        "",
        `--${boundary}`,
        "Content-Type: text/rfc822-headers",
        "",
        origHead,
        "",
        `--${boundary}--`,
        "",
      ].join(CRLF);
    }
  }
}

interface Account {
  email: string;
  displayName: string;
  aliases: { email: string; displayName: string; verified: boolean }[];
  messages: Map<string, StoredMessage>;
  order: string[];
  history: HistoryRecord[];
  historyCounter: number;
  minValidHistory: number;
  sentRecords: SentRecord[];
  /** clientId -> scopes this user has granted to that client (include_granted_scopes, first-consent refresh tokens). */
  grants: Map<string, Set<string>>;
}

interface RefreshRecord {
  token: string;
  account: Account;
  clientId: string;
  scopes: string[];
  revoked: null | "endpoint" | "control";
}

interface AccessRecord {
  token: string;
  account: Account;
  clientId: string;
  scopes: Set<string>;
  refresh: RefreshRecord | null;
}

interface AuthRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  /** Requested scopes, normalized ("email" -> userinfo.email), de-duplicated, in request order. */
  scopes: string[];
  state: string | null;
  accessType: "online" | "offline";
  prompt: string[];
  includeGranted: boolean;
  loginHint: string | null;
  challenge: string | null;
  method: "S256" | "plain" | null;
  createdAt: number;
}

interface AuthCode {
  code: string;
  req: AuthRequest;
  account: Account;
  scopes: string[];
  issueRefresh: boolean;
  createdAt: number;
  used: boolean;
}

class AuthRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail: string,
  ) {
    super(`Error ${status}: ${error} (${detail})`);
  }
}

const CODE_TTL_MS = 10 * 60_000;
const PENDING_TTL_MS = 60 * 60_000;
const USAGE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded", "quotaExceeded"]);
const DEFAULT_ISSUED_SCOPES = [SCOPE.openid, SCOPE.userinfoEmail, SCOPE.send, SCOPE.readonly];
const EMAIL_RE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

const token = (prefix: string, bytes = 24) => `${prefix}${randomBytes(bytes).toString("base64url")}`;

function defaultErrorMessage(reason: string, status: number): string {
  switch (reason) {
    case "rateLimitExceeded":
      return status === 429 ? "User-rate limit exceeded." : "Rate Limit Exceeded";
    case "userRateLimitExceeded":
      return "User Rate Limit Exceeded";
    case "dailyLimitExceeded":
      return "Daily Limit Exceeded";
    case "quotaExceeded":
      return "Quota Exceeded";
    case "domainPolicy":
      return "The domain administrators have disabled Gmail apps.";
    case "insufficientPermissions":
      return "Request had insufficient authentication scopes.";
    case "backendError":
      return "Backend Error";
    default:
      return "The caller does not have permission";
  }
}

function statusName(status: number): string {
  if (status === 429) return "RESOURCE_EXHAUSTED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 503) return "UNAVAILABLE";
  if (status >= 500) return "INTERNAL";
  return "FAILED_PRECONDITION";
}

function formParams(ctx: RequestContext): Record<string, string> {
  const ct = String(ctx.req.headers["content-type"] ?? "");
  if (ct.includes("json")) return Object.fromEntries(Object.entries(ctx.json<Record<string, unknown>>() ?? {}).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(new URLSearchParams(ctx.body.toString("utf8")));
}

export async function startFakeGmail(opts: FakeGmailOptions = {}): Promise<FakeServer<GmailControl>> {
  const clientId = opts.clientId ?? "fake-client-id";
  const clientSecret = opts.clientSecret ?? "fake-client-secret";
  const legacyRefreshToken = opts.refreshToken ?? "fake-refresh-token";
  const defaultEmail = (opts.emailAddress ?? "artist@sandbox-gmail.example").toLowerCase();

  let accountsByEmail = new Map<string, Account>();
  let refreshTokens = new Map<string, RefreshRecord>();
  let accessTokens = new Map<string, AccessRecord>();
  let pending = new Map<string, AuthRequest>();
  let codes = new Map<string, AuthCode>();
  let revoked: RevokedToken[] = [];
  let gmailErrors: (GmailErrorSpec & { left: number })[] = [];
  let redirectUris: string[] | null = opts.redirectUris ? [...opts.redirectUris] : null;
  /** Message and thread ids are unique across accounts: id -> owning account. */
  let messageOwner = new Map<string, Account>();
  let threadOwner = new Map<string, Account>();
  let tokenCounter = 0;
  let idCounter = 0;
  let failAfter: { count: number; mode: "drop" | "500" } = { count: 0, mode: "drop" };
  let searchDelay = 0;
  let holds: { method: string; arrive(): void; released: Promise<void> }[] = [];

  const newId = () => (BigInt("0x18f3a00000000000") + BigInt(++idCounter * 7919)).toString(16);

  function displayNameOf(email: string): string {
    const local = email.split("@")[0] ?? email;
    return local
      .split(/[._-]+/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join(" ");
  }

  function upsertAccount(input: GmailAccountInput): Account {
    const email = String(input.email ?? "").trim().toLowerCase();
    if (!EMAIL_RE.test(email)) throw new Error(`not an email address: '${input.email}'`);
    let a = accountsByEmail.get(email);
    if (!a) {
      a = {
        email,
        displayName: input.displayName ?? displayNameOf(email),
        aliases: [],
        messages: new Map(),
        order: [],
        history: [],
        historyCounter: 100_000,
        minValidHistory: 0,
        sentRecords: [],
        grants: new Map(),
      };
      accountsByEmail.set(email, a);
    } else if (input.displayName !== undefined) a.displayName = input.displayName;
    if (input.aliases) {
      a.aliases = input.aliases.map((x) => ({
        email: String(x.email).trim().toLowerCase(),
        displayName: x.displayName ?? a!.displayName,
        verified: x.verified ?? true,
      }));
    }
    return a;
  }

  function account(email?: string | null): Account {
    const key = (email ?? defaultEmail).trim().toLowerCase();
    const a = accountsByEmail.get(key);
    if (!a) throw new Error(`no account '${email}'`);
    return a;
  }

  function grant(a: Account, client: string, scopes: Iterable<string>): void {
    const set = a.grants.get(client) ?? new Set<string>();
    for (const s of scopes) set.add(s);
    a.grants.set(client, set);
  }

  function newRefreshToken(a: Account, client: string, scopes: string[]): RefreshRecord {
    const rec: RefreshRecord = { token: token("1//0g"), account: a, clientId: client, scopes: [...scopes], revoked: null };
    refreshTokens.set(rec.token, rec);
    return rec;
  }

  function newAccessToken(a: Account, client: string, scopes: Iterable<string>, refresh: RefreshRecord | null): AccessRecord {
    const rec: AccessRecord = { token: `ya29.fake-${++tokenCounter}-${randomBytes(12).toString("hex")}`, account: a, clientId: client, scopes: new Set(scopes), refresh };
    accessTokens.set(rec.token, rec);
    return rec;
  }

  function dropAccessTokens(pred: (r: AccessRecord) => boolean): void {
    for (const [t, r] of accessTokens) if (pred(r)) accessTokens.delete(t);
  }

  function init(): void {
    accountsByEmail = new Map();
    refreshTokens = new Map();
    accessTokens = new Map();
    pending = new Map();
    codes = new Map();
    revoked = [];
    gmailErrors = [];
    redirectUris = opts.redirectUris ? [...opts.redirectUris] : null;
    messageOwner = new Map();
    threadOwner = new Map();
    failAfter = { count: 0, mode: "drop" };
    searchDelay = 0;
    holds = [];
    const main = upsertAccount({ email: defaultEmail, displayName: opts.displayName ?? "Ana Ferreira" });
    for (const a of opts.accounts ?? []) upsertAccount(a);
    // The legacy single-mailbox token (GMAIL_REFRESH_TOKEN): full Gmail access. It is not recorded as
    // a consent of the account, so the consent page starts from a clean slate for every account.
    refreshTokens.set(legacyRefreshToken, { token: legacyRefreshToken, account: main, clientId, scopes: [SCOPE.full], revoked: null });
  }
  init();

  // ---------- mailbox storage ----------

  function store(a: Account, raw: string, threadId: string | null, labelIds: string[]): StoredMessage {
    const id = newId();
    a.historyCounter += 1 + (idCounter % 3); // ids increase but are not contiguous
    const msg: StoredMessage = {
      id,
      threadId: threadId ?? id,
      labelIds,
      raw,
      headers: parseHeaders(raw),
      internalDate: Date.now(),
      historyId: a.historyCounter,
      searchableAt: Date.now() + searchDelay,
    };
    a.messages.set(id, msg);
    a.order.push(id);
    a.history.push({ id: a.historyCounter, messageId: id, threadId: msg.threadId, labelIds });
    messageOwner.set(id, a);
    if (!threadOwner.has(msg.threadId)) threadOwner.set(msg.threadId, a);
    return msg;
  }

  function threadMessages(a: Account, threadId: string): StoredMessage[] {
    return a.order.map((id) => a.messages.get(id)!).filter((m) => m.threadId === threadId);
  }

  function format(m: StoredMessage, fmt: string, metadataHeaders: string[]) {
    const base = {
      id: m.id,
      threadId: m.threadId,
      labelIds: m.labelIds,
      snippet: snippetOf(m.raw),
      sizeEstimate: Buffer.byteLength(m.raw),
      historyId: String(m.historyId),
      internalDate: String(m.internalDate),
    };
    if (fmt === "minimal") return base;
    if (fmt === "raw") return { ...base, raw: b64urlEncode(m.raw) };
    const wanted = metadataHeaders.map((h) => h.toLowerCase());
    const headers = fmt === "metadata" && wanted.length ? m.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : m.headers;
    const mimeType = (header(m.headers, "content-type") ?? "text/plain").split(";")[0]!.trim();
    const payload: Record<string, unknown> = { partId: "", mimeType, filename: "", headers };
    if (fmt === "full") {
      const body = splitMessage(m.raw).body;
      payload.body = mimeType.startsWith("multipart/") ? { size: 0 } : { size: Buffer.byteLength(body), data: b64urlEncode(textBody(m.raw)) };
    } else payload.body = { size: 0 };
    return { ...base, payload };
  }

  function matches(m: StoredMessage, q: string, labelIds: string[]): boolean {
    if (labelIds.length && !labelIds.every((l) => m.labelIds.includes(l))) return false;
    for (const raw of tokenize(q)) {
      const term = raw.replace(/^"|"$/g, "");
      const i = term.indexOf(":");
      const key = i > 0 ? term.slice(0, i).toLowerCase() : "";
      const val = (i > 0 ? term.slice(i + 1) : term).replace(/^"|"$/g, "").toLowerCase();
      const h = (n: string) => (header(m.headers, n) ?? "").toLowerCase();
      switch (key) {
        case "rfc822msgid": {
          const want = val.replace(/^<|>$/g, "");
          if (h("message-id").replace(/^<|>$/g, "") !== want) return false;
          break;
        }
        case "in":
        case "label":
          if (!m.labelIds.map((l) => l.toLowerCase()).includes(val === "sent" ? "sent" : val)) return false;
          break;
        case "is":
          if (val === "unread" && !m.labelIds.includes("UNREAD")) return false;
          break;
        case "to":
          if (!`${h("to")} ${h("cc")}`.includes(val)) return false;
          break;
        case "from":
          if (!h("from").includes(val)) return false;
          break;
        case "subject":
          if (!h("subject").includes(val)) return false;
          break;
        case "after": {
          const t = parseDateTerm(val);
          if (t == null || m.internalDate < t) return false;
          break;
        }
        case "before": {
          const t = parseDateTerm(val);
          if (t == null || m.internalDate >= t) return false;
          break;
        }
        default:
          if (!`${h("subject")} ${textBody(m.raw).toLowerCase()}`.includes(val)) return false;
      }
    }
    return true;
  }

  // ---------- OAuth: consent ----------

  function redirectAllowed(uri: string): boolean {
    return redirectUris ? redirectUris.includes(uri) : isLoopbackRedirect(uri);
  }

  /** Validates an authorization request in Google's order: client, redirect URI, then the rest. */
  function parseAuthRequest(p: URLSearchParams): AuthRequest {
    const cid = p.get("client_id");
    if (!cid || cid !== clientId) throw new AuthRequestError(401, "invalid_client", "The OAuth client was not found.");
    const redirectUri = p.get("redirect_uri");
    if (!redirectUri) throw new AuthRequestError(400, "invalid_request", "Missing required parameter: redirect_uri");
    if (!redirectAllowed(redirectUri))
      throw new AuthRequestError(
        400,
        "redirect_uri_mismatch",
        "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy: the redirect_uri is not registered for this OAuth client.",
      );
    const responseType = p.get("response_type");
    if (!responseType) throw new AuthRequestError(400, "invalid_request", "Required parameter is missing: response_type");
    if (responseType !== "code") throw new AuthRequestError(400, "unsupported_response_type", `Invalid response_type: ${responseType}`);
    const scopes = [...new Set((p.get("scope") ?? "").split(/\s+/).filter(Boolean).map(normalizeScope))];
    if (!scopes.length) throw new AuthRequestError(400, "invalid_request", "Missing required parameter: scope");
    const challenge = p.get("code_challenge");
    const methodRaw = p.get("code_challenge_method");
    if (methodRaw && !challenge) throw new AuthRequestError(400, "invalid_request", "code_challenge_method given without code_challenge");
    let method: AuthRequest["method"] = null;
    if (challenge) {
      // Google: "S256" or "plain"; plain is the default when a challenge comes without a method.
      const m = methodRaw ?? "plain";
      if (m !== "S256" && m !== "plain") throw new AuthRequestError(400, "invalid_request", `Invalid code_challenge_method: ${m}`);
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) throw new AuthRequestError(400, "invalid_request", "Invalid code_challenge");
      method = m;
    }
    const accessType = p.get("access_type") ?? "online";
    if (accessType !== "online" && accessType !== "offline") throw new AuthRequestError(400, "invalid_request", `Invalid access_type: ${accessType}`);
    return {
      id: token("req-", 12),
      clientId: cid,
      redirectUri,
      scopes,
      state: p.get("state"),
      accessType,
      prompt: (p.get("prompt") ?? "").split(/\s+/).filter(Boolean),
      includeGranted: p.get("include_granted_scopes") === "true",
      loginHint: p.get("login_hint")?.toLowerCase() ?? null,
      challenge,
      method,
      createdAt: Date.now(),
    };
  }

  /** The consent decision -> the URL Google redirects the browser to. */
  function completeAuthorization(req: AuthRequest, a: Account, decision: { deny?: boolean; untick?: string[] }): string {
    const url = new URL(req.redirectUri);
    if (req.state !== null) url.searchParams.set("state", req.state);
    if (decision.deny) {
      url.searchParams.set("error", "access_denied");
      return url.toString();
    }
    const untick = new Set((decision.untick ?? []).map(normalizeScope));
    const chosen = req.scopes.filter((s) => IDENTITY_SCOPES.has(s) || !untick.has(s));
    const previous = a.grants.get(req.clientId);
    const hadConsent = !!previous && previous.size > 0;
    const scopes = req.includeGranted ? [...new Set([...(previous ?? []), ...chosen])] : chosen;
    grant(a, req.clientId, chosen);
    const code: AuthCode = {
      code: token("4/0A", 36),
      req,
      account: a,
      scopes,
      // Google: a refresh token only with access_type=offline, and then only at the first consent or with prompt=consent.
      issueRefresh: req.accessType === "offline" && (req.prompt.includes("consent") || !hadConsent),
      createdAt: Date.now(),
      used: false,
    };
    codes.set(code.code, code);
    url.searchParams.set("code", code.code);
    url.searchParams.set("scope", scopes.join(" "));
    url.searchParams.set("authuser", "0");
    url.searchParams.set("prompt", "consent");
    return url.toString();
  }

  function renderConsent(ctx: RequestContext, req: AuthRequest, error?: string, status = 200) {
    const accounts = [...accountsByEmail.values()].map((x) => ({ email: x.email, displayName: x.displayName }));
    const selected = req.loginHint && accountsByEmail.has(req.loginHint) ? req.loginHint : null;
    sendText(ctx.res, status, consentPage({ requestId: req.id, clientId: req.clientId, redirectUri: req.redirectUri, accounts, selected, scopes: req.scopes, error }), "text/html; charset=utf-8", {
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    });
  }

  function handleAuthPage(ctx: RequestContext) {
    if (ctx.method === "GET") {
      let req: AuthRequest;
      try {
        req = parseAuthRequest(ctx.url.searchParams);
      } catch (err) {
        if (!(err instanceof AuthRequestError)) throw err;
        return sendText(ctx.res, err.status, errorPage(err.status, err.error, err.detail, ctx.url.searchParams));
      }
      for (const [id, r] of pending) if (Date.now() - r.createdAt > PENDING_TTL_MS) pending.delete(id);
      pending.set(req.id, req);
      return renderConsent(ctx, req);
    }
    if (ctx.method !== "POST") return sendText(ctx.res, 405, errorPage(405, "invalid_request", "Method not allowed", {}));
    const form = new URLSearchParams(ctx.body.toString("utf8"));
    const req = pending.get(form.get("request") ?? "");
    if (!req) return sendText(ctx.res, 400, errorPage(400, "invalid_request", "This sign-in request has expired or is unknown. Start again from the app.", {}));
    if (form.get("action") === "deny") {
      pending.delete(req.id);
      return redirect(ctx, completeAuthorization(req, account(), { deny: true }));
    }
    const typed = (form.get("new_email") ?? "").trim().toLowerCase();
    const chosen = form.get("account") ?? "";
    let a: Account | undefined;
    if (typed) {
      if (!EMAIL_RE.test(typed)) return renderConsent(ctx, req, "Enter a valid email address.", 400);
      a = accountsByEmail.get(typed) ?? upsertAccount({ email: typed });
    } else if (chosen && chosen !== "__new__") a = accountsByEmail.get(chosen.toLowerCase());
    if (!a) return renderConsent(ctx, req, chosen === "__new__" ? "Enter the email address of the other account." : "Choose an account to continue.", 400);
    const ticked = new Set(form.getAll("scope").map(normalizeScope));
    pending.delete(req.id);
    return redirect(ctx, completeAuthorization(req, a, { untick: req.scopes.filter((s) => !ticked.has(s)) }));
  }

  function redirect(ctx: RequestContext, location: string) {
    ctx.res.writeHead(302, { location, "content-length": "0", "cache-control": "no-store" });
    ctx.res.end();
  }

  // ---------- OAuth: token and revoke endpoints ----------

  function oauthError(ctx: RequestContext, status: number, error: string, description: string) {
    sendJson(ctx.res, status, { error, error_description: description }, { "cache-control": "no-store" });
  }

  function tokenAnswer(ctx: RequestContext, access: AccessRecord, extra: Record<string, unknown> = {}) {
    sendJson(
      ctx.res,
      200,
      { access_token: access.token, expires_in: 3599, ...extra, scope: [...access.scopes].join(" "), token_type: "Bearer" },
      { "cache-control": "no-store" },
    );
  }

  function handleToken(ctx: RequestContext) {
    const params = formParams(ctx);
    let id = params.client_id;
    let secret = params.client_secret;
    const basic = /^Basic\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
    if (basic) {
      const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
      const i = decoded.indexOf(":");
      [id, secret] = i < 0 ? [decoded, ""] : [decodeURIComponent(decoded.slice(0, i)), decodeURIComponent(decoded.slice(i + 1))];
    }
    if (id !== clientId) return oauthError(ctx, 401, "invalid_client", "The OAuth client was not found.");
    if (secret !== clientSecret) return oauthError(ctx, 401, "invalid_client", "Unauthorized");

    if (params.grant_type === "refresh_token") {
      const rec = params.refresh_token ? refreshTokens.get(params.refresh_token) : undefined;
      if (!rec || rec.revoked) return oauthError(ctx, 400, "invalid_grant", "Token has been expired or revoked.");
      if (rec.clientId !== id) return oauthError(ctx, 400, "unauthorized_client", "Unauthorized");
      return tokenAnswer(ctx, newAccessToken(rec.account, rec.clientId, rec.scopes, rec));
    }
    if (params.grant_type === "authorization_code") {
      if (!params.code) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: code");
      const rec = codes.get(params.code);
      if (!rec) return oauthError(ctx, 400, "invalid_grant", "Malformed auth code.");
      // Single use: any attempt uses the code up, whatever its outcome.
      const reused = rec.used;
      rec.used = true;
      if (reused || Date.now() - rec.createdAt > CODE_TTL_MS || rec.req.clientId !== id) return oauthError(ctx, 400, "invalid_grant", "Bad Request");
      if (params.redirect_uri !== rec.req.redirectUri) return oauthError(ctx, 400, "redirect_uri_mismatch", "Bad Request");
      const verifier = params.code_verifier;
      if (rec.req.challenge) {
        if (!verifier) return oauthError(ctx, 400, "invalid_grant", "Missing code verifier.");
        const computed = rec.req.method === "S256" ? s256(verifier) : verifier;
        if (computed !== rec.req.challenge) return oauthError(ctx, 400, "invalid_grant", "Invalid code verifier.");
      } else if (verifier) return oauthError(ctx, 400, "invalid_grant", "code_verifier or verifier is not needed.");
      const refresh = rec.issueRefresh ? newRefreshToken(rec.account, id, rec.scopes) : null;
      const access = newAccessToken(rec.account, id, rec.scopes, refresh);
      const extra: Record<string, unknown> = {};
      if (refresh) extra.refresh_token = refresh.token;
      if (rec.scopes.includes(SCOPE.openid)) {
        extra.id_token = idToken({
          clientId: id,
          clientSecret,
          email: rec.account.email,
          name: rec.account.displayName,
          withEmail: rec.scopes.includes(SCOPE.userinfoEmail),
          withProfile: rec.scopes.includes(SCOPE.userinfoProfile),
        });
      }
      return tokenAnswer(ctx, access, extra);
    }
    return oauthError(ctx, 400, "unsupported_grant_type", `Invalid grant_type: ${params.grant_type ?? ""}`);
  }

  /** Revoking a refresh token (or an access token that came from one) ends the whole grant of that client. */
  function revokeGrant(a: Account, client: string): void {
    for (const r of refreshTokens.values()) if (r.account === a && r.clientId === client && !r.revoked) r.revoked = "endpoint";
    dropAccessTokens((r) => r.account === a && r.clientId === client);
    a.grants.delete(client);
  }

  function handleRevoke(ctx: RequestContext) {
    const body = ctx.method === "POST" ? formParams(ctx) : {};
    const t = ctx.url.searchParams.get("token") ?? body.token;
    if (!t) return oauthError(ctx, 400, "invalid_request", "Missing required parameter: token");
    const refresh = refreshTokens.get(t);
    const access = accessTokens.get(t);
    if (refresh && !refresh.revoked) {
      revoked.push({ token: t, kind: "refresh", account: refresh.account.email, clientId: refresh.clientId, at: Date.now() });
      revokeGrant(refresh.account, refresh.clientId);
      return sendJson(ctx.res, 200, {});
    }
    if (access) {
      revoked.push({ token: t, kind: "access", account: access.account.email, clientId: access.clientId, at: Date.now() });
      if (access.refresh) revokeGrant(access.account, access.clientId);
      else accessTokens.delete(t);
      return sendJson(ctx.res, 200, {});
    }
    return oauthError(ctx, 400, "invalid_token", "Token expired or revoked");
  }

  // ---------- Gmail API ----------

  function unauthenticated(ctx: RequestContext) {
    return googleApiError(
      ctx,
      401,
      "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
      "authError",
      "UNAUTHENTICATED",
      "global",
      { location: "Authorization", locationType: "header" },
      { errorMessage: "Invalid Credentials", headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } },
    );
  }

  /** Google's answer for a token without any scope the method accepts. */
  function insufficientScopes(ctx: RequestContext, method: string) {
    const m = METHOD_SCOPES[method]!;
    return googleApiError(ctx, 403, "Request had insufficient authentication scopes.", "insufficientPermissions", "PERMISSION_DENIED", "global", {}, {
      errorMessage: "Insufficient Permission",
      headers: { "www-authenticate": `Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="${m.scopes.join(" ")}"` },
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
          domain: "googleapis.com",
          metadata: { method: `caribou.api.proto.MailboxService.${m.rpc}`, service: "gmail.googleapis.com" },
        },
      ],
    });
  }

  function injectedError(ctx: RequestContext, a: Account, method: string): boolean {
    const i = gmailErrors.findIndex((s) => (!s.path || ctx.url.pathname.includes(s.path)) && (!s.account || s.account.toLowerCase() === a.email));
    if (i < 0) return false;
    const spec = gmailErrors[i]!;
    spec.left -= 1;
    if (spec.left <= 0) gmailErrors.splice(i, 1);
    if (spec.reason === "insufficientPermissions" && !spec.message && spec.status === undefined) {
      insufficientScopes(ctx, method);
      return true;
    }
    const status = spec.status ?? (spec.reason === "backendError" ? 500 : 403);
    let message = spec.message ?? defaultErrorMessage(spec.reason, status);
    if (spec.retryAfterInMessage !== undefined) {
      const at = spec.retryAfterInMessage instanceof Date ? spec.retryAfterInMessage.toISOString() : String(spec.retryAfterInMessage);
      message = `${message.replace(/\.?$/, ".")}  Retry after ${at}`;
    }
    const headers: Record<string, string> = spec.retryAfter !== undefined ? { "retry-after": String(spec.retryAfter) } : {};
    googleApiError(ctx, status, message, spec.reason, statusName(status), USAGE_REASONS.has(spec.reason) ? "usageLimits" : "global", {}, { headers });
    return true;
  }

  function acceptSend(ctx: RequestContext, a: Account, raw: string, threadId: string | null): void {
    const headers = parseHeaders(raw);
    const to = header(headers, "to");
    if (!to && !header(headers, "cc") && !header(headers, "bcc")) return googleApiError(ctx, 400, "Recipient address required", "invalidArgument", "INVALID_ARGUMENT");
    if (threadId && !a.messages.has(threadId) && !a.order.some((id) => a.messages.get(id)!.threadId === threadId))
      return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
    const originalMessageId = header(headers, "message-id") ?? null;
    const assigned = gmailMessageId();
    const rewritten = replaceMessageId(raw, assigned);
    const own = new Set([a.email, ...a.aliases.map((x) => x.email)]);
    const toSelf = own.has(firstAddress(to));
    const msg = store(a, rewritten, threadId, toSelf ? ["SENT", "INBOX", "UNREAD"] : ["SENT"]);
    const failing = failAfter.count > 0;
    if (failing) failAfter.count -= 1;
    a.sentRecords.push({
      id: msg.id,
      threadId: msg.threadId,
      account: a.email,
      messageId: assigned,
      originalMessageId,
      headers: Object.fromEntries(msg.headers.map((h) => [h.name.toLowerCase(), h.value])),
      raw: rewritten,
      to: to ?? "",
      subject: header(headers, "subject") ?? "",
      acceptedAt: msg.internalDate,
      answerFailed: failing,
    });
    if (failing) {
      if (failAfter.mode === "500") return googleApiError(ctx, 500, "Backend Error", "backendError", "INTERNAL");
      ctx.res.destroy();
      return;
    }
    sendJson(ctx.res, 200, { id: msg.id, threadId: msg.threadId, labelIds: msg.labelIds });
  }

  /** Route -> Gmail method name (for scopes) and its handler. */
  function route(ctx: RequestContext, rest: string, upload: boolean): { method: string; run: (a: Account) => void } | null {
    const q = ctx.url.searchParams;
    if (ctx.method === "GET" && rest === "profile")
      return {
        method: "getProfile",
        run: (a) => {
          const threads = new Set(a.order.map((id) => a.messages.get(id)!.threadId));
          sendJson(ctx.res, 200, { emailAddress: a.email, messagesTotal: a.messages.size, threadsTotal: threads.size, historyId: String(a.historyCounter) });
        },
      };
    if (ctx.method === "POST" && rest === "messages/send")
      return {
        method: "messages.send",
        run: (a) => {
          // media upload: the body is the RFC 822 message itself
          if (upload) return acceptSend(ctx, a, ctx.body.toString("utf8"), q.get("threadId"));
          const body = ctx.json<{ raw?: string; threadId?: string }>();
          if (!body?.raw)
            return googleApiError(ctx, 400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", "invalidArgument", "INVALID_ARGUMENT");
          return acceptSend(ctx, a, b64urlDecode(body.raw), body.threadId ?? null);
        },
      };
    if (ctx.method === "GET" && rest === "messages")
      return {
        method: "messages.list",
        run: (a) => {
          const labelIds = q.getAll("labelIds");
          const max = Math.min(Number(q.get("maxResults") ?? 100), 500);
          const start = Number(q.get("pageToken") ?? 0);
          const now = Date.now();
          const query = q.get("q") ?? "";
          const found = [...a.order]
            .reverse()
            .map((id) => a.messages.get(id)!)
            .filter((msg) => (query ? msg.searchableAt <= now : true) && matches(msg, query, labelIds));
          const page = found.slice(start, start + max);
          sendJson(ctx.res, 200, {
            ...(page.length ? { messages: page.map((x) => ({ id: x.id, threadId: x.threadId })) } : {}),
            ...(start + max < found.length ? { nextPageToken: String(start + max) } : {}),
            resultSizeEstimate: found.length,
          });
        },
      };
    const getMsg = /^messages\/([^/]+)$/.exec(rest);
    if (ctx.method === "GET" && getMsg)
      return {
        method: "messages.get",
        run: (a) => {
          const msg = a.messages.get(getMsg[1]!);
          if (!msg) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
          sendJson(ctx.res, 200, format(msg, q.get("format") ?? "full", q.getAll("metadataHeaders")));
        },
      };
    const getThread = /^threads\/([^/]+)$/.exec(rest);
    if (ctx.method === "GET" && getThread)
      return {
        method: "threads.get",
        run: (a) => {
          const list = threadMessages(a, getThread[1]!);
          if (!list.length) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
          const fmt = q.get("format") ?? "full";
          sendJson(ctx.res, 200, {
            id: getThread[1],
            snippet: snippetOf(list[list.length - 1]!.raw),
            historyId: String(Math.max(...list.map((x) => x.historyId))),
            messages: list.map((x) => format(x, fmt, q.getAll("metadataHeaders"))),
          });
        },
      };
    if (ctx.method === "GET" && rest === "history")
      return {
        method: "history.list",
        run: (a) => {
          const startRaw = q.get("startHistoryId");
          if (!startRaw || !/^\d+$/.test(startRaw)) return googleApiError(ctx, 400, "Invalid startHistoryId", "invalidArgument", "INVALID_ARGUMENT");
          const start = Number(startRaw);
          if (start < a.minValidHistory || start > a.historyCounter) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
          const labelId = q.get("labelId");
          const types = q.getAll("historyTypes");
          const max = Math.min(Number(q.get("maxResults") ?? 100), 500);
          const offset = Number(q.get("pageToken") ?? 0);
          const records = a.history.filter((r) => r.id > start && (!labelId || r.labelIds.includes(labelId)) && (!types.length || types.includes("messageAdded")));
          const page = records.slice(offset, offset + max);
          sendJson(ctx.res, 200, {
            ...(page.length
              ? {
                  history: page.map((r) => ({
                    id: String(r.id),
                    messages: [{ id: r.messageId, threadId: r.threadId }],
                    messagesAdded: [{ message: { id: r.messageId, threadId: r.threadId, labelIds: r.labelIds } }],
                  })),
                }
              : {}),
            ...(offset + max < records.length ? { nextPageToken: String(offset + max) } : {}),
            historyId: String(a.historyCounter),
          });
        },
      };
    if (ctx.method === "GET" && rest === "settings/sendAs")
      return {
        method: "settings.sendAs.list",
        run: (a) => {
          // Proto3 JSON: false booleans are left out; verificationStatus only applies to custom "from" aliases.
          const primary = { sendAsEmail: a.email, displayName: a.displayName, replyToAddress: "", signature: "", isPrimary: true, isDefault: true };
          const aliases = a.aliases.map((x) => ({
            sendAsEmail: x.email,
            displayName: x.displayName,
            replyToAddress: "",
            signature: "",
            treatAsAlias: true,
            verificationStatus: x.verified ? "accepted" : "pending",
          }));
          sendJson(ctx.res, 200, { sendAs: [primary, ...aliases] });
        },
      };
    return null;
  }

  async function handle(ctx: RequestContext) {
    const path = ctx.url.pathname;
    if (path === "/token" && ctx.method === "POST") return handleToken(ctx);
    if (path === "/revoke" && ctx.method === "POST") return handleRevoke(ctx);
    if (path === "/o/oauth2/v2/auth") return handleAuthPage(ctx);
    const m = /^\/(upload\/)?gmail\/v1\/users\/([^/]+)\/(.*)$/.exec(path);
    if (!m) return googleApiError(ctx, 404, "Not Found", "notFound", "NOT_FOUND");
    const auth = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
    const access = auth ? accessTokens.get(auth[1]!.trim()) : undefined;
    if (!access) return unauthenticated(ctx);
    const a = access.account;
    const user = decodeURIComponent(m[2]!).toLowerCase();
    if (user !== "me" && user !== a.email) return googleApiError(ctx, 403, "Delegation denied for " + a.email, "forbidden", "PERMISSION_DENIED");
    const r = route(ctx, m[3]!.replace(/\/+$/, ""), !!m[1]);
    if (!r) return googleApiError(ctx, 404, "Not Found", "notFound", "NOT_FOUND");
    const accepted = METHOD_SCOPES[r.method]!.scopes.filter((s) => access.scopes.has(s));
    if (!accepted.length) return insufficientScopes(ctx, r.method);
    if (accepted.length === 1 && accepted[0] === SCOPE.metadata) {
      const fmt = ctx.url.searchParams.get("format") ?? "full";
      if ((r.method === "messages.get" || r.method === "threads.get") && (fmt === "full" || fmt === "raw"))
        return googleApiError(ctx, 403, `Metadata scope doesn't allow format ${fmt.toUpperCase()}`, "forbidden", "PERMISSION_DENIED");
      if (r.method === "messages.list" && ctx.url.searchParams.get("q")) return googleApiError(ctx, 403, "Metadata scope does not support 'q' parameter", "forbidden", "PERMISSION_DENIED");
    }
    if (injectedError(ctx, a, r.method)) return;
    const held = holds.findIndex((h) => h.method === r.method);
    if (held >= 0) {
      const [hold] = holds.splice(held, 1);
      hold!.arrive();
      await hold!.released;
    }
    r.run(a);
  }

  const retryAfterHeader = (sec: number) => ({ "retry-after": String(sec) });

  const core = await startFakeCore({
    name: "gmail",
    port: opts.port,
    basePath: "/",
    handle,
    rateLimited: (ctx) =>
      googleApiError(ctx, 429, `User-rate limit exceeded.  Retry after ${new Date(Date.now() + 1000).toISOString()}`, "rateLimitExceeded", "RESOURCE_EXHAUSTED", "usageLimits", {}, {
        headers: retryAfterHeader(1),
      }),
    fault: (ctx, status) => {
      if (status === 429)
        return googleApiError(ctx, 429, "User-rate limit exceeded.", "rateLimitExceeded", "RESOURCE_EXHAUSTED", "usageLimits", {}, { headers: retryAfterHeader(1) });
      if (status === 503) return googleApiError(ctx, 503, "The service is currently unavailable.", "backendError", "UNAVAILABLE");
      if (status === 401) return googleApiError(ctx, 401, "Invalid Credentials", "authError", "UNAUTHENTICATED");
      return googleApiError(ctx, status, "Backend Error", "backendError", status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION");
    },
    actions: {
      sent: (b) => control.sent(acct(b)),
      "revoke-refresh-token": (b) => control.revokeRefreshToken(acct(b)),
      "restore-refresh-token": (b) => control.restoreRefreshToken(acct(b)),
      "expire-access-tokens": (b) => control.expireAccessTokens(acct(b)),
      "expire-history": (b) => control.expireHistory(b.before == null ? undefined : String(b.before), acct(b)),
      "fail-after-accept": (b) => control.failAfterAccept(b.count == null ? 1 : Number(b.count), b.mode === "500" ? "500" : "drop"),
      "search-delay": (b) => control.setSearchDelay(Number(b.ms ?? 0)),
      "deliver-reply": (b) =>
        control.deliverReply(String(b.target ?? b.threadId ?? b.messageId ?? ""), {
          kind: (b.kind as InboundKind) ?? "reply",
          body: b.body as string | undefined,
          from: b.from as string | undefined,
        }),
      "deliver-raw": (b) =>
        control.deliverRaw(String(b.raw ?? ""), {
          threadId: b.threadId as string | undefined,
          labelIds: Array.isArray(b.labelIds) ? b.labelIds.map(String) : undefined,
          account: acct(b),
        }),
      "history-id": (b) => control.historyId(acct(b)),
      "add-account": (b) => control.addAccount(b as unknown as GmailAccountInput),
      accounts: () => control.accounts(),
      "issue-refresh-token": (b) => control.issueRefreshToken(String(b.email ?? b.account ?? ""), Array.isArray(b.scopes) ? b.scopes.map(String) : undefined),
      authorize: (b) => control.authorize(b as AuthorizeInput),
      "revoked-tokens": () => control.revokedTokens(),
      "gmail-error": (b) => control.injectGmailError(b as unknown as GmailErrorSpec),
      "clear-gmail-errors": () => control.clearGmailErrors(),
      "redirect-uris": (b) => control.setRedirectUris(Array.isArray(b.uris) ? b.uris.map(String) : null),
      "expire-auth-codes": () => control.expireAuthCodes(),
    },
    onReset: init,
  });

  /** The optional account of an HTTP control action: `account` or `email`. */
  const acct = (b: Record<string, unknown>): string | undefined => {
    const v = b.account ?? b.email;
    return typeof v === "string" && v ? v : undefined;
  };

  const infoOf = (a: Account): GmailAccountInfo => ({
    email: a.email,
    displayName: a.displayName,
    aliases: a.aliases.map((x) => ({ ...x })),
    historyId: String(a.historyCounter),
    messages: a.messages.size,
    sent: a.sentRecords.length,
    liveRefreshTokens: [...refreshTokens.values()].filter((r) => r.account === a && !r.revoked).length,
  });

  const control: GmailControl = Object.assign(core.control, {
    emailAddress: defaultEmail,
    clientId,
    clientSecret,
    tokenUrl: `${core.url}token`,
    authUrl: `${core.url}o/oauth2/v2/auth`,
    revokeUrl: `${core.url}revoke`,
    sent: (email?: string) => account(email).sentRecords.map((s) => ({ ...s, headers: { ...s.headers } })),
    revokeRefreshToken(email?: string) {
      const a = account(email);
      for (const r of refreshTokens.values()) if (r.account === a && !r.revoked) r.revoked = "control";
      dropAccessTokens((r) => r.account === a);
    },
    restoreRefreshToken(email?: string) {
      const a = account(email);
      for (const r of refreshTokens.values()) if (r.account === a && r.revoked === "control") r.revoked = null;
    },
    expireAccessTokens(email?: string) {
      const a = account(email);
      dropAccessTokens((r) => r.account === a);
    },
    expireHistory(before?: string, email?: string) {
      const a = account(email);
      a.minValidHistory = before ? Number(before) : a.historyCounter;
    },
    failAfterAccept(count = 1, mode: "drop" | "500" = "drop") {
      failAfter = { count, mode };
    },
    setSearchDelay(ms: number) {
      searchDelay = Math.max(0, ms);
    },
    holdNext(method: string): HeldRequest {
      if (!METHOD_SCOPES[method]) throw new Error(`no Gmail API method '${method}'`);
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => (arrive = r));
      const released = new Promise<void>((r) => (release = r));
      holds.push({ method, arrive, released });
      return { arrived, release };
    },
    deliverReply(target: string, o: { kind: InboundKind; body?: string; from?: string }): DeliveredMessage {
      const a = messageOwner.get(target) ?? threadOwner.get(target);
      if (!a) throw new Error(`no message or thread '${target}'`);
      const direct = a.messages.get(target);
      const threadId = direct ? direct.threadId : target;
      const inThread = threadMessages(a, threadId);
      if (!inThread.length) throw new Error(`no message or thread '${target}'`);
      const original = [...inThread].reverse().find((x) => x.labelIds.includes("SENT")) ?? inThread[inThread.length - 1]!;
      return control.deliverRaw(buildInbound(a.email, original, o.kind, o.body, o.from), { threadId, account: a.email });
    },
    deliverRaw(raw: string, o: { threadId?: string; labelIds?: string[]; account?: string } = {}): DeliveredMessage {
      const a = o.account ? account(o.account) : ((o.threadId ? threadOwner.get(o.threadId) : undefined) ?? account());
      const msg = store(a, raw, o.threadId ?? null, o.labelIds ?? ["INBOX", "UNREAD"]);
      return { id: msg.id, threadId: msg.threadId, messageId: header(msg.headers, "message-id") ?? "", raw };
    },
    historyId: (email?: string) => String(account(email).historyCounter),
    addAccount: (input: GmailAccountInput) => infoOf(upsertAccount(input)),
    accounts: () => [...accountsByEmail.values()].map(infoOf),
    issueRefreshToken(email: string, scopes?: string[]) {
      const a = accountsByEmail.get(String(email).toLowerCase()) ?? upsertAccount({ email });
      const granted = [...new Set((scopes ?? DEFAULT_ISSUED_SCOPES).map(normalizeScope))];
      grant(a, clientId, granted);
      return newRefreshToken(a, clientId, granted).token;
    },
    authorize(input: AuthorizeInput): string {
      const { url, account: email, deny, untick, ...rest } = input;
      const params = url ? new URL(url).searchParams : new URLSearchParams(Object.entries(rest).map(([k, v]): [string, string] => [k, String(v)]));
      const req = parseAuthRequest(params);
      const a = accountsByEmail.get(String(email ?? "").toLowerCase()) ?? upsertAccount({ email: String(email ?? "") });
      return completeAuthorization(req, a, { deny: !!deny, untick: Array.isArray(untick) ? untick.map(String) : [] });
    },
    revokedTokens: () => revoked.map((r) => ({ ...r })),
    injectGmailError(spec: GmailErrorSpec) {
      if (!spec || typeof spec.reason !== "string" || !spec.reason) throw new Error("a Gmail error needs a reason");
      gmailErrors.push({ ...spec, left: spec.count == null ? 1 : Number(spec.count) });
    },
    clearGmailErrors() {
      gmailErrors = [];
    },
    setRedirectUris(uris: string[] | null) {
      redirectUris = uris ? [...uris] : null;
    },
    expireAuthCodes() {
      for (const c of codes.values()) c.createdAt = Date.now() - CODE_TTL_MS - 1;
    },
  });
  return { url: core.url, control, close: core.close };
}
