import http from "node:http";
import https from "node:https";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { checkUrl, guardedLookup, systemResolver, type GuardDecision, type GuardedAgents, type GuardOptions, type Resolver } from "./guard.ts";

/**
 * One page through the guard: manual redirects (each hop checked again), a byte cap, a time cap,
 * text content types only. Never throws for what a site does; returns a typed failure instead.
 */

export type FetchFailureReason =
  | "refused"
  | "timeout"
  | "too_many_redirects"
  | "bad_redirect"
  | "unsupported_content_type"
  | "http_error"
  | "network";

export interface FetchedPage {
  ok: true;
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL after redirects (the site's own URL, also in sandbox mode). */
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** Bytes read from the network (after decompression). */
  bytes: number;
  /** True when the byte cap cut the body (the download was aborted there). */
  truncated: boolean;
  redirects: string[];
}

export interface FetchFailure {
  ok: false;
  requestedUrl: string;
  url: string;
  reason: FetchFailureReason;
  detail: string;
  status?: number;
  /** Where the last redirect pointed when reason is "too_many_redirects" (not followed). */
  location?: string;
  /** The guard's decision when reason is "refused". */
  decision?: Extract<GuardDecision, { allowed: false }>;
  bytes: number;
  redirects: string[];
}

export type FetchResult = FetchedPage | FetchFailure;

export interface FetchPageOptions extends GuardOptions {
  agents: GuardedAgents;
  maxBytes: number;
  maxRedirects: number;
  /** Aborts the fetch (the crawl's deadline and the page's own timeout combined). */
  signal: AbortSignal;
  userAgent: string;
  /** Content types read (default: HTML and plain text). */
  accept?: readonly string[];
  /** Every guard decision, allowed or not (for logs and tests). */
  onDecision?: (d: GuardDecision) => void;
}

export const TEXT_TYPES = ["text/html", "application/xhtml+xml", "text/plain"] as const;
/** Sitemaps and RSS/Atom feeds, for readers that ask for them. */
export const XML_TYPES = ["application/xml", "text/xml", "application/rss+xml", "application/atom+xml"] as const;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function fetchPage(startUrl: string, opts: FetchPageOptions): Promise<FetchResult> {
  const redirects: string[] = [];
  let current = startUrl;
  let bytes = 0;
  const fail = (reason: FetchFailureReason, detail: string, extra: Partial<FetchFailure> = {}): FetchFailure => ({
    ok: false,
    requestedUrl: startUrl,
    url: current,
    reason,
    detail,
    bytes,
    redirects,
    ...extra,
  });

  for (let hop = 0; ; hop++) {
    if (opts.signal.aborted) return fail("timeout", "time limit reached before the request");
    const decision = await raceAbort(checkUrl(current, opts), opts.signal);
    if (decision === ABORTED) return fail("timeout", "time limit reached while resolving the host");
    opts.onDecision?.(decision);
    if (!decision.allowed) return fail("refused", decision.detail, { decision });
    current = decision.url;

    let res: IncomingMessage;
    let req: http.ClientRequest;
    try {
      ({ res, req } = await request(decision, opts));
    } catch (err) {
      if (opts.signal.aborted) return fail("timeout", "time limit reached while connecting");
      const e = err as NodeJS.ErrnoException;
      if (e.name === "ForbiddenConnectionError" || /is not allowed/.test(e.message)) {
        return fail("refused", e.message);
      }
      return fail("network", `${e.code ?? e.name}: ${e.message}`);
    }

    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      const location = res.headers.location;
      res.resume();
      req.destroy();
      if (!location) return fail("bad_redirect", `HTTP ${status} without a Location header`, { status });
      let next: string;
      try {
        next = new URL(location, current).href;
      } catch {
        return fail("bad_redirect", `HTTP ${status} to an unreadable Location`, { status });
      }
      if (hop + 1 > opts.maxRedirects) return fail("too_many_redirects", `more than ${opts.maxRedirects} redirects`, { status, location: next });
      redirects.push(next);
      current = next;
      continue;
    }

    const contentType = String(res.headers["content-type"] ?? "").toLowerCase();
    const mime = contentType.split(";")[0]!.trim();
    if (status < 200 || status >= 300) {
      req.destroy();
      return fail("http_error", `HTTP ${status}`, { status });
    }
    const accepted: readonly string[] = opts.accept ?? TEXT_TYPES;
    if (!accepted.includes(mime)) {
      req.destroy();
      return fail("unsupported_content_type", `content type ${mime || "(none)"} is not ${opts.accept ? accepted.join(", ") : "HTML or plain text"}`, { status });
    }

    const read = await readCapped(res, req, opts.maxBytes, opts.signal);
    bytes += read.bytes;
    if (read.error) {
      if (opts.signal.aborted) return fail("timeout", "time limit reached while reading the page", { status });
      return fail("network", read.error.message, { status });
    }
    return {
      ok: true,
      requestedUrl: startUrl,
      url: current,
      status,
      contentType: mime,
      body: decode(read.buffer, contentType),
      bytes,
      truncated: read.truncated,
      redirects,
    };
  }
}

