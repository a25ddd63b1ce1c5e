/** Operations GraphiQL opens with, so a new user can run something at once. */
export const GRAPHIQL_DEFAULT_QUERY = `# Art outreach API. 1) Run LogIn (the demo login is printed by \`pnpm start\`),
# 2) copy the token into the Headers tab as {"Authorization": "Bearer <token>"},
# 3) run Campaigns, then StartScoring with a campaign id, then watch it live with JobMonitor.

mutation LogIn {
  logIn(input: { email: "demo@outreach.local", password: "demo-password-123" }) {
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

subscription JobProgress($jobId: ID!) {
  jobProgress(jobId: $jobId) { seq status progress message }
}
`;
