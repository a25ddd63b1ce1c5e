import { graphql } from '../../gql';

export const ProvidersQuery = graphql(`
  query Providers {
    providers { provider mode healthy lastError lastCallAt }
  }
`);

export const AlertsQuery = graphql(`
  query Alerts($includeResolved: Boolean) {
    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } mailbox { id address status } }
  }
`);

export const SpendQuery = graphql(`
  query Spend($campaignId: ID) {
    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }
  }
`);

export const ResolveAlert = graphql(`
  mutation ResolveAlert($id: ID!) {
    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }
  }
`);

/** Alerts that bring good news (a feature was found): said as such, not as something that needs attention. */
export const GOOD_NEWS_ALERTS: ReadonlySet<string> = new Set(['placement_found']);

export const PROVIDER_LABEL: Record<string, string> = { dataforseo: 'DataForSEO', hunter: 'Hunter', gemini: 'Gemini', gmail: 'Gmail' };
