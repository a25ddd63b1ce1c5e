import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql, useFragment } from '../../gql';
import { fieldErrorsOf, type FieldErrors } from '../../lib/results';
import { navigate } from '../../lib/router';
import { Banner, Button, EmptyState, ErrorState, LoadingBlock } from '../../ui';
import { errorMessage } from '../../ui/ErrorState';
import { CampaignMailboxNotice } from '../mailboxes/CampaignMailboxNotice';
import { campaignPath } from '../shell/AppShell';
import { CampaignForm } from './CampaignForm';
import { fromCampaign, newCampaignValues, toInput, type CampaignFormValues } from './campaignForm';

export const CampaignSettingsQuery = graphql(`
  query CampaignSettings($id: ID!) {
    campaign(id: $id) {
      id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail
      locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds
      followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate
      sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch
    }
    mailboxes { ...MailboxOption }
  }
`);

export const MailboxOptionFields = graphql(`
  fragment MailboxOption on Mailbox { id address status sendAs { email displayName isPrimary verified } }
`);

export const NewCampaignMailboxes = graphql(`
  query NewCampaignMailboxes { mailboxes { ...MailboxOption } }
`);

export const UpdateCampaign = graphql(`
  mutation UpdateCampaign($id: ID!, $input: CampaignUpdateInput!) {
    updateCampaign(id: $id, input: $input) {
      __typename
      ... on MutationUpdateCampaignSuccess {
        data {
          id name status artistName medium portfolioUrl statement keywords sampleWorks { title url } fromName fromEmail
          locationCode languageCode searchDepth dailyCap sendWindowStart sendWindowEnd timeZone minGapSeconds maxGapSeconds
          followUpDelaysDays maxFollowUps minScore autoApproveScore cooldownDays subjectTemplate bodyTemplate followUpTemplate
          sendingPausedReason updatedAt mailbox { id } sendsFrom placementSearch
        }
      }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on MutationCreateCampaignSuccess { data { id name status } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

function useServerResult() {
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  return { serverErrors, formError, setServerErrors, setFormError };
}

export function CampaignSettingsPage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignSettingsQuery, variables: { id: campaignId } });
  const [update, doUpdate] = useMutation(UpdateCampaign);
  const s = useServerResult();
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  async function onSubmit(values: CampaignFormValues) {
    setSavedAt(null); s.setFormError(null); s.setServerErrors({});
    const r = await doUpdate({ id: campaignId, input: toInput(values) });
    if (r.error) { s.setFormError(errorMessage(r.error)); return; }
    const res = r.data?.updateCampaign;
    if (!res) return;
    if ('data' in res) { setSavedAt(new Date()); return; }
    s.setServerErrors(fieldErrorsOf(res as never));
    s.setFormError(res.message);
  }

  return (
    <div className="page">
      <div className="page-header"><div><h1>Campaign settings</h1><p>Artist profile, search, sending limits, follow-ups and templates.</p></div></div>
      {error && !data ? <ErrorState error={error} title="Could not load the settings" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={10} label="Loading settings" /> : null}
      {data && !data.campaign ? <EmptyState title="Campaign not found" /> : null}
      {data?.campaign ? (
        <>
          <CampaignMailboxNotice campaignId={campaignId} />
          <CampaignForm key={data.campaign.id} initial={fromCampaign(data.campaign)} submitLabel="Save settings" busy={update.fetching}
            mailboxes={(data.mailboxes ?? []).map((m) => useFragment(MailboxOptionFields, m))} sendsFrom={data.campaign.sendsFrom}
            serverErrors={s.serverErrors} formError={s.formError} checkStored onSubmit={onSubmit}
            saved={savedAt ? <span className="ok-text">Settings saved at {savedAt.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}.</span> : null} />
        </>
      ) : null}
    </div>
  );
}

export function NewCampaignPage() {
  const [create, doCreate] = useMutation(CreateCampaign);
  // Fresh, not cached: the form's From email starts from the mailboxes connected now.
  const [mailboxQuery, refetchMailboxes] = useQuery({ query: NewCampaignMailboxes, requestPolicy: 'network-only' });
  const mailboxes = (mailboxQuery.data?.mailboxes ?? []).map((m) => useFragment(MailboxOptionFields, m));
  const s = useServerResult();
  async function onSubmit(values: CampaignFormValues) {
    s.setFormError(null); s.setServerErrors({});
    const r = await doCreate({ input: toInput(values) });
    if (r.error) { s.setFormError(errorMessage(r.error)); return; }
    const res = r.data?.createCampaign;
    if (!res) return;
    if ('data' in res) { navigate(campaignPath(res.data.id, 'dashboard')); return; }
    s.setServerErrors(fieldErrorsOf(res as never));
    s.setFormError(res.message);
  }
  return (
    <div className="page">
      <div className="page-header"><div><h1>New campaign</h1><p>Describe the artist and how outreach should run. You can change everything later.</p></div></div>
      {mailboxQuery.error && !mailboxQuery.data ? (
        <Banner tone="warn" title="Your mailboxes could not be loaded. " action={<Button size="sm" onClick={() => refetchMailboxes({ requestPolicy: 'network-only' })}>Try again</Button>}>
          Type the From email by hand, or try again to choose a Gmail mailbox.
        </Banner>
      ) : null}
      {!mailboxQuery.data && !mailboxQuery.error ? <LoadingBlock lines={10} label="Loading the form" /> : null}
      {mailboxQuery.data || mailboxQuery.error ? (
        <CampaignForm initial={newCampaignValues(mailboxes)} submitLabel="Create campaign" busy={create.fetching} mailboxes={mailboxes}
          serverErrors={s.serverErrors} formError={s.formError} onSubmit={onSubmit} />
      ) : null}
    </div>
  );
}
