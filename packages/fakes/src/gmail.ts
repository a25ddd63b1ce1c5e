import { randomBytes } from "node:crypto";
import { sendJson, startFakeCore, type BaseControl, type FakeServer, type RequestContext } from "./common.ts";

/**
 * Fake Gmail API (users.messages/threads/history/profile) plus Google's OAuth token endpoint.
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

export interface GmailControl extends BaseControl {
  readonly emailAddress: string;
  readonly tokenUrl: string;
  /** Every message accepted by users.messages.send, in order. */
  sent(): SentRecord[];
  /** The refresh token now answers invalid_grant; access tokens stop working too. */
  revokeRefreshToken(): void;
  restoreRefreshToken(): void;
  /** Access tokens already issued stop working (401) so clients must refresh. */
  expireAccessTokens(): void;
  /** history.list with a startHistoryId older than the current one (or `before`) answers 404. */
  expireHistory(before?: string): void;
  /** The next `count` sends are stored, then the answer fails: 'drop' destroys the connection, '500' answers 500. */
  failAfterAccept(count?: number, mode?: "drop" | "500"): void;
  /** Messages become findable through messages.list q= only after this many ms (Gmail search is not instant). */
  setSearchDelay(ms: number): void;
  /** The outside world writes back: adds a realistic inbound message to the thread. */
  deliverReply(threadIdOrMessageId: string, opts: { kind: InboundKind; body?: string; from?: string }): DeliveredMessage;
  /** Adds an arbitrary inbound RFC 822 message (optionally into a thread). */
  deliverRaw(raw: string, opts?: { threadId?: string; labelIds?: string[] }): DeliveredMessage;
  historyId(): string;
}

export interface FakeGmailOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  emailAddress?: string;
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

function googleApiError(ctx: RequestContext, code: number, message: string, reason: string, status: string, domain = "global", extra: Record<string, string> = {}) {
  sendJson(ctx.res, code, { error: { code, message, errors: [{ message, domain, reason, ...extra }], status } });
}

