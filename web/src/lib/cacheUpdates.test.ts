import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { gql } from 'urql';
import { createMockClient, isMembership, isStageCounts, membershipAsked, membershipReply, opName, pageInfo, stageCountsReply, type Filter } from '../test/urqlMock';
import { MEMBERSHIP_MAX_FILTERS, membershipQuery, membershipVariables } from './membership';

const List = gql`
  query List($filter: ProspectFilter!) {
    prospects(first: 10, filter: $filter) { edges { cursor node { id score } } pageInfo { hasNextPage endCursor } }
  }
`;
const Accept = gql`
  mutation Accept($id: ID!) {
    setOutreachStatus(id: $id, status: accepted) { __typename ... on MutationSetOutreachStatusSuccess { data { id score } } }
  }
`;

const p1 = { __typename: 'Prospect', id: 'p1', score: 50, createdAt: '2025-01-01T00:00:00.000Z', lastSent: null, campaign: { __typename: 'Campaign', id: 'c1' } };

function setup() {
  const mock = createMockClient((op) => {
    if (isMembership(op)) return membershipReply(op, (_id, filters) => ({ ...p1, matchesFilters: filters.map(() => true) }));
    if (isStageCounts(op)) return stageCountsReply(op, {});
    if (opName(op) === 'List') return { data: { prospects: { __typename: 'ProspectConnection', edges: [], pageInfo: pageInfo(false) } } };
    if (opName(op) === 'Accept') return { data: { setOutreachStatus: { __typename: 'MutationSetOutreachStatusSuccess', data: { __typename: 'Prospect', id: 'p1', score: 50 } } } };
    return undefined;
  }, { cache: true });
  const asked = () => mock.operations.filter(isMembership).map(membershipAsked);
  const list = (filter: Filter) => mock.client.query(List, { filter }).toPromise();
  const accept = () => mock.client.mutation(Accept, { id: 'p1' }).toPromise();
  return { ...mock, asked, list, accept };
}

describe('membership questions', () => {
  it('splits more than 50 cached lists into several questions about the same entities', async () => {
    const { asked, list, accept } = setup();
    const filters = Array.from({ length: MEMBERSHIP_MAX_FILTERS + 10 }, (_, i) => ({ campaignId: 'c1', search: `s${i}` }));
    for (const filter of filters) await list(filter);
    await accept();
    await waitFor(() => expect(asked()).toHaveLength(2));
    expect(asked().map((a) => a.ids)).toEqual([['p1'], ['p1']]);
    expect(asked().flatMap((a) => a.filters)).toEqual(filters);
    expect(asked()[0]!.filters).toHaveLength(MEMBERSHIP_MAX_FILTERS);
  });

  it('keeps only the latest answer for an entity in the cache', async () => {
    const { asked, list, accept, client } = setup();
    const a = { campaignId: 'c1', stages: ['scored'] };
    const b = { campaignId: 'c1', stages: ['accepted'] };
    await list(a);
    await accept();
    await waitFor(() => expect(asked()).toHaveLength(1));
    await list(b);
    await accept();
    await waitFor(() => expect(asked()).toHaveLength(2));
    expect(asked()[1]!.filters).toEqual([a, b]);
    const cached = (filters: Filter[]) =>
      client.readQuery(membershipQuery('Prospect', 1), membershipVariables(['p1'], filters), { requestPolicy: 'cache-only' })?.data?.n0?.matchesFilters;
    expect(cached([a, b])).toEqual([true, true]);
    expect(cached([a])).toBeUndefined();
  });
});
