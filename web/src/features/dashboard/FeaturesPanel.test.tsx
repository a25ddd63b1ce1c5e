import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, pageInfo, renderWithClient } from '../../test/urqlMock';
import { FeaturesPanel } from './FeaturesPanel';

type Placement = Record<string, unknown> & { id: string };

const placement = (p: Placement) => ({
  __typename: 'Placement', url: `https://clay-kiln-review.example/features/${p.id}`, site: 'clay-kiln-review.example', title: null, rel: 'follow',
  anchorText: null, foundAt: '2027-03-04T10:00:00.000Z', status: 'live', lostAt: null, lostReason: null,
  prospect: { __typename: 'Prospect', id: 'p1', domain: 'clay-kiln-review.example' }, ...p,
});

const outcome = (o: Partial<Record<string, number | null>> = {}) => ({
  __typename: 'PlacementOutcome', contacted: 12, replied: 5, accepted: 3, published: 0, livePlacements: 0, lostPlacements: 0, spend: 0.1234, costPerPlacement: null, ...o,
});

function reply(placements: Placement[], o: Partial<Record<string, number | null>> = {}, total = placements.length) {
  return { data: {
    campaign: { __typename: 'Campaign', id: 'c1', outcome: outcome(o) },
    placements: { __typename: 'PlacementConnection', totalCount: total, pageInfo: pageInfo(false),
      edges: placements.map((p) => ({ __typename: 'PlacementConnectionEdge', cursor: p.id, node: placement(p) })) },
  } };
}

/** `before` until a prospect event is pushed, then `after` (what the server has once the watch found a feature). */
function setup(before: ReturnType<typeof reply>, after = before) {
  const stream = liveStream();
  let changed = false;
  const mock = createMockClient((op) => {
    if (opName(op) === 'CampaignFeatures') return changed ? after : before;
    if (opName(op) === 'DashboardProspect') return stream.source;
    return undefined;
  });
  renderWithClient(<FeaturesPanel campaignId="c1" />, mock.client);
  const push = (event: unknown) => { changed = true; stream.push(event); };
  return { ...mock, push };
}

describe('FeaturesPanel', () => {
  it('lists the recent features with their link kind, anchor text, date and status, the funnel and the cost per feature', async () => {
    setup(reply([
      { id: 'f1', title: 'Studio visit: Ada Artist', rel: 'nofollow ugc', anchorText: "Ada Artist's portfolio" },
      { id: 'f2', rel: null, status: 'lost', lostAt: '2027-04-01T10:00:00.000Z', lostReason: 'the page answers 404' },
      { id: 'f3', rel: 'follow', title: 'Spring picks' },
    ], { published: 2, livePlacements: 2, lostPlacements: 1, costPerPlacement: 0.0617 }, 7));
    const list = await screen.findByRole('list', { name: 'Recent features' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    const first = within(items[0]!).getByRole('link', { name: 'Studio visit: Ada Artist (opens in a new tab)' });
    expect(first.getAttribute('href')).toBe('https://clay-kiln-review.example/features/f1');
    expect(first.getAttribute('target')).toBe('_blank');
    expect(first.getAttribute('rel')).toBe('noopener noreferrer');
    expect(items[0]!.textContent).toContain('link: nofollow ugc');
    expect(items[0]!.textContent).toContain('Anchor text: “Ada Artist\'s portfolio”');
    expect(items[0]!.textContent).toMatch(/live/);
    expect(within(items[0]!).getByRole('link', { name: 'clay-kiln-review.example' }).getAttribute('href')).toBe('/campaigns/c1/prospects/p1');

    // No title: the site is the link's text; named only, and lost with when and why.
    expect(within(items[1]!).getByRole('link', { name: /^clay-kiln-review\.example \(opens/ })).toBeTruthy();
    expect(items[1]!.textContent).toContain('link: named, no link');
    expect(items[1]!.textContent).toContain('Lost Apr 1, 2027: the page answers 404.');
    expect(items[2]!.textContent).toContain('link: follow');
    expect(screen.getByText('The 3 most recent of 7 features.')).toBeTruthy();

    const funnel = screen.getByRole('list', { name: 'Outreach funnel' });
    expect(within(funnel).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Contacted12', '→ Replied5', '→ Accepted3', '→ Published2']);
    expect(screen.getByText('$0.0617')).toBeTruthy();
    expect(screen.getByText(/\$0\.1234 of provider spend over 2 live features \(1 lost\)\./)).toBeTruthy();
  });

  it('says how features are found when there is none, and why there is no cost per feature yet', async () => {
    setup(reply([]));
    expect(await screen.findByRole('heading', { name: 'No features found yet' })).toBeTruthy();
    expect(screen.getByText(/Features are found automatically: for 90 days after a site replies or accepts/)).toBeTruthy();
    expect(screen.getByText('—')).toBeTruthy();
    expect(screen.getByText(/No live feature yet, so there is nothing to divide the \$0\.1234 of provider spend by\./)).toBeTruthy();
  });

  it('reads the features again, from the server, when a prospect of the campaign changes', async () => {
    const { push, operations } = setup(reply([]), reply([{ id: 'f9', title: 'Studio visit: Ada Artist', rel: 'nofollow', anchorText: 'Ada Artist' }], { published: 1, livePlacements: 1, costPerPlacement: 0.1234 }));
    await screen.findByRole('heading', { name: 'No features found yet' });
    act(() => push({ prospectUpdated: { __typename: 'Prospect', id: 'p1', stage: 'published', outreachStatus: 'accepted' } }));
    const link = await screen.findByRole('link', { name: 'Studio visit: Ada Artist (opens in a new tab)' }, { timeout: 3000 });
    expect(link.closest('li')!.textContent).toContain('link: nofollow');
    const reads = operations.filter((o) => opName(o) === 'CampaignFeatures');
    expect(reads.at(-1)!.context.requestPolicy).toBe('network-only');
    await waitFor(() => expect(screen.getByText('$0.1234')).toBeTruthy());
  });

  it('offers to try again when the features cannot be loaded', async () => {
    const { client } = createMockClient((op) => (opName(op) === 'CampaignFeatures' ? { errors: [{ message: 'boom' }] } : undefined));
    renderWithClient(<FeaturesPanel campaignId="c1" />, client);
    expect(await screen.findByRole('heading', { name: 'Could not load the features' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
