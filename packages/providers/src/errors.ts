/**
 * One error model for every provider. Clients throw only these; workers decide from `kind`:
 * - rate_limited, transient: retry with backoff (rate_limited honours retryAfterMs).
 * - auth, quota: stop using that provider for the campaign, raise an alert, never retry.
 * - invalid_request: never retry; the job fails with the message.
 * - do_not_contact: the person asked not to be processed (Hunter 451); never contact them.
 * - bad_response: the provider answered in a shape we do not understand (zod failed).
 */
export type ProviderName = "dataforseo" | "hunter" | "gemini" | "gmail";

export type ProviderErrorKind =
  | "auth"
  | "quota"
  | "rate_limited"
  | "transient"
  | "invalid_request"
  | "do_not_contact"
  | "bad_response";

export class ProviderError extends Error {
  readonly provider: ProviderName;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly code?: string | number;
  readonly retryAfterMs?: number;
  /** Money the provider charged for this failed call (DataForSEO bills some errors). */
  readonly cost?: number;

  constructor(init: {
    provider: ProviderName;
    kind: ProviderErrorKind;
    message: string;
    status?: number;
    code?: string | number;
    retryAfterMs?: number;
    cost?: number;
    cause?: unknown;
  }) {
    super(`${init.provider}: ${init.message}`, { cause: init.cause });
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
    this.cost = init.cost;
  }

  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "transient";
  }

  /** Needs a person: wrong key, revoked token, no credit. */
  get needsAttention(): boolean {
    return this.kind === "auth" || this.kind === "quota";
  }
}

export const isProviderError = (e: unknown): e is ProviderError => e instanceof ProviderError;

/**
 * Codes that callers branch on (ProviderError.code). Everything else carries the provider's own
 * code (a DataForSEO status_code, a Hunter error id, an HTTP status).
 */
export const ProviderErrorCode = {
  /** Gemini stopped at maxOutputTokens: the text is cut; never store it (kind bad_response). */
  GEMINI_MAX_TOKENS: "MAX_TOKENS",
  /** Gemini withheld the answer: finishReason SAFETY / RECITATION / OTHER / promptFeedback.blockReason. */
  GEMINI_BLOCKED: "BLOCKED",
  /** Gemini answered with text that is not JSON or does not match the caller's schema. */
  GEMINI_INVALID_JSON: "INVALID_JSON",
  /** OAuth refresh token revoked or expired (HTTP 400 invalid_grant from the token endpoint). */
  INVALID_GRANT: "invalid_grant",
  /** Gmail answered 401 again right after a fresh access token: the credentials are not accepted (kind auth). */
  UNAUTHORIZED: "unauthorized",
  /** The mailbox's grant lacks a scope this call needs (Gmail 403 insufficientPermissions): reconnect it. */
  INSUFFICIENT_PERMISSIONS: "insufficient_permissions",
  /** No refresh token to call Gmail with (live mode, nothing connected). */
  NOT_CONNECTED: "NOT_CONNECTED",
  /** users.history.list startHistoryId is too old (404): do a full sync. */
  HISTORY_EXPIRED: "HISTORY_EXPIRED",
  /** A request that may have reached the provider got no answer (timeout, reset). For a Gmail
   * send this means "maybe sent": reconcile before sending again. */
  OUTCOME_UNKNOWN: "OUTCOME_UNKNOWN",
  /** The request did not get an answer within the client's timeout. */
  TIMEOUT: "TIMEOUT",
  /** The provider could not be reached at all (DNS, connection refused). */
  UNREACHABLE: "UNREACHABLE",
  /** Hunter email-verifier still answered 202 after the client's bounded wait. */
  VERIFICATION_PENDING: "VERIFICATION_PENDING",
  /** Sandbox mode (no credentials) but the base URL is not a loopback address. */
  SANDBOX_NOT_LOOPBACK: "SANDBOX_NOT_LOOPBACK",
} as const;

/** Gmail history too old: callers do a full sync instead of retrying. */
export class HistoryExpiredError extends ProviderError {
  readonly startHistoryId: string;
  constructor(startHistoryId: string, cause?: unknown) {
    super({
      provider: "gmail",
      kind: "invalid_request",
      status: 404,
      code: ProviderErrorCode.HISTORY_EXPIRED,
      message: `history starting at ${startHistoryId} is no longer available: do a full sync`,
      cause,
    });
    this.name = "HistoryExpiredError";
    this.startHistoryId = startHistoryId;
  }
}

export const isHistoryExpired = (e: unknown): e is HistoryExpiredError =>
  e instanceof HistoryExpiredError || (isProviderError(e) && e.code === ProviderErrorCode.HISTORY_EXPIRED);

export function costOf(err: unknown): number {
  const c = (err as { cost?: unknown } | null)?.cost;
  return typeof c === "number" && Number.isFinite(c) ? c : 0;
}
