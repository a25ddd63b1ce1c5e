import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, pageInfo, renderWithClient } from '../../test/urqlMock';
import { STAGES } from '../../lib/format';
import { BoardPage } from './BoardPage';

type P = { id: string; domain: string; stage: string; score: number };

function prospect(p: P) {
  return {
    __typename: 'Prospect', id: p.id, domain: p.domain, pageTitle: `${p.domain} title`, score: p.score, stage: p.stage,
    outreachStatus: 'pending', contactEmail: `hi@${p.domain}`, lastSent: null, createdAt: '2025-01-01T00:00:00.000Z',
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

function setup(initial: P[]) {
  const live = liveStream();
  const counts = STAGES.map((s) => ({ __typename: 'StageCount', stage: s, count: initial.filter((p) => p.stage === s).length }));
  const mock = createMockClient((op) => {
    switch (opName(op)) {
      case 'Board':
        return { data: { campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring', stageCounts: counts } } };
      case 'BoardColumn': {
        const stage = (op.variables as { filter: { stages: string[] } }).filter.stages[0];
        return { data: { prospects: column(initial.filter((p) => p.stage === stage)) } };
      }
      case 'ProspectUpdated':
        return live.source;
      default:
        return undefined;
    }
  }, { cache: true });
  renderWithClient(<BoardPage campaignId="c1" />, mock.client);
  return { ...mock, live };
}

const columnOf = (stage: string) => screen.getByRole('list', { name: `${stage} prospects` });
const countOf = (stage: string) => within(screen.getByRole('region', { name: stage })).getByLabelText(/^\d+ prospects$/).textContent;

describe('BoardPage', () => {
  it('moves a card to its new column when a prospectUpdated event arrives', async () => {
    const { live } = setup([
      { id: 'p1', domain: 'gallery.example', stage: 'scored', score: 70 },
      { id: 'p2', domain: 'blog.example', stage: 'scored', score: 50 },
      { id: 'p3', domain: 'mag.example', stage: 'drafted', score: 60 },
    ]);
    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(2));
    expect(within(columnOf('drafted')).getAllByRole('link')).toHaveLength(1);
    expect(countOf('scored')).toBe('2');

    live.push({ prospectUpdated: { ...prospect({ id: 'p1', domain: 'gallery.example', stage: 'drafted', score: 70 }), campaign: { __typename: 'Campaign', id: 'c1' } } });

    await waitFor(() => expect(within(columnOf('scored')).getAllByRole('link')).toHaveLength(1));
    const drafted = within(columnOf('drafted')).getAllByRole('link');
    // Sorted by score, highest first: the moved card (70) goes above mag.example (60).
    expect(drafted.map((a) => a.textContent)).toEqual([expect.stringContaining('gallery.example'), expect.stringContaining('mag.example')]);
    expect(countOf('scored')).toBe('1');
    expect(countOf('drafted')).toBe('2');
  });

  it('adds a prospect it has not seen before to its column', async () => {
    const { live } = setup([{ id: 'p1', domain: 'gallery.example', stage: 'discovered', score: 0 }]);
    await waitFor(() => expect(within(columnOf('discovered')).getAllByRole('link')).toHaveLength(1));
    live.push({ prospectUpdated: { ...prospect({ id: 'p9', domain: 'new.example', stage: 'discovered', score: 10 }), campaign: { __typename: 'Campaign', id: 'c1' } } });
    await waitFor(() => expect(within(columnOf('discovered')).getAllByRole('link')).toHaveLength(2));
    expect(screen.getByRole('link', { name: /new\.example/ })).toBeTruthy();
  });
});
