import { renderGraphiQL } from "@graphql-yoga/render-graphiql";

/**
 * GraphiQL from the project's own dependencies (no CDN), so it works with no internet. Rendered once:
 * the page carries its scripts inline (about 9 MB).
 */
export function graphiqlRenderer(login: { email?: string; password?: string }) {
  let html: string | undefined;
  return (options?: Parameters<typeof renderGraphiQL>[0]) =>
    (html ??= renderGraphiQL({ ...options, defaultQuery: graphiqlDefaultQuery(login) }));
}

/** Operations GraphiQL opens with, so a new user can run something at once. */
export const graphiqlDefaultQuery = (login: { email?: string; password?: string }) => `# Art outreach API. 1) Run LogIn (${login.password ? "filled in with the demo login `pnpm start` printed" : "with the demo login printed by `pnpm start`"}),
# 2) copy the token into the Headers tab as {"Authorization": "Bearer <token>"},
# 3) run Campaigns, then StartScoring with a campaign id, then watch it live with JobMonitor.

mutation LogIn {
  logIn(input: { email: ${JSON.stringify(login.email ?? "demo@outreach.local")}, password: ${JSON.stringify(login.password ?? "the password pnpm start printed")} }) {
    __typename
    ... on MutationLogInSuccess { data { token user { id name } } }
    ... on Error { message }
  }
}

query Campaigns {
  campaigns(first: 10) {
    edges { node { id name status stageCounts { stage count } } }
  }
}

query TopProspects($campaignId: ID!) {
  prospects(first: 20, filter: { campaignId: $campaignId }, orderBy: { field: SCORE }) {
    totalCount
    edges { node { id domain pageTitle stage score scoreBreakdown { label points max detail } } }
  }
}

mutation StartScoring($campaignId: ID!) {
  startScoring(campaignId: $campaignId) {
    __typename
    ... on MutationStartScoringSuccess { data { id status } }
    ... on Error { message }
  }
}

# The live job monitor: every job of the campaign as it changes.
subscription JobMonitor($campaignId: ID!) {
  jobUpdated(campaignId: $campaignId) { id jobType status progress errorMessage }
}

# Its current state first, then every stored step from the start (afterSeq: 0), then live ones.
subscription JobProgress($jobId: ID!) {
  jobProgress(jobId: $jobId, afterSeq: 0) { kind seq status progress message }
}
`;
