import type { ProspectStage } from "@outreach/db";
import { DateTime } from "luxon";
import { ENRICHABLE_STAGES } from "./enrich.ts";

/**
 * How long after a finished enrichment a person's "Enrich" is refused: the sites and Hunter's
 * answers do not change within the hour, and every enrichment spends Hunter and DataForSEO credit.
 */
export const ENRICH_COOLDOWN_MS = 60 * 60 * 1000;

export interface EnrichState {
  domain: string;
  stage: ProspectStage;
  enrichedAt: Date | null;
}

export interface EnrichRefusal {
  /** In plain words, naming the site. */
  reason: string;
  /** When it can be enriched again; null when waiting does not help (its stage). */
  availableAt: Date | null;
}

/** When the cooldown after the last enrichment ends; null when it is over or there was none. */
export function enrichAvailableAt(p: Pick<EnrichState, "enrichedAt">, now: Date = new Date()): Date | null {
  if (!p.enrichedAt) return null;
  const at = new Date(p.enrichedAt.getTime() + ENRICH_COOLDOWN_MS);
  return at > now ? at : null;
}

/**
 * Why a person may not enrich this prospect now, or null when they may. Times are said on the
 * campaign's clock (`timeZone`, an IANA name).
 */
export function enrichRefusal(p: EnrichState, opts: { now?: Date; timeZone?: string } = {}): EnrichRefusal | null {
  if (!ENRICHABLE_STAGES.includes(p.stage)) {
    return { reason: `${p.domain} is ${p.stage}: only ${wordList(ENRICHABLE_STAGES)} prospects are enriched`, availableAt: null };
  }
  const availableAt = enrichAvailableAt(p, opts.now);
  if (!availableAt) return null;
  const clock = (d: Date) => DateTime.fromJSDate(d, { zone: opts.timeZone ?? "UTC" }).toFormat("HH:mm");
  const zone = opts.timeZone ?? "UTC";
  return {
    reason: `${p.domain} was enriched at ${clock(p.enrichedAt!)}; it can be enriched again at ${clock(availableAt)} (${zone})`,
    availableAt,
  };
}

const wordList = (words: readonly string[]) => (words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words.join(""));
