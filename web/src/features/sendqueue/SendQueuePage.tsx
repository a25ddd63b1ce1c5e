import { useCallback, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatClockIn, plural } from '../../lib/format';
import '../prospects/cardRows.css';
import './sendqueue.css';
import { Link } from '../../lib/router';
import { Badge, Button, Card, EmptyState, ErrorState, LoadingBlock, Table } from '../../ui';
import { NextSend, useLiveSendPlan } from './NextSend';
import { CampaignMailboxNotice } from '../mailboxes/CampaignMailboxNotice';
import { MailboxStatusBadge } from '../mailboxes/status';

export const SendQueueQuery = graphql(`
  query SendQueue($campaignId: ID!) {
    sendQueue(campaignId: $campaignId) {
      now timeZone dailyCap sentToday truncated nextSendAt
      mailbox { id address status dailyCap sentLast24h quotaResetAt }
      queue { emailLogId prospectId domain to subject step score estimatedAt waitingFor sending }
      blocked { emailLogId prospectId domain to step reason detail }
    }
    campaign(id: $campaignId) { id status sendingPausedReason }
  }
`);

/** What a rule that holds a send back means, in words. */
export const WAITING_TEXT: Record<string, string> = {
  outside_window: 'Outside the send window',
  daily_cap_reached: 'Daily cap reached',
  too_soon: 'Gap between sends',
  retry: 'Gmail asked to wait',
  mailbox_cap_reached: 'Mailbox’s daily cap reached',
  mailbox_quota: 'Gmail’s daily limit reached',
};

export const BLOCK_TEXT: Record<string, string> = {
  suppressed: 'On the suppression list',
  campaign_paused: 'Campaign paused',
  cap_never: 'Daily cap is 0',
  flagged_draft: 'Draft is flagged',
  low_score: 'Score too low',
  max_reached: 'Follow-up limit reached',
  missing_email: 'No email address',
  not_approved: 'Not approved',
  not_sent: 'First email not sent',
  open_thread_same_domain: 'Another thread open with this domain',
  sequence_stopped: 'Sequence stopped',
  already_sent: 'Already sent',
  no_mailbox: 'No Gmail mailbox',
  mailbox_unavailable: 'Mailbox needs reconnecting',
};

export function reasonText(reason: string): string {
  return BLOCK_TEXT[reason] ?? WAITING_TEXT[reason] ?? reason.replace(/_/g, ' ');
}

const DANGER_REASONS = new Set(['suppressed', 'campaign_paused', 'cap_never', 'sequence_stopped', 'no_mailbox', 'mailbox_unavailable']);

/** Held-back emails grouped by their reason, largest group first (ties keep the server's order). */
export function groupByReason<T extends { reason: string }>(blocked: readonly T[]): Array<{ reason: string; items: T[] }> {
  const groups = new Map<string, T[]>();
  for (const b of blocked) groups.set(b.reason, [...(groups.get(b.reason) ?? []), b]);
  return [...groups.entries()].map(([reason, items]) => ({ reason, items })).sort((a, b) => b.items.length - a.items.length);
}

/** Its send job is on its way now (a job waiting to retry after a Gmail refusal is not). */
export function isSending(s: { sending: boolean; waitingFor?: string | null } | undefined): boolean {
  return !!s?.sending && !s.waitingFor;
}

