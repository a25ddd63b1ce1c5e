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

  constructor(init: {
    provider: ProviderName;
    kind: ProviderErrorKind;
    message: string;
    status?: number;
    code?: string | number;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(`${init.provider}: ${init.message}`, { cause: init.cause });
    this.name = "ProviderError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
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
