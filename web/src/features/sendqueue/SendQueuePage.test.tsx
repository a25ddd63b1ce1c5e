import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { createMockClient, liveStream, opName, renderWithClient } from '../../test/urqlMock';
import { LIVE_REFETCH_WINDOW_MS } from './NextSend';
import { SendQueuePage } from './SendQueuePage';

// 10:00:00 in London (GMT in March); the next email is planned for 10:02:30.
const NOW = new Date('2025-03-01T10:00:00.000Z');

type Queued = { id: string; domain: string; at: string; waitingFor?: string | null; sending?: boolean; step?: number };

const queued = (q: Queued) => ({
  __typename: 'QueuedSend', emailLogId: q.id, prospectId: `p-${q.id}`, domain: q.domain, to: `ed@${q.domain}`, subject: `About ${q.domain}`,
  step: q.step ?? 0, score: 50, estimatedAt: q.at, waitingFor: q.waitingFor ?? null, sending: q.sending ?? false,
});

function plan(over: { queue?: Queued[]; blocked?: unknown[]; sentToday?: number; nextSendAt?: string | null; now?: string; mailbox?: unknown } = {}) {
  const queue = (over.queue ?? []).map(queued);
  return {
    __typename: 'SendQueue', now: over.now ?? NOW.toISOString(), timeZone: 'Europe/London', dailyCap: 20, sentToday: over.sentToday ?? 0, truncated: false,
    nextSendAt: over.nextSendAt !== undefined ? over.nextSendAt : (queue[0]?.estimatedAt ?? null), queue, blocked: over.blocked ?? [],
    mailbox: over.mailbox ?? null,
  };
}

const heldGroups = () => [...screen.getByRole('list', { name: 'Held back, by reason' }).querySelectorAll('details')] as HTMLDetailsElement[];

/** The API's side: the plan it answers with now (tests change it), and the live streams of the campaign. */
function setup(initial: ReturnType<typeof plan>, campaign: { status?: string; sendingPausedReason?: string | null } = {}) {
  const server = { plan: initial };
  const prospects = liveStream();
  const jobs = liveStream();
  const mock = createMockClient((op) => {
    switch (opName(op)) {
      case 'SendQueue':
        return { data: { sendQueue: server.plan, campaign: { __typename: 'Campaign', id: 'c1', status: campaign.status ?? 'active', sendingPausedReason: campaign.sendingPausedReason ?? null } } };
      case 'SendPlanProspect': return prospects.source;
      case 'SendPlanJob': return jobs.source;
      default: return undefined;
    }
  });
  renderWithClient(<SendQueuePage campaignId="c1" />, mock.client);
  // Network-only reads of the plan: the live refetches (the first load may reach the mock twice).
  const fetches = () => mock.operations.filter((o) => opName(o) === 'SendQueue' && o.context.requestPolicy === 'network-only').length;
  const prospectEvent = (stage: string) => act(() => prospects.push({ prospectUpdated: { __typename: 'Prospect', id: 'p-e1', stage, outreachStatus: 'sent' } }));
  const jobEvent = (jobType: string, status: string) => act(() => jobs.push({ jobUpdated: { __typename: 'Job', id: `j-${jobType}`, jobType, status } }));
  return { server, fetches, prospectEvent, jobEvent };
}

const flush = () => act(async () => {});
const tick = (ms: number) => act(() => { vi.advanceTimersByTime(ms); });
/** The next-email line (the page's other live regions are loading states). */
const nextLine = () => screen.getAllByRole('status').map((s) => s.textContent).find((t) => /^(Next email|Nothing queued|Sending is paused)/.test(t ?? ''));
const countdown = () => screen.getByRole('timer').textContent;

beforeEach(() => { vi.useFakeTimers({ now: NOW }); });
afterEach(() => { vi.useRealTimers(); });

