import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, isMembership, membershipAsked, membershipReply, opName, pageInfo, renderWithClient, type Filter } from '../../test/urqlMock';
import { AddProspect } from '../inputs/AddProspectsPage';
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

describe('ProspectsPage Enrich', () => {
  it('enriches the selection, and says per prospect why one was not queued, with the job to follow', async () => {
    const user = userEvent.setup();
    const rows = [row, { ...row, id: 'p2', domain: 'studio-press.example', stage: 'discovered', score: null }];
    const reason = 'gallery.example was enriched at 14:05; it can be enriched again at 15:05 (Europe/Paris)';
    const job = { __typename: 'Job', id: 'j7', jobType: 'enrich', status: 'pending', progress: 0, attempts: 0, errorMessage: null,
      createdAt: '2025-03-02T00:00:00.000Z', startedAt: null, finishedAt: null, campaign: { __typename: 'Campaign', id: 'c1' } };
    const mock = createMockClient((op) => {
      if (opName(op) === 'ProspectRows') {
        return { data: { prospects: { __typename: 'ProspectConnection', totalCount: 2, pageInfo: pageInfo(false),
          edges: rows.map((r) => ({ __typename: 'ProspectConnectionEdge', cursor: r.id, node: { ...r, lastEmail: null } })) } } };
      }
      if (opName(op) === 'EnrichProspects') {
        return { data: { enrichProspects: { __typename: 'MutationEnrichProspectsSuccess', data: {
          __typename: 'EnrichProspectsResult', jobs: [job],
          refused: [{ __typename: 'EnrichRefusal', prospectId: 'p1', domain: 'gallery.example', reason, availableAt: '2025-03-01T14:05:00.000Z' }],
        } } } };
      }
      return undefined;
    });
    renderWithClient(<ProspectsPage campaignId="c1" />, mock.client);
    await user.click(await screen.findByRole('checkbox', { name: 'Select gallery.example' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select studio-press.example' }));
    await user.click(within(screen.getByRole('toolbar', { name: 'Bulk actions' })).getByRole('button', { name: 'Enrich' }));
    const answer = await screen.findByText(`Enriching and scoring 1 prospect. Not enriched: ${reason}.`, { exact: false });
    expect(mock.operations.filter((op) => opName(op) === 'EnrichProspects').map((op) => op.variables)).toEqual([{ prospectIds: ['p1', 'p2'] }]);
    const banner = answer.closest('.banner') as HTMLElement;
    expect(within(banner).getByRole('link', { name: 'Follow the job' }).getAttribute('href')).toBe('/campaigns/c1/jobs/j7');
    await waitFor(() => expect(document.activeElement?.contains(banner)).toBe(true));
    // The selection is done with.
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).toBeNull();
  });
});

describe('ProspectsPage live updates', () => {
  type Row = typeof row;
  type NewProspect = { domainOrUrl: string; pageTitle?: string; contactEmail?: string };
  /**
   * The API as far as this page sees it: its rows, with the list query and the membership answers
   * both from the API's rule (search looks at domain and page title, not at the contact email).
   */
  function fakeApi() {
    const rows: Row[] = [row, { ...row, id: 'p2', domain: 'studio-press.example', pageTitle: 'Press', score: 60 }];
    const listed = (r: Row, f: Filter) => !f.search || `${r.domain} ${r.pageTitle ?? ''}`.toLowerCase().includes(String(f.search).toLowerCase());
    const mock = createMockClient((op) => {
      if (isMembership(op)) {
        return membershipReply(op, (id, filters) => {
          const r = rows.find((x) => x.id === id);
          return r ? { ...r, campaign: { __typename: 'Campaign', id: 'c1' }, matchesFilters: filters.map((f) => listed(r, f)) } : null;
        });
      }
      if (opName(op) === 'ProspectRows') {
        const found = rows.filter((r) => listed(r, (op.variables as { filter: Filter }).filter));
        return { data: { prospects: { __typename: 'ProspectConnection', totalCount: found.length, pageInfo: pageInfo(false),
          edges: found.map((r) => ({ __typename: 'ProspectConnectionEdge', cursor: r.id, node: { ...r, lastEmail: null } })) } } };
      }
      if (opName(op) === 'AddProspect') {
        const input = (op.variables as { input: NewProspect }).input;
        const added = { ...row, id: `p${rows.length + 1}`, domain: input.domainOrUrl, pageTitle: input.pageTitle ?? null,
          contactEmail: input.contactEmail ?? null, score: null, stage: 'discovered', createdAt: '2025-03-02T00:00:00.000Z' } as unknown as Row;
        rows.push(added);
        return { data: { addProspect: { __typename: 'MutationAddProspectSuccess', data: { ...added, lastEmail: null, enrichJob: null, enrichedAt: null, enrichAvailableAt: null, placements: [] } } } };
      }
      return undefined;
    }, { cache: true });
    const membershipAbout = (id: string) => mock.operations.filter((op) => isMembership(op) && membershipAsked(op).ids.includes(id));
    const add = async (input: NewProspect) => {
      const res = await mock.client.mutation(AddProspect, { input: { campaignId: 'c1', ...input } }).toPromise();
      return (res.data?.addProspect as { data: { id: string } }).data.id;
    };
    return { ...mock, membershipAbout, add };
  }

  it('a searched list shows what the server answers, not what the contact email suggests', async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    renderWithClient(<ProspectsPage campaignId="c1" />, api.client);
    await screen.findByRole('link', { name: 'gallery.example' });
    await user.type(screen.getByLabelText('Search'), 'studio');
    await screen.findByRole('link', { name: 'studio-press.example' });
    await waitFor(() => expect(screen.queryByRole('link', { name: 'gallery.example' })).toBeNull());

    // Its contact email contains "studio"; its domain and title do not, so the server leaves it out.
    const kiln = await api.add({ domainOrUrl: 'kiln.example', pageTitle: 'Kiln', contactEmail: 'studio@kiln.example' });
    // This one the server says is in the searched list.
    await api.add({ domainOrUrl: 'studio-glass.example', pageTitle: 'Glass' });
    await screen.findByRole('link', { name: 'studio-glass.example' });
    expect(screen.queryByRole('link', { name: 'kiln.example' })).toBeNull();
    // kiln.example was asked about first (answers apply in the order asked), the searched list among the filters.
    expect(api.membershipAbout(kiln)).toHaveLength(1);
    expect(membershipAsked(api.membershipAbout(kiln)[0]!).filters).toEqual(expect.arrayContaining([{ campaignId: 'c1', search: 'studio' }]));
    // Placed by its score: after the best one (it has none).
    const table = within(screen.getByRole('table', { name: 'Prospects' }));
    expect(table.getAllByRole('link').map((a) => a.textContent)).toEqual(['studio-press.example', 'studio-glass.example']);
  });
});
