import type { Db } from "@outreach/db";
import { isProviderError, ProviderError, type ProviderErrorKind, type ProviderName } from "./errors.ts";
import { announceWait, formatWait, PROVIDER_LABELS, type WaitListener } from "./waits.ts";

export interface RetryPolicy {
  /** Total attempts including the first (1 = never retry). */
  maxAttempts: number;
  /** First transient delay; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Used for rate_limited errors that carry no retryAfterMs. */
  rateLimitDelayMs: number;
  /**
   * Total time this caller allows the retries to wait (waits.ts WAIT_BUDGETS). When the provider
   * asks for a longer wait than what is left, the call ends at once with its error.
   */
  budgetMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  /** Cap on any wait, including a provider's retryAfter (a later attempt may be refused again). */
  maxDelayMs: 60_000,
  rateLimitDelayMs: 1_000,
};

/**
 * The policy of a call made for several callers at once (a draft inside a job): the later policy's
 * settings, but never more attempts or a larger wait budget than any of them allows.
 */
export function tightestPolicy(...policies: Array<Partial<RetryPolicy> | undefined>): Partial<RetryPolicy> {
  const given = policies.filter((p): p is Partial<RetryPolicy> => p !== undefined);
  const least = (key: "maxAttempts" | "budgetMs") => {
    const values = given.map((p) => p[key]).filter((v): v is number => v !== undefined);
    return values.length ? { [key]: Math.min(...values) } : {};
  };
  return Object.assign({}, ...given, least("maxAttempts"), least("budgetMs"));
}

export type RetryDecision =
  /** Try again after delayMs. */
  | { action: "retry"; delayMs: number; kind: ProviderErrorKind }
  /** A person must act (wrong key, revoked token, no credit): stop and raise an alert. */
  | { action: "alert"; kind: ProviderErrorKind; message: string }
  /** Retrying cannot help (bad input, do-not-contact, unreadable answer, attempts used up). */
  | { action: "fail"; kind: ProviderErrorKind | "unknown"; message: string; exhausted?: boolean; overBudget?: boolean };

/**
 * What a worker does with an error from attempt number `attempt` (1-based).
 * Non-provider errors (bugs) fail permanently: retrying a TypeError only repeats it.
 */
