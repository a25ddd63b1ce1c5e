// Graphcache helpers that keep Relay lists in step with live events, so a prospect that
// changes stage leaves one board column and joins another without refetching.
import type { Cache, Data, FieldInfo } from '@urql/exchange-graphcache';
import { gql } from 'urql';

type Filter = Record<string, unknown> & { campaignId?: string };
type Order = { field?: string; direction?: 'ASC' | 'DESC' } | undefined;

const StageCountsDoc = gql`
  fragment CacheCampaignStageCounts on Campaign { id stageCounts { stage count } }
`;

function str(v: unknown): string | null { return typeof v === 'string' ? v : null; }

/** Does a prospect in the cache satisfy a ProspectFilter? Unknown fields count as a match. */
export function prospectMatches(cache: Cache, key: string, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const stage = str(cache.resolve(key, 'stage'));
  const status = str(cache.resolve(key, 'outreachStatus'));
  const score = cache.resolve(key, 'score') as number | null | undefined;
  const email = cache.resolve(key, 'contactEmail');
  const stages = filter.stages as string[] | undefined;
  const statuses = filter.outreachStatuses as string[] | undefined;
  if (stages?.length && stage && !stages.includes(stage)) return false;
  if (statuses?.length && status && !statuses.includes(status)) return false;
  if (typeof filter.minScore === 'number' && (typeof score !== 'number' || score < filter.minScore)) return false;
  if (typeof filter.maxScore === 'number' && (typeof score !== 'number' || score > filter.maxScore)) return false;
  if (typeof filter.hasEmail === 'boolean' && email !== undefined && Boolean(email) !== filter.hasEmail) return false;
  if (typeof filter.search === 'string' && filter.search.trim()) {
    const q = filter.search.trim().toLowerCase();
    const hay = [cache.resolve(key, 'domain'), cache.resolve(key, 'pageTitle'), email].filter((x) => typeof x === 'string').join(' ').toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

function jobMatches(cache: Cache, key: string, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const types = filter.types as string[] | undefined;
  const statuses = filter.statuses as string[] | undefined;
  const type = str(cache.resolve(key, 'jobType'));
  const status = str(cache.resolve(key, 'status'));
  if (types?.length && type && !types.includes(type)) return false;
  if (statuses?.length && status && !statuses.includes(status)) return false;
  return true;
}

const orderFieldName: Record<string, string> = { SCORE: 'score', CREATED_AT: 'createdAt', LAST_SENT: 'lastSent' };

function sortValue(cache: Cache, key: string, order: Order): number | string | null {
  const field = order?.field ? orderFieldName[order.field] : undefined;
  if (!field) return null;
  const v = cache.resolve(key, field);
  return typeof v === 'number' || typeof v === 'string' ? v : null;
}

/** Where a new item goes in a loaded list; -1 means "after what is loaded" (it will come with a later page). */
function insertIndex(cache: Cache, keys: string[], key: string, order: Order, hasMore: boolean): number {
  if (!order?.field) return 0;
  const v = sortValue(cache, key, order);
  if (v === null) return hasMore ? -1 : keys.length;
  const desc = order.direction !== 'ASC';
  for (let i = 0; i < keys.length; i++) {
    const o = sortValue(cache, keys[i]!, order);
    if (o === null || (desc ? v > o : v < o)) return i;
  }
  return hasMore ? -1 : keys.length;
}

type ListChange = { removedFrom: Set<string>; addedTo: Set<string> };

const EdgeDoc = gql`
  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }
`;
const JobEdgeDoc = gql`
  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }
`;

type Page = { field: FieldInfo; conn: string; edges: string[]; nodes: Array<string | null> };

function readPage(cache: Cache, field: FieldInfo): Page | null {
  const conn = cache.resolve('Query', field.fieldName, field.arguments ?? undefined);
  if (typeof conn !== 'string') return null;
  const edges = cache.resolve(conn, 'edges');
  if (!Array.isArray(edges)) return null;
  const keys = edges.filter((e): e is string => typeof e === 'string');
  return { field, conn, edges: keys, nodes: keys.map((e) => str(cache.resolve(e, 'node'))) };
}

/** Pages of one list in order: the first page, then each page fetched after the previous end cursor. */
function orderPages(cache: Cache, pages: Page[]): Page[] {
  const args = (p: Page) => (p.field.arguments ?? {}) as Record<string, unknown>;
  const first = pages.find((p) => !args(p).after && !args(p).before);
  if (!first) return pages;
  const out = [first];
  for (;;) {
    const last = out[out.length - 1]!;
    const info = cache.resolve(last.conn, 'pageInfo');
    const end = typeof info === 'string' ? cache.resolve(info, 'endCursor') : null;
    const next = pages.find((p) => !out.includes(p) && end && args(p).after === end);
    if (!next) break;
    out.push(next);
  }
  return out;
}

/**
 * Adds `entityKey` to, or removes it from, every cached page of `fieldName` whose filter
 * matches. Works on the raw links (not through the relayPagination resolver, which would
 * merge pages). Returns the single-stage filters it left or joined (for counters).
 */
function relink(
  cache: Cache,
  fieldName: 'prospects' | 'jobs',
  entityKey: string,
  campaignId: string | null,
  matches: (filter: Filter | undefined) => boolean,
): ListChange {
  const change: ListChange = { removedFrom: new Set(), addedTo: new Set() };
  const id = str(cache.resolve(entityKey, 'id'));
  const typename = entityKey.slice(0, entityKey.indexOf(':'));
  if (!id) return change;
  const lists = new Map<string, Page[]>();
  for (const f of cache.inspectFields('Query')) {
    if (f.fieldName !== fieldName) continue;
    const args = (f.arguments ?? {}) as Record<string, unknown>;
    const filter = args.filter as Filter | undefined;
    if (campaignId && filter?.campaignId && filter.campaignId !== campaignId) continue;
    const page = readPage(cache, f);
    if (!page) continue;
    const { first: _f, after: _a, last: _l, before: _b, ...rest } = args;
    const k = JSON.stringify(rest);
    lists.set(k, [...(lists.get(k) ?? []), page]);
  }
  for (const unordered of lists.values()) {
    const args0 = (unordered[0]!.field.arguments ?? {}) as Record<string, unknown>;
    const filter = args0.filter as Filter | undefined;
    const order = args0.orderBy as Order;
    const shouldBeIn = matches(filter);
    const stageKey = fieldName === 'prospects' && Array.isArray(filter?.stages) && filter.stages.length === 1 ? String(filter.stages[0]) : null;
    const isIn = unordered.some((p) => p.nodes.includes(entityKey));
    if (isIn && !shouldBeIn) {
      for (const p of unordered) {
        if (!p.nodes.includes(entityKey)) continue;
        cache.link(p.conn, 'edges', p.edges.filter((_e, i) => p.nodes[i] !== entityKey));
      }
      if (stageKey) change.removedFrom.add(stageKey);
    } else if (!isIn && shouldBeIn) {
      const pages = orderPages(cache, unordered);
      const all = pages.flatMap((p) => p.nodes.filter((n): n is string => !!n));
      const last = pages[pages.length - 1]!;
      const lastInfo = cache.resolve(last.conn, 'pageInfo');
      const hasMore = typeof lastInfo === 'string' && cache.resolve(lastInfo, 'hasNextPage') === true;
      let index = insertIndex(cache, all, entityKey, order, hasMore);
      if (index >= 0) {
        const edgeData = { __typename: `${typename}ConnectionEdge`, cursor: `live:${id}`, node: { __typename: typename, id } };
        cache.writeFragment(fieldName === 'prospects' ? EdgeDoc : JobEdgeDoc, edgeData);
        const edgeKey = cache.keyOfEntity(edgeData as never);
        for (const p of pages) {
          const n = p.nodes.length;
          if (edgeKey && (index < n || (index === n && p === last))) {
            const edges = [...p.edges];
            edges.splice(index, 0, edgeKey);
            cache.link(p.conn, 'edges', edges);
            break;
          }
          index -= n;
        }
      }
      if (stageKey) change.addedTo.add(stageKey);
    }
  }
  return change;
}

function adjustStageCounts(cache: Cache, campaignId: string, change: ListChange) {
  if (!change.addedTo.size && !change.removedFrom.size) return;
  const data = cache.readFragment(StageCountsDoc, { __typename: 'Campaign', id: campaignId }) as { id: string; stageCounts: Array<{ __typename?: string; stage: string; count: number }> } | null;
  if (!data?.stageCounts) return;
  const counts = data.stageCounts.map((s) => ({ ...s }));
  const bump = (stage: string, d: number) => {
    const row = counts.find((s) => s.stage === stage);
    if (row) row.count = Math.max(0, row.count + d);
    else if (d > 0) counts.push({ __typename: 'StageCount', stage, count: d });
  };
  change.removedFrom.forEach((s) => bump(s, -1));
  change.addedTo.forEach((s) => bump(s, +1));
  cache.writeFragment(StageCountsDoc, { __typename: 'Campaign', id: campaignId, stageCounts: counts });
}

export function linkProspect(cache: Cache, prospect: Data | null | undefined, campaignId: string | null) {
  const key = prospect ? cache.keyOfEntity(prospect as never) : null;
  if (!key) return;
  const cid = campaignId ?? linkedId(cache, key, 'campaign');
  const change = relink(cache, 'prospects', key, cid, (filter) => prospectMatches(cache, key, filter));
  if (cid) adjustStageCounts(cache, cid, change);
}

export function linkJob(cache: Cache, job: Data | null | undefined, campaignId: string | null) {
  const key = job ? cache.keyOfEntity(job as never) : null;
  if (!key) return;
  relink(cache, 'jobs', key, campaignId ?? linkedId(cache, key, 'campaign'), (filter) => jobMatches(cache, key, filter));
}

function linkedId(cache: Cache, key: string, field: string): string | null {
  const linked = cache.resolve(key, field);
  return typeof linked === 'string' ? str(cache.resolve(linked, 'id')) : null;
}

export function invalidateField(cache: Cache, fieldName: string) {
  cache.inspectFields('Query').filter((f) => f.fieldName === fieldName).forEach((f) => cache.invalidate('Query', f.fieldName, f.arguments ?? undefined));
}
