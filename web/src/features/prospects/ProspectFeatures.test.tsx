import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeFragmentData } from '../../gql';
import { createMockClient, opName, renderWithClient, type Reply } from '../../test/urqlMock';
import { ProspectFeatures, ProspectFeaturesFragment } from './ProspectFeatures';

const feature = {
  __typename: 'Placement', id: 'f1', url: 'https://clay-kiln-review.example/features/ada-artist', site: 'clay-kiln-review.example',
  title: 'Studio visit: Ada Artist', rel: 'follow', previousRel: 'nofollow', relChangedAt: '2027-03-20T09:00:00.000Z',
  anchorText: "Ada Artist's portfolio", excerpt: 'This week we visited Ada Artist in the studio. See more of Ada Artist’s portfolio.',
  foundAt: '2027-03-04T10:00:00.000Z', source: 'watch', match: 'links_to_portfolio', status: 'live', lostAt: null, lostReason: null,
  lastCheckedAt: '2027-04-03T10:00:00.000Z', checkedCount: 3, lastCheckNote: 'the site answered 503',
} as const;

const prospect = (placements: unknown[]) => makeFragmentData({ __typename: 'Prospect', id: 'p1', domain: 'clay-kiln-review.example', placements } as never, ProspectFeaturesFragment);

function setup(placements: unknown[], answer: (url: string) => Reply = () => ({ data: null })) {
  const mock = createMockClient((op) => (opName(op) === 'AddPlacement' ? answer((op.variables as { url: string }).url) : undefined));
  renderWithClient(<ProspectFeatures prospect={prospect(placements)} />, mock.client);
  return mock;
}

describe('ProspectFeatures', () => {
  it('lists each feature: link, rel and its change, anchor, excerpt, status and the last check', () => {
    setup([feature, { ...feature, id: 'f2', url: 'https://clay-kiln-review.example/news', title: null, rel: null, previousRel: null, relChangedAt: null,
      anchorText: null, match: 'names_artist', source: 'manual', status: 'lost', lostAt: '2027-04-01T10:00:00.000Z', lostReason: 'the link was removed', checkedCount: 1, lastCheckNote: null }]);
    const items = within(screen.getByRole('list', { name: 'Features' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const link = within(items[0]!).getByRole('link', { name: 'Studio visit: Ada Artist (opens in a new tab)' });
    expect(link.getAttribute('href')).toBe(feature.url);
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    const text = items[0]!.textContent!;
    expect(text).toContain('link: follow');
    expect(text).toMatch(/\(was nofollow until Mar 20, 2027\)/);
    expect(text).toContain('Anchor text: “Ada Artist\'s portfolio”');
    expect(within(items[0]!).getByLabelText('Excerpt from the page').textContent).toContain('This week we visited Ada Artist');
    expect(text).toContain('Found Mar 4, 2027 in the site’s sitemap or feed');
    expect(text).toMatch(/Last checked .* · 3 checks · Last check could not tell: the site answered 503/);
    expect(items[1]!.textContent).toContain('link: named, no link');
    expect(items[1]!.textContent).toContain('Lost Apr 1, 2027: the link was removed.');
    expect(items[1]!.textContent).toContain('Added by you Mar 4, 2027');
    expect(items[1]!.textContent).toContain('1 check');
  });

  it('explains the watch when nothing was found yet', () => {
    setup([]);
    expect(screen.getByRole('heading', { name: 'No feature found yet' })).toBeTruthy();
    expect(screen.getByText(/Once clay-kiln-review\.example replies or accepts, its sitemap and feed are checked for 90 days/)).toBeTruthy();
  });

  it('adds a feature page, and shows a refusal next to the field without losing what was typed', async () => {
    const user = userEvent.setup();
    const mock = setup([], (url) => url.includes('elsewhere')
      ? { data: { addPlacement: { __typename: 'ValidationError', message: 'Invalid input', fieldErrors: [
        { __typename: 'FieldError', path: ['url'], message: 'must be on clay-kiln-review.example or one of its subdomains (elsewhere.example is another site)' }] } } }
      : { data: { addPlacement: { __typename: 'MutationAddPlacementSuccess', data: { __typename: 'Placement', id: 'f3', url,
        prospect: { __typename: 'Prospect', id: 'p1', domain: 'clay-kiln-review.example', stage: 'published', outreachStatus: 'accepted', placements: [] } } } } });
    const form = screen.getByRole('form', { name: 'Add a feature page' });
    const field = within(form).getByLabelText('Feature page URL') as HTMLInputElement;

    await user.click(within(form).getByRole('button', { name: 'Add feature' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(mock.operations.some((o) => opName(o) === 'AddPlacement')).toBe(false);

    await user.type(field, 'https://elsewhere.example/post');
    await user.click(within(form).getByRole('button', { name: 'Add feature' }));
    const error = await within(form).findByRole('alert');
    expect(error.textContent).toBe('Feature page URL must be on clay-kiln-review.example or one of its subdomains (elsewhere.example is another site).');
    expect(field.getAttribute('aria-describedby')).toContain(error.id);
    expect(field.value).toBe('https://elsewhere.example/post');
    await waitFor(() => expect(document.activeElement).toBe(field));

    await user.clear(field);
    await user.type(field, 'https://clay-kiln-review.example/features/ada-artist');
    expect(field.getAttribute('aria-invalid')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Add feature' }));
    expect(await within(form).findByText(/^Added https:\/\/clay-kiln-review\.example\/features\/ada-artist/)).toBeTruthy();
    expect(mock.operations.filter((o) => opName(o) === 'AddPlacement').map((o) => o.variables)).toEqual([
      { prospectId: 'p1', url: 'https://elsewhere.example/post' },
      { prospectId: 'p1', url: 'https://clay-kiln-review.example/features/ada-artist' },
    ]);
    expect(field.value).toBe('');
  });
});