export async function startFakeGmail(opts: FakeGmailOptions = {}): Promise<FakeServer<GmailControl>> {
  const clientId = opts.clientId ?? "fake-client-id";
  const clientSecret = opts.clientSecret ?? "fake-client-secret";
  const refreshToken = opts.refreshToken ?? "fake-refresh-token";
  const emailAddress = (opts.emailAddress ?? "artist@sandbox-gmail.example").toLowerCase();

  let refreshRevoked = false;
  let accessTokens = new Set<string>();
  let tokenCounter = 0;
  let messages = new Map<string, StoredMessage>();
  let order: string[] = [];
  let history: HistoryRecord[] = [];
  let historyCounter = 100_000;
  let minValidHistory = 0;
  let idCounter = 0;
  let sentRecords: SentRecord[] = [];
  let failAfter: { count: number; mode: "drop" | "500" } = { count: 0, mode: "drop" };
  let searchDelay = 0;

  const newId = () => (BigInt("0x18f3a00000000000") + BigInt(++idCounter * 7919)).toString(16);

  function store(raw: string, threadId: string | null, labelIds: string[]): StoredMessage {
    const id = newId();
    historyCounter += 1 + (idCounter % 3); // ids increase but are not contiguous
    const msg: StoredMessage = {
      id,
      threadId: threadId ?? id,
      labelIds,
      raw,
      headers: parseHeaders(raw),
      internalDate: Date.now(),
      historyId: historyCounter,
      searchableAt: Date.now() + searchDelay,
    };
    messages.set(id, msg);
    order.push(id);
    history.push({ id: historyCounter, messageId: id, threadId: msg.threadId, labelIds });
    return msg;
  }

  function threadMessages(threadId: string): StoredMessage[] {
    return order.map((id) => messages.get(id)!).filter((m) => m.threadId === threadId);
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

  async function handleToken(ctx: RequestContext) {
    const ct = String(ctx.req.headers["content-type"] ?? "");
    const params: Record<string, string> = ct.includes("json")
      ? Object.fromEntries(Object.entries(ctx.json<Record<string, unknown>>() ?? {}).map(([k, v]) => [k, String(v)]))
      : Object.fromEntries(new URLSearchParams(ctx.body.toString("utf8")));
    let id = params.client_id;
    let secret = params.client_secret;
    const basic = /^Basic\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
    if (basic) [id, secret] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
    if (id !== clientId || secret !== clientSecret) return sendJson(ctx.res, 401, { error: "invalid_client", error_description: "The OAuth client was not found." });
    if (params.grant_type !== "refresh_token") return sendJson(ctx.res, 400, { error: "unsupported_grant_type", error_description: `Invalid grant_type: ${params.grant_type ?? ""}` });
    if (params.refresh_token !== refreshToken || refreshRevoked) return sendJson(ctx.res, 400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
    const token = `ya29.fake-${++tokenCounter}-${randomBytes(12).toString("hex")}`;
    accessTokens.add(token);
    return sendJson(ctx.res, 200, {
      access_token: token,
      expires_in: 3599,
      scope: "https://www.googleapis.com/auth/gmail.modify",
      token_type: "Bearer",
    });
  }

  function acceptSend(ctx: RequestContext, raw: string, threadId: string | null): void {
    const headers = parseHeaders(raw);
    const to = header(headers, "to");
    if (!to && !header(headers, "cc") && !header(headers, "bcc")) return googleApiError(ctx, 400, "Recipient address required", "invalidArgument", "INVALID_ARGUMENT");
    if (threadId && !messages.has(threadId) && !order.some((id) => messages.get(id)!.threadId === threadId))
      return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
    const originalMessageId = header(headers, "message-id") ?? null;
    const assigned = gmailMessageId();
    const rewritten = replaceMessageId(raw, assigned);
    const toSelf = firstAddress(to) === emailAddress;
    const msg = store(rewritten, threadId, toSelf ? ["SENT", "INBOX", "UNREAD"] : ["SENT"]);
    const failing = failAfter.count > 0;
    if (failing) failAfter.count -= 1;
    sentRecords.push({
      id: msg.id,
      threadId: msg.threadId,
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

  async function handle(ctx: RequestContext) {
    const path = ctx.url.pathname;
    if (path === "/token" && ctx.method === "POST") return handleToken(ctx);
    const m = /^\/(upload\/)?gmail\/v1\/users\/([^/]+)\/(.*)$/.exec(path);
    if (!m) return googleApiError(ctx, 404, "Not Found", "notFound", "NOT_FOUND");
    const auth = /^Bearer\s+(.+)$/i.exec(ctx.req.headers.authorization ?? "");
    if (!auth || !accessTokens.has(auth[1]!.trim()))
      return googleApiError(
        ctx,
        401,
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
        "authError",
        "UNAUTHENTICATED",
        "global",
        { location: "Authorization", locationType: "header" },
      );
    const user = decodeURIComponent(m[2]!).toLowerCase();
    if (user !== "me" && user !== emailAddress) return googleApiError(ctx, 403, "Delegation denied for " + emailAddress, "forbidden", "PERMISSION_DENIED");
    const rest = m[3]!.replace(/\/+$/, "");
    const q = ctx.url.searchParams;

    if (ctx.method === "GET" && rest === "profile") {
      const threads = new Set(order.map((id) => messages.get(id)!.threadId));
      return sendJson(ctx.res, 200, { emailAddress, messagesTotal: messages.size, threadsTotal: threads.size, historyId: String(historyCounter) });
    }
    if (ctx.method === "POST" && rest === "messages/send") {
      if (m[1]) {
        // media upload: the body is the RFC 822 message itself
        return acceptSend(ctx, ctx.body.toString("utf8"), q.get("threadId"));
      }
      const body = ctx.json<{ raw?: string; threadId?: string }>();
      if (!body?.raw) return googleApiError(ctx, 400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required", "invalidArgument", "INVALID_ARGUMENT");
      return acceptSend(ctx, b64urlDecode(body.raw), body.threadId ?? null);
    }
    if (ctx.method === "GET" && rest === "messages") {
      const labelIds = q.getAll("labelIds");
      const max = Math.min(Number(q.get("maxResults") ?? 100), 500);
      const start = Number(q.get("pageToken") ?? 0);
      const now = Date.now();
      const query = q.get("q") ?? "";
      const found = [...order]
        .reverse()
        .map((id) => messages.get(id)!)
        .filter((msg) => (query ? msg.searchableAt <= now : true) && matches(msg, query, labelIds));
      const page = found.slice(start, start + max);
      return sendJson(ctx.res, 200, {
        ...(page.length ? { messages: page.map((x) => ({ id: x.id, threadId: x.threadId })) } : {}),
        ...(start + max < found.length ? { nextPageToken: String(start + max) } : {}),
        resultSizeEstimate: found.length,
      });
    }
    const getMsg = /^messages\/([^/]+)$/.exec(rest);
    if (ctx.method === "GET" && getMsg) {
      const msg = messages.get(getMsg[1]!);
      if (!msg) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
      return sendJson(ctx.res, 200, format(msg, q.get("format") ?? "full", q.getAll("metadataHeaders")));
    }
    const getThread = /^threads\/([^/]+)$/.exec(rest);
    if (ctx.method === "GET" && getThread) {
      const list = threadMessages(getThread[1]!);
      if (!list.length) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
      const fmt = q.get("format") ?? "full";
      return sendJson(ctx.res, 200, {
        id: getThread[1],
        snippet: snippetOf(list[list.length - 1]!.raw),
        historyId: String(Math.max(...list.map((x) => x.historyId))),
        messages: list.map((x) => format(x, fmt, q.getAll("metadataHeaders"))),
      });
    }
    if (ctx.method === "GET" && rest === "history") {
      const startRaw = q.get("startHistoryId");
      if (!startRaw || !/^\d+$/.test(startRaw)) return googleApiError(ctx, 400, "Invalid startHistoryId", "invalidArgument", "INVALID_ARGUMENT");
      const start = Number(startRaw);
      if (start < minValidHistory || start > historyCounter) return googleApiError(ctx, 404, "Requested entity was not found.", "notFound", "NOT_FOUND");
      const labelId = q.get("labelId");
      const types = q.getAll("historyTypes");
      const max = Math.min(Number(q.get("maxResults") ?? 100), 500);
      const offset = Number(q.get("pageToken") ?? 0);
      const records = history.filter((r) => r.id > start && (!labelId || r.labelIds.includes(labelId)) && (!types.length || types.includes("messageAdded")));
      const page = records.slice(offset, offset + max);
      return sendJson(ctx.res, 200, {
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
        historyId: String(historyCounter),
      });
    }
    return googleApiError(ctx, 404, "Not Found", "notFound", "NOT_FOUND");
  }

  function buildInbound(target: StoredMessage, kind: InboundKind, body?: string, from?: string): string {
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

  const core = await startFakeCore({
    name: "gmail",
    port: opts.port,
    basePath: "/",
    handle,
    rateLimited: (ctx) =>
      googleApiError(ctx, 429, `User-rate limit exceeded.  Retry after ${new Date(Date.now() + 1000).toISOString()}`, "rateLimitExceeded", "RESOURCE_EXHAUSTED", "usageLimits"),
    fault: (ctx, status) => {
      if (status === 429) return googleApiError(ctx, 429, "User-rate limit exceeded.", "rateLimitExceeded", "RESOURCE_EXHAUSTED", "usageLimits");
      if (status === 503) return googleApiError(ctx, 503, "The service is currently unavailable.", "backendError", "UNAVAILABLE");
      if (status === 401) return googleApiError(ctx, 401, "Invalid Credentials", "authError", "UNAUTHENTICATED");
      return googleApiError(ctx, status, "Backend Error", "backendError", status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION");
    },
    actions: {
      sent: () => control.sent(),
      "revoke-refresh-token": () => control.revokeRefreshToken(),
      "restore-refresh-token": () => control.restoreRefreshToken(),
      "expire-access-tokens": () => control.expireAccessTokens(),
      "expire-history": (b) => control.expireHistory(b.before == null ? undefined : String(b.before)),
      "fail-after-accept": (b) => control.failAfterAccept(b.count == null ? 1 : Number(b.count), b.mode === "500" ? "500" : "drop"),
      "search-delay": (b) => control.setSearchDelay(Number(b.ms ?? 0)),
      "deliver-reply": (b) => control.deliverReply(String(b.target ?? b.threadId ?? b.messageId ?? ""), { kind: (b.kind as InboundKind) ?? "reply", body: b.body as string | undefined, from: b.from as string | undefined }),
      "history-id": () => control.historyId(),
    },
    onReset() {
      refreshRevoked = false;
      accessTokens = new Set();
      messages = new Map();
      order = [];
      history = [];
      historyCounter = 100_000;
      minValidHistory = 0;
      sentRecords = [];
      failAfter = { count: 0, mode: "drop" };
      searchDelay = 0;
    },
  });

  const control: GmailControl = Object.assign(core.control, {
    emailAddress,
    tokenUrl: `${core.url}token`,
    sent: () => sentRecords.map((s) => ({ ...s, headers: { ...s.headers } })),
    revokeRefreshToken() {
      refreshRevoked = true;
      accessTokens.clear();
    },
    restoreRefreshToken() {
      refreshRevoked = false;
    },
    expireAccessTokens() {
      accessTokens.clear();
    },
    expireHistory(before?: string) {
      minValidHistory = before ? Number(before) : historyCounter;
    },
    failAfterAccept(count = 1, mode: "drop" | "500" = "drop") {
      failAfter = { count, mode };
    },
    setSearchDelay(ms: number) {
      searchDelay = Math.max(0, ms);
    },
    deliverReply(target: string, o: { kind: InboundKind; body?: string; from?: string }): DeliveredMessage {
      const direct = messages.get(target);
      const threadId = direct ? direct.threadId : target;
      const inThread = threadMessages(threadId);
      if (!inThread.length) throw new Error(`no message or thread '${target}'`);
      const original = [...inThread].reverse().find((x) => x.labelIds.includes("SENT")) ?? inThread[inThread.length - 1]!;
      return control.deliverRaw(buildInbound(original, o.kind, o.body, o.from), { threadId });
    },
    deliverRaw(raw: string, o: { threadId?: string; labelIds?: string[] } = {}): DeliveredMessage {
      const msg = store(raw, o.threadId ?? null, o.labelIds ?? ["INBOX", "UNREAD"]);
      return { id: msg.id, threadId: msg.threadId, messageId: header(msg.headers, "message-id") ?? "", raw };
    },
    historyId: () => String(historyCounter),
  });
  return { url: core.url, control, close: core.close };
}
