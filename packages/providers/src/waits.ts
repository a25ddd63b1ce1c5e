import type { ProviderName } from "./errors.ts";
import type { RetryPolicy } from "./retry.ts";

/**
 * Waits a provider call makes for its caller, and how long each caller allows in total.
 * Every wait (a retry's back-off, a rate limit's Retry-After, Hunter's "still verifying", a slot
 * of our own rate limiter) is announced through `onWait` before it starts, so a job can show it.
 */

export type WaitReason = "rate_limited" | "transient" | "pending" | "slot";

export interface ProviderWait {
  provider: ProviderName;
  operation: string;
  reason: WaitReason;
  delayMs: number;
  /** One line for a person: "DataForSEO rate limit: waiting 10 s". */
  message: string;
}

/** Called before a wait starts; a failing or slow listener never holds the call up for long. */
export type WaitListener = (wait: ProviderWait) => void | Promise<void>;

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  dataforseo: "DataForSEO",
  hunter: "Hunter",
  gemini: "Gemini",
  gmail: "Gmail",
};

/**
 * The one place that says how long a provider call may wait in total (sleeps between its
 * attempts) for each kind of caller. A client never sleeps past its caller's budget: a wait that
 * would pass it ends the call at once with the provider's error.
 */
export const WAIT_BUDGETS = {
  /** A draft: one retry when Gemini asks for 5 s or less, otherwise the template at once. */
  composeDraft: { maxAttempts: 2, budgetMs: 5_000 },
  /** providers:check: one attempt, nothing waited for. */
  check: { maxAttempts: 1, budgetMs: 0 },
  /**
   * Any call inside a job: at most the job's lock time in total. A longer wait (a provider down
   * for minutes) is the job's own retry with back-off, which frees the worker meanwhile.
   */
  job: (lockDurationMs: number): Partial<RetryPolicy> => ({ budgetMs: lockDurationMs }),
} as const;

/** "0.4 s", "2.5 s", "10 s", "1 min 30 s". */
export function formatWait(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${Math.max(0.1, Math.round(s * 10) / 10)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

/** Announces a wait without letting the listener's failure or slowness reach the call. */
export async function announceWait(listener: WaitListener | undefined, wait: ProviderWait): Promise<void> {
  if (!listener) return;
  try {
    await Promise.race([listener(wait), new Promise<void>((r) => setTimeout(r, 1_000).unref?.())]);
  } catch {
    // Telling someone about a wait must never fail the call that waits.
  }
}
