import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { CampaignSettingsPage, NewCampaignPage } from './CampaignSettingsPage';

const campaign = {
  __typename: 'Campaign', id: 'c1', name: 'Spring shows', status: 'active', artistName: 'Ada Lovelace', medium: 'oil painting', portfolioUrl: 'https://ada.example',
  statement: 'Paintings of engines.', keywords: ['painting', 'open call'], sampleWorks: [{ __typename: 'SampleWork', title: 'Engine', url: 'https://ada.example/engine' }],
  fromName: 'Ada', fromEmail: 'ada@example.com', locationCode: 2840, languageCode: 'en', searchDepth: 20, dailyCap: 20,
  sendWindowStart: 9, sendWindowEnd: 17, timeZone: 'Europe/London', minGapSeconds: 120, maxGapSeconds: 600, followUpDelaysDays: [4, 10],
  maxFollowUps: 2, minScore: 40, autoApproveScore: null, cooldownDays: 90, subjectTemplate: null, bodyTemplate: null, followUpTemplate: null,
  sendingPausedReason: null, updatedAt: '2025-03-01T00:00:00.000Z',
};

function setup() {
  return createMockClient((op) => {
    if (opName(op) === 'CampaignSettings') return { data: { campaign } };
    if (opName(op) === 'UpdateCampaign') return { data: { updateCampaign: {
      __typename: 'ValidationError', message: 'Some settings are not valid.',
      fieldErrors: [{ __typename: 'FieldError', path: ['input', 'fromEmail'], message: 'This address is not connected to Gmail.' }],
    } } };
    return undefined;
  });
}

describe('CampaignSettingsPage', () => {
  it('shows the server’s field error on the field it belongs to', async () => {
    const user = userEvent.setup();
    const mock = setup();
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    expect(((await screen.findByLabelText('Campaign name')) as HTMLInputElement).value).toBe('Spring shows');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('This address is not connected to Gmail.')).toBeTruthy();
    expect(screen.getByText('Some settings are not valid.')).toBeTruthy();
    const email = screen.getByLabelText('From email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toContain(screen.getByText('This address is not connected to Gmail.').id);
    const sent = mock.operations.find((o) => opName(o) === 'UpdateCampaign')!.variables as { id: string; input: Record<string, unknown> };
    expect(sent.id).toBe('c1');
    expect(sent.input).toMatchObject({ name: 'Spring shows', keywords: ['painting', 'open call'], followUpDelaysDays: [4, 10], sampleWorks: [{ title: 'Engine', url: 'https://ada.example/engine' }], autoApproveScore: null });
  });

  it('shows the stored medium and sends the edited one, apart from the keywords', async () => {
    const user = userEvent.setup();
    const mock = setup();
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    const medium = (await screen.findByLabelText('Medium')) as HTMLInputElement;
    expect(medium.value).toBe('oil painting');
    expect(document.getElementById(medium.getAttribute('aria-describedby')!)?.textContent).toMatch(/^What you make, e\.g\. ceramics/);
    await user.clear(medium);
    await user.type(medium, '  watercolour ');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(mock.operations.some((o) => opName(o) === 'UpdateCampaign')).toBe(true));
    const sent = mock.operations.find((o) => opName(o) === 'UpdateCampaign')!.variables as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ medium: 'watercolour', keywords: ['painting', 'open call'] });
  });

  it('shows the stored weekly feature search, says it uses DataForSEO credit, and sends the change', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) => {
      if (opName(op) === 'CampaignSettings') return { data: { campaign: { ...campaign, placementSearch: true } } };
      return undefined;
    });
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    const box = (await screen.findByRole('checkbox', { name: 'Also search for the feature weekly' })) as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toMatch(/DataForSEO credit/);
    await user.click(box);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(mock.operations.some((o) => opName(o) === 'UpdateCampaign')).toBe(true));
    const sent = mock.operations.find((o) => opName(o) === 'UpdateCampaign')!.variables as { input: Record<string, unknown> };
    expect(sent.input.placementSearch).toBe(false);
  });

  it('validates before sending', async () => {
    const user = userEvent.setup();
    const mock = setup();
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    await user.clear(await screen.findByLabelText('Campaign name'));
    await user.clear(screen.getByLabelText('Maximum gap (seconds)'));
    await user.type(screen.getByLabelText('Maximum gap (seconds)'), '60');
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Mars/Olympus');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Give the campaign a name.')).toBeTruthy();
    expect(screen.getByText('Must be at least the minimum gap.')).toBeTruthy();
    expect(screen.getByText(/Use an IANA time zone/)).toBeTruthy();
    expect(screen.getByText('Fix the 3 fields marked below.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Campaign name')));
    expect(mock.operations.some((o) => opName(o) === 'UpdateCampaign')).toBe(false);
  });
});