export function decideRetry(
  err: unknown,
  attempt: number,
  policy: Partial<RetryPolicy> = {},
  random: () => number = Math.random,
  /** Time already waited by earlier retries of this call (counts against budgetMs). */
  waitedMs = 0,
): RetryDecision {
  const p = { ...DEFAULT_RETRY_POLICY, ...policy };
  if (!isProviderError(err)) {
    return { action: "fail", kind: "unknown", message: (err as Error)?.message ?? String(err) };
  }
  switch (err.kind) {
    case "auth":
    case "quota":
      return { action: "alert", kind: err.kind, message: err.message };
    case "invalid_request":
    case "do_not_contact":
    case "bad_response":
      return { action: "fail", kind: err.kind, message: err.message };
    case "rate_limited":
    case "transient": {
      if (attempt >= p.maxAttempts) {
        return { action: "fail", kind: err.kind, message: `${err.message} (gave up after ${attempt} attempts)`, exhausted: true };
      }
      let delayMs: number;
      // The least the provider asked for: a budget smaller than that cannot be met by waiting less.
      let askedMs: number;
      if (err.kind === "rate_limited") {
        // The provider said when; add a little jitter so waiting workers do not return together.
        askedMs = err.retryAfterMs ?? p.rateLimitDelayMs;
        delayMs = askedMs + Math.floor(random() * Math.min(1000, askedMs * 0.2 + 50));
      } else {
        const cap = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
        delayMs = Math.max(p.baseDelayMs / 2, Math.floor(random() * cap));
        askedMs = err.retryAfterMs ?? 0;
        if (err.retryAfterMs !== undefined) delayMs = Math.max(delayMs, err.retryAfterMs);
      }
      if (p.budgetMs !== undefined) {
        const leftMs = Math.max(0, p.budgetMs - waitedMs);
        if (askedMs > leftMs || leftMs === 0) {
          const asked = askedMs > 0 ? `asks to wait ${formatWait(askedMs)}` : "would need another wait";
          return {
            action: "fail",
            kind: err.kind,
            message: `${err.message} (the provider ${asked}; this caller allows ${formatWait(leftMs)} more)`,
            exhausted: true,
            overBudget: true,
          };
        }
        delayMs = Math.min(delayMs, leftMs);
      }
      return { action: "retry", delayMs: Math.min(delayMs, p.maxDelayMs), kind: err.kind };
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Who is retrying, for the wait announcements. */
export interface RetryWaits {
  provider: ProviderName;
  operation: string;
  onWait?: WaitListener;
}

/** "DataForSEO rate limit: waiting 10 s (try 2 of 4)" / "Hunter error (HTTP 503): trying again in 1.2 s (try 2 of 4)". */
export function retryWaitMessage(err: ProviderError, delayMs: number, nextAttempt: number, maxAttempts: number): string {
  const who = PROVIDER_LABELS[err.provider];
  const tries = `(try ${nextAttempt} of ${maxAttempts})`;
  if (err.kind === "rate_limited") return `${who} rate limit: waiting ${formatWait(delayMs)} ${tries}`;
  const what = err.status ? `HTTP ${err.status}` : String(err.code ?? "no answer").toLowerCase().replace(/_/g, " ");
  return `${who} error (${what}): trying again in ${formatWait(delayMs)} ${tries}`;
}

/**
 * Runs fn until it succeeds or decideRetry says stop (attempts or the caller's budget used up);
 * the last error is thrown as is. Each wait is announced first (waits.onWait).
 * Never wrap a Gmail send in this: an unknown send outcome must be reconciled, not repeated.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, policy: Partial<RetryPolicy> = {}, waits?: RetryWaits): Promise<T> {
  const maxAttempts = policy.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const d = decideRetry(err, attempt, policy, Math.random, waitedMs);
      if (d.action !== "retry") {
        if (d.action === "fail" && d.overBudget && isProviderError(err)) throw withBudgetNote(err, d.message);
        throw err;
      }
      const e = err as ProviderError;
      if (waits) {
        await announceWait(waits.onWait, {
          provider: waits.provider,
          operation: waits.operation,
          reason: e.kind === "rate_limited" ? "rate_limited" : "transient",
          delayMs: d.delayMs,
          message: retryWaitMessage(e, d.delayMs, attempt + 1, maxAttempts),
        });
      }
      waitedMs += d.delayMs;
      await sleep(d.delayMs);
    }
  }
}

/** The same error, its message saying that the caller's budget (not the provider) ended it. */
function withBudgetNote(err: ProviderError, message: string): ProviderError {
  return new ProviderError({
    provider: err.provider,
    kind: err.kind,
    status: err.status,
    code: err.code,
    retryAfterMs: err.retryAfterMs,
    cost: err.cost,
    message: message.replace(/^\w+: /, ""),
    cause: err,
  });
}

export interface ProviderAlertInput {
  userId: string;
  campaignId?: string | null;
  provider: ProviderName;
  kind: string;
  message: string;
}

export const GMAIL_AUTH_PAUSE_REASON = "gmail_auth";

/**
 * Stores an Alert the dashboard shows until someone resolves it. While an alert with the same
 * (user, campaign, provider, kind) is unresolved it is updated instead of duplicated; an
 * advisory lock makes this hold when several workers fail at the same moment.
 * For a Gmail auth failure (revoked or expired token) sending is paused on every campaign of
 * the user, since they all send through the same account: Campaign.sendingPausedReason is set.
 */
export async function raiseProviderAlert(
  db: Db,
  input: ProviderAlertInput,
): Promise<{ alertId: string; created: boolean; pausedCampaigns: number }> {
  const campaignId = input.campaignId ?? null;
  const lockKey = `alert:${input.userId}:${campaignId ?? "-"}:${input.provider}:${input.kind}`;
  const message = input.message.slice(0, 2000);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`;
    const existing = await tx.alert.findFirst({
      where: { userId: input.userId, campaignId, provider: input.provider, kind: input.kind, resolvedAt: null },
      select: { id: true },
    });
    let alertId: string;
    let created = false;
    if (existing) {
      await tx.alert.update({ where: { id: existing.id }, data: { message } });
      alertId = existing.id;
    } else {
      const row = await tx.alert.create({
        data: { userId: input.userId, campaignId, provider: input.provider, kind: input.kind, message },
        select: { id: true },
      });
      alertId = row.id;
      created = true;
    }
    let pausedCampaigns = 0;
    if (input.provider === "gmail" && input.kind === "auth") {
      const r = await tx.campaign.updateMany({
        where: { userId: input.userId, sendingPausedReason: null },
        data: { sendingPausedReason: `${GMAIL_AUTH_PAUSE_REASON}: ${message.slice(0, 500)}` },
      });
      pausedCampaigns = r.count;
    }
    return { alertId, created, pausedCampaigns };
  });
}
