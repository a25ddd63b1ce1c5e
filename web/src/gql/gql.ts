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
    "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt enrichedAt enrichAvailableAt\n    placements { id url status }\n  }\n": typeof types.BoardCardFragmentDoc,
    "\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.BoardColumnDocument,
    "\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n": typeof types.BoardDocument,
    "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id ...BoardCard }\n  }\n": typeof types.ProspectUpdatedDocument,
    "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id domain ...BoardCard } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SetOutreachStatusDocument,
    "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n    }\n    mailboxes { ...MailboxOption }\n  }\n": typeof types.CampaignSettingsDocument,
    "\n  fragment MailboxOption on Mailbox { id address status sendAs { email displayName isPrimary verified } }\n": typeof types.MailboxOptionFragmentDoc,
    "\n  query NewCampaignMailboxes { mailboxes { ...MailboxOption } }\n": typeof types.NewCampaignMailboxesDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.UpdateCampaignDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n      activity(days: 30) { day sent replied accepted }\n    }\n    mailboxes { id status }\n  }\n": typeof types.DashboardDocument,
    "\n  query CampaignFeatures($id: ID!) {\n    campaign(id: $id) { id outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } }\n    placements(first: 5, filter: { campaignId: $id }) {\n      totalCount\n      edges { cursor node { id url site title rel anchorText foundAt status lostAt lostReason prospect { id domain } } }\n    }\n  }\n": typeof types.CampaignFeaturesDocument,
    "\n  subscription DashboardProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n": typeof types.DashboardProspectDocument,
    "\n  query DiscoveryCampaign($id: ID!) {\n    campaign(id: $id) { id name keywords locationCode languageCode searchDepth }\n  }\n": typeof types.DiscoveryCampaignDocument,
    "\n  mutation StartDiscovery($campaignId: ID!, $keywords: [String!]) {\n    startDiscovery(campaignId: $campaignId, keywords: $keywords) {\n      __typename\n      ... on MutationStartDiscoverySuccess { data { id status jobType ...JobRow } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.StartDiscoveryDocument,
    "\n  fragment DraftEditor on EmailLog { id step status subject body flags draftSource fallbackReason toEmail error }\n": typeof types.DraftEditorFragmentDoc,
    "\n  mutation UpdateDraft($id: ID!, $subject: String, $body: String) {\n    updateDraft(id: $id, subject: $subject, body: $body) {\n      __typename\n      ... on MutationUpdateDraftSuccess { data { id subject body status flags draftSource } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.UpdateDraftDocument,
    "\n  mutation ApproveDraft($id: ID!) {\n    approveDraft(id: $id) {\n      __typename\n      ... on MutationApproveDraftSuccess { data { id status prospect { id stage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ApproveDraftDocument,
    "\n  mutation RegenerateDraft($prospectId: ID!) {\n    regenerateDraft(prospectId: $prospectId) {\n      __typename\n      ... on MutationRegenerateDraftSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n": typeof types.RegenerateDraftDocument,
    "\n  mutation SendEmail($prospectId: ID!) {\n    sendEmail(prospectId: $prospectId) {\n      __typename\n      ... on MutationSendEmailSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SendEmailDocument,
    "\n  mutation SendTestEmail($id: ID!) {\n    sendTestEmail(id: $id) {\n      __typename\n      ... on MutationSendTestEmailSuccess { data { to sandbox gmailMessageId } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.SendTestEmailDocument,
    "\n  mutation ComposeDrafts($prospectIds: [ID!]!) {\n    composeDrafts(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationComposeDraftsSuccess { data { id status jobType ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ComposeDraftsDocument,
    "\n  mutation AutoApproveDrafts($campaignId: ID!) {\n    autoApproveDrafts(campaignId: $campaignId) {\n      __typename\n      ... on MutationAutoApproveDraftsSuccess { data { approved threshold } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.AutoApproveDraftsDocument,
    "\n  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!, $orderBy: EmailLogOrder) {\n    campaign(id: $campaignId) { id autoApproveScore }\n    emailLogs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges { cursor node { id step status subject body flags fallbackReason createdAt toEmail prospect { id domain score stage } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.DraftsDocument,
    "\n  mutation ApproveDrafts($ids: [ID!]!) {\n    approveDrafts(ids: $ids) {\n      __typename\n      ... on MutationApproveDraftsSuccess { data { approved { id status prospect { id stage } } refused { id reason } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ApproveDraftsDocument,
    "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } enrichJob { id } ...BoardCard } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.AddProspectDocument,
    "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } job { id status progress errorMessage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ImportProspectsDocument,
    "\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": typeof types.StartScoringDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n": typeof types.JobDocument,
    "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      kind seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n": typeof types.JobProgressDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n": typeof types.CancelJobDocument,
    "\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n": typeof types.RetryJobDocument,
    "\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n": typeof types.JobRowFragmentDoc,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.JobsDocument,
    "\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n": typeof types.JobUpdatedDocument,
    "\n  subscription FollowedJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) { kind seq status progress message job { id errorMessage result } }\n  }\n": typeof types.FollowedJobProgressDocument,
    "\n  query CampaignMailbox($id: ID!) {\n    campaign(id: $id) { id sendsFrom mailbox { id address status statusReason } }\n  }\n": typeof types.CampaignMailboxDocument,
    "\n  fragment MailboxFields on Mailbox {\n    id address displayName status statusReason statusChangedAt grantedScopes dailyCap sentLast24h quotaResetAt lastSyncedAt unmatchedReports createdAt\n    sendAs { email displayName isPrimary verified }\n    campaigns { id name }\n  }\n": typeof types.MailboxFieldsFragmentDoc,
    "\n  query Mailboxes {\n    mailboxes { ...MailboxFields }\n    mailboxSetup { redirectUri configured sandbox }\n  }\n": typeof types.MailboxesDocument,
    "\n  mutation ConnectGmail($mailboxId: ID) {\n    connectGmail(mailboxId: $mailboxId) {\n      __typename\n      ... on MutationConnectGmailSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConnectGmailDocument,
    "\n  mutation CompleteGmailConnect($code: String!, $state: String!) {\n    completeGmailConnect(code: $code, state: $state) {\n      __typename\n      ... on MutationCompleteGmailConnectSuccess {\n        data {\n          reconnected resumedCampaigns\n          missingPermissions { scope description }\n          mailbox { ...MailboxFields }\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CompleteGmailConnectDocument,
    "\n  mutation DisconnectMailbox($id: ID!) {\n    disconnectMailbox(id: $id) {\n      __typename\n      ... on MutationDisconnectMailboxSuccess { data { ...MailboxFields } }\n      ... on Error { message }\n    }\n  }\n": typeof types.DisconnectMailboxDocument,
    "\n  mutation UpdateMailbox($id: ID!, $dailyCap: Int!) {\n    updateMailbox(id: $id, dailyCap: $dailyCap) {\n      __typename\n      ... on MutationUpdateMailboxSuccess { data { id dailyCap sentLast24h } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.UpdateMailboxDocument,
    "\n  fragment EnrichPanel on Prospect {\n    id domain stage enrichedAt enrichAvailableAt enrichNotes enrichJob { id status }\n  }\n": typeof types.EnrichPanelFragmentDoc,
    "\n  fragment ProspectFeatures on Prospect {\n    id domain\n    placements {\n      id url site title rel previousRel relChangedAt anchorText excerpt foundAt source match\n      status lostAt lostReason lastCheckedAt checkedCount lastCheckNote\n    }\n  }\n": typeof types.ProspectFeaturesFragmentDoc,
    "\n  mutation AddPlacement($prospectId: ID!, $url: String!) {\n    addPlacement(prospectId: $prospectId, url: $url) {\n      __typename\n      ... on MutationAddPlacementSuccess { data { id url prospect { id stage outreachStatus ...ProspectFeatures } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.AddPlacementDocument,
    "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification verificationNote source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId ...DraftEditor }\n      crawlData dataforseoPayload hunterPayload\n      ...EnrichPanel\n      ...ProspectFeatures\n    }\n  }\n": typeof types.ProspectDocument,
    "\n  subscription ProspectLive($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus lastSent followupsSent score contactEmail enrichedAt enrichAvailableAt enrichNotes\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId }\n      campaign { id }\n      ...ProspectFeatures\n    }\n  }\n": typeof types.ProspectLiveDocument,
    "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ProspectRowsDocument,
    "\n  mutation EnrichProspects($prospectIds: [ID!]!) {\n    enrichProspects(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationEnrichProspectsSuccess { data { jobs { id status jobType ...JobRow } refused { prospectId domain reason availableAt } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.EnrichProspectsDocument,
    "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n": typeof types.ProvidersDocument,
    "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } mailbox { id address status } }\n  }\n": typeof types.AlertsDocument,
    "\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n": typeof types.SpendDocument,
    "\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n": typeof types.ResolveAlertDocument,
    "\n  subscription SendPlanProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n": typeof types.SendPlanProspectDocument,
    "\n  subscription SendPlanJob($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id jobType status }\n  }\n": typeof types.SendPlanJobDocument,
    "\n  query CampaignNextSend($id: ID!) {\n    campaign(id: $id) { id status sendingPausedReason timeZone nextSendAt }\n  }\n": typeof types.CampaignNextSendDocument,
    "\n  query SendQueue($campaignId: ID!) {\n    sendQueue(campaignId: $campaignId) {\n      now timeZone dailyCap sentToday truncated nextSendAt\n      mailbox { id address status dailyCap sentLast24h quotaResetAt }\n      queue { emailLogId prospectId domain to subject step score estimatedAt waitingFor sending }\n      blocked { emailLogId prospectId domain to step reason detail }\n    }\n    campaign(id: $campaignId) { id status sendingPausedReason }\n  }\n": typeof types.SendQueueDocument,
    "\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.ShellDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": typeof types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": typeof types.ResumeCampaignDocument,
    "\n  query HomeMailboxes { mailboxes { id status } }\n": typeof types.HomeMailboxesDocument,
    "\n  query Suppressions($first: Int!, $after: String, $search: String) {\n    suppressions(first: $first, after: $after, search: $search) {\n      totalCount\n      edges { cursor node { id value reason note createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.SuppressionsDocument,
    "\n  mutation AddSuppression($value: String!, $note: String) {\n    addSuppression(value: $value, note: $note) {\n      __typename\n      ... on MutationAddSuppressionSuccess { data { id value reason note createdAt } }\n      ... on ValidationError { message fieldErrors { path message } }\n    }\n  }\n": typeof types.AddSuppressionDocument,
    "\n  mutation RemoveSuppression($id: ID!) {\n    removeSuppression(id: $id) {\n      __typename\n      ... on MutationRemoveSuppressionSuccess { data { id value } }\n      ... on Error { message }\n    }\n  }\n": typeof types.RemoveSuppressionDocument,
    "\n  mutation DryRun($campaignId: ID!, $keyword: String, $domain: String) {\n    dryRun(campaignId: $campaignId, keyword: $keyword, domain: $domain) {\n      __typename\n      ... on MutationDryRunSuccess { data }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": typeof types.DryRunDocument,
    "\n  query TestDrafts($filter: EmailLogFilter!) {\n    emailLogs(first: 50, filter: $filter) { edges { cursor node { id subject step prospect { id domain } } } pageInfo { hasNextPage endCursor } }\n  }\n": typeof types.TestDraftsDocument,
    "\n  query FollowUpCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain followupsSent lastSent } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.FollowUpCandidatesDocument,
    "\n  mutation MakeFollowUpDue($prospectId: ID!) {\n    makeFollowUpDue(prospectId: $prospectId) {\n      __typename\n      ... on MutationMakeFollowUpDueSuccess { data { id params ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": typeof types.MakeFollowUpDueDocument,
    "\n  query FeatureCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain stage outreachStatus } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.FeatureCandidatesDocument,
    "\n  mutation PublishSandboxFeature($prospectId: ID!, $linkStyle: SandboxLinkStyle, $rel: String) {\n    publishSandboxFeature(prospectId: $prospectId, linkStyle: $linkStyle, rel: $rel) {\n      __typename\n      ... on MutationPublishSandboxFeatureSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n": typeof types.PublishSandboxFeatureDocument,
    "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n": typeof types.CacheLiveEdgeFragmentDoc,
    "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n": typeof types.CacheLiveJobEdgeFragmentDoc,
    "\n    fragment ProspectMembership on Prospect { id score createdAt lastSent campaign { id } matchesFilters(filters: $filters) }\n  ": typeof types.ProspectMembershipFragmentDoc,
    "\n    fragment JobMembership on Job { id matchesFilters(filters: $filters) }\n  ": typeof types.JobMembershipFragmentDoc,
    "\n  query CampaignStageCounts($id: ID!) { campaign(id: $id) { id stageCounts { stage count } } }\n": typeof types.CampaignStageCountsDocument,
};
const documents: Documents = {
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      __typename\n      ... on MutationLogInSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.LogInDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      __typename\n      ... on MutationSignUpSuccess { data { token user { id email name } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.SignUpDocument,
    "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt enrichedAt enrichAvailableAt\n    placements { id url status }\n  }\n": types.BoardCardFragmentDoc,
    "\n  query BoardColumn($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges { cursor node { id ...BoardCard } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.BoardColumnDocument,
    "\n  query Board($id: ID!) {\n    campaign(id: $id) { id name stageCounts { stage count } }\n  }\n": types.BoardDocument,
    "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id ...BoardCard }\n  }\n": types.ProspectUpdatedDocument,
    "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id domain ...BoardCard } }\n      ... on Error { message }\n    }\n  }\n": types.SetOutreachStatusDocument,
    "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n    }\n    mailboxes { ...MailboxOption }\n  }\n": types.CampaignSettingsDocument,
    "\n  fragment MailboxOption on Mailbox { id address status sendAs { email displayName isPrimary verified } }\n": types.MailboxOptionFragmentDoc,
    "\n  query NewCampaignMailboxes { mailboxes { ...MailboxOption } }\n": types.NewCampaignMailboxesDocument,
    "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.UpdateCampaignDocument,
    "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n      activity(days: 30) { day sent replied accepted }\n    }\n    mailboxes { id status }\n  }\n": types.DashboardDocument,
    "\n  query CampaignFeatures($id: ID!) {\n    campaign(id: $id) { id outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } }\n    placements(first: 5, filter: { campaignId: $id }) {\n      totalCount\n      edges { cursor node { id url site title rel anchorText foundAt status lostAt lostReason prospect { id domain } } }\n    }\n  }\n": types.CampaignFeaturesDocument,
    "\n  subscription DashboardProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n": types.DashboardProspectDocument,
    "\n  query DiscoveryCampaign($id: ID!) {\n    campaign(id: $id) { id name keywords locationCode languageCode searchDepth }\n  }\n": types.DiscoveryCampaignDocument,
    "\n  mutation StartDiscovery($campaignId: ID!, $keywords: [String!]) {\n    startDiscovery(campaignId: $campaignId, keywords: $keywords) {\n      __typename\n      ... on MutationStartDiscoverySuccess { data { id status jobType ...JobRow } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.StartDiscoveryDocument,
    "\n  fragment DraftEditor on EmailLog { id step status subject body flags draftSource fallbackReason toEmail error }\n": types.DraftEditorFragmentDoc,
    "\n  mutation UpdateDraft($id: ID!, $subject: String, $body: String) {\n    updateDraft(id: $id, subject: $subject, body: $body) {\n      __typename\n      ... on MutationUpdateDraftSuccess { data { id subject body status flags draftSource } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.UpdateDraftDocument,
    "\n  mutation ApproveDraft($id: ID!) {\n    approveDraft(id: $id) {\n      __typename\n      ... on MutationApproveDraftSuccess { data { id status prospect { id stage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.ApproveDraftDocument,
    "\n  mutation RegenerateDraft($prospectId: ID!) {\n    regenerateDraft(prospectId: $prospectId) {\n      __typename\n      ... on MutationRegenerateDraftSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n": types.RegenerateDraftDocument,
    "\n  mutation SendEmail($prospectId: ID!) {\n    sendEmail(prospectId: $prospectId) {\n      __typename\n      ... on MutationSendEmailSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n": types.SendEmailDocument,
    "\n  mutation SendTestEmail($id: ID!) {\n    sendTestEmail(id: $id) {\n      __typename\n      ... on MutationSendTestEmailSuccess { data { to sandbox gmailMessageId } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.SendTestEmailDocument,
    "\n  mutation ComposeDrafts($prospectIds: [ID!]!) {\n    composeDrafts(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationComposeDraftsSuccess { data { id status jobType ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": types.ComposeDraftsDocument,
    "\n  mutation AutoApproveDrafts($campaignId: ID!) {\n    autoApproveDrafts(campaignId: $campaignId) {\n      __typename\n      ... on MutationAutoApproveDraftsSuccess { data { approved threshold } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.AutoApproveDraftsDocument,
    "\n  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!, $orderBy: EmailLogOrder) {\n    campaign(id: $campaignId) { id autoApproveScore }\n    emailLogs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges { cursor node { id step status subject body flags fallbackReason createdAt toEmail prospect { id domain score stage } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.DraftsDocument,
    "\n  mutation ApproveDrafts($ids: [ID!]!) {\n    approveDrafts(ids: $ids) {\n      __typename\n      ... on MutationApproveDraftsSuccess { data { approved { id status prospect { id stage } } refused { id reason } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.ApproveDraftsDocument,
    "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } enrichJob { id } ...BoardCard } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.AddProspectDocument,
    "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } job { id status progress errorMessage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.ImportProspectsDocument,
    "\n  mutation StartScoring($campaignId: ID!) {\n    startScoring(campaignId: $campaignId) {\n      __typename\n      ... on MutationStartScoringSuccess { data { id ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": types.StartScoringDocument,
    "\n  query Job($id: ID!) {\n    job(id: $id) {\n      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt\n      campaign { id name }\n      parent { id jobType }\n      children { id ...JobRow }\n      events { id level message progress createdAt }\n    }\n  }\n": types.JobDocument,
    "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      kind seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n": types.JobProgressDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }\n  }\n": types.CancelJobDocument,
    "\n  mutation RetryJob($id: ID!) {\n    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }\n  }\n": types.RetryJobDocument,
    "\n  fragment JobRow on Job {\n    id jobType status progress attempts errorMessage createdAt startedAt finishedAt\n    campaign { id }\n  }\n": types.JobRowFragmentDoc,
    "\n  query Jobs($first: Int!, $after: String, $filter: JobFilter) {\n    jobs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges { cursor node { id ...JobRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.JobsDocument,
    "\n  subscription JobUpdated($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id ...JobRow }\n  }\n": types.JobUpdatedDocument,
    "\n  subscription FollowedJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) { kind seq status progress message job { id errorMessage result } }\n  }\n": types.FollowedJobProgressDocument,
    "\n  query CampaignMailbox($id: ID!) {\n    campaign(id: $id) { id sendsFrom mailbox { id address status statusReason } }\n  }\n": types.CampaignMailboxDocument,
    "\n  fragment MailboxFields on Mailbox {\n    id address displayName status statusReason statusChangedAt grantedScopes dailyCap sentLast24h quotaResetAt lastSyncedAt unmatchedReports createdAt\n    sendAs { email displayName isPrimary verified }\n    campaigns { id name }\n  }\n": types.MailboxFieldsFragmentDoc,
    "\n  query Mailboxes {\n    mailboxes { ...MailboxFields }\n    mailboxSetup { redirectUri configured sandbox }\n  }\n": types.MailboxesDocument,
    "\n  mutation ConnectGmail($mailboxId: ID) {\n    connectGmail(mailboxId: $mailboxId) {\n      __typename\n      ... on MutationConnectGmailSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n": types.ConnectGmailDocument,
    "\n  mutation CompleteGmailConnect($code: String!, $state: String!) {\n    completeGmailConnect(code: $code, state: $state) {\n      __typename\n      ... on MutationCompleteGmailConnectSuccess {\n        data {\n          reconnected resumedCampaigns\n          missingPermissions { scope description }\n          mailbox { ...MailboxFields }\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.CompleteGmailConnectDocument,
    "\n  mutation DisconnectMailbox($id: ID!) {\n    disconnectMailbox(id: $id) {\n      __typename\n      ... on MutationDisconnectMailboxSuccess { data { ...MailboxFields } }\n      ... on Error { message }\n    }\n  }\n": types.DisconnectMailboxDocument,
    "\n  mutation UpdateMailbox($id: ID!, $dailyCap: Int!) {\n    updateMailbox(id: $id, dailyCap: $dailyCap) {\n      __typename\n      ... on MutationUpdateMailboxSuccess { data { id dailyCap sentLast24h } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.UpdateMailboxDocument,
    "\n  fragment EnrichPanel on Prospect {\n    id domain stage enrichedAt enrichAvailableAt enrichNotes enrichJob { id status }\n  }\n": types.EnrichPanelFragmentDoc,
    "\n  fragment ProspectFeatures on Prospect {\n    id domain\n    placements {\n      id url site title rel previousRel relChangedAt anchorText excerpt foundAt source match\n      status lostAt lostReason lastCheckedAt checkedCount lastCheckNote\n    }\n  }\n": types.ProspectFeaturesFragmentDoc,
    "\n  mutation AddPlacement($prospectId: ID!, $url: String!) {\n    addPlacement(prospectId: $prospectId, url: $url) {\n      __typename\n      ... on MutationAddPlacementSuccess { data { id url prospect { id stage outreachStatus ...ProspectFeatures } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.AddPlacementDocument,
    "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification verificationNote source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId ...DraftEditor }\n      crawlData dataforseoPayload hunterPayload\n      ...EnrichPanel\n      ...ProspectFeatures\n    }\n  }\n": types.ProspectDocument,
    "\n  subscription ProspectLive($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus lastSent followupsSent score contactEmail enrichedAt enrichAvailableAt enrichNotes\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId }\n      campaign { id }\n      ...ProspectFeatures\n    }\n  }\n": types.ProspectLiveDocument,
    "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ProspectRowsDocument,
    "\n  mutation EnrichProspects($prospectIds: [ID!]!) {\n    enrichProspects(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationEnrichProspectsSuccess { data { jobs { id status jobType ...JobRow } refused { prospectId domain reason availableAt } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.EnrichProspectsDocument,
    "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n": types.ProvidersDocument,
    "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } mailbox { id address status } }\n  }\n": types.AlertsDocument,
    "\n  query Spend($campaignId: ID) {\n    spend(campaignId: $campaignId) { provider calls cachedCalls failedCalls cost }\n  }\n": types.SpendDocument,
    "\n  mutation ResolveAlert($id: ID!) {\n    resolveAlert(id: $id) { __typename ... on MutationResolveAlertSuccess { data { id resolvedAt } } ... on Error { message } }\n  }\n": types.ResolveAlertDocument,
    "\n  subscription SendPlanProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n": types.SendPlanProspectDocument,
    "\n  subscription SendPlanJob($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id jobType status }\n  }\n": types.SendPlanJobDocument,
    "\n  query CampaignNextSend($id: ID!) {\n    campaign(id: $id) { id status sendingPausedReason timeZone nextSendAt }\n  }\n": types.CampaignNextSendDocument,
    "\n  query SendQueue($campaignId: ID!) {\n    sendQueue(campaignId: $campaignId) {\n      now timeZone dailyCap sentToday truncated nextSendAt\n      mailbox { id address status dailyCap sentLast24h quotaResetAt }\n      queue { emailLogId prospectId domain to subject step score estimatedAt waitingFor sending }\n      blocked { emailLogId prospectId domain to step reason detail }\n    }\n    campaign(id: $campaignId) { id status sendingPausedReason }\n  }\n": types.SendQueueDocument,
    "\n  query Shell {\n    me { id email name }\n    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }\n  }\n": types.ShellDocument,
    "\n  mutation PauseCampaign($id: ID!) {\n    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": types.PauseCampaignDocument,
    "\n  mutation ResumeCampaign($id: ID!) {\n    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }\n  }\n": types.ResumeCampaignDocument,
    "\n  query HomeMailboxes { mailboxes { id status } }\n": types.HomeMailboxesDocument,
    "\n  query Suppressions($first: Int!, $after: String, $search: String) {\n    suppressions(first: $first, after: $after, search: $search) {\n      totalCount\n      edges { cursor node { id value reason note createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.SuppressionsDocument,
    "\n  mutation AddSuppression($value: String!, $note: String) {\n    addSuppression(value: $value, note: $note) {\n      __typename\n      ... on MutationAddSuppressionSuccess { data { id value reason note createdAt } }\n      ... on ValidationError { message fieldErrors { path message } }\n    }\n  }\n": types.AddSuppressionDocument,
    "\n  mutation RemoveSuppression($id: ID!) {\n    removeSuppression(id: $id) {\n      __typename\n      ... on MutationRemoveSuppressionSuccess { data { id value } }\n      ... on Error { message }\n    }\n  }\n": types.RemoveSuppressionDocument,
    "\n  mutation DryRun($campaignId: ID!, $keyword: String, $domain: String) {\n    dryRun(campaignId: $campaignId, keyword: $keyword, domain: $domain) {\n      __typename\n      ... on MutationDryRunSuccess { data }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n": types.DryRunDocument,
    "\n  query TestDrafts($filter: EmailLogFilter!) {\n    emailLogs(first: 50, filter: $filter) { edges { cursor node { id subject step prospect { id domain } } } pageInfo { hasNextPage endCursor } }\n  }\n": types.TestDraftsDocument,
    "\n  query FollowUpCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain followupsSent lastSent } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.FollowUpCandidatesDocument,
    "\n  mutation MakeFollowUpDue($prospectId: ID!) {\n    makeFollowUpDue(prospectId: $prospectId) {\n      __typename\n      ... on MutationMakeFollowUpDueSuccess { data { id params ...JobRow } }\n      ... on Error { message }\n    }\n  }\n": types.MakeFollowUpDueDocument,
    "\n  query FeatureCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain stage outreachStatus } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.FeatureCandidatesDocument,
    "\n  mutation PublishSandboxFeature($prospectId: ID!, $linkStyle: SandboxLinkStyle, $rel: String) {\n    publishSandboxFeature(prospectId: $prospectId, linkStyle: $linkStyle, rel: $rel) {\n      __typename\n      ... on MutationPublishSandboxFeatureSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n": types.PublishSandboxFeatureDocument,
    "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n": types.CacheLiveEdgeFragmentDoc,
    "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n": types.CacheLiveJobEdgeFragmentDoc,
    "\n    fragment ProspectMembership on Prospect { id score createdAt lastSent campaign { id } matchesFilters(filters: $filters) }\n  ": types.ProspectMembershipFragmentDoc,
    "\n    fragment JobMembership on Job { id matchesFilters(filters: $filters) }\n  ": types.JobMembershipFragmentDoc,
    "\n  query CampaignStageCounts($id: ID!) { campaign(id: $id) { id stageCounts { stage count } } }\n": types.CampaignStageCountsDocument,
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
export function graphql(source: "\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt enrichedAt enrichAvailableAt\n    placements { id url status }\n  }\n"): (typeof documents)["\n  fragment BoardCard on Prospect {\n    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt enrichedAt enrichAvailableAt\n    placements { id url status }\n  }\n"];
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
export function graphql(source: "\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id ...BoardCard }\n  }\n"): (typeof documents)["\n  subscription ProspectUpdated($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id ...BoardCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id domain ...BoardCard } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {\n    setOutreachStatus(id: $id, status: $status) {\n      __typename\n      ... on MutationSetOutreachStatusSuccess { data { id domain ...BoardCard } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n    }\n    mailboxes { ...MailboxOption }\n  }\n"): (typeof documents)["\n  query CampaignSettings($id: ID!) {\n    campaign(id: $id) {\n      id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n      sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n    }\n    mailboxes { ...MailboxOption }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MailboxOption on Mailbox { id address status sendAs { email displayName isPrimary verified } }\n"): (typeof documents)["\n  fragment MailboxOption on Mailbox { id address status sendAs { email displayName isPrimary verified } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewCampaignMailboxes { mailboxes { ...MailboxOption } }\n"): (typeof documents)["\n  query NewCampaignMailboxes { mailboxes { ...MailboxOption } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {\n    updateCampaign(id: $id, input: $input) {\n      __typename\n      ... on MutationUpdateCampaignSuccess {\n        data {\n          id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail\n          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds\n          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate\n          sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCampaign($input: CampaignInput!) {\n    createCampaign(input: $input) {\n      __typename\n      ... on MutationCreateCampaignSuccess { data { id name status } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n      activity(days: 30) { day sent replied accepted }\n    }\n    mailboxes { id status }\n  }\n"): (typeof documents)["\n  query Dashboard($id: ID!) {\n    campaign(id: $id) {\n      id name status sendingPausedReason dailyCap\n      stageCounts { stage count }\n      activity(days: 30) { day sent replied accepted }\n    }\n    mailboxes { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignFeatures($id: ID!) {\n    campaign(id: $id) { id outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } }\n    placements(first: 5, filter: { campaignId: $id }) {\n      totalCount\n      edges { cursor node { id url site title rel anchorText foundAt status lostAt lostReason prospect { id domain } } }\n    }\n  }\n"): (typeof documents)["\n  query CampaignFeatures($id: ID!) {\n    campaign(id: $id) { id outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } }\n    placements(first: 5, filter: { campaignId: $id }) {\n      totalCount\n      edges { cursor node { id url site title rel anchorText foundAt status lostAt lostReason prospect { id domain } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n"): (typeof documents)["\n  subscription DashboardProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DiscoveryCampaign($id: ID!) {\n    campaign(id: $id) { id name keywords locationCode languageCode searchDepth }\n  }\n"): (typeof documents)["\n  query DiscoveryCampaign($id: ID!) {\n    campaign(id: $id) { id name keywords locationCode languageCode searchDepth }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartDiscovery($campaignId: ID!, $keywords: [String!]) {\n    startDiscovery(campaignId: $campaignId, keywords: $keywords) {\n      __typename\n      ... on MutationStartDiscoverySuccess { data { id status jobType ...JobRow } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation StartDiscovery($campaignId: ID!, $keywords: [String!]) {\n    startDiscovery(campaignId: $campaignId, keywords: $keywords) {\n      __typename\n      ... on MutationStartDiscoverySuccess { data { id status jobType ...JobRow } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DraftEditor on EmailLog { id step status subject body flags draftSource fallbackReason toEmail error }\n"): (typeof documents)["\n  fragment DraftEditor on EmailLog { id step status subject body flags draftSource fallbackReason toEmail error }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDraft($id: ID!, $subject: String, $body: String) {\n    updateDraft(id: $id, subject: $subject, body: $body) {\n      __typename\n      ... on MutationUpdateDraftSuccess { data { id subject body status flags draftSource } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateDraft($id: ID!, $subject: String, $body: String) {\n    updateDraft(id: $id, subject: $subject, body: $body) {\n      __typename\n      ... on MutationUpdateDraftSuccess { data { id subject body status flags draftSource } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveDraft($id: ID!) {\n    approveDraft(id: $id) {\n      __typename\n      ... on MutationApproveDraftSuccess { data { id status prospect { id stage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveDraft($id: ID!) {\n    approveDraft(id: $id) {\n      __typename\n      ... on MutationApproveDraftSuccess { data { id status prospect { id stage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateDraft($prospectId: ID!) {\n    regenerateDraft(prospectId: $prospectId) {\n      __typename\n      ... on MutationRegenerateDraftSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RegenerateDraft($prospectId: ID!) {\n    regenerateDraft(prospectId: $prospectId) {\n      __typename\n      ... on MutationRegenerateDraftSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendEmail($prospectId: ID!) {\n    sendEmail(prospectId: $prospectId) {\n      __typename\n      ... on MutationSendEmailSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SendEmail($prospectId: ID!) {\n    sendEmail(prospectId: $prospectId) {\n      __typename\n      ... on MutationSendEmailSuccess { data { id status jobType } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestEmail($id: ID!) {\n    sendTestEmail(id: $id) {\n      __typename\n      ... on MutationSendTestEmailSuccess { data { to sandbox gmailMessageId } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestEmail($id: ID!) {\n    sendTestEmail(id: $id) {\n      __typename\n      ... on MutationSendTestEmailSuccess { data { to sandbox gmailMessageId } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ComposeDrafts($prospectIds: [ID!]!) {\n    composeDrafts(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationComposeDraftsSuccess { data { id status jobType ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ComposeDrafts($prospectIds: [ID!]!) {\n    composeDrafts(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationComposeDraftsSuccess { data { id status jobType ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AutoApproveDrafts($campaignId: ID!) {\n    autoApproveDrafts(campaignId: $campaignId) {\n      __typename\n      ... on MutationAutoApproveDraftsSuccess { data { approved threshold } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AutoApproveDrafts($campaignId: ID!) {\n    autoApproveDrafts(campaignId: $campaignId) {\n      __typename\n      ... on MutationAutoApproveDraftsSuccess { data { approved threshold } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!, $orderBy: EmailLogOrder) {\n    campaign(id: $campaignId) { id autoApproveScore }\n    emailLogs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges { cursor node { id step status subject body flags fallbackReason createdAt toEmail prospect { id domain score stage } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!, $orderBy: EmailLogOrder) {\n    campaign(id: $campaignId) { id autoApproveScore }\n    emailLogs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      edges { cursor node { id step status subject body flags fallbackReason createdAt toEmail prospect { id domain score stage } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveDrafts($ids: [ID!]!) {\n    approveDrafts(ids: $ids) {\n      __typename\n      ... on MutationApproveDraftsSuccess { data { approved { id status prospect { id stage } } refused { id reason } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveDrafts($ids: [ID!]!) {\n    approveDrafts(ids: $ids) {\n      __typename\n      ... on MutationApproveDraftsSuccess { data { approved { id status prospect { id stage } } refused { id reason } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } enrichJob { id } ...BoardCard } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddProspect($input: AddProspectInput!) {\n    addProspect(input: $input) {\n      __typename\n      ... on MutationAddProspectSuccess { data { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } enrichJob { id } ...BoardCard } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } job { id status progress errorMessage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportProspects($input: ImportProspectsInput!) {\n    importProspects(input: $input) {\n      __typename\n      ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } job { id status progress errorMessage } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
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
export function graphql(source: "\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      kind seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n"): (typeof documents)["\n  subscription JobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      kind seq status progress message\n      job { id status progress errorMessage startedAt finishedAt attempts }\n    }\n  }\n"];
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
export function graphql(source: "\n  subscription FollowedJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) { kind seq status progress message job { id errorMessage result } }\n  }\n"): (typeof documents)["\n  subscription FollowedJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) { kind seq status progress message job { id errorMessage result } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignMailbox($id: ID!) {\n    campaign(id: $id) { id sendsFrom mailbox { id address status statusReason } }\n  }\n"): (typeof documents)["\n  query CampaignMailbox($id: ID!) {\n    campaign(id: $id) { id sendsFrom mailbox { id address status statusReason } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MailboxFields on Mailbox {\n    id address displayName status statusReason statusChangedAt grantedScopes dailyCap sentLast24h quotaResetAt lastSyncedAt unmatchedReports createdAt\n    sendAs { email displayName isPrimary verified }\n    campaigns { id name }\n  }\n"): (typeof documents)["\n  fragment MailboxFields on Mailbox {\n    id address displayName status statusReason statusChangedAt grantedScopes dailyCap sentLast24h quotaResetAt lastSyncedAt unmatchedReports createdAt\n    sendAs { email displayName isPrimary verified }\n    campaigns { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Mailboxes {\n    mailboxes { ...MailboxFields }\n    mailboxSetup { redirectUri configured sandbox }\n  }\n"): (typeof documents)["\n  query Mailboxes {\n    mailboxes { ...MailboxFields }\n    mailboxSetup { redirectUri configured sandbox }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectGmail($mailboxId: ID) {\n    connectGmail(mailboxId: $mailboxId) {\n      __typename\n      ... on MutationConnectGmailSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ConnectGmail($mailboxId: ID) {\n    connectGmail(mailboxId: $mailboxId) {\n      __typename\n      ... on MutationConnectGmailSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteGmailConnect($code: String!, $state: String!) {\n    completeGmailConnect(code: $code, state: $state) {\n      __typename\n      ... on MutationCompleteGmailConnectSuccess {\n        data {\n          reconnected resumedCampaigns\n          missingPermissions { scope description }\n          mailbox { ...MailboxFields }\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CompleteGmailConnect($code: String!, $state: String!) {\n    completeGmailConnect(code: $code, state: $state) {\n      __typename\n      ... on MutationCompleteGmailConnectSuccess {\n        data {\n          reconnected resumedCampaigns\n          missingPermissions { scope description }\n          mailbox { ...MailboxFields }\n        }\n      }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisconnectMailbox($id: ID!) {\n    disconnectMailbox(id: $id) {\n      __typename\n      ... on MutationDisconnectMailboxSuccess { data { ...MailboxFields } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DisconnectMailbox($id: ID!) {\n    disconnectMailbox(id: $id) {\n      __typename\n      ... on MutationDisconnectMailboxSuccess { data { ...MailboxFields } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMailbox($id: ID!, $dailyCap: Int!) {\n    updateMailbox(id: $id, dailyCap: $dailyCap) {\n      __typename\n      ... on MutationUpdateMailboxSuccess { data { id dailyCap sentLast24h } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMailbox($id: ID!, $dailyCap: Int!) {\n    updateMailbox(id: $id, dailyCap: $dailyCap) {\n      __typename\n      ... on MutationUpdateMailboxSuccess { data { id dailyCap sentLast24h } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EnrichPanel on Prospect {\n    id domain stage enrichedAt enrichAvailableAt enrichNotes enrichJob { id status }\n  }\n"): (typeof documents)["\n  fragment EnrichPanel on Prospect {\n    id domain stage enrichedAt enrichAvailableAt enrichNotes enrichJob { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProspectFeatures on Prospect {\n    id domain\n    placements {\n      id url site title rel previousRel relChangedAt anchorText excerpt foundAt source match\n      status lostAt lostReason lastCheckedAt checkedCount lastCheckNote\n    }\n  }\n"): (typeof documents)["\n  fragment ProspectFeatures on Prospect {\n    id domain\n    placements {\n      id url site title rel previousRel relChangedAt anchorText excerpt foundAt source match\n      status lostAt lostReason lastCheckedAt checkedCount lastCheckNote\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPlacement($prospectId: ID!, $url: String!) {\n    addPlacement(prospectId: $prospectId, url: $url) {\n      __typename\n      ... on MutationAddPlacementSuccess { data { id url prospect { id stage outreachStatus ...ProspectFeatures } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation AddPlacement($prospectId: ID!, $url: String!) {\n    addPlacement(prospectId: $prospectId, url: $url) {\n      __typename\n      ... on MutationAddPlacementSuccess { data { id url prospect { id stage outreachStatus ...ProspectFeatures } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification verificationNote source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId ...DraftEditor }\n      crawlData dataforseoPayload hunterPayload\n      ...EnrichPanel\n      ...ProspectFeatures\n    }\n  }\n"): (typeof documents)["\n  query Prospect($id: ID!) {\n    prospect(id: $id) {\n      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus\n      lastSent followupsSent skipReason source createdAt updatedAt\n      campaign { id }\n      scoreBreakdown { signal label points max detail }\n      contacts { id email name position type confidence verification verificationNote source }\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId ...DraftEditor }\n      crawlData dataforseoPayload hunterPayload\n      ...EnrichPanel\n      ...ProspectFeatures\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProspectLive($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus lastSent followupsSent score contactEmail enrichedAt enrichAvailableAt enrichNotes\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId }\n      campaign { id }\n      ...ProspectFeatures\n    }\n  }\n"): (typeof documents)["\n  subscription ProspectLive($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) {\n      id stage outreachStatus lastSent followupsSent score contactEmail enrichedAt enrichAvailableAt enrichNotes\n      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId }\n      campaign { id }\n      ...ProspectFeatures\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ProspectRows($first: Int!, $after: String, $filter: ProspectFilter!, $orderBy: ProspectOrder) {\n    prospects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {\n      totalCount\n      edges {\n        cursor\n        node { id domain pageTitle contactEmail score stage outreachStatus lastSent createdAt followupsSent lastEmail { id status } }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnrichProspects($prospectIds: [ID!]!) {\n    enrichProspects(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationEnrichProspectsSuccess { data { jobs { id status jobType ...JobRow } refused { prospectId domain reason availableAt } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation EnrichProspects($prospectIds: [ID!]!) {\n    enrichProspects(prospectIds: $prospectIds) {\n      __typename\n      ... on MutationEnrichProspectsSuccess { data { jobs { id status jobType ...JobRow } refused { prospectId domain reason availableAt } } }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n"): (typeof documents)["\n  query Providers {\n    providers { provider mode healthy lastError lastCallAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } mailbox { id address status } }\n  }\n"): (typeof documents)["\n  query Alerts($includeResolved: Boolean) {\n    alerts(includeResolved: $includeResolved) { id kind message provider createdAt resolvedAt campaign { id name } mailbox { id address status } }\n  }\n"];
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
export function graphql(source: "\n  subscription SendPlanProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n"): (typeof documents)["\n  subscription SendPlanProspect($campaignId: ID!) {\n    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SendPlanJob($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id jobType status }\n  }\n"): (typeof documents)["\n  subscription SendPlanJob($campaignId: ID!) {\n    jobUpdated(campaignId: $campaignId) { id jobType status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignNextSend($id: ID!) {\n    campaign(id: $id) { id status sendingPausedReason timeZone nextSendAt }\n  }\n"): (typeof documents)["\n  query CampaignNextSend($id: ID!) {\n    campaign(id: $id) { id status sendingPausedReason timeZone nextSendAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SendQueue($campaignId: ID!) {\n    sendQueue(campaignId: $campaignId) {\n      now timeZone dailyCap sentToday truncated nextSendAt\n      mailbox { id address status dailyCap sentLast24h quotaResetAt }\n      queue { emailLogId prospectId domain to subject step score estimatedAt waitingFor sending }\n      blocked { emailLogId prospectId domain to step reason detail }\n    }\n    campaign(id: $campaignId) { id status sendingPausedReason }\n  }\n"): (typeof documents)["\n  query SendQueue($campaignId: ID!) {\n    sendQueue(campaignId: $campaignId) {\n      now timeZone dailyCap sentToday truncated nextSendAt\n      mailbox { id address status dailyCap sentLast24h quotaResetAt }\n      queue { emailLogId prospectId domain to subject step score estimatedAt waitingFor sending }\n      blocked { emailLogId prospectId domain to step reason detail }\n    }\n    campaign(id: $campaignId) { id status sendingPausedReason }\n  }\n"];
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
export function graphql(source: "\n  query HomeMailboxes { mailboxes { id status } }\n"): (typeof documents)["\n  query HomeMailboxes { mailboxes { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Suppressions($first: Int!, $after: String, $search: String) {\n    suppressions(first: $first, after: $after, search: $search) {\n      totalCount\n      edges { cursor node { id value reason note createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query Suppressions($first: Int!, $after: String, $search: String) {\n    suppressions(first: $first, after: $after, search: $search) {\n      totalCount\n      edges { cursor node { id value reason note createdAt } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddSuppression($value: String!, $note: String) {\n    addSuppression(value: $value, note: $note) {\n      __typename\n      ... on MutationAddSuppressionSuccess { data { id value reason note createdAt } }\n      ... on ValidationError { message fieldErrors { path message } }\n    }\n  }\n"): (typeof documents)["\n  mutation AddSuppression($value: String!, $note: String) {\n    addSuppression(value: $value, note: $note) {\n      __typename\n      ... on MutationAddSuppressionSuccess { data { id value reason note createdAt } }\n      ... on ValidationError { message fieldErrors { path message } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveSuppression($id: ID!) {\n    removeSuppression(id: $id) {\n      __typename\n      ... on MutationRemoveSuppressionSuccess { data { id value } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveSuppression($id: ID!) {\n    removeSuppression(id: $id) {\n      __typename\n      ... on MutationRemoveSuppressionSuccess { data { id value } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DryRun($campaignId: ID!, $keyword: String, $domain: String) {\n    dryRun(campaignId: $campaignId, keyword: $keyword, domain: $domain) {\n      __typename\n      ... on MutationDryRunSuccess { data }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation DryRun($campaignId: ID!, $keyword: String, $domain: String) {\n    dryRun(campaignId: $campaignId, keyword: $keyword, domain: $domain) {\n      __typename\n      ... on MutationDryRunSuccess { data }\n      ... on ValidationError { message fieldErrors { path message } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestDrafts($filter: EmailLogFilter!) {\n    emailLogs(first: 50, filter: $filter) { edges { cursor node { id subject step prospect { id domain } } } pageInfo { hasNextPage endCursor } }\n  }\n"): (typeof documents)["\n  query TestDrafts($filter: EmailLogFilter!) {\n    emailLogs(first: 50, filter: $filter) { edges { cursor node { id subject step prospect { id domain } } } pageInfo { hasNextPage endCursor } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FollowUpCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain followupsSent lastSent } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query FollowUpCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain followupsSent lastSent } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MakeFollowUpDue($prospectId: ID!) {\n    makeFollowUpDue(prospectId: $prospectId) {\n      __typename\n      ... on MutationMakeFollowUpDueSuccess { data { id params ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation MakeFollowUpDue($prospectId: ID!) {\n    makeFollowUpDue(prospectId: $prospectId) {\n      __typename\n      ... on MutationMakeFollowUpDueSuccess { data { id params ...JobRow } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FeatureCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain stage outreachStatus } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query FeatureCandidates($filter: ProspectFilter!) {\n    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {\n      edges { cursor node { id domain stage outreachStatus } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishSandboxFeature($prospectId: ID!, $linkStyle: SandboxLinkStyle, $rel: String) {\n    publishSandboxFeature(prospectId: $prospectId, linkStyle: $linkStyle, rel: $rel) {\n      __typename\n      ... on MutationPublishSandboxFeatureSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishSandboxFeature($prospectId: ID!, $linkStyle: SandboxLinkStyle, $rel: String) {\n    publishSandboxFeature(prospectId: $prospectId, linkStyle: $linkStyle, rel: $rel) {\n      __typename\n      ... on MutationPublishSandboxFeatureSuccess { data { url } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n"): (typeof documents)["\n  fragment CacheLiveEdge on ProspectConnectionEdge { cursor node { __typename id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n"): (typeof documents)["\n  fragment CacheLiveJobEdge on JobConnectionEdge { cursor node { __typename id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    fragment ProspectMembership on Prospect { id score createdAt lastSent campaign { id } matchesFilters(filters: $filters) }\n  "): (typeof documents)["\n    fragment ProspectMembership on Prospect { id score createdAt lastSent campaign { id } matchesFilters(filters: $filters) }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n    fragment JobMembership on Job { id matchesFilters(filters: $filters) }\n  "): (typeof documents)["\n    fragment JobMembership on Job { id matchesFilters(filters: $filters) }\n  "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CampaignStageCounts($id: ID!) { campaign(id: $id) { id stageCounts { stage count } } }\n"): (typeof documents)["\n  query CampaignStageCounts($id: ID!) { campaign(id: $id) { id stageCounts { stage count } } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;