const mailboxes = [
  { __typename: 'Mailbox', id: 'mb1', address: 'ada@gmail.test', status: 'connected', sendAs: [
    { __typename: 'SendAsAlias', email: 'ada@gmail.test', displayName: 'Ada', isPrimary: true, verified: true },
    { __typename: 'SendAsAlias', email: 'studio@ada.test', displayName: 'Ada Studio', isPrimary: false, verified: true },
    { __typename: 'SendAsAlias', email: 'unverified@ada.test', displayName: '', isPrimary: false, verified: false },
  ] },
  { __typename: 'Mailbox', id: 'mb2', address: 'ada.two@gmail.test', status: 'connected', sendAs: [] },
  { __typename: 'Mailbox', id: 'mb3', address: 'old@gmail.test', status: 'disconnected', sendAs: [] },
];

describe('CampaignSettingsPage with mailboxes', () => {
  function withMailboxes(mailbox: { id: string } | null, sendsFrom: string | null, fromEmail = 'studio@ada.test') {
    return createMockClient((op) => {
      if (opName(op) === 'CampaignSettings') return { data: { campaign: { ...campaign, fromEmail, mailbox: mailbox && { __typename: 'Mailbox', ...mailbox }, sendsFrom }, mailboxes } };
      if (opName(op) === 'UpdateCampaign') return { data: { updateCampaign: { __typename: 'MutationUpdateCampaignSuccess', data: { ...campaign, mailbox: { __typename: 'Mailbox', id: 'mb2' }, sendsFrom: 'ada.two@gmail.test' } } } };
      return undefined;
    });
  }

  it('offers the connected mailboxes and the From addresses of the chosen one, and sends the mailbox id', async () => {
    const user = userEvent.setup();
    const mock = withMailboxes({ id: 'mb1' }, 'studio@ada.test');
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    const sendFrom = (await screen.findByLabelText('Send from')) as HTMLSelectElement;
    expect(sendFrom.value).toBe('mb1');
    expect([...sendFrom.options].map((o) => o.textContent)).toEqual(['ada@gmail.test', 'ada.two@gmail.test']);
    const from = screen.getByLabelText('From email') as HTMLSelectElement;
    expect(from.tagName).toBe('SELECT');
    expect([...from.options].map((o) => o.value)).toEqual(['ada@gmail.test', 'studio@ada.test']);
    expect(screen.getByText('studio@ada.test', { selector: 'strong' })).toBeTruthy();
    await user.selectOptions(sendFrom, 'mb2');
    expect((screen.getByLabelText('From email') as HTMLSelectElement).value).toBe('ada.two@gmail.test');
    expect(screen.getByText(/Emails go out as/).textContent).toBe('Emails go out as ada.two@gmail.test.');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(mock.operations.some((o) => opName(o) === 'UpdateCampaign')).toBe(true));
    const sent = mock.operations.find((o) => opName(o) === 'UpdateCampaign')!.variables as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ mailboxId: 'mb2', fromEmail: 'ada.two@gmail.test' });
  });

  it('says nothing is sent when the campaign has no mailbox', async () => {
    const mock = createMockClient((op) => {
      if (opName(op) === 'CampaignSettings') return { data: { campaign: { ...campaign, mailbox: null, sendsFrom: null }, mailboxes: [] } };
      if (opName(op) === 'CampaignMailbox') return { data: { campaign: { __typename: 'Campaign', id: 'c1', sendsFrom: null, mailbox: null } } };
      return undefined;
    });
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    expect(await screen.findByText(/Nothing is sent: this campaign has no connected Gmail mailbox/)).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Settings → Mailboxes' })[0]!.getAttribute('href')).toBe('/settings/mailboxes');
    expect((screen.getByLabelText('From email') as HTMLInputElement).tagName).toBe('INPUT');
  });
});

