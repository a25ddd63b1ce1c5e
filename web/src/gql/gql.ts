/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      __typename\n      ... on MutationLogInSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.LogInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      __typename\n      ... on MutationSignUpSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt\n  }\n": typeof types.BoardCardFragmentDoc,
    "\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BoardColumnDocument,
    "\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n": typeof types.BoardDocument,
    "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus score contactEmail domain pageTitle\n      ...BoardCard\n      campaign { id }\n    }\n  }\n": typeof types.ProspectUpdatedDocument,
    "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id stage outreachStatus score contactEmail domain pageTitle ...BoardCard campaign { id } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SetOutreachStatusDocument,
    "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt\n    }\n  }\n": typeof types.CampaignSettingsDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.UpdateCampaignDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent ...BoardCard campaign { id } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.AddProspectDocument,
    "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ImportProspectsDocument,
    "\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": typeof types.StartScoringDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n": typeof types.JobDocument,
    "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n": typeof types.JobProgressDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n": typeof types.RetryJobDocument,
    "\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n": typeof types.JobRowFragmentDoc,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n": typeof types.JobUpdatedDocument,
    "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt }\n      crawlData dataforseoPayload hunterPayload\n    }\n  }\n": typeof types.ProspectDocument,
    "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ProspectRowsDocument,
    "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n": typeof types.ProvidersDocument,
    "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } }\n  }\n": typeof types.AlertsDocument,
    "\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n": typeof types.SpendDocument,
    "\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n": typeof types.ResolveAlertDocument,
    "\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.ShellDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": typeof types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": typeof types.ResumeCampaignDocument,
    "\n  fragment CacheCampaignStageCounts on Campaign { id stageCounts { stage count } }\n": typeof types.CacheCampaignStageCountsFragmentDoc,
    "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n": typeof types.CacheLiveEdgeFragmentDoc,
    "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n": typeof types.CacheLiveJobEdgeFragmentDoc,
};
const documents: Documents = {
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      __typename\n      ... on MutationLogInSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.LogInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      __typename\n      ... on MutationSignUpSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.SignUpDocument,
    "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt\n  }\n": types.BoardCardFragmentDoc,
    "\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BoardColumnDocument,
    "\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n": types.BoardDocument,
    "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus score contactEmail domain pageTitle\n      ...BoardCard\n      campaign { id }\n    }\n  }\n": types.ProspectUpdatedDocument,
    "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id stage outreachStatus score contactEmail domain pageTitle ...BoardCard campaign { id } } }\n      ... on Error { message }\n    }\n  }\n": types.SetOutreachStatusDocument,
    "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt\n    }\n  }\n": types.CampaignSettingsDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.UpdateCampaignDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n    }\n  }\n": types.DashboardDocument,
    "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent ...BoardCard campaign { id } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.AddProspectDocument,
    "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.ImportProspectsDocument,
    "\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": types.StartScoringDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n": types.JobDocument,
    "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n": types.JobProgressDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n": types.CancelJobDocument,
    "\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n": types.RetryJobDocument,
    "\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n": types.JobRowFragmentDoc,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.JobsDocument,
    "\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n": types.JobUpdatedDocument,
    "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt }\n      crawlData dataforseoPayload hunterPayload\n    }\n  }\n": types.ProspectDocument,
    "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ProspectRowsDocument,
    "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n": types.ProvidersDocument,
    "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } }\n  }\n": types.AlertsDocument,
    "\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n": types.SpendDocument,
    "\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n": types.ResolveAlertDocument,
    "\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n": types.ShellDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": types.ResumeCampaignDocument,
    "\n  fragment CacheCampaignStageCounts on Campaign { id stageCounts { stage count } }\n": types.CacheCampaignStageCountsFragmentDoc,
    "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n": types.CacheLiveEdgeFragmentDoc,
    "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n": types.CacheLiveJobEdgeFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      __typename\n      ... on MutationLogInSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      __typename\n      ... on MutationLogInSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      __typename\n      ... on MutationSignUpSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      __typename\n      ... on MutationSignUpSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt\n  }\n"): (typeof documents)["\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n"): (typeof documents)["\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus score contactEmail domain pageTitle\n      ...BoardCard\n      campaign { id }\n    }\n  }\n"): (typeof documents)["\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus score contactEmail domain pageTitle\n      ...BoardCard\n      campaign { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id stage outreachStatus score contactEmail domain pageTitle ...BoardCard campaign { id } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id stage outreachStatus score contactEmail domain pageTitle ...BoardCard campaign { id } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt\n    }\n  }\n"): (typeof documents)["\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n    }\n  }\n"): (typeof documents)["\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent ...BoardCard campaign { id } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent ...BoardCard campaign { id } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n"): (typeof documents)["\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n"): (typeof documents)["\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n"): (typeof documents)["\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n"): (typeof documents)["\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt }\n      crawlData dataforseoPayload hunterPayload\n    }\n  }\n"): (typeof documents)["\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt }\n      crawlData dataforseoPayload hunterPayload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n"): (typeof documents)["\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } }\n  }\n"): (typeof documents)["\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n"): (typeof documents)["\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n"): (typeof documents)["\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CacheCampaignStageCounts on Campaign { id stageCounts { stage count } }\n"): (typeof documents)["\n  fragment CacheCampaignStageCounts on Campaign { id stageCounts { stage count } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n"): (typeof documents)["\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n"): (typeof documents)["\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;