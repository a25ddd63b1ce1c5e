import type { z } from "zod";
import { ProviderError, ProviderErrorCode, type ProviderErrorKind, type ProviderName } from "./errors.ts";

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  json: unknown;
  text: string;
}

export interface HttpRequest {
  provider: ProviderName;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * One HTTP exchange with a provider. Network failures and timeouts become ProviderError
 * (transient); the status code is left to the caller, which knows the provider's error shapes.
 */
export async function httpJson(req: HttpRequest): Promise<HttpResponse> {
  const doFetch = req.fetch ?? fetch;
  const headers: Record<string, string> = { accept: "application/json", ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.body);
  }
  let res: Response;
  let text: string;
  try {
    res = await doFetch(req.url, { method: req.method, headers, body, signal: AbortSignal.timeout(req.timeoutMs) });
    text = await res.text();
  } catch (err) {
    throw networkError(req.provider, err, req.timeoutMs);
  }
  let json: unknown;
  if (text.length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** fetch/undici/gaxios failure -> transient ProviderError that says what happened. */
export function networkError(provider: ProviderName, err: unknown, timeoutMs?: number): ProviderError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const timedOut =
    e?.name === "TimeoutError" ||
    e?.name === "AbortError" ||
    e?.code === "ETIMEDOUT" ||
    e?.cause?.code === "UND_ERR_HEADERS_TIMEOUT" ||
    /timeout|aborted/i.test(e?.message ?? "");
  if (timedOut) {
    return new ProviderError({
      provider,
      kind: "transient",
      code: ProviderErrorCode.TIMEOUT,
      message: `no answer within ${timeoutMs ?? "the"} ms`,
      cause: err,
    });
  }
  const sysCode = e?.cause?.code ?? e?.code;
  const refused = sysCode === "ECONNREFUSED" || sysCode === "ENOTFOUND" || sysCode === "EAI_AGAIN" || sysCode === "EHOSTUNREACH";
  return new ProviderError({
    provider,
    kind: "transient",
    code: refused ? ProviderErrorCode.UNREACHABLE : ProviderErrorCode.OUTCOME_UNKNOWN,
    message: `${refused ? "unreachable" : "connection failed"} (${sysCode ?? e?.cause?.message ?? e?.message ?? String(err)})`,
    cause: err,
  });
}

/** Generic HTTP status -> error kind, for statuses a provider gives no better meaning to. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401) return "auth";
  if (status === 402) return "quota";
  if (status === 403) return "auth";
  if (status === 429) return "rate_limited";
  if (status === 408 || status >= 500) return "transient";
  return "invalid_request";
}

/** Retry-After header (seconds or HTTP date) in ms. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  const v = headers?.get("retry-after");
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * The zod boundary: a response whose shape changed becomes bad_response naming the path,
 * e.g. `tasks.0.result.0.items.3.rank_group: expected number`.
 */
export function parseResponse<S extends z.ZodType>(
  provider: ProviderName,
  what: string,
  schema: S,
  data: unknown,
): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
  throw new ProviderError({
    provider,
    kind: "bad_response",
    code: "SHAPE",
    message: `unexpected ${what} response: ${issues}`,
    cause: parsed.error,
  });
}

/** Loopback check used to refuse sandbox traffic that would leave the machine. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const trimSlash = (u: string): string => u.replace(/\/+$/, "");
