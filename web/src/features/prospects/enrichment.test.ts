import { describe, expect, it } from 'vitest';
import { enrichAnswer, enrichStatus } from './enrichment';

const now = Date.parse('2026-03-04T14:30:00Z');
const at = (min: number) => new Date(now + min * 60_000).toISOString();
const clock = (iso: string) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('what Enrich says', () => {
  it('during the cooldown: when it was enriched and when it can be again; the button waits', () => {
    expect(enrichStatus({ stage: 'scored', enrichedAt: at(-12), enrichAvailableAt: at(48) }, now))
      .toEqual({ applies: true, available: false, text: `Enriched 12 min ago · Enrich again after ${clock(at(48))}`, againAt: clock(at(48)) });
  });

  it('after it, or never enriched: available', () => {
    expect(enrichStatus({ stage: 'enriched', enrichedAt: at(-185), enrichAvailableAt: at(-125) }, now)).toMatchObject({ available: true, text: 'Enriched 3 h ago' });
    expect(enrichStatus({ stage: 'discovered', enrichedAt: null, enrichAvailableAt: null }, now)).toMatchObject({ available: true, text: 'Not enriched yet' });
  });

  it('past scoring the action does not apply', () => {
    expect(enrichStatus({ stage: 'drafted', enrichedAt: at(-600), enrichAvailableAt: null }, now)).toMatchObject({ applies: false, available: false });
  });

  it('answers in one sentence: what is under way, and every refusal with its reason', () => {
    expect(enrichAnswer({ jobs: [{ id: 'j1' }], refused: [] }, 3)).toEqual({ tone: 'ok', text: 'Enriching and scoring 3 prospects.', jobId: 'j1' });
    expect(enrichAnswer({ jobs: [], refused: [{ domain: 'a.example', reason: 'a.example is sent: only discovered, enriched or scored prospects are enriched' }] }, 1))
      .toEqual({ tone: 'warn', text: 'Not enriched: a.example is sent: only discovered, enriched or scored prospects are enriched.' });
  });
});
