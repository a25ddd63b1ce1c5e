import { pool } from "../pool.ts";
import { recheckPlacement } from "./recheck.ts";
import { watchProspect, type PlacementDeps, type WatchResult } from "./watch.ts";

export interface PlacementSettings {
  /** How long after the reply (or acceptance) the watch looks for the feature. */
  watchDays: number;
  /** A live placement is looked at again this long after its last check. */
  recheckAfterMs: number;
  /** Prospects watched per sweep at most (those checked longest ago first). */
  prospectsPerSweep: number;
  placementsPerSweep: number;
  concurrency: number;
}

export const PLACEMENT_DEFAULTS: PlacementSettings = {
  watchDays: 90,
  recheckAfterMs: 30 * 24 * 3600_000,
  prospectsPerSweep: 50,
  placementsPerSweep: 50,
  concurrency: 3,
};

export interface SweepResult {
  started: number;
  watched: WatchResult[];
  rechecked: { live: number; lost: number; unknown: number };
  errors: string[];
}

/**
 * One run of the placement watch (a job scheduler runs it every watch interval): starts the
 * 90-day watch of prospects that replied or accepted, checks every watched site, then re-checks
 * live placements not looked at for a month. Each step is idempotent; a site's fault stays its own.
 */
export async function sweepPlacements(deps: PlacementDeps, settings: PlacementSettings = PLACEMENT_DEFAULTS): Promise<SweepResult> {
  const now = deps.now ? deps.now() : new Date();
  const { count: started } = await deps.db.prospect.updateMany({
    where: { watchUntil: null, outreachStatus: { in: ["replied", "accepted"] }, stage: { not: "published" } },
    data: { watchUntil: new Date(now.getTime() + settings.watchDays * 24 * 3600_000) },
  });
  const due = await deps.db.prospect.findMany({
    where: { watchUntil: { gt: now }, outreachStatus: { in: ["replied", "accepted"] }, stage: { not: "published" }, campaign: { status: "active" } },
    orderBy: [{ watchCheckedAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
    take: settings.prospectsPerSweep,
    select: { id: true, domain: true },
  });
  const result: SweepResult = { started, watched: [], rechecked: { live: 0, lost: 0, unknown: 0 }, errors: [] };
  await pool(due, settings.concurrency, async (p) => {
    try {
      result.watched.push(await watchProspect(deps, p.id));
    } catch (err) {
      result.errors.push(`${p.domain}: ${(err as Error).message}`);
    }
  });
  const stale = await deps.db.placement.findMany({
    where: { status: "live", lastCheckedAt: { lte: new Date(now.getTime() - settings.recheckAfterMs) } },
    orderBy: [{ lastCheckedAt: "asc" }, { id: "asc" }],
    take: settings.placementsPerSweep,
    select: { id: true, url: true },
  });
  await pool(stale, settings.concurrency, async (pl) => {
    try {
      result.rechecked[await recheckPlacement(deps, pl.id)]++;
    } catch (err) {
      result.errors.push(`${pl.url}: ${(err as Error).message}`);
    }
  });
  return result;
}