export function SendQueuePage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SendQueueQuery, variables: { campaignId }, requestPolicy: 'cache-and-network' });
  // Live: the plan is asked for again when the campaign's prospects or sends change, or when the
  // countdown reaches zero. Only a press on Refresh shows the button busy.
  const client = useClient();
  const [manual, setManual] = useState(false);
  const refreshNow = async () => {
    setManual(true);
    await client.query(SendQueueQuery, { campaignId }, { requestPolicy: 'network-only' }).toPromise();
    setManual(false);
  };
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const schedule = useLiveSendPlan(campaignId, refresh);
  const q = data?.sendQueue;
  const paused = data?.campaign?.status === 'paused' || !!data?.campaign?.sendingPausedReason;
  const prospect = (id: string) => `/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(id)}`;
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Send queue</h1><p>Approved emails go out by themselves, one at a time, at the times below: inside the send window, under the daily cap, with a random gap between sends. Every rule is checked again just before each send.</p></div>
        <Button onClick={() => void refreshNow()} loading={manual}>Refresh</Button>
      </div>
      <CampaignMailboxNotice campaignId={campaignId} />
      {error && !data ? <ErrorState error={error} title="Could not load the send queue" onRetry={refresh} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} label="Loading send queue" /> : null}
      {q ? (
        <>
          <NextSend nextSendAt={q.nextSendAt} timeZone={q.timeZone} sending={isSending(q.queue[0])} onDue={schedule}
            idleText={paused ? 'Sending is paused: nothing goes out until the campaign is resumed' : 'Nothing queued'} />
          {q.mailbox ? (
            <p className="mailbox-line">
              <span>From <strong className="wrap-anywhere">{q.mailbox.address}</strong>: {q.mailbox.sentLast24h} of {q.mailbox.dailyCap} sent in the last 24 hours, all campaigns.</span>
              {q.mailbox.status !== 'connected' ? <MailboxStatusBadge status={q.mailbox.status} /> : null}
              {q.mailbox.quotaResetAt && new Date(q.mailbox.quotaResetAt).getTime() > new Date(q.now).getTime()
                ? <span className="small muted">Gmail’s daily limit is reached: nothing leaves it before {formatClockIn(q.mailbox.quotaResetAt, q.timeZone, new Date(q.now))}.</span> : null}
              <Link className="small" to="/settings/mailboxes">Mailboxes</Link>
            </p>
          ) : null}
          <div className="grid-3">
            <div className="card"><div className="card-body"><span className="muted small">Sent today</span><span className="stat">{q.sentToday} / {q.dailyCap}</span></div></div>
            <div className="card"><div className="card-body"><span className="muted small">Queued</span><span className="stat">{q.queue.length}{q.truncated ? '+' : ''}</span></div></div>
            <div className="card"><div className="card-body"><span className="muted small">Held back</span><span className="stat">{q.blocked.length}</span></div></div>
          </div>
          <p className="small muted">Times are in the campaign's time zone ({q.timeZone}) and assume each email before goes at its time. <strong>Send now</strong> on a prospect's page sends one email at once, ahead of the queue. Checked at {formatClockIn(q.now, q.timeZone, new Date(q.now))}.</p>
          <Card title="Queue">
            {q.queue.length === 0 ? (
              <EmptyState icon="➤" title="Nothing waiting to be sent">Approve a draft and it appears here with the time it goes out; it is sent by itself.</EmptyState>
            ) : (
              <Table caption="Queued sends" className="table card-rows" style={{ minWidth: 760 }}>
                <thead><tr><th scope="col">#</th><th scope="col">Site</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Sends at</th><th scope="col">Status</th></tr></thead>
                <tbody>
                  {q.queue.map((s, i) => (
                    <tr key={s.emailLogId}>
                      <td className="queue-pos"><span className="visually-hidden">Position </span>{i + 1}</td>
                      <td><Link to={prospect(s.prospectId)}><strong>{s.domain}</strong></Link><div className="small muted">{s.step === 0 ? 'First email' : `Follow-up ${s.step}`}</div></td>
                      <td data-label="To" className="wrap-word">{s.to}</td>
                      <td className="wrap-word card-full">{s.subject}</td>
                      <td data-label="Sends at" style={{ whiteSpace: 'nowrap' }}><time dateTime={s.estimatedAt}>{formatClockIn(s.estimatedAt, q.timeZone, new Date(q.now), { seconds: true })}</time></td>
                      <td data-label="Status" className="queue-status">{isSending(s) ? <Badge tone="info">Sending</Badge> : s.waitingFor ? <Badge tone="warn">{reasonText(s.waitingFor)}</Badge> : <Badge tone="ok">Due now</Badge>}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            {q.truncated ? <p className="small muted">Only the next part of the queue is shown.</p> : null}
          </Card>
          <Card title="Held back">
            {q.blocked.length === 0 ? (
              <EmptyState icon="✓" title="Nothing is held back">Emails that a rule stops (suppression, a paused campaign, a flagged draft…) are listed here with the reason.</EmptyState>
            ) : (
              <div className="blocked-groups" aria-label="Held back, by reason" role="list">
                {groupByReason(q.blocked).map((g) => (
                  <details key={g.reason} className="blocked-group" role="listitem">
                    <summary>
                      <Badge tone={DANGER_REASONS.has(g.reason) ? 'danger' : 'warn'}>{reasonText(g.reason)} ({g.items.length})</Badge>
                      <span className="small muted">{plural(g.items.length, 'email')}: {g.items[0]!.detail}</span>
                    </summary>
                    <ul className="blocked-list" aria-label={`${reasonText(g.reason)}: ${plural(g.items.length, 'email')}`}>
                      {g.items.map((b) => (
                        <li key={b.emailLogId} className="blocked-item">
                          <div className="row"><Link to={prospect(b.prospectId)}><strong>{b.domain}</strong></Link><span className="small muted">{b.step === 0 ? 'first email' : `follow-up ${b.step}`}{b.to ? ` to ${b.to}` : ''}</span></div>
                          {b.detail !== g.items[0]!.detail ? <p className="small">{b.detail}</p> : null}
                        </li>
                      ))}
                    </ul>
                  </details>
                ))}
              </div>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