describe('NewCampaignPage', () => {
  it('starts on the first connected mailbox and its own address', async () => {
    const mock = createMockClient((op) => (opName(op) === 'NewCampaignMailboxes' ? { data: { mailboxes } } : undefined));
    renderWithClient(<NewCampaignPage />, mock.client);
    expect(((await screen.findByLabelText('Send from')) as HTMLSelectElement).value).toBe('mb1');
    expect((screen.getByLabelText('From email') as HTMLSelectElement).value).toBe('ada@gmail.test');
  });

  it('creates a campaign with the medium the artist typed', async () => {
    const user = userEvent.setup();
    const mock = createMockClient((op) =>
      opName(op) === 'CreateCampaign'
        ? { data: { createCampaign: { __typename: 'MutationCreateCampaignSuccess', data: { __typename: 'Campaign', id: 'c9', name: 'Kiln', status: 'active' } } } }
        : opName(op) === 'NewCampaignMailboxes' ? { data: { mailboxes: [] } } : undefined);
    renderWithClient(<NewCampaignPage />, mock.client);
    await user.type(await screen.findByLabelText('Campaign name'), 'Kiln');
    await user.type(screen.getByLabelText('Artist name'), 'Mia Clay');
    await user.type(screen.getByLabelText('Medium'), 'wood-fired stoneware');
    await user.type(screen.getByLabelText('Keywords'), 'ceramics open call, pottery magazine');
    await user.type(screen.getByLabelText('From name'), 'Mia');
    await user.type(screen.getByLabelText('From email'), 'mia@example.org');
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    await waitFor(() => expect(window.location.pathname).toBe('/campaigns/c9/dashboard'));
    const sent = mock.operations.find((o) => opName(o) === 'CreateCampaign')!.variables as { input: Record<string, unknown> };
    expect(sent.input).toMatchObject({ artistName: 'Mia Clay', medium: 'wood-fired stoneware', keywords: ['ceramics open call', 'pottery magazine'] });
  });

  it('refuses a medium over 200 characters before sending', async () => {
    const mock = createMockClient((op) => (opName(op) === 'NewCampaignMailboxes' ? { data: { mailboxes: [] } } : undefined));
    renderWithClient(<NewCampaignPage />, mock.client);
    fireEvent.change(await screen.findByLabelText('Medium'), { target: { value: 'x'.repeat(201) } });
    fireEvent.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(await screen.findByText('Keep it under 200 characters.')).toBeTruthy();
    expect(screen.getByLabelText('Medium').getAttribute('aria-invalid')).toBe('true');
    expect(mock.operations.some((o) => opName(o) === 'CreateCampaign')).toBe(false);
  });
});

