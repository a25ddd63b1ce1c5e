import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, renderWithClient } from '../../test/urqlMock';
import { DashboardPage } from './DashboardPage';
import { firstRunSteps, nextAction, type FirstRunState } from './FirstRun';

const fresh: FirstRunState = { mailboxConnected: false, campaignId: 'c1', prospects: 0, drafted: 0, reviewed: 0, active: true };

function open(counts: Record<string, number>, mailboxes: { status: string }[], status = 'active') {
  const { client } = createMockClient((op) => {
    if (opName(op) === 'Dashboard') {
      return { data: {
        campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring', status, sendingPausedReason: null, dailyCap: 20,
          stageCounts: Object.entries(counts).map(([stage, count]) => ({ __typename: 'StageCount', stage, count })), activity: [] },
        mailboxes: mailboxes.map((m, i) => ({ __typename: 'Mailbox', id: `m${i}`, ...m })),
      } };
    }
    return undefined;
  });
  renderWithClient(<DashboardPage campaignId="c1" />, client);
}

describe('first run', () => {
  it('highlights the next step and follows the campaign until every step is done', () => {
    const next = (s: FirstRunState) => firstRunSteps(s).find((x) => !x.done)?.key;
    expect(next(fresh)).toBe('gmail');
    expect(next({ ...fresh, mailboxConnected: true })).toBe('discovery');
    expect(next({ ...fresh, mailboxConnected: true, prospects: 30, drafted: 12 })).toBe('review');
    expect(next({ ...fresh, mailboxConnected: true, prospects: 30, reviewed: 12, active: false })).toBe('sending');
    expect(next({ ...fresh, mailboxConnected: true, prospects: 30, reviewed: 12 })).toBeUndefined();
    expect(nextAction({ ...fresh, mailboxConnected: true }).label).toBe('Start discovery');
    expect(nextAction({ ...fresh, mailboxConnected: true, prospects: 30, drafted: 12 })).toEqual({ label: 'Review 12 drafts', to: '/campaigns/c1/drafts' });
    expect(nextAction({ ...fresh, mailboxConnected: true, prospects: 30, drafted: 1 }).label).toBe('Review 1 draft');
  });

  it('shows a new account the checklist with Connect Gmail next, and the dashboard’s main action', async () => {
    open({}, []);
    const list = await screen.findByRole('region', { name: 'Get started' });
    const next = within(list).getByRole('link', { name: /Connect Gmail/ });
    expect(next.getAttribute('href')).toBe('/settings/mailboxes');
    expect(next.closest('li')!.getAttribute('aria-current')).toBe('step');
    expect(screen.getAllByRole('link', { name: /Connect Gmail/ }).length).toBe(2);
  });

  it('says "Review 12 drafts" when drafts wait, and drops the checklist once everything is done', async () => {
    open({ drafted: 12, sent: 3 }, [{ status: 'connected' }]);
    expect((await screen.findByRole('link', { name: 'Review 12 drafts' })).getAttribute('href')).toBe('/campaigns/c1/drafts');
    expect(within(screen.getByRole('region', { name: 'Get started' })).getByRole('link', { name: /Review drafts/ })).toBeTruthy();
  });

  it('has no checklist when every step is done', async () => {
    open({ sent: 3, accepted: 1 }, [{ status: 'connected' }]);
    await screen.findByRole('link', { name: 'Open the send queue' });
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
    // The stage chart is text in the page's type scale, one row per stage.
    expect(within(screen.getByRole('list', { name: 'Prospects per stage' })).getAllByRole('listitem')).toHaveLength(11);
  });
});

describe('live counts', () => {
  it('reads the counts again when a prospect of the campaign changes, and counts a published prospect as accepted', async () => {
    const live = liveStream();
    let published = false;
    const { client, operations } = createMockClient((op) => {
      if (opName(op) === 'DashboardProspect') return live.source;
      if (opName(op) !== 'Dashboard') return undefined;
      const counts = published ? { sent: 2, accepted: 1, published: 1 } : { sent: 2, accepted: 2 };
      return { data: {
        campaign: { __typename: 'Campaign', id: 'c1', name: 'Spring', status: 'active', sendingPausedReason: null, dailyCap: 20,
          stageCounts: Object.entries(counts).map(([stage, count]) => ({ __typename: 'StageCount', stage, count })), activity: [] },
        mailboxes: [{ __typename: 'Mailbox', id: 'm1', status: 'connected' }],
      } };
    });
    renderWithClient(<DashboardPage campaignId="c1" />, client);
    const row = async (stage: string) => within(await screen.findByRole('list', { name: 'Prospects per stage' })).getByText(stage).closest('li')!.textContent;
    expect(await row('published')).toBe('published0');
    published = true;
    act(() => live.push({ prospectUpdated: { __typename: 'Prospect', id: 'p1', stage: 'published', outreachStatus: 'accepted' } }));
    await waitFor(() => expect(screen.getByText('published').closest('li')!.textContent).toBe('published1'), { timeout: 3000 });
    expect(operations.filter((o) => opName(o) === 'Dashboard').at(-1)!.context.requestPolicy).toBe('network-only');
    // Accepted counts the published one too: it accepted before the feature went up.
    expect(screen.getByText('Accepted').parentElement!.textContent).toBe('Accepted2');
  });
});
