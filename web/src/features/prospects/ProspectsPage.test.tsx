import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, pageInfo, renderWithClient } from '../../test/urqlMock';
import { ProspectsPage } from './ProspectsPage';

const row = {
  __typename: 'Prospect', id: 'p1', domain: 'gallery.example', pageTitle: 'Open call', contactEmail: 'hi@gallery.example',
  score: 72, stage: 'scored', outreachStatus: 'pending', lastSent: null, createdAt: '2025-03-01T00:00:00.000Z', followupsSent: 0,
};

function setup() {
  const mock = createMockClient((op) => opName(op) === 'ProspectRows' ? {
    data: { prospects: { __typename: 'ProspectConnection', totalCount: 1, edges: [{ __typename: 'ProspectConnectionEdge', cursor: 'a', node: row }], pageInfo: pageInfo(false) } },
  } : undefined);
  renderWithClient(<ProspectsPage campaignId="c1" />, mock.client);
  const last = () => mock.operations.filter((o) => opName(o) === 'ProspectRows').at(-1)!.variables;
  return { ...mock, last };
}

describe('ProspectsPage', () => {
  it('starts with the campaign filter and the best scores first', async () => {
    const { last } = setup();
    expect(await screen.findByRole('link', { name: 'gallery.example' })).toBeTruthy();
    expect(last()).toEqual({ first: 50, filter: { campaignId: 'c1' }, orderBy: { field: 'SCORE', direction: 'DESC' } });
  });

  it('turns every filter and the sort into query variables', async () => {
    const user = userEvent.setup();
    const { last } = setup();
    await screen.findByRole('link', { name: 'gallery.example' });
    await user.selectOptions(screen.getByLabelText('Stage'), 'scored');
    await user.selectOptions(screen.getByLabelText('Outreach status'), 'sent');
    await user.type(screen.getByLabelText('Min score'), '40');
    await user.type(screen.getByLabelText('Max score'), '90');
    await user.selectOptions(screen.getByLabelText('Has email'), 'yes');
    await user.type(screen.getByLabelText('Search'), '  gallery ');
    await user.click(screen.getByRole('button', { name: /Sort by Added/ }));
    await waitFor(() => expect(last()).toEqual({
      first: 50,
      filter: { campaignId: 'c1', stages: ['scored'], outreachStatuses: ['sent'], minScore: 40, maxScore: 90, hasEmail: true, search: 'gallery' },
      orderBy: { field: 'CREATED_AT', direction: 'DESC' },
    }));
    await user.click(screen.getByRole('button', { name: /Sort by Added/ }));
    await waitFor(() => expect(last()?.orderBy).toEqual({ field: 'CREATED_AT', direction: 'ASC' }));
    await user.selectOptions(screen.getByLabelText('Has email'), 'no');
    await waitFor(() => expect((last()?.filter as { hasEmail?: boolean }).hasEmail).toBe(false));
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    await waitFor(() => expect(last()?.filter).toEqual({ campaignId: 'c1' }));
  });
});
