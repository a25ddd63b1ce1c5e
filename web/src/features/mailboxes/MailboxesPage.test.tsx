import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, renderWithClient, type Handler } from '../../test/urqlMock';
import { goTo } from './connect';
import { MailboxesPage } from './MailboxesPage';

const mailbox = (over: Record<string, unknown> = {}) => ({
  __typename: 'Mailbox', id: 'mb1', address: 'ada@gmail.test', displayName: 'Ada Artist', status: 'connected', statusReason: null,
  statusChangedAt: '2025-03-01T10:00:00.000Z', grantedScopes: [], dailyCap: 50, sentLast24h: 12, quotaResetAt: null,
  lastSyncedAt: '2025-03-02T10:00:00.000Z', unmatchedReports: 3, createdAt: '2025-03-01T10:00:00.000Z',
  sendAs: [
    { __typename: 'SendAsAlias', email: 'ada@gmail.test', displayName: 'Ada Artist', isPrimary: true, verified: true },
    { __typename: 'SendAsAlias', email: 'studio@ada.test', displayName: 'Ada Studio', isPrimary: false, verified: true },
  ],
  campaigns: [{ __typename: 'Campaign', id: 'c1', name: 'Spring shows' }],
  ...over,
});

const setup = { __typename: 'MailboxSetup', redirectUri: 'http://127.0.0.1:4000/oauth/google/callback', configured: true, sandbox: true };

function client(over: Record<string, Handler> = {}, mailboxes: unknown[] = [mailbox()]) {
  return createMockClient((op) => {
    const name = opName(op) ?? '';
    if (over[name]) return over[name]!(op);
    if (name === 'Mailboxes') return { data: { mailboxes, mailboxSetup: setup } };
    return undefined;
  });
}

const connected = {
  data: { completeGmailConnect: { __typename: 'MutationCompleteGmailConnectSuccess', data: {
    __typename: 'GmailConnectResult', reconnected: true, resumedCampaigns: 2, missingPermissions: [], mailbox: mailbox(),
  } } },
};