describe('CampaignSettingsPage: stored values, limits and the save answer', () => {
  function withCampaign(c: Record<string, unknown>, update?: unknown) {
    return createMockClient((op) => {
      if (opName(op) === 'CampaignSettings') return { data: { campaign: { ...campaign, ...c }, mailboxes: [] } };
      if (opName(op) === 'UpdateCampaign') return { data: { updateCampaign: update ?? { __typename: 'MutationUpdateCampaignSuccess', data: { ...campaign, ...c, mailbox: null, sendsFrom: null } } } };
      return undefined;
    });
  }

  it('loads a stored value today’s rules refuse, marks it on its field and keeps everything else', async () => {
    const mock = withCampaign({ sampleWorks: [{ __typename: 'SampleWork', title: 'Untitled vessel', url: '' }], timeZone: 'EST5EDT' });
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    const works = await screen.findByLabelText('Sample works');
    expect(works.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(works.getAttribute('aria-describedby')!.split(' ').pop()!)!.textContent)
      .toBe('Sample work 1 (“Untitled vessel”) needs a URL: write each line as Title | https://link.');
    expect(screen.getByLabelText('Time zone').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/“EST5EDT” is not one/)).toBeTruthy();
    expect(screen.getByText(/2 stored values do not meet today’s rules/)).toBeTruthy();
    expect((screen.getByLabelText('Campaign name') as HTMLInputElement).value).toBe('Spring shows');
    expect((screen.getByLabelText('Medium') as HTMLInputElement).value).toBe('oil painting');
    expect(screen.getByLabelText('Campaign name').getAttribute('aria-invalid')).toBeNull();
  });

  it('puts the server’s limits on the inputs and offers countries and IANA zones by name', async () => {
    const mock = withCampaign({ locationCode: 2999 });
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    expect((await screen.findByLabelText('Campaign name')).getAttribute('maxlength')).toBe('120');
    expect(screen.getByLabelText('Artist name').getAttribute('maxlength')).toBe('120');
    expect(screen.getByLabelText('Medium').getAttribute('maxlength')).toBe('200');
    expect(screen.getByLabelText('Artist statement').getAttribute('maxlength')).toBe('5000');
    const country = screen.getByLabelText('Country') as HTMLSelectElement;
    expect(country.value).toBe('2999');
    const labels = [...country.options].map((o) => o.textContent);
    expect(labels).toContain('United States');
    expect(labels).toContain('Location 2999');
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    const list = document.getElementById(zone.getAttribute('list')!)!;
    const zones = [...list.querySelectorAll('option')].map((o) => o.getAttribute('value'));
    expect(zones).toContain('Europe/Berlin');
    expect(zones).toContain('UTC');
    expect(zones).not.toContain('EST5EDT');
  });

  it('refuses EST5EDT in the browser, next to the time zone', async () => {
    const user = userEvent.setup();
    const mock = withCampaign({});
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    const zone = await screen.findByLabelText('Time zone');
    await user.clear(zone);
    await user.type(zone, 'EST5EDT');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(document.activeElement).toBe(zone));
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/“EST5EDT” is not one/)).toBeTruthy();
    expect(mock.operations.some((o) => opName(o) === 'UpdateCampaign')).toBe(false);
  });

  it('says "saved" next to the Save button, in a live region, and moves focus there', async () => {
    const user = userEvent.setup();
    const mock = withCampaign({});
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    await user.click(await screen.findByRole('button', { name: 'Save settings' }));
    const said = await screen.findByText(/^Settings saved at /);
    const region = said.closest('[role="status"]') as HTMLElement;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.parentElement).toBe(screen.getByRole('button', { name: 'Save settings' }).parentElement);
    await waitFor(() => expect(document.activeElement).toBe(region));
  });

  it('shows each of the server’s field messages on its field and focuses the first one', async () => {
    const user = userEvent.setup();
    const mock = withCampaign({}, {
      __typename: 'ValidationError', message: 'Some fields are not valid',
      fieldErrors: [
        { __typename: 'FieldError', path: ['input', 'statement'], message: 'Artist statement must be at most 5,000 characters.' },
        { __typename: 'FieldError', path: ['input', 'name'], message: 'Campaign name must be at most 120 characters.' },
      ],
    });
    renderWithClient(<CampaignSettingsPage campaignId="c1" />, mock.client);
    await user.click(await screen.findByRole('button', { name: 'Save settings' }));
    const name = screen.getByLabelText('Campaign name');
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toBe('Campaign name must be at most 120 characters.');
    const statement = screen.getByLabelText('Artist statement');
    expect(statement.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Artist statement must be at most 5,000 characters.')).toBeTruthy();
    expect(screen.getByText('Not saved: fix the 2 fields marked above.')).toBeTruthy();
  });
});