describe('SendQueuePage', () => {
  it('shows when the next email goes, the queue with its times and state, and blocked emails with reason and detail', async () => {
    setup(plan({
      sentToday: 3,
      queue: [
        { id: 'e1', domain: 'clay.example', at: '2025-03-01T10:02:30.000Z', waitingFor: 'too_soon' },
        { id: 'e2', domain: 'kiln.example', at: '2025-03-02T09:00:00.000Z', waitingFor: 'outside_window', step: 1 },
      ],
      blocked: [
        { __typename: 'BlockedSend', emailLogId: 'e3', prospectId: 'p3', domain: 'spam.example', to: 'x@spam.example', step: 0, reason: 'suppressed', detail: 'spam.example is on the suppression list (manual)' },
        { __typename: 'BlockedSend', emailLogId: 'e4', prospectId: 'p4', domain: 'pot.example', to: null, step: 1, reason: 'open_thread_same_domain', detail: 'another email to pot.example is still open' },
      ],
    }));
    await flush();
    expect(nextLine()).toBe('Next email at 10:02 (Europe/London)');
    expect(countdown()).toBe('in 2 min 30 s');
    // The page says the queue sends by itself; nothing waits for a button.
    expect(screen.getByText(/Approved emails go out by themselves/)).toBeTruthy();

    const rows = within(screen.getByRole('table', { name: 'Queued sends' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('10:02:30');
    expect(rows[1]!.textContent).toContain('Gap between sends');
    expect(rows[2]!.textContent).toContain('Follow-up 1');
    expect(rows[2]!.textContent).toContain('Sun, Mar 2, 09:00:00');
    expect(rows[2]!.textContent).toContain('Outside the send window');
    const groups = heldGroups();
    expect(groups[0]!.querySelector('summary')!.textContent).toContain('On the suppression list (1)');
    expect(groups[0]!.querySelector('summary')!.textContent).toContain('spam.example is on the suppression list (manual)');
    expect(groups[1]!.querySelector('summary')!.textContent).toContain('Another thread open with this domain (1)');
    expect(groups[1]!.textContent).toContain('follow-up 1');
    expect(screen.getByText('3 / 20')).toBeTruthy();
  });

  it('says which mailbox sends and its 24-hour load across campaigns, and words the mailbox reasons', async () => {
    setup(plan({
      mailbox: { __typename: 'SendQueueMailbox', id: 'm1', address: 'ada@gmail.test', status: 'connected', dailyCap: 50, sentLast24h: 12, quotaResetAt: null },
      queue: [{ id: 'e1', domain: 'clay.example', at: '2025-03-01T12:00:00.000Z', waitingFor: 'mailbox_cap_reached' }],
      blocked: [{ __typename: 'BlockedSend', emailLogId: 'e3', prospectId: 'p3', domain: 'kiln.example', to: 'ed@kiln.example', step: 0, reason: 'mailbox_unavailable', detail: 'ada@gmail.test needs reconnecting.' }],
    }));
    await flush();
    expect(screen.getByText(/: 12 of 50 sent in the last 24 hours, all campaigns\./).textContent).toBe('From ada@gmail.test: 12 of 50 sent in the last 24 hours, all campaigns.');
    const rows = within(screen.getByRole('table', { name: 'Queued sends' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('Mailbox’s daily cap reached');
    const groups = heldGroups();
    expect(groups[0]!.textContent).toContain('Mailbox needs reconnecting (1)');
    expect(groups[0]!.textContent).toContain('ada@gmail.test needs reconnecting.');
  });

  it('groups held-back emails by reason with counts, largest first, each group collapsed until opened', async () => {
    const held = (i: number, reason: string, detail: string) => ({ __typename: 'BlockedSend', emailLogId: `h${i}`, prospectId: `p${i}`, domain: `site-${i}.example`, to: `ed@site-${i}.example`, step: 0, reason, detail });
    setup(plan({ blocked: [
      held(0, 'suppressed', 'site-0.example is on the suppression list'),
      ...Array.from({ length: 55 }, (_x, i) => held(i + 1, 'not_approved', 'The draft waits for your review.')),
    ] }));
    await flush();
    const groups = heldGroups();
    expect(groups.map((g) => g.querySelector('summary')!.textContent)).toEqual([
      'Not approved (55)55 emails: The draft waits for your review.',
      'On the suppression list (1)1 email: site-0.example is on the suppression list',
    ]);
    expect(groups[0]!.open).toBe(false);
    expect(screen.queryAllByText('Not approved')).toHaveLength(0); // no row per email
    expect(groups[0]!.querySelectorAll('li')).toHaveLength(55);
    expect(within(groups[0]!).getAllByRole('link', { hidden: true }).map((a) => a.textContent).slice(0, 2)).toEqual(['site-1.example', 'site-2.example']);
  });

  it('marks an email whose send job is on its way as Sending, and the line reads "sending now"', async () => {
    setup(plan({ queue: [
      { id: 'e1', domain: 'clay.example', at: NOW.toISOString(), sending: true },
      { id: 'e2', domain: 'kiln.example', at: '2025-03-01T10:00:40.000Z', waitingFor: 'too_soon' },
      { id: 'e3', domain: 'glaze.example', at: '2025-03-01T10:05:00.000Z', waitingFor: 'retry', sending: true },
    ] }));
    await flush();
    expect(countdown()).toBe('sending now');
    const rows = within(screen.getByRole('table', { name: 'Queued sends' })).getAllByRole('row');
    expect(within(rows[1]!).getByText('Sending')).toBeTruthy();
    expect(within(rows[2]!).queryByText('Sending')).toBeNull();
    // A send waiting to retry after Gmail refused it is not on its way yet.
    expect(within(rows[3]!).getByText('Gmail asked to wait')).toBeTruthy();
    expect(within(rows[3]!).queryByText('Sending')).toBeNull();
  });

  it('asks for the plan again when a prospect or a send job of the campaign changes, once per burst', async () => {
    const { server, fetches, prospectEvent, jobEvent } = setup(plan({ queue: [{ id: 'e1', domain: 'clay.example', at: '2025-03-01T10:02:30.000Z', waitingFor: 'too_soon' }] }));
    await flush();
    expect(fetches()).toBe(0);

    // A draft of another prospect was approved: it joins the plan.
    server.plan = plan({ queue: [
      { id: 'e1', domain: 'clay.example', at: '2025-03-01T10:02:30.000Z', waitingFor: 'too_soon' },
      { id: 'e2', domain: 'kiln.example', at: '2025-03-01T10:04:00.000Z', waitingFor: 'too_soon' },
    ] });
    prospectEvent('approved');
    tick(LIVE_REFETCH_WINDOW_MS);
    await flush();
    expect(fetches()).toBe(1);
    expect(within(screen.getByRole('table', { name: 'Queued sends' })).getAllByRole('row')).toHaveLength(3);

    // Both were sent: the send jobs changed several times within the window, one question.
    server.plan = plan({ sentToday: 2, queue: [] });
    jobEvent('send', 'running');
    jobEvent('send', 'completed');
    prospectEvent('sent');
    expect(fetches()).toBe(1);
    tick(LIVE_REFETCH_WINDOW_MS);
    await flush();
    expect(fetches()).toBe(2);
    expect(nextLine()).toBe('Nothing queued');
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.getByText('Nothing waiting to be sent')).toBeTruthy();
    expect(screen.getByText('2 / 20')).toBeTruthy();

    // Jobs that do not move the plan (discovery, scoring) do not make it ask.
    jobEvent('discover', 'running');
    tick(LIVE_REFETCH_WINDOW_MS * 2);
    await flush();
    expect(fetches()).toBe(2);

    // A follow-up being written does.
    server.plan = plan({ queue: [{ id: 'f1', domain: 'clay.example', at: '2025-03-01T10:00:03.000Z', waitingFor: 'too_soon', step: 1 }] });
    jobEvent('followup', 'completed');
    tick(LIVE_REFETCH_WINDOW_MS);
    await flush();
    expect(fetches()).toBe(3);
    expect(nextLine()).toBe('Next email at 10:00 (Europe/London)');
  });

  it('asks for the plan again when the countdown reaches zero', async () => {
    const { server, fetches } = setup(plan({ queue: [{ id: 'e1', domain: 'clay.example', at: '2025-03-01T10:00:05.000Z', waitingFor: 'too_soon' }] }));
    await flush();
    expect(countdown()).toBe('in 5 s');
    server.plan = plan({ now: '2025-03-01T10:00:05.000Z', queue: [{ id: 'e1', domain: 'clay.example', at: '2025-03-01T10:00:05.000Z', sending: true }] });
    tick(4000);
    expect(fetches()).toBe(0);
    tick(1000);
    expect(countdown()).toBe('sending now');
    tick(LIVE_REFETCH_WINDOW_MS);
    await flush();
    expect(fetches()).toBe(1);
    expect(within(screen.getByRole('table', { name: 'Queued sends' })).getByText('Sending')).toBeTruthy();
  });

  it('says sending is paused instead of "Nothing queued" when the campaign is paused', async () => {
    setup(plan({ queue: [] }), { status: 'paused' });
    await flush();
    expect(nextLine()).toBe('Sending is paused: nothing goes out until the campaign is resumed');
  });
});