describe('MailboxesPage', () => {
  it('finishes the Gmail sign-in from the address fragment once, even under StrictMode, and removes the code from the address', async () => {
    window.history.replaceState(null, '', '/settings/mailboxes#code=4%2Fabc&state=st-1');
    const mock = client({ CompleteGmailConnect: () => connected });
    // Two mounts that both saw the fragment (what StrictMode's second effect run amounts to) share one call.
    renderWithClient(<StrictMode><MailboxesPage /><MailboxesPage /></StrictMode>, mock.client);
    expect(await screen.findAllByText(/Reconnected ada@gmail\.test/)).toHaveLength(2);
    expect(screen.getAllByText('2 paused campaigns send again.')).toHaveLength(2);
    const calls = mock.operations.filter((o) => opName(o) === 'CompleteGmailConnect');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.variables).toEqual({ code: '4/abc', state: 'st-1' });
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/settings/mailboxes');
    // The list is read again so a new mailbox shows up.
    await waitFor(() => expect(mock.operations.filter((o) => opName(o) === 'Mailboxes').length).toBeGreaterThan(1));
  });

  it('names each missing permission and Choose again goes back to Google for the same mailbox', async () => {
    const user = userEvent.setup();
    const assign = vi.spyOn(goTo, 'assign').mockImplementation(() => undefined);
    sessionStorage.setItem('outreach.gmailConnect.mailbox', 'mb1');
    window.history.replaceState(null, '', '/settings/mailboxes#code=c2&state=st-2');
    const mock = client({
      CompleteGmailConnect: () => ({ data: { completeGmailConnect: { __typename: 'MutationCompleteGmailConnectSuccess', data: {
        __typename: 'GmailConnectResult', reconnected: false, resumedCampaigns: 0, mailbox: null,
        missingPermissions: [{ __typename: 'MissingPermission', scope: 'https://www.googleapis.com/auth/gmail.send', description: 'Send email on your behalf' }],
      } } } }),
      ConnectGmail: () => ({ data: { connectGmail: { __typename: 'MutationConnectGmailSuccess', data: { __typename: 'ConnectGmailPayload', url: 'https://accounts.test/o/oauth2/v2/auth?x=1' } } } }),
    });
    renderWithClient(<MailboxesPage />, mock.client);
    expect(await screen.findByRole('heading', { name: 'Gmail was not connected' })).toBeTruthy();
    const list = screen.getByRole('list', { name: 'Missing permissions' });
    expect(within(list).getByText('Send email on your behalf')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Mailboxes' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Choose again' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://accounts.test/o/oauth2/v2/auth?x=1'));
    expect(mock.operations.find((o) => opName(o) === 'ConnectGmail')!.variables).toEqual({ mailboxId: 'mb1' });
    sessionStorage.clear();
  });

  it('shows the server’s sentence when the sign-in cannot be finished, with Try again', async () => {
    const user = userEvent.setup();
    const assign = vi.spyOn(goTo, 'assign').mockImplementation(() => undefined);
    window.history.replaceState(null, '', '/settings/mailboxes#code=c3&state=st-3');
    const mock = client({
      CompleteGmailConnect: () => ({ data: { completeGmailConnect: { __typename: 'ConflictError', message: 'This Gmail sign-in was already used. Press Connect Gmail again.' } } }),
      ConnectGmail: () => ({ data: { connectGmail: { __typename: 'MutationConnectGmailSuccess', data: { __typename: 'ConnectGmailPayload', url: 'https://accounts.test/again' } } } }),
    });
    renderWithClient(<MailboxesPage />, mock.client);
    expect(await screen.findByText('This Gmail sign-in was already used. Press Connect Gmail again.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://accounts.test/again'));
    expect(mock.operations.find((o) => opName(o) === 'ConnectGmail')!.variables).toEqual({ mailboxId: null });
  });

  it('says nothing was connected when the user cancelled on Google’s page, without calling the API', async () => {
    window.history.replaceState(null, '', '/settings/mailboxes#error=access_denied');
    const mock = client();
    renderWithClient(<MailboxesPage />, mock.client);
    expect(await screen.findByText('You cancelled on Google’s page. Nothing was connected.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(mock.operations.some((o) => opName(o) === 'CompleteGmailConnect')).toBe(false);
    expect(window.location.hash).toBe('');
  });

  it('shows the API’s daily cap validation error at the field', async () => {
    const user = userEvent.setup();
    const mock = client({
      UpdateMailbox: () => ({ data: { updateMailbox: {
        __typename: 'ValidationError', message: 'dailyCap: must be between 1 and 2000 (Gmail\'s own daily limit)',
        fieldErrors: [{ __typename: 'FieldError', path: ['dailyCap'], message: 'must be between 1 and 2000 (Gmail\'s own daily limit)' }],
      } } }),
    });
    renderWithClient(<MailboxesPage />, mock.client);
    const cap = (await screen.findByLabelText('Daily cap')) as HTMLInputElement;
    expect(cap.value).toBe('50');
    await user.clear(cap);
    await user.type(cap, '5000');
    await user.click(screen.getByRole('button', { name: 'Save cap' }));
    const msg = await screen.findByText('Must be between 1 and 2000 (Gmail\'s own daily limit)');
    expect(cap.getAttribute('aria-invalid')).toBe('true');
    expect(cap.getAttribute('aria-describedby')).toContain(msg.id);
    expect(mock.operations.find((o) => opName(o) === 'UpdateMailbox')!.variables).toEqual({ id: 'mb1', dailyCap: 5000 });
  });

  it('lists a mailbox with its sends, aliases, campaigns and unmatched reports, and asks before disconnecting', async () => {
    const user = userEvent.setup();
    const mock = client({}, [mailbox(), mailbox({ id: 'mb2', address: 'old@gmail.test', status: 'needs_reconnect', statusReason: 'Google refused the token (revoked)', campaigns: [], sendAs: [] })]);
    renderWithClient(<MailboxesPage />, mock.client);
    const first = (await screen.findByRole('heading', { name: 'ada@gmail.test' })).closest('li')!;
    expect(within(first).getByText('Sent 12 of 50')).toBeTruthy();
    expect(within(first).getByText(/Ada Studio <studio@ada\.test>/)).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'Spring shows' })).toBeTruthy();
    expect(within(first).getByText(/matched none of this mailbox’s emails; never applied/)).toBeTruthy();
    const second = screen.getByRole('heading', { name: 'old@gmail.test' }).closest('li')!;
    expect(within(second).getByText('Needs reconnect')).toBeTruthy();
    expect(within(second).getByText(/Google refused the token/)).toBeTruthy();
    expect(within(second).getByRole('button', { name: 'Reconnect old@gmail.test' })).toBeTruthy();
    await user.click(within(first).getByRole('button', { name: 'Disconnect ada@gmail.test' }));
    expect(await screen.findByText(/revoked at Google/)).toBeTruthy();
    expect(screen.getByText(/Its campaign stops sending/)).toBeTruthy();
    expect((screen.getByLabelText('Redirect URI') as HTMLInputElement).value).toBe('http://127.0.0.1:4000/oauth/google/callback');
    expect(screen.getByText(/nothing leaves this machine/)).toBeTruthy();
  });

  it('explains why a mailbox is needed when there is none, and the server settings when Gmail is not set up', async () => {
    const mock = createMockClient((op) => opName(op) === 'Mailboxes'
      ? { data: { mailboxes: [], mailboxSetup: { ...setup, configured: false, sandbox: false } } } : undefined);
    renderWithClient(<MailboxesPage />, mock.client);
    expect(await screen.findByText('No Gmail mailbox connected yet')).toBeTruthy();
    expect(screen.getByText(/GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Connect Gmail' })).toBeNull();
  });
});
