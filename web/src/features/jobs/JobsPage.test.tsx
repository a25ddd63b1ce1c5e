import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, isMembership, liveStream, membershipAsked, membershipReply, opName, pageInfo, renderWithClient, type Filter } from '../../test/urqlMock';
import { JobsPage } from './JobsPage';

type J = { id: string; jobType: string; status: string };

const job = (j: J) => ({
  __typename: 'Job', ...j, progress: j.status === 'completed' ? 100 : 40, attempts: 1, errorMessage: null,
  createdAt: '2025-03-01T10:00:00.000Z', startedAt: null, finishedAt: null, campaign: { __typename: 'Campaign', id: 'c1' },
});

describe('JobsPage live updates', () => {
  it('a job leaves and joins a status-filtered list as the server answers', async () => {
    const user = userEvent.setup();
    const live = liveStream();
    // The API's side: its rows, listed and answered for by one rule.
    const rows = new Map<string, J>([['j1', { id: 'j1', jobType: 'score', status: 'running' }]]);
    const listed = (j: J, f: Filter) => !(f.statuses as string[] | undefined)?.length || (f.statuses as string[]).includes(j.status);
    const { client, operations } = createMockClient((op) => {
      if (isMembership(op)) return membershipReply(op, (id, filters) => ({ __typename: 'Job', id, matchesFilters: filters.map((f) => listed(rows.get(id)!, f)) }));
      if (opName(op) === 'JobUpdated') return live.source;
      if (opName(op) === 'Jobs') {
        const found = [...rows.values()].filter((j) => listed(j, (op.variables as { filter: Filter }).filter));
        return { data: { jobs: { __typename: 'JobConnection', totalCount: found.length, pageInfo: pageInfo(false),
          edges: found.map((j) => ({ __typename: 'JobConnectionEdge', cursor: j.id, node: job(j) })) } } };
      }
      return undefined;
    }, { cache: true });
    const update = (j: J) => { rows.set(j.id, j); live.push({ jobUpdated: job(j) }); };
    renderWithClient(<JobsPage campaignId="c1" />, client);
    await screen.findByRole('link', { name: 'score' });
    await user.selectOptions(screen.getByLabelText('Status'), 'running');
    await waitFor(() => expect(operations.filter((o) => opName(o) === 'Jobs').at(-1)!.variables).toMatchObject({ filter: { statuses: ['running'] } }));

    update({ id: 'j1', jobType: 'score', status: 'completed' });
    await screen.findByText('No jobs match these filters');
    expect(membershipAsked(operations.find(isMembership)!)).toEqual({
      ids: ['j1'],
      filters: expect.arrayContaining([{ campaignId: 'c1' }, { campaignId: 'c1', statuses: ['running'] }]),
    });

    update({ id: 'j2', jobType: 'discover', status: 'running' });
    const table = await screen.findByRole('table', { name: 'Jobs' });
    expect(within(table).getAllByRole('link').map((a) => a.textContent)).toEqual(['discover']);
  });

  it('counts the rows live events added to a list that was empty when loaded (not "0 jobs" above them)', async () => {
    const live = liveStream();
    const rows = new Map<string, J>();
    const { client } = createMockClient((op) => {
      if (isMembership(op)) return membershipReply(op, (id, filters) => ({ __typename: 'Job', id, matchesFilters: filters.map(() => rows.has(id)) }));
      if (opName(op) === 'JobUpdated') return live.source;
      if (opName(op) === 'Jobs') return { data: { jobs: { __typename: 'JobConnection', totalCount: 0, pageInfo: pageInfo(false), edges: [] } } };
      return undefined;
    }, { cache: true });
    renderWithClient(<JobsPage campaignId="c1" />, client);
    await screen.findByText('No jobs yet');
    for (const j of [{ id: 'j1', jobType: 'discover', status: 'running' }, { id: 'j2', jobType: 'enrich', status: 'pending' }]) {
      rows.set(j.id, j);
      live.push({ jobUpdated: job(j) });
    }
    const table = await screen.findByRole('table', { name: 'Jobs' });
    await waitFor(() => expect(within(table).getAllByRole('link')).toHaveLength(2));
    expect(screen.getByText('2 jobs')).toBeTruthy();
  });
});
