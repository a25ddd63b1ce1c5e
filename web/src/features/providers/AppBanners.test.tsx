import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { goTo } from '../mailboxes/connect';
import { AppBanners } from './AppBanners';

describe('AppBanners', () => {
  it('gives an alert about a mailbox a Reconnect button that starts Google’s consent for that mailbox', async () => {
    const user = userEvent.setup();
    const assign = vi.spyOn(goTo, 'assign').mockImplementation(() => undefined);
    const mock = createMockClient((op) => {
      switch (opName(op)) {
        case 'Providers': return { data: { providers: [] } };
        case 'Alerts': return { data: { alerts: [{
          __typename: 'Alert', id: 'a1', kind: 'mailbox_reconnect', message: 'Google refused the token of ada@gmail.test: its campaigns are paused.', provider: 'gmail',
          createdAt: '2025-03-01T10:00:00.000Z', resolvedAt: null, campaign: null, mailbox: { __typename: 'Mailbox', id: 'mb1', address: 'ada@gmail.test', status: 'needs_reconnect' },
        }] } };
        case 'ConnectGmail': return { data: { connectGmail: { __typename: 'MutationConnectGmailSuccess', data: { __typename: 'ConnectGmailPayload', url: 'https://accounts.test/consent' } } } };
        default: return undefined;
      }
    });
    renderWithClient(<AppBanners />, mock.client);
    expect(await screen.findByText('ada@gmail.test needs reconnecting:')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reconnect ada@gmail.test' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://accounts.test/consent'));
    expect(mock.operations.find((o) => opName(o) === 'ConnectGmail')!.variables).toEqual({ mailboxId: 'mb1' });
  });
});
