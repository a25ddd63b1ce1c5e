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

  it('says a found feature as good news, apart from what needs attention, and dismisses it', async () => {
    const user = userEvent.setup();
    const alert = (id: string, kind: string, message: string) => ({ __typename: 'Alert', id, kind, message, provider: null,
      createdAt: '2027-03-01T10:00:00.000Z', resolvedAt: null, campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring' }, mailbox: null });
    const mock = createMockClient((op) => {
      switch (opName(op)) {
        case 'Providers': return { data: { providers: [] } };
        case 'Alerts': return { data: { alerts: [
          alert('a1', 'placement_found', 'Featured on clay.example: https://clay.example/features/ada'),
          alert('a2', 'placement_lost', 'The feature on kiln.example was lost: the page answers 404 (https://kiln.example/p)'),
        ] } };
        case 'ResolveAlert': return { data: { resolveAlert: { __typename: 'MutationResolveAlertSuccess', data: { __typename: 'Alert', id: 'a1', resolvedAt: '2027-03-01T11:00:00.000Z' } } } };
        default: return undefined;
      }
    });
    renderWithClient(<AppBanners />, mock.client);
    const good = (await screen.findByText('New feature!')).closest('.banner') as HTMLElement;
    expect(good.className).toContain('banner-ok');
    expect(good.textContent).toContain('Featured on clay.example: https://clay.example/features/ada');
    expect(screen.getByRole('link', { name: 'See features' }).getAttribute('href')).toBe('/campaigns/c1/dashboard');
    const attention = screen.getByRole('alert');
    expect(attention.textContent).toMatch(/^Needs your attention: The feature on kiln\.example was lost/);
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(mock.operations.filter((o) => opName(o) === 'ResolveAlert').map((o) => o.variables)).toEqual([{ id: 'a1' }]);
  });
});
