import type { Db } from "@outreach/db";
import type { ResponseCache } from "./cache.ts";
import { costOf, isProviderError, type ProviderName } from "./errors.ts";
import { unlimited, type Limiter } from "./limiter.ts";
import { announceWait, formatWait, PROVIDER_LABELS, type WaitListener } from "./waits.ts";

/** Who a call is made for: copied onto every ProviderCall row. */
export interface CallContext {
  userId?: string | null;
  campaignId?: string | null;
  jobId?: string | null;
}

export interface CallSpec<T> {
  operation: string;
  /** Request identity for the response cache; omit for calls that must never be cached. */
  cacheRequest?: unknown;
  /** Points taken from the provider's limiter (Gmail quota units; 1 for others). */
  weight?: number;
  /** Limiter bucket to use instead of the provider's own (e.g. Hunter's verifier). */
  limiter?: Limiter;
  /** Money spent by a successful call (DataForSEO's envelope `cost`); default: unit price. */
  costOf?: (result: T) => number;
  /** Whether a result may be cached (e.g. do not cache an empty page that may fill later). */
  cacheable?: (result: T) => boolean;
}

/** Runs one provider call: cache -> limiter -> call -> ledger row (+ cache fill). */
export type CallRunner = <T>(spec: CallSpec<T>, fn: () => Promise<T>) => Promise<T>;

export interface LedgerRow {
  provider: ProviderName;
  operation: string;
  status: string;
  cost: number;
  cached: boolean;
  latencyMs: number;
  context: CallContext;
}

export interface CallRunnerOptions {
  provider: ProviderName;
  db?: Db;
  cache?: ResponseCache;
  limiter?: Limiter;
  context?: CallContext;
  /** Cost recorded per successful call when the provider does not report one. */
  unitPrice?: number;
  /** Observes every row written (tests, metrics). */
  onRecord?: (row: LedgerRow) => void;
  /** Told of a long wait for a slot of our own rate limiter. */
  onWait?: WaitListener;
}

/** Write one ProviderCall row; a ledger failure is logged, never thrown into the caller's path. */
export async function recordCall(db: Db | undefined, row: LedgerRow): Promise<void> {
  if (!db) return;
  try {
    await db.providerCall.create({
      data: {
        provider: row.provider,
        operation: row.operation,
        status: row.status,
        cost: row.cost,
        cached: row.cached,
        latencyMs: Math.max(0, Math.round(row.latencyMs)),
        userId: row.context.userId ?? null,
        campaignId: row.context.campaignId ?? null,
        jobId: row.context.jobId ?? null,
      },
    });
  } catch (err) {
    console.error(`[providers] could not record ${row.provider}.${row.operation}: ${(err as Error).message}`);
  }
}

export function createCallRunner(opts: CallRunnerOptions): CallRunner {
  const context = opts.context ?? {};
  const write = async (row: Omit<LedgerRow, "provider" | "context">) => {
    const full = { ...row, provider: opts.provider, context };
    opts.onRecord?.(full);
    await recordCall(opts.db, full);
  };

  return async function run<T>(spec: CallSpec<T>, fn: () => Promise<T>): Promise<T> {
    const cacheKey =
      opts.cache && spec.cacheRequest !== undefined
        ? opts.cache.keyFor(opts.provider, spec.operation, spec.cacheRequest)
        : undefined;
    if (cacheKey) {
      const t0 = performance.now();
      const hit = await opts.cache!.get<T>(cacheKey);
      if (hit !== undefined) {
        await write({ operation: spec.operation, status: "ok", cost: 0, cached: true, latencyMs: performance.now() - t0 });
        return hit;
      }
    }
    const limiter = spec.limiter ?? opts.limiter ?? unlimited;
    const release = await limiter.acquire(spec.weight ?? 1, (delayMs) =>
      announceWait(opts.onWait, {
        provider: opts.provider,
        operation: spec.operation,
        reason: "slot",
        delayMs,
        message: `${PROVIDER_LABELS[opts.provider]} rate limit: waiting ${formatWait(delayMs)} for a free slot`,
      }),
    );
    const t0 = performance.now();
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      const latencyMs = performance.now() - t0;
      await release();
      await write({
        operation: spec.operation,
        status: isProviderError(err) ? err.kind : "error",
        cost: costOf(err),
        cached: false,
        latencyMs,
      });
      throw err;
    }
    const latencyMs = performance.now() - t0;
    await release();
    const cost = spec.costOf ? spec.costOf(result) : (opts.unitPrice ?? 0);
    await write({ operation: spec.operation, status: "ok", cost, cached: false, latencyMs });
    if (cacheKey && (spec.cacheable?.(result) ?? true)) await opts.cache!.set(cacheKey, result);
    return result;
  };
}

export interface SpendRow {
  provider: ProviderName;
  cost: number;
  calls: number;
  cachedCalls: number;
  failedCalls: number;
}

async function spend(db: Db, where: { userId: string; campaignId?: string }): Promise<SpendRow[]> {
  const groups = await db.providerCall.groupBy({
    by: ["provider", "cached", "status"],
    where,
    _sum: { cost: true },
    _count: { _all: true },
  });
  const byProvider = new Map<ProviderName, SpendRow>();
  for (const g of groups) {
    const p = g.provider as ProviderName;
    const row = byProvider.get(p) ?? { provider: p, cost: 0, calls: 0, cachedCalls: 0, failedCalls: 0 };
    row.cost += Number(g._sum.cost ?? 0);
    row.calls += g._count._all;
    if (g.cached) row.cachedCalls += g._count._all;
    if (g.status !== "ok") row.failedCalls += g._count._all;
    byProvider.set(p, row);
  }
  return [...byProvider.values()]
    .map((r) => ({ ...r, cost: Math.round(r.cost * 1e6) / 1e6 }))
    .sort((a, b) => a.provider.localeCompare(b.provider));
}

/** Totals per provider for one campaign (cost in the provider's currency, USD for DataForSEO). */
export function spendByCampaign(db: Db, userId: string, campaignId: string): Promise<SpendRow[]> {
  return spend(db, { userId, campaignId });
}

/** Totals per provider across all of a user's calls. */
export function spendByProvider(db: Db, userId: string): Promise<SpendRow[]> {
  return spend(db, { userId });
}
