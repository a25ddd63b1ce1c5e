// Test helpers: a urql Client whose terminating exchange answers from handlers, optionally
// behind the app's real graphcache config (for tests of live cache updates).
import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { Client, Provider, makeResult, type Exchange, type Operation } from 'urql';
import { filter, fromValue, makeSubject, map, mergeMap, never, pipe, takeUntil, type Source } from 'wonka';
import { appCacheExchange } from '../lib/urql';

export type Reply = { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
export type Handler = (op: Operation) => Source<Reply> | Reply | undefined;

export function opName(op: Operation): string | undefined {
  const def = op.query.definitions.find((d) => d.kind === 'OperationDefinition');
  return def && 'name' in def ? def.name?.value : undefined;
}

export function createMockClient(handler: Handler, opts: { cache?: boolean } = {}) {
  const operations: Operation[] = [];
  const mockExchange: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      mergeMap((op) => {
        operations.push(op);
        const out = handler(op);
        const source: Source<Reply> = !out ? never : 'data' in out || 'errors' in out ? fromValue(out as Reply) : (out as Source<Reply>);
        return pipe(
          source,
          map((r) => makeResult(op, r as never)),
          takeUntil(pipe(ops$, filter((o) => o.kind === 'teardown' && o.key === op.key))),
        );
      }),
    );
  const exchanges = opts.cache ? [appCacheExchange, mockExchange] : [mockExchange];
  const client = new Client({ url: 'http://127.0.0.1/graphql', exchanges });
  return { client, operations };
}

export function renderWithClient(ui: ReactNode, client: Client) {
  return render(<Provider value={client}>{ui}</Provider>);
}

/** A live stream for subscription operations: push(data) delivers one event. */
export function liveStream() {
  const subject = makeSubject<Reply>();
  return { source: subject.source, push: (data: unknown) => subject.next({ data }) };
}

export type Filter = Record<string, unknown>;

/** A ProspectMembership/JobMembership query (the live-list question, see lib/cacheUpdates.ts). */
export const isMembership = (op: Operation) => /^(Prospect|Job)Membership$/.test(opName(op) ?? '');

/** The entity ids a membership query asks about, in alias order, and the filters it asks about. */
export function membershipAsked(op: Operation): { ids: string[]; filters: Filter[] } {
  const { filters, ...ids } = op.variables as { filters: Filter[] } & Record<string, string>;
  return { ids: Object.values(ids), filters };
}

/** The API's reply to a membership query: `node(id, filters)` is the aliased node (with matchesFilters), or null. */
export function membershipReply(op: Operation, node: (id: string, filters: Filter[]) => Record<string, unknown> | null): Reply {
  const { ids, filters } = membershipAsked(op);
  return { data: Object.fromEntries(ids.map((id, i) => [`n${i}`, node(id, filters)])) };
}

/** The re-read of a campaign's board counters that follows a batch of prospect membership answers. */
export const isStageCounts = (op: Operation) => opName(op) === 'CampaignStageCounts';

export function stageCountsReply(op: Operation, counts: Record<string, number>): Reply {
  const { id } = op.variables as { id: string };
  const stageCounts = Object.entries(counts).map(([stage, count]) => ({ __typename: 'StageCount', stage, count }));
  return { data: { campaign: { __typename: 'Campaign', id, stageCounts } } };
}

export const pageInfo = (hasNextPage = false) => ({ __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'end' : null });
