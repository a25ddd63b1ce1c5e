import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { createMockClient, opName, renderWithClient } from '../../test/urqlMock';
import { SendQueuePage } from './SendQueuePage';

describe('SendQueuePage', () => {
  it('shows queued sends with their wait and blocked emails with reason and detail', async () => {
    const mock = createMockClient((op) => (opName(op) === 'SendQueue' ? { data: { sendQueue: {
      __typename: 'SendQueue', now: '2025-03-01T10:00:00.000Z', timeZone: 'Europe/London', dailyCap: 20, sentToday: 3, truncated: false,
      queue: [
        { __typename: 'QueuedSend', emailLogId: 'e1', prospectId: 'p1', domain: 'clay.example', to: 'ed@clay.example', subject: 'Vessels', step: 0, estimatedAt: '2025-03-01T10:00:00.000Z', waitingFor: null },
        { __typename: 'QueuedSend', emailLogId: 'e2', prospectId: 'p2', domain: 'kiln.example', to: 'ed@kiln.example', subject: 'Glazes', step: 0, estimatedAt: '2025-03-02T09:00:00.000Z', waitingFor: 'outside_window' },
      ],
      blocked: [
        { __typename: 'BlockedSend', emailLogId: 'e3', prospectId: 'p3', domain: 'spam.example', to: 'x@spam.example', step: 0, reason: 'suppressed', detail: 'spam.example is on the suppression list (manual)' },
        { __typename: 'BlockedSend', emailLogId: 'e4', prospectId: 'p4', domain: 'pot.example', to: null, step: 1, reason: 'open_thread_same_domain', detail: 'another email to pot.example is still open' },
      ],
    } } } : undefined));
    renderWithClient(<SendQueuePage campaignId="c1" />, mock.client);
    const queue = await screen.findByRole('table', { name: 'Queued sends' });
    const rows = within(queue).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('Ready now');
    expect(rows[2]!.textContent).toContain('Outside the send window');
    const held = screen.getByRole('list', { name: 'Held back' });
    const items = within(held).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('On the suppression list');
    expect(items[0]!.textContent).toContain('spam.example is on the suppression list (manual)');
    expect(items[1]!.textContent).toContain('Another thread open with this domain');
    expect(items[1]!.textContent).toContain('follow-up 1');
    expect(screen.getByText('3 / 20')).toBeTruthy();
  });
});
