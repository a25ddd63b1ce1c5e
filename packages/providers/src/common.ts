import { createCallRunner, type CallRunner } from "./ledger.ts";
import type { ProviderName } from "./errors.ts";
import type { RetryPolicy } from "./retry.ts";

/** What every client gets from the factory (or from a test). */
export interface ClientDeps {
  /** Cache -> limiter -> ledger pipeline (createCallRunner). Default: none of those. */
  run?: CallRunner;
  /** In-client retries of idempotent reads (transient / rate_limited). maxAttempts 1 disables. */
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Throws before any traffic when the client must not talk to its base URL (sandbox guard). */
  guard?: () => void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function runnerFor(provider: ProviderName, deps: ClientDeps): CallRunner {
  return deps.run ?? createCallRunner({ provider });
}
