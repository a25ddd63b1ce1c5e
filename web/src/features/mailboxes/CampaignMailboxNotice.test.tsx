import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { CampaignMailboxNotice } from './CampaignMailboxNotice';
import { goTo } from './connect';

const answer = (mailbox: unknown) => createMockClient((op) => {
  if (opName(op) === 'CampaignMailbox') return { data: { campaign: { __typename: 'Campaign', id: 'c1', sendsFrom: null, mailbox } } };
  if (opName(op) === 'ConnectGmail') return { data: { connectGmail: { __typename: 'MutationConnectGmailSuccess', data: { __typename: 'ConnectGmailPayload', url: 'https://accounts.test/consent' } } } };
  return undefined;
});

describe('CampaignMailboxNotice', () => {
  it('says a campaign without a mailbox sends nothing and links to Settings → Mailboxes', async () => {
    renderWithClient(<CampaignMailboxNotice campaignId="c1" />, answer(null).client);
    expect(await screen.findByText('Nothing is sent: this campaign has no connected Gmail mailbox.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Settings → Mailboxes' }).getAttribute('href')).toBe('/settings/mailboxes');
  });

  it('names a mailbox that needs reconnecting and reconnects it directly', async () => {
    const user = userEvent.setup();
    const assign = vi.spyOn(goTo, 'assign').mockImplementation(() => undefined);
    const mock = answer({ __typename: 'Mailbox', id: 'mb1', address: 'ada@gmail.test', status: 'needs_reconnect', statusReason: 'token revoked' });
    renderWithClient(<CampaignMailboxNotice campaignId="c1" />, mock.client);
    expect(await screen.findByText('ada@gmail.test needs reconnecting.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://accounts.test/consent'));
    expect(mock.operations.find((o) => opName(o) === 'ConnectGmail')!.variables).toEqual({ mailboxId: 'mb1' });
  });

  it('says nothing while the mailbox is connected', async () => {
    const mock = answer({ __typename: 'Mailbox', id: 'mb1', address: 'ada@gmail.test', status: 'connected', statusReason: null });
    const { container } = renderWithClient(<CampaignMailboxNotice campaignId="c1" />, mock.client);
    await waitFor(() => expect(mock.operations.some((o) => opName(o) === 'CampaignMailbox')).toBe(true));
    expect(container.textContent).toBe('');
  });
});
