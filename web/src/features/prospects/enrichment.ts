// "Enrich" for one prospect or a selection: the mutation, what the cooldown means in words, and the
// answer as one sentence. The server decides (cooldown, stage); this only says it the same way.
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import { formatClockIn, plural } from '../../lib/format';
import './enrich.css';

export const EnrichProspects = graphql(`
  mutation EnrichProspects($prospectIds: [ID!]!) {
    enrichProspects(prospectIds: $prospectIds) {
      __typename
      ... on MutationEnrichProspectsSuccess { data { jobs { id status jobType ...JobRow } refused { prospectId domain reason availableAt } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

/** The stages enrichment refreshes (the server's ENRICHABLE_STAGES): the Enrich action shows only there. */
export const ENRICHABLE_STAGES: readonly string[] = ['discovered', 'enriched', 'scored'];

type Enrichable = { stage: string; enrichedAt?: string | null; enrichAvailableAt?: string | null };

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "just now", "12 min ago", "3 h ago", "4 d ago". */
export function ago(iso: string, now: number): string {
  const min = Math.floor((now - Date.parse(iso)) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  if (min < 48 * 60) return `${Math.floor(min / 60)} h ago`;
  return `${Math.floor(min / 1440)} d ago`;
}

export interface EnrichStatus {
  /** The Enrich action applies to this stage at all. */
  applies: boolean;
  /** It may be pressed now. */
  available: boolean;
  /** "Enriched 12 min ago · Enrich again after 17:05", "Enriched 3 h ago", "Not enriched yet". */
  text: string;
  /** "17:05" while the cooldown lasts. */
  againAt: string | null;
}

export function enrichStatus(p: Enrichable, now: number = Date.now()): EnrichStatus {
  const applies = ENRICHABLE_STAGES.includes(p.stage);
  const cooling = !!p.enrichAvailableAt && Date.parse(p.enrichAvailableAt) > now;
  const againAt = cooling ? formatClockIn(p.enrichAvailableAt, browserZone(), new Date(now)) : null;
  const when = p.enrichedAt ? `Enriched ${ago(p.enrichedAt, now)}` : 'Not enriched yet';
  return { applies, available: applies && !cooling, text: againAt ? `${when} · Enrich again after ${againAt}` : when, againAt };
}

/** Re-renders when `iso` passes (the end of a cooldown), so the button comes back by itself. */
export function useRerenderAt(iso: string | null | undefined): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const ms = iso ? Date.parse(iso) - Date.now() : NaN;
    if (!(ms > 0)) return;
    const t = setTimeout(() => setTick((n) => n + 1), Math.min(ms + 500, 2 ** 31 - 1));
    return () => clearTimeout(t);
  }, [iso]);
}

type Answer = {
  jobs: ReadonlyArray<{ id: string }>;
  refused: ReadonlyArray<{ domain: string; reason: string }>;
};

/** The answer to Enrich as the user reads it: what is being enriched, and each refusal with its reason. */
export function enrichAnswer(answer: Answer, asked: number): { tone: 'ok' | 'warn' | 'danger'; text: string; jobId?: string } {
  const queued = asked - answer.refused.length;
  const refusals = answer.refused.map((r) => r.reason).join('; ');
  if (!queued) return { tone: 'warn', text: `Not enriched: ${refusals}.` };
  const going = `Enriching and scoring ${plural(queued, 'prospect')}.`;
  return { tone: answer.refused.length ? 'warn' : 'ok', text: answer.refused.length ? `${going} Not enriched: ${refusals}.` : going, jobId: answer.jobs[0]?.id };
}
