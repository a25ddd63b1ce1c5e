import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeSubject } from 'wonka';
import type { Operation } from 'urql';
import { createMockClient, isMembership, isStageCounts, liveStream, membershipAsked, membershipReply, opName, pageInfo, renderWithClient, stageCountsReply, type Reply } from '../../test/urqlMock';
import { STAGES } from '../../lib/format';
import { BoardPage } from './BoardPage';

type Feature = { id: string; url: string; status: 'live' | 'lost' };
type P = { id: string; domain: string; stage: string; score: number; enrichedAt?: string; enrichAvailableAt?: string; placements?: Feature[] };

function prospect(p: P) {
  return {
    __typename: 'Prospect', id: p.id, domain: p.domain, pageTitle: `${p.domain} title`, score: p.score, stage: p.stage,
    outreachStatus: 'pending', contactEmail: `hi@${p.domain}`, lastSent: null, createdAt: '2025-01-01T00:00:00.000Z',
    enrichedAt: p.enrichedAt ?? null, enrichAvailableAt: p.enrichAvailableAt ?? null,
    placements: (p.placements ?? []).map((f) => ({ __typename: 'Placement', ...f })),
  };
}

function column(items: P[]) {
  return {
    __typename: 'ProspectConnection', totalCount: items.length,
    edges: items.map((p) => ({ __typename: 'ProspectConnectionEdge', cursor: `c-${p.id}`, node: prospect(p) })),
    pageInfo: pageInfo(false),
  };
}

beforeEach(() => {
  // happy-dom does no layout: give the scroll containers a size so the virtualizer renders rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 260 });
});

afterEach(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
});

/** The API's side: its rows, and its answer to the board's membership questions (a column lists its stage). */
function fakeServer(initial: P[]) {
  const rows = new Map(initial.map((p) => [p.id, p]));
  const answer = (op: Operation) => membershipReply(op, (id, filters) => {
    const p = rows.get(id);
    if (!p) return null;
    const { lastSent, createdAt } = prospect(p);
    return { __typename: 'Prospect', id, score: p.score, lastSent, createdAt, campaign: { __typename: 'Campaign', id: 'c1' },
      matchesFilters: filters.map((f) => (f.stages as string[]).includes(p.stage)) };
  });
  // Like the API, it lists only the stages that have prospects.
  const counts = (op: Operation) =>
    stageCountsReply(op, Object.fromEntries(STAGES.map((s) => [s, [...rows.values()].filter((p) => p.stage === s).length]).filter(([, n]) => n)));
  return { rows, answer, counts };
}

