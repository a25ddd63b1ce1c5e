import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, pageInfo, renderWithClient, type Reply } from '../../test/urqlMock';
import { TestToolsPage } from './TestToolsPage';

const providers = (gmail: 'sandbox' | 'live') => ({
  data: { providers: ['dataforseo', 'hunter', 'gemini', 'gmail'].map((provider) => ({
    __typename: 'ProviderStatus', provider, mode: provider === 'gmail' ? gmail : 'sandbox', healthy: true, lastError: null, lastCallAt: null,
  })) },
});

const sentProspects = {
  data: { prospects: { __typename: 'ProspectConnection', pageInfo: pageInfo(false), edges: [
    { __typename: 'ProspectConnectionEdge', cursor: 'a', node: { __typename: 'Prospect', id: 'p1', domain: 'clay.example', followupsSent: 0, lastSent: '2025-03-01T10:00:00.000Z' } },
    { __typename: 'ProspectConnectionEdge', cursor: 'b', node: { __typename: 'Prospect', id: 'p2', domain: 'kiln.example', followupsSent: 2, lastSent: '2025-02-01T10:00:00.000Z' } },
  ] } },
};

function setup(gmail: 'sandbox' | 'live', answer: (prospectId: string) => Reply) {
  const mock = createMockClient((op) => {
    switch (opName(op)) {
      case 'Providers': return providers(gmail);
      case 'FollowUpCandidates': return sentProspects;
      case 'TestDrafts': return { data: { emailLogs: { __typename: 'EmailLogConnection', edges: [], pageInfo: pageInfo(false) } } };
      case 'MakeFollowUpDue': return answer((op.variables as { prospectId: string }).prospectId);
      default: return undefined;
    }
  });
  renderWithClient(<TestToolsPage campaignId="c1" />, mock.client);
  return mock;
}

const card = async () => (await screen.findByRole('heading', { name: 'Make a follow-up due now' })).closest('section')!;

describe('TestToolsPage: make a follow-up due now', () => {
  it('in the sandbox, makes the chosen prospect’s follow-up due and links to its job and thread', async () => {
    const user = userEvent.setup();
    const { operations } = setup('sandbox', (prospectId) => ({ data: { makeFollowUpDue: {
      __typename: 'MutationMakeFollowUpDueSuccess',
      data: { __typename: 'Job', id: 'job-9', params: { prospectId, step: 3 }, jobType: 'followup', status: 'pending', progress: 0, attempts: 0,
        errorMessage: null, createdAt: '2025-03-01T10:00:00.000Z', startedAt: null, finishedAt: null, campaign: { __typename: 'Campaign', id: 'c1' } },
    } } }));
    const form = await screen.findByRole('form', { name: 'Make a follow-up due now' });
    expect(within(form).getByRole('option', { name: /clay\.example · no follow-up yet/ })).toBeTruthy();
    await user.selectOptions(within(form).getByLabelText('Prospect'), within(form).getByRole('option', { name: /kiln\.example · 2 follow-ups sent/ }));
    await user.click(within(form).getByRole('button', { name: 'Make follow-up due now' }));

    const done = await within(form).findByText(/Follow-up 3 of kiln\.example is due now/);
    expect(operations.find((o) => opName(o) === 'MakeFollowUpDue')!.variables).toEqual({ prospectId: 'p2' });
    expect(within(done).getByRole('link', { name: 'Follow the job' }).getAttribute('href')).toBe('/campaigns/c1/jobs/job-9');
    expect(within(done).getByRole('link', { name: 'Open the prospect' }).getAttribute('href')).toBe('/campaigns/c1/prospects/p2');
  });

  it('says in plain words why the server refused', async () => {
    const user = userEvent.setup();
    setup('sandbox', () => ({ data: { makeFollowUpDue: {
      __typename: 'ConflictError', message: 'This prospect has no follow-up to send: every follow-up of the campaign was already sent',
    } } }));
    const form = await screen.findByRole('form', { name: 'Make a follow-up due now' });
    await user.click(within(form).getByRole('button', { name: 'Make follow-up due now' }));
    const why = await within(form).findByRole('status');
    expect(why.textContent).toBe('Not done: This prospect has no follow-up to send: every follow-up of the campaign was already sent');
    expect(within(form).queryByRole('link', { name: 'Follow the job' })).toBeNull();
  });

  it('with Gmail live, explains why it is not offered instead of showing the form', async () => {
    const { operations } = setup('live', () => ({ data: null }));
    const section = await card();
    await within(section).findByText(/Gmail is live here/);
    expect(within(section).queryByRole('button', { name: 'Make follow-up due now' })).toBeNull();
    expect(operations.some((o) => opName(o) === 'FollowUpCandidates')).toBe(false);
  });
});

