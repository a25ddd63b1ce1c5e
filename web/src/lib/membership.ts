// The question the web app asks the API when a live event or a mutation result arrives: which of
// the cached lists of that type should hold these entities? (see cacheUpdates.ts). Plain strings
// with no imports, so the API's tests send exactly this query to the real server and its limits.

/** Entities per request: each is one aliased node(id:), and the API allows 15 aliases per query. */
export const MEMBERSHIP_BATCH = 15;
/** Filters per request: the API's cap on matchesFilters. */
export const MEMBERSHIP_MAX_FILTERS = 50;

export type MemberType = 'Prospect' | 'Job';

// matchesFilters comes last: graphcache writes the sort fields and the campaign before it runs the
// updater for matchesFilters, which places the entity by them.
const fragments: Record<MemberType, string> = {
  Prospect: /* GraphQL */ `
    fragment ProspectMembership on Prospect { id score createdAt lastSent campaign { id } matchesFilters(filters: $filters) }
  `,
  Job: /* GraphQL */ `
    fragment JobMembership on Job { id matchesFilters(filters: $filters) }
  `,
};

const documents = new Map<string, string>();

/** `query ProspectMembership($filters: [ProspectFilter!]!, $n0: ID!) { n0: node(id: $n0) { ...ProspectMembership } }` for `count` ids. */
export function membershipQuery(type: MemberType, count: number): string {
  const key = `${type} ${count}`;
  let doc = documents.get(key);
  if (!doc) {
    const names = Array.from({ length: count }, (_, i) => `n${i}`);
    doc = [
      `query ${type}Membership($filters: [${type}Filter!]!${names.map((n) => `, $${n}: ID!`).join('')}) {`,
      ...names.map((n) => `  ${n}: node(id: $${n}) { ...${type}Membership }`),
      '}',
      fragments[type],
    ].join('\n');
    documents.set(key, doc);
  }
  return doc;
}

/** A campaign's board counters, re-read after its prospects moved (never counted in the browser). */
export const STAGE_COUNTS_QUERY = /* GraphQL */ `
  query CampaignStageCounts($id: ID!) { campaign(id: $id) { id stageCounts { stage count } } }
`;

export function membershipVariables(ids: readonly string[], filters: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries([['filters', filters], ...ids.map((id, i) => [`n${i}`, id])]);
}
