// Graphcache helpers that keep Relay lists in step with live events and mutation results, so a
// prospect that changes stage leaves one board column and joins another without refetching.
// Which lists an entity belongs in is the server's answer (Prospect/Job.matchesFilters), never a
// copy of the server's filters here: an event or a result queues the entity; a short window later
// one query asks about the queued entities and every distinct filter of the cached lists of their
// type; the updater for matchesFilters then links or unlinks each entity in each list. The board's
// counters are the server's too: after a batch of prospects, their campaigns' stageCounts are re-read.
import type { Cache, Data, FieldInfo, UpdateResolver } from '@urql/exchange-graphcache';
import { gql, stringifyVariables, type Client } from 'urql';
import { MEMBERSHIP_BATCH, MEMBERSHIP_MAX_FILTERS, STAGE_COUNTS_QUERY, membershipQuery, membershipVariables, type MemberType } from './membership';

type Filter = Record<string, unknown>;
type Order = { field?: string; direction?: 'ASC' | 'DESC' } | undefined;

const LIST_FIELD: Record<MemberType, 'prospects' | 'jobs'> = { Prospect: 'prospects', Job: 'jobs' };

function str(v: unknown): string | null { return typeof v === 'string' ? v : null; }

/** Identifies a list's filter the way graphcache keys its arguments; no filter is the unfiltered list. */
const filterKey = (filter: unknown) => stringifyVariables(filter ?? {});

/** The distinct filters of the cached pages of a list field. */
function cachedFilters(cache: Cache, fieldName: string): Filter[] {
  const filters = new Map<string, Filter>();
  for (const f of cache.inspectFields('Query')) {
    if (f.fieldName !== fieldName) continue;
    const filter = ((f.arguments ?? {}) as Record<string, unknown>).filter as Filter | null | undefined;
    filters.set(filterKey(filter), filter ?? {});
  }
  return [...filters.values()];
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
 * Adds `entityKey` to, or removes it from, every cached list of `fieldName` whose filter the server
 * answered for (`answers`: filter key -> is it in that list). Works on the raw links (not through
 * the relayPagination resolver, which would merge pages).
 */
function relink(cache: Cache, fieldName: 'prospects' | 'jobs', entityKey: string, answers: Map<string, boolean>) {
  const id = str(cache.resolve(entityKey, 'id'));
  const typename = entityKey.slice(0, entityKey.indexOf(':'));
  if (!id) return;
  const lists = new Map<string, Page[]>();
  for (const f of cache.inspectFields('Query')) {
    if (f.fieldName !== fieldName) continue;
    const args = (f.arguments ?? {}) as Record<string, unknown>;
    if (!answers.has(filterKey(args.filter))) continue;
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
    const shouldBeIn = answers.get(filterKey(filter))!;
    const isIn = unordered.some((p) => p.nodes.includes(entityKey));
    if (isIn && !shouldBeIn) {
      for (const p of unordered) {
        if (!p.nodes.includes(entityKey)) continue;
        cache.link(p.conn, 'edges', p.edges.filter((_e, i) => p.nodes[i] !== entityKey));
      }
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
    }
  }
}

/** The updater for Prospect.matchesFilters and Job.matchesFilters: the server's answer for one entity. */
export const applyMembership: UpdateResolver = (parent, args, cache, info) => {
  const answers = parent[info.fieldName];
  const filters = args.filters;
  if (!Array.isArray(answers) || !Array.isArray(filters)) return;
  const type = info.parentTypeName as MemberType;
  relink(cache, LIST_FIELD[type], info.parentKey, new Map(filters.map((f, i) => [filterKey(f), answers[i] === true])));
  // Keep only the latest answer: one per set of filters asked would pile up over a long session.
  for (const f of cache.inspectFields(info.parentKey)) {
    if (f.fieldName === info.fieldName && f.fieldKey !== info.parentFieldKey) cache.invalidate(info.parentKey, f.fieldName, f.arguments ?? undefined);
  }
};

export interface MembershipQueue {
  /** From an updater: `entity` (a Prospect or a Job) changed; its lists are asked about shortly. */
  add(cache: Cache, entity: Data | null | undefined): void;
}

/**
 * Coalesces membership questions: an entity queued several times within `windowMs` is asked about
 * once, up to MEMBERSHIP_BATCH entities of a type share one query, and one query at a time is in
 * flight (so answers land in order; what queues meanwhile goes out as soon as it returns). After a
 * batch of prospects, the stage counters of their campaigns are read again from the server.
 */
export function createMembershipQueue(client: Client, windowMs = 50): MembershipQueue {
  const pending = new Map<string, { type: MemberType; id: string }>();
  const filters: Record<MemberType, Map<string, Filter>> = { Prospect: new Map(), Job: new Map() };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let busy = false;

  const schedule = (ms: number) => {
    if (!timer && !busy && pending.size) timer = setTimeout(() => void flush(), ms);
  };

  async function flush() {
    timer = null;
    const type = pending.values().next().value?.type;
    if (!type) return;
    const ids: string[] = [];
    for (const [key, entry] of pending) {
      if (entry.type !== type) continue;
      pending.delete(key);
      ids.push(entry.id);
      if (ids.length === MEMBERSHIP_BATCH) break;
    }
    const asked = [...filters[type].values()];
    if (![...pending.values()].some((e) => e.type === type)) filters[type].clear();
    busy = true;
    const campaigns = new Set<string>();
    try {
      for (let i = 0; i < asked.length; i += MEMBERSHIP_MAX_FILTERS) {
        const variables = membershipVariables(ids, asked.slice(i, i + MEMBERSHIP_MAX_FILTERS));
        // The answer is applied by the matchesFilters updater as graphcache writes it.
        const { data } = await client.query(membershipQuery(type, ids.length), variables, { requestPolicy: 'network-only' }).toPromise();
        for (const node of Object.values((data ?? {}) as Record<string, { campaign?: { id?: unknown } } | null>)) {
          if (typeof node?.campaign?.id === 'string') campaigns.add(node.campaign.id);
        }
      }
      for (const id of campaigns) await client.query(STAGE_COUNTS_QUERY, { id }, { requestPolicy: 'network-only' }).toPromise();
    } finally {
      busy = false;
      schedule(0);
    }
  }

  return {
    add(cache, entity) {
      const key = entity ? cache.keyOfEntity(entity) : null;
      const id = key ? str(cache.resolve(key, 'id')) : null;
      if (!key || !id) return;
      const type = key.slice(0, key.indexOf(':')) as MemberType;
      const lists = cachedFilters(cache, LIST_FIELD[type]);
      if (!lists.length) return;
      for (const f of lists) filters[type].set(filterKey(f), f);
      pending.set(key, { type, id });
      schedule(windowMs);
    },
  };
}

export function invalidateField(cache: Cache, fieldName: string) {
  cache.inspectFields('Query').filter((f) => f.fieldName === fieldName).forEach((f) => cache.invalidate('Query', f.fieldName, f.arguments ?? undefined));
}