const ABORTED = Symbol("aborted");

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function request(decision: Extract<GuardDecision, { allowed: true }>, opts: FetchPageOptions): Promise<{ res: IncomingMessage; req: http.ClientRequest }> {
  const t = decision.target;
  const agent = t.sandbox ? opts.agents.sandbox : t.protocol === "https:" ? opts.agents.https : opts.agents.http;
  if (!agent) return Promise.reject(new Error("no agent for this request"));
  const mod = t.protocol === "https:" ? https : http;
  const resolver: Resolver = opts.lookup ?? systemResolver;
  return new Promise((resolve, reject) => {
    const req = mod.request({
      agent,
      host: t.host,
      port: t.port,
      path: t.path,
      method: "GET",
      servername: t.protocol === "https:" ? t.host : undefined,
      lookup: guardedLookup(resolver) as unknown as http.RequestOptions["lookup"],
      headers: {
        host: t.hostHeader,
        "user-agent": opts.userAgent,
        accept: opts.accept ? opts.accept.join(",") : "text/html,application/xhtml+xml,text/plain;q=0.8",
        "accept-encoding": "gzip, deflate, br",
        "accept-language": "en;q=1, *;q=0.5",
        connection: "close",
      },
      signal: opts.signal,
    });
    req.once("response", (res) => resolve({ res, req }));
    req.once("error", reject);
    req.end();
  });
}

interface ReadOutcome {
  buffer: Buffer;
  bytes: number;
  truncated: boolean;
  error?: Error;
}

/** Reads at most `maxBytes` of (decompressed) body; destroys the connection at the cap. */
function readCapped(res: IncomingMessage, req: http.ClientRequest, maxBytes: number, signal: AbortSignal): Promise<ReadOutcome> {
  const encoding = String(res.headers["content-encoding"] ?? "").trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === "gzip" || encoding === "x-gzip") stream = res.pipe(zlib.createGunzip());
  else if (encoding === "deflate") stream = res.pipe(zlib.createInflate());
  else if (encoding === "br") stream = res.pipe(zlib.createBrotliDecompress());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (out: Omit<ReadOutcome, "buffer" | "bytes">) => {
      if (done) return;
      done = true;
      signal.removeEventListener("abort", onAbort);
      resolve({ buffer: Buffer.concat(chunks), bytes, ...out });
    };
    const onAbort = () => {
      req.destroy();
      if (stream !== res) stream.destroy();
      finish({ truncated: false, error: new Error("aborted: time limit") });
    };
    signal.addEventListener("abort", onAbort, { once: true });
    stream.on("data", (chunk: Buffer) => {
      if (done) return;
      const room = maxBytes - bytes;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        bytes += room;
        req.destroy();
        if (stream !== res) stream.destroy();
        finish({ truncated: chunk.length > room || !res.complete });
        return;
      }
      chunks.push(chunk);
      bytes += chunk.length;
    });
    stream.once("end", () => finish({ truncated: false }));
    stream.once("error", (err) => finish({ truncated: false, error: err }));
    res.once("aborted", () => finish({ truncated: false, error: new Error("connection closed before the page was complete") }));
    if (signal.aborted) onAbort();
  });
}

function decode(buf: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? sniffCharset(buf) ?? "utf-8";
  try {
    return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(buf);
  } catch {
    return new TextDecoder("utf-8", { fatal: false }).decode(buf);
  }
}

function sniffCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 2048).toString("latin1");
  return /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? null;
}
