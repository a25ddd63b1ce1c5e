import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Routes } from '../../App';
import { navigate } from '../../lib/router';
import { createMockClient, opName, pageInfo, renderWithClient } from '../../test/urqlMock';

const campaigns = [
  { id: 'c1', name: 'Autumn galleries and ceramic magazines in the Nordic countries', status: 'active' },
  { id: 'c2', name: 'Spring open calls', status: 'paused' },
];

/** The whole app's routes, logged in, on `path`; only the shell's own query answers. */
function open(path: string) {
  localStorage.setItem('outreach.token', 't');
  window.history.replaceState(null, '', path);
  const { client } = createMockClient((op) => {
    if (opName(op) === 'Shell') {
      return { data: {
        me: { __typename: 'User', id: 'u1', email: 'ada@example.com', name: 'Ada' },
        campaigns: { __typename: 'CampaignConnection', pageInfo: pageInfo(false),
          edges: campaigns.map((c) => ({ __typename: 'CampaignConnectionEdge', cursor: c.id, node: { __typename: 'Campaign', ...c } })) },
      } };
    }
    return undefined;
  });
  return renderWithClient(<Routes />, client);
}

const selector = () => screen.getByRole('button', { name: /^Campaign / });

describe('AppShell', () => {
  it('keeps the campaign selected, with its menu, on Suppression list and Providers & spend', async () => {
    open('/campaigns/c2/dashboard');
    await waitFor(() => expect(selector().textContent).toContain('Spring open calls'));
    act(() => navigate('/suppressions'));
    await waitFor(() => expect(window.location.pathname).toBe('/suppressions'));
    expect(selector().textContent).toContain('Spring open calls');
    const nav = screen.getByRole('navigation', { name: 'Campaign' });
    expect(within(nav).getByRole('link', { name: 'Pipeline board' }).getAttribute('href')).toBe('/campaigns/c2/board');
    act(() => navigate('/providers'));
    await waitFor(() => expect(window.location.pathname).toBe('/providers'));
    expect(screen.getByRole('navigation', { name: 'Campaign' })).toBeTruthy();
    expect(selector().textContent).toContain('Spring open calls');
  });

  it('does not switch campaigns on ArrowDown: the arrows move through the list, Enter chooses', async () => {
    const user = userEvent.setup();
    open('/campaigns/c1/board');
    await waitFor(() => expect(selector().textContent).toContain(campaigns[0]!.name));
    // The whole name is shown, and also in the title.
    expect(selector().getAttribute('title')).toBe(campaigns[0]!.name);
    selector().focus();
    await user.keyboard('{ArrowDown}');
    const list = screen.getByRole('list', { name: 'Campaigns' });
    await waitFor(() => expect(document.activeElement).toBe(within(list).getByRole('link', { name: campaigns[0]!.name })));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(within(list).getByRole('link', { name: 'Spring open calls' }));
    expect(window.location.pathname).toBe('/campaigns/c1/board');
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(selector());
    expect(window.location.pathname).toBe('/campaigns/c1/board');
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    // Chosen: the same section of the other campaign.
    await waitFor(() => expect(window.location.pathname).toBe('/campaigns/c2/board'));
  });

  it('has a skip link first, a main landmark, and moves focus to the new page’s heading on navigation', async () => {
    const user = userEvent.setup();
    open('/campaigns/c1/dashboard');
    await screen.findByRole('heading', { level: 1, name: 'Dashboard' });
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'Skip to content' }));
    expect(screen.getByRole('main')).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Skip to content' }));
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Dashboard' }));
    await user.click(within(screen.getByRole('navigation', { name: 'Campaign' })).getByRole('link', { name: 'Pipeline board' }));
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Pipeline board' });
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(h1.getAttribute('tabindex')).toBe('-1');
  });
});
