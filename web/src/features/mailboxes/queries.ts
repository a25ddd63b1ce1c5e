import { graphql } from '../../gql';

export const MailboxFields = graphql(`
  fragment MailboxFields on Mailbox {
    id address displayName status statusReason statusChangedAt grantedScopes dailyCap sentLast24h quotaResetAt lastSyncedAt unmatchedReports createdAt
    sendAs { email displayName isPrimary verified }
    campaigns { id name }
  }
`);

export const MailboxesQuery = graphql(`
  query Mailboxes {
    mailboxes { ...MailboxFields }
    mailboxSetup { redirectUri configured sandbox }
  }
`);

export const ConnectGmail = graphql(`
  mutation ConnectGmail($mailboxId: ID) {
    connectGmail(mailboxId: $mailboxId) {
      __typename
      ... on MutationConnectGmailSuccess { data { url } }
      ... on Error { message }
    }
  }
`);

export const CompleteGmailConnect = graphql(`
  mutation CompleteGmailConnect($code: String!, $state: String!) {
    completeGmailConnect(code: $code, state: $state) {
      __typename
      ... on MutationCompleteGmailConnectSuccess {
        data {
          reconnected resumedCampaigns
          missingPermissions { scope description }
          mailbox { ...MailboxFields }
        }
      }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const DisconnectMailbox = graphql(`
  mutation DisconnectMailbox($id: ID!) {
    disconnectMailbox(id: $id) {
      __typename
      ... on MutationDisconnectMailboxSuccess { data { ...MailboxFields } }
      ... on Error { message }
    }
  }
`);

export const UpdateMailbox = graphql(`
  mutation UpdateMailbox($id: ID!, $dailyCap: Int!) {
    updateMailbox(id: $id, dailyCap: $dailyCap) {
      __typename
      ... on MutationUpdateMailboxSuccess { data { id dailyCap sentLast24h } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);
