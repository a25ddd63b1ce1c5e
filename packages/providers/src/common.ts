import { createCallRunner, type CallRunner } from "./ledger.ts";
import type { ProviderName } from "./errors.ts";
import type { RetryPolicy, RetryWaits } from "./retry.ts";
import type { WaitListener } from "./waits.ts";

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
  /** Told before every wait (retry back-off, rate limit, still verifying), e.g. to show it on a job. */
  onWait?: WaitListener;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export function runnerFor(provider: ProviderName, deps: ClientDeps): CallRunner {
  return deps.run ?? createCallRunner({ provider });
}

/** The wait announcements of one client's retries of `operation`. */
export function retryWaits(provider: ProviderName, deps: ClientDeps, operation: string): RetryWaits {
  return { provider, operation, onWait: deps.onWait };
}