describe('TestToolsPage: publish a feature (fake site)', () => {
  const candidates = (statuses: string[] | undefined) => ({ data: { prospects: { __typename: 'ProspectConnection', pageInfo: pageInfo(false), edges: [
    { id: 'p1', domain: 'clay-kiln-review.example', stage: 'accepted', outreachStatus: 'accepted' },
    { id: 'p2', domain: 'bright-studio-gallery.example', stage: 'replied', outreachStatus: 'replied' },
    ...(statuses ? [] : [{ id: 'p3', domain: 'quiet-loft-magazine.example', stage: 'sent', outreachStatus: 'sent' }]),
  ].map((node) => ({ __typename: 'ProspectConnectionEdge', cursor: node.id, node: { __typename: 'Prospect', ...node } })) } } });

  function open(answer: (variables: Record<string, unknown>) => Reply) {
    const mock = createMockClient((op) => {
      switch (opName(op)) {
        case 'Providers': return providers('sandbox');
        case 'FollowUpCandidates': return sentProspects;
        case 'TestDrafts': return { data: { emailLogs: { __typename: 'EmailLogConnection', edges: [], pageInfo: pageInfo(false) } } };
        case 'FeatureCandidates': return candidates((op.variables as { filter: { outreachStatuses?: string[] } }).filter.outreachStatuses);
        case 'PublishSandboxFeature': return answer(op.variables as Record<string, unknown>);
        default: return undefined;
      }
    });
    renderWithClient(<TestToolsPage campaignId="c1" />, mock.client);
    return mock;
  }

  it('offers the prospects that replied or accepted, publishes with the chosen rel, and says the watch finds it at its next check', async () => {
    const user = userEvent.setup();
    const mock = open(() => ({ data: { publishSandboxFeature: { __typename: 'MutationPublishSandboxFeatureSuccess',
      data: { __typename: 'SandboxFeature', url: 'https://bright-studio-gallery.example/features/ada-artist' } } } }));
    const form = await screen.findByRole('form', { name: 'Publish a feature (fake site)' });
    expect(mock.operations.find((o) => opName(o) === 'FeatureCandidates')!.variables).toEqual({ filter: { campaignId: 'c1', outreachStatuses: ['replied', 'accepted'] } });
    expect(within(form).getAllByRole('option', { name: /\.example · / }).map((o) => o.textContent)).toEqual(['clay-kiln-review.example · accepted', 'bright-studio-gallery.example · replied']);
    await user.selectOptions(within(form).getByLabelText('Prospect'), 'p2');
    await user.selectOptions(within(form).getByLabelText('rel of the link'), 'nofollow');
    await user.click(within(form).getByRole('button', { name: 'Publish the feature' }));
    const done = await screen.findByText(/The watch finds it at its next check/);
    expect(within(done.closest('.banner') as HTMLElement).getByRole('link', { name: /features\/ada-artist/ }).getAttribute('href')).toBe('https://bright-studio-gallery.example/features/ada-artist');
    expect(mock.operations.find((o) => opName(o) === 'PublishSandboxFeature')!.variables).toEqual({ prospectId: 'p2', linkStyle: 'direct', rel: 'nofollow' });
  });

  it('offers every prospect when asked, and shows the server’s refusal as a banner', async () => {
    const user = userEvent.setup();
    open(() => ({ data: { publishSandboxFeature: { __typename: 'ConflictError',
      message: 'Publishing a feature is a sandbox test tool: without the sandbox web host the prospect\'s real site publishes it.' } } }));
    await screen.findByRole('form', { name: 'Publish a feature (fake site)' });
    await user.click(screen.getByLabelText(/Offer every prospect of the campaign/));
    const form = screen.getByRole('form', { name: 'Publish a feature (fake site)' });
    await within(form).findByRole('option', { name: 'quiet-loft-magazine.example · sent' });
    await user.click(within(form).getByRole('button', { name: 'Publish the feature' }));
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toBe('Not published: Publishing a feature is a sandbox test tool: without the sandbox web host the prospect\'s real site publishes it.');
  });
});
