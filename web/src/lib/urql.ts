// The one urql client: graphcache (schema-aware) -> auth error handling -> fetch, and
// subscriptions over one graphql-ws connection on the same URL.
import { Client, fetchExchange, mapExchange, subscriptionExchange, type Exchange } from 'urql';
import { cacheExchange, type CacheExchangeOpts, type KeyingConfig } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { schema } from '../gql/introspection';
import { getToken, logout } from './auth';
import { applyMembership, createMembershipQueue, invalidateField, type MembershipQueue } from './cacheUpdates';

/** VITE_API_URL is the API's base address (with or without /graphql); unset means same origin. */
export function apiUrl(base: string | undefined = import.meta.env.VITE_API_URL): string {
  const origin = typeof window !== 'undefined' ? window.location.origin : 'http://127.0.0.1';
  const raw = (base ?? '').trim() || origin;
  const url = new URL(raw, origin);
  if (!url.pathname.replace(/\/+$/, '').endsWith('/graphql')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/graphql`;
  return url.toString();
}

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

// Every object type without an id is embedded in its parent rather than normalized.
const keys: KeyingConfig = {};
for (const t of schema.__schema.types) {
  if (t.kind === 'OBJECT' && !t.name.startsWith('__') && !('fields' in t && t.fields?.some((f) => f.name === 'id'))) {
    keys[t.name] = () => null;
  }
}
// Edges get a key (cursor + node) so live events can create and link an edge into a list.
for (const name of Object.keys(keys)) {
  if (!name.endsWith('Edge')) continue;
  keys[name] = (edge) => {
    const node = edge.node as { id?: unknown } | null | undefined;
    return typeof edge.cursor === 'string' && node && typeof node.id === 'string' ? `${edge.cursor}|${node.id}` : null;
  };
}

type Args = Record<string, unknown>;

/** Graphcache's configuration; live events and mutation results queue list updates on `live`. */
const cacheConfig = (live: MembershipQueue): CacheExchangeOpts => ({
  schema,
  keys,
  resolvers: {
    Query: {
      prospects: relayPagination(),
      jobs: relayPagination(),
      campaigns: relayPagination(),
      emailLogs: relayPagination(),
      suppressions: relayPagination(),
      campaign: (_p, args: Args) => ({ __typename: 'Campaign', id: args.id as string }),
      prospect: (_p, args: Args) => ({ __typename: 'Prospect', id: args.id as string }),
      job: (_p, args: Args) => ({ __typename: 'Job', id: args.id as string }),
    },
  },
  // Safe to show before the server answers: the server either agrees or the change rolls back.
  optimistic: {
    approveDraft: (args: Args, cache) => {
      const key = cache.keyOfEntity({ __typename: 'EmailLog', id: args.id as string });
      const pk = key ? cache.resolve(key, 'prospect') : null;
      const pid = typeof pk === 'string' ? cache.resolve(pk, 'id') : null;
      return { __typename: 'MutationApproveDraftSuccess', data: {
        __typename: 'EmailLog', id: args.id as string, status: 'approved',
        prospect: typeof pid === 'string' ? { __typename: 'Prospect', id: pid, stage: 'approved' } : null,
      } };
    },
    updateDraft: (args: Args, cache) => {
      const key = cache.keyOfEntity({ __typename: 'EmailLog', id: args.id as string });
      return { __typename: 'MutationUpdateDraftSuccess', data: {
        __typename: 'EmailLog', id: args.id as string,
        subject: (args.subject as string | undefined) ?? (key ? cache.resolve(key, 'subject') : null),
        body: (args.body as string | undefined) ?? (key ? cache.resolve(key, 'body') : null),
        status: 'draft',
        flags: key ? cache.resolve(key, 'flags') : [],
        draftSource: 'manual',
      } };
    },
  },
  updates: {
    // The server's answer to a membership question (see cacheUpdates.ts) moves the entity between lists.
    Prospect: { matchesFilters: applyMembership },
    Job: { matchesFilters: applyMembership },
    Subscription: {
      prospectUpdated: (result, _a, cache) => live.add(cache, result.prospectUpdated as never),
      jobUpdated: (result, _a, cache) => live.add(cache, result.jobUpdated as never),
    },
    Mutation: {
      addProspect: (result, _a, cache) => live.add(cache, dataOf(result.addProspect)),
      setOutreachStatus: (result, _a, cache) => live.add(cache, dataOf(result.setOutreachStatus)),
      importProspects: (result, _a, cache) => {
        invalidateField(cache, 'prospects');
        invalidateField(cache, 'campaign');
        live.add(cache, (dataOf(result.importProspects) as { job?: never } | null)?.job);
      },
      enrichProspects: (result, _a, cache) => {
        for (const job of (dataOf(result.enrichProspects) as { jobs?: never[] } | null)?.jobs ?? []) live.add(cache, job);
      },
      createCampaign: (_r, _a, cache) => invalidateField(cache, 'campaigns'),
      resolveAlert: (_r, _a, cache) => { invalidateField(cache, 'alerts'); invalidateField(cache, 'providers'); },
      startScoring: (result, _a, cache) => live.add(cache, dataOf(result.startScoring)),
      retryJob: (result, _a, cache) => live.add(cache, dataOf(result.retryJob)),
      startDiscovery: (result, _a, cache) => live.add(cache, dataOf(result.startDiscovery)),
      composeDrafts: (result, _a, cache) => { live.add(cache, dataOf(result.composeDrafts)); invalidateField(cache, 'emailLogs'); },
      regenerateDraft: (result, _a, cache) => live.add(cache, dataOf(result.regenerateDraft)),
      sendEmail: (result, _a, cache) => { live.add(cache, dataOf(result.sendEmail)); invalidateField(cache, 'sendQueue'); },
      makeFollowUpDue: (result, _a, cache) => live.add(cache, dataOf(result.makeFollowUpDue)),
      // A feature added by hand publishes the prospect: it changes lists (board column) and the campaign's features.
      addPlacement: (result, _a, cache) => {
        live.add(cache, (dataOf(result.addPlacement) as { prospect?: never } | null)?.prospect);
        invalidateField(cache, 'placements');
      },
      approveDraft: (_r, _a, cache) => invalidateField(cache, 'sendQueue'),
      updateDraft: (_r, _a, cache) => invalidateField(cache, 'sendQueue'),
      autoApproveDrafts: (_r, _a, cache) => { invalidateField(cache, 'emailLogs'); invalidateField(cache, 'sendQueue'); invalidateField(cache, 'prospects'); },
      addSuppression: (_r, _a, cache) => { invalidateField(cache, 'suppressions'); invalidateField(cache, 'sendQueue'); },
      removeSuppression: (_r, _a, cache) => { invalidateField(cache, 'suppressions'); invalidateField(cache, 'sendQueue'); },
      // A mailbox connected, reconnected or disconnected changes which campaigns send, their notices and alerts.
      completeGmailConnect: (_r, _a, cache) => { ['mailboxes', 'alerts', 'sendQueue', 'campaign'].forEach((f) => invalidateField(cache, f)); },
      disconnectMailbox: (_r, _a, cache) => { ['alerts', 'sendQueue', 'campaign'].forEach((f) => invalidateField(cache, f)); },
      updateMailbox: (_r, _a, cache) => invalidateField(cache, 'sendQueue'),
    },
  },
});

/** Graphcache with the app's configuration; membership questions go out through the same client. */
export const appCacheExchange: Exchange = (input) => cacheExchange(cacheConfig(createMembershipQueue(input.client)))(input);

function dataOf(r: unknown) {
  return r && typeof r === 'object' && 'data' in r ? ((r as { data: unknown }).data as never) : null;
}

function backoff(retries: number): Promise<void> {
  const ms = Math.min(30_000, 1000 * 2 ** retries) * (0.75 + Math.random() * 0.5);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createWs(url: string, token: () => string | null): WsClient {
  return createWsClient({
    url: wsUrl(url),
    lazy: true,
    connectionParams: () => {
      const t = token();
      return t ? { authorization: `Bearer ${t}` } : {};
    },
    retryAttempts: Infinity,
    retryWait: backoff,
    // Keep retrying through outages, but not when the server rejected the credentials.
    shouldRetry: (e) => !(e && typeof e === 'object' && 'code' in e && [4401, 4403].includes((e as { code: number }).code)),
    on: {
      closed: (e) => {
        if (e && typeof e === 'object' && 'code' in e && [4401, 4403].includes((e as { code: number }).code)) logout();
      },
    },
  });
}

export const authErrorExchange: Exchange = mapExchange({
  onError(error) {
    if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) logout();
  },
});

export function createUrqlClient(opts: { url?: string; token?: () => string | null } = {}): { client: Client; dispose: () => void } {
  const url = opts.url ?? apiUrl();
  const token = opts.token ?? getToken;
  const ws = createWs(url, token);
  const client = new Client({
    url,
    exchanges: [
      appCacheExchange,
      authErrorExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetchOptions: (): RequestInit => {
      const t = token();
      // The API's CSRF guard (Yoga's CSRF prevention) refuses GET requests without this header,
      // and urql 5 sends short queries as GET.
      const headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' };
      if (t) headers.authorization = `Bearer ${t}`;
      return { headers };
    },
    requestPolicy: 'cache-and-network',
  });
  return { client, dispose: () => void ws.dispose() };
}