function setup(initial: P[], opts: { holdMembership?: boolean; staleCounts?: Record<string, number>; enrich?: (op: Operation) => Reply } = {}) {
  const live = liveStream();
  const server = fakeServer(initial);
  const held = makeSubject<Reply>();
  const counts = STAGES.map((s) => ({ __typename: 'StageCount', stage: s, count: opts.staleCounts?.[s] ?? initial.filter((p) => p.stage === s).length })).filter((c) => c.count);
  const mock = createMockClient((op) => {
    if (isMembership(op)) return opts.holdMembership ? held.source : server.answer(op);
    if (isStageCounts(op)) return server.counts(op);
    switch (opName(op)) {
      case 'Board':
        return { data: { campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring', stageCounts: counts } } };
      case 'BoardColumn': {
        const stage = (op.variables as { filter: { stages: string[] } }).filter.stages[0];
        return { data: { prospects: column(initial.filter((p) => p.stage === stage)) } };
      }
      case 'ProspectUpdated':
        return live.source;
      case 'EnrichProspects':
        return opts.enrich?.(op);
      default:
        return undefined;
    }
  }, { cache: true });
  renderWithClient(<BoardPage campaignId="c1" />, mock.client);
  const membershipOps = () => mock.operations.filter(isMembership);
  /** Publishes what a worker does: the row changes on the server, then prospectUpdated carries it. */
  const update = (p: P) => {
    server.rows.set(p.id, p);
    live.push({ prospectUpdated: prospect(p) });
  };
  return { ...mock, live, server, membershipOps, update, releaseMembership: (op: Operation) => held.next(server.answer(op)) };
}

const columnOf = (stage: string) => screen.getByRole('list', { name: `${stage} prospects` });
const countOf = (stage: string) => within(screen.getByRole('region', { name: stage })).getByLabelText(/^\d+ prospects$/).textContent;

describe('BoardPage', () => {
  it('moves a card to the column the server says it is in when a prospectUpdated event arrives', async () => {
    const { update, membershipOps } = setup([
      { id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 },
      { id: 'p2', domain: 'blog.example', stage: 'scored', score: 50 },
      { id: 'p3', domain: 'mag.example', stage: 'drafted', score: 60 },
    ]);
    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(2));
    expect(within(columnOf('drafted')).getAllByRole('link')).toHaveLength(1);
    expect(countOf('scored')).toBe('2');

    update({ id: 'p1', domain: 'gallery.example', stage: 'drafted', score: 70 });

    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(1));
    // One question, about p1 and every column of the board.
    expect(membershipOps().map(membershipAsked)).toEqual([{
      ids: ['p1'],
      filters: expect.arrayContaining(STAGES.map((stage) => ({ campaignId: 'c1', stages: [stage] }))),
    }]);
    const drafted = within(columnOf('drafted')).getAllByRole('link');
    // Sorted by score, highest first: the moved card (70) goes above mag.example (60).
    expect(drafted.map((a) => a.textContent)).toEqual([expect.stringContaining('gallery.example'), expect.stringContaining('mag.example')]);
    expect(countOf('scored')).toBe('1');
    expect(countOf('drafted')).toBe('2');
  });

  it('moves an accepted card to Published when the watch finds its feature, with a Featured link that opens in a new tab', async () => {
    const { update } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'accepted', score: 70 }]);
    await waitFor(() => expect(within(columnOf('accepted')).getAllByRole('link')).toHaveLength(1));
    // The column comes right after Accepted, and no card has a Featured link yet.
    const titles = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(titles.indexOf('published')).toBe(titles.indexOf('accepted') + 1);
    expect(screen.queryByRole('link', { name: /^Featured/ })).toBeNull();
    update({ id: 'p1', domain: 'gallery.example', stage: 'published', score: 70, placements: [
      { id: 'f2', url: 'https://gallery.example/features/ada-artist', status: 'live' },
      { id: 'f1', url: 'https://gallery.example/old-feature', status: 'lost' },
    ] });
    const featured = await within(columnOf('published')).findByRole('link', { name: 'Featured, gallery.example (opens in a new tab)' });
    expect(featured.getAttribute('href')).toBe('https://gallery.example/features/ada-artist');
    expect(featured.getAttribute('target')).toBe('_blank');
    expect(featured.getAttribute('rel')).toBe('noopener noreferrer');
    // The Featured link is beside the card's link, not inside it.
    expect(featured.closest('.pcard-inner')).toBeNull();
    await waitFor(() => expect(within(columnOf('accepted')).queryAllByRole('link')).toHaveLength(0));
  });

  it("shows the server's counters after a card moves, not a count kept in the browser", async () => {
    const { update, server } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 }]);
    await waitFor(() => expect(countOf('scored')).toBe('1'));
    // Found by a worker with no event this board saw (e.g. before it opened): only the server knows.
    server.rows.set('p5', { id: 'p5', domain: 'quiet.example', stage: 'discovered', score: 5 });
    update({ id: 'p1', domain: 'gallery.example', stage: 'drafted', score: 70 });
    await waitFor(() => expect(countOf('drafted')).toBe('1'));
    expect(countOf('scored')).toBe('0');
    expect(countOf('discovered')).toBe('1');
  });

  it('adds a prospect it has not seen before to its column', async () => {
    const { update } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'discovered', score: 0 }]);
    await waitFor(() => expect(within(columnOf('discovered')).getAllByRole('link')).toHaveLength(1));
    update({ id: 'p9', domain: 'new.example', stage: 'discovered', score: 10 });
    await waitFor(() => expect(within(columnOf('discovered')).getAllByRole('link')).toHaveLength(2));
    expect(screen.getByRole('link', { name: /new\.example/ })).toBeTruthy();
  });

  it('leaves the card where it is until the server answers', async () => {
    const { update, membershipOps, releaseMembership } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 }], { holdMembership: true });
    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(1));
    update({ id: 'p1', domain: 'gallery.example', stage: 'drafted', score: 70 });
    await waitFor(() => expect(membershipOps()).toHaveLength(1));
    expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(1);
    expect(within(columnOf('drafted')).queryAllByRole('link')).toHaveLength(0);
    releaseMembership(membershipOps()[0]!);
    await waitFor(() => expect(within(columnOf('drafted')).getAllByRole('link')).toHaveLength(1));
    expect(within(columnOf('scored')).queryAllByRole('link')).toHaveLength(0);
  });

  it('asks once per burst: repeated events for a card coalesce and new cards share a query', async () => {
    const { update, membershipOps } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 }]);
    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(1));
    update({ id: 'p1', domain: 'gallery.example', stage: 'drafted', score: 70 });
    update({ id: 'p1', domain: 'gallery.example', stage: 'approved', score: 70 });
    const found = Array.from({ length: 20 }, (_, i) => ({ id: `n${i}`, domain: `new-${i}.example`, stage: 'discovered', score: i }));
    found.forEach(update);
    await waitFor(() => expect(countOf('discovered')).toBe('20'));
    await waitFor(() => expect(within(columnOf('approved')).getAllByRole('link')).toHaveLength(1));
    // Highest score first; the column renders only the cards in view.
    expect(within(columnOf('discovered')).getAllByRole('link')[0]!.textContent).toContain('new-19.example');
    // 21 prospects, 15 to a query (the API's alias limit): two queries, p1 asked about once.
    const asked = membershipOps().map((op) => membershipAsked(op).ids);
    expect(asked.map((ids) => ids.length)).toEqual([15, 6]);
    expect(asked.flat().sort()).toEqual(['p1', ...found.map((p) => p.id)].sort());
    expect(countOf('scored')).toBe('0');
    expect(countOf('approved')).toBe('1');
  });

  it('ArrowRight skips a column with no card to focus (no keyboard trap), and one card of the board stays tabbable', async () => {
    const user = userEvent.setup();
    // The counters say "drafted" has a card, but the column loads none (it just moved on): nothing to focus there.
    setup([
      { id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 },
      { id: 'p3', domain: 'mag.example', stage: 'approved', score: 60 },
    ], { staleCounts: { drafted: 1 } });
    await waitFor(() => expect(within(columnOf('approved')).getAllByRole('link')).toHaveLength(1));
    const first = within(columnOf('scored')).getByRole('link');
    first.focus();
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement).toBe(within(columnOf('approved')).getByRole('link')));
    const tabbable = () => document.querySelectorAll('.pcard-inner[tabindex="0"]');
    expect(tabbable()).toHaveLength(1);
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(document.activeElement).toBe(first));
    expect(tabbable()).toHaveLength(1);
  });

  it('names each card by what it shows, and gives the whole domain on hover and focus', async () => {
    setup([{ id: 'p1', domain: 'a-very-long-domain-name-for-a-gallery.example', stage: 'scored', score: 70 }]);
    const card = await within(await waitFor(() => columnOf('scored'))).findByRole('link');
    expect(card.getAttribute('aria-label')).toBeNull();
    expect(card.textContent).toContain('a-very-long-domain-name-for-a-gallery.example');
    expect(card.getAttribute('title')).toContain('a-very-long-domain-name-for-a-gallery.example');
  });

  it('offers Enrich on cards of the first stages, says it is under way with the job, and shows until when a card cools down', async () => {
    const user = userEvent.setup();
    const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const job = { __typename: 'Job', id: 'j1', jobType: 'enrich', status: 'pending', progress: 0, attempts: 0, errorMessage: null,
      createdAt: minutes(0), startedAt: null, finishedAt: null, campaign: { __typename: 'Campaign', id: 'c1' } };
    const { operations } = setup([
      { id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 },
      { id: 'p2', domain: 'kiln.example', stage: 'enriched', score: 40, enrichedAt: minutes(-43), enrichAvailableAt: minutes(17) },
      { id: 'p3', domain: 'mag.example', stage: 'drafted', score: 60 },
    ], { enrich: () => ({ data: { enrichProspects: { __typename: 'MutationEnrichProspectsSuccess', data: { jobs: [job], refused: [] } } } }) });
    const enrich = await screen.findByRole('button', { name: 'Enrich, gallery.example' });
    // Past scoring, enrichment never touches a prospect: no button.
    await within(columnOf('drafted')).findByRole('link');
    expect(screen.queryByRole('button', { name: /mag\.example/ })).toBeNull();

    const cooling = screen.getByRole('button', { name: /^Enrich after (.*, )?\d\d:\d\d, kiln\.example$/ });
    expect(cooling.getAttribute('aria-disabled')).toBe('true');
    const reason = document.getElementById(cooling.getAttribute('aria-describedby')!)!.textContent;
    expect(reason).toMatch(/^Enriched 43 min ago · Enrich again after (.*, )?\d\d:\d\d$/);
    await user.click(cooling);
    expect(operations.filter((op) => opName(op) === 'EnrichProspects')).toHaveLength(0);

    await user.click(enrich);
    const status = await screen.findByText(/^Enriching and scoring 1 prospect\./);
    expect(operations.filter((op) => opName(op) === 'EnrichProspects').map((op) => op.variables)).toEqual([{ prospectIds: ['p1'] }]);
    expect(within(status.closest('.banner') as HTMLElement).getByRole('link', { name: 'Follow the job' }).getAttribute('href')).toBe('/campaigns/c1/jobs/j1');
    await waitFor(() => expect(document.activeElement?.contains(status)).toBe(true));
  });
});
