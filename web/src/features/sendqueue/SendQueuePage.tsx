import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { Badge, Button, Card, EmptyState, ErrorState, LoadingBlock, Table } from '../../ui';

export const SendQueueQuery = graphql(`
  query SendQueue($campaignId: ID!) {
    sendQueue(campaignId: $campaignId) {
      now timeZone dailyCap sentToday truncated
      queue { emailLogId prospectId domain to subject step estimatedAt waitingFor }
      blocked { emailLogId prospectId domain to step reason detail }
    }
  }
`);

/** What a rule that holds a send back means, in words. */
export const WAITING_TEXT: Record<string, string> = {
  outside_window: 'Outside the send window',
  daily_cap_reached: 'Daily cap reached',
  too_soon: 'Gap between sends',
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
};

export function reasonText(reason: string): string {
  return BLOCK_TEXT[reason] ?? WAITING_TEXT[reason] ?? reason.replace(/_/g, ' ');
}

export function SendQueuePage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SendQueueQuery, variables: { campaignId }, requestPolicy: 'cache-and-network' });
  const q = data?.sendQueue;
  const prospect = (id: string) => `/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(id)}`;
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Send queue</h1><p>What goes out next, when, and why anything is held back. Every rule is checked again at send time.</p></div>
        <Button onClick={() => refetch({ requestPolicy: 'network-only' })} loading={fetching && !!data}>Refresh</Button>
      </div>
      {error && !data ? <ErrorState error={error} title="Could not load the send queue" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} label="Loading send queue" /> : null}
      {q ? (
        <>
          <div className="grid-3">
            <div className="card"><div className="card-body"><span className="muted small">Sent today</span><span className="stat">{q.sentToday} / {q.dailyCap}</span></div></div>
            <div className="card"><div className="card-body"><span className="muted small">Queued</span><span className="stat">{q.queue.length}{q.truncated ? '+' : ''}</span></div></div>
            <div className="card"><div className="card-body"><span className="muted small">Held back</span><span className="stat">{q.blocked.length}</span></div></div>
          </div>
          <p className="small muted">Times are estimates in your browser's time zone; the campaign sends in {q.timeZone}. Checked {formatDateTime(q.now)}.</p>
          <Card title="Queue">
            {q.queue.length === 0 ? (
              <EmptyState icon="➤" title="Nothing waiting to be sent">Approved emails appear here with the time they are expected to go out.</EmptyState>
            ) : (
              <Table caption="Queued sends" style={{ minWidth: 760 }}>
                <thead><tr><th scope="col">#</th><th scope="col">Site</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Estimated</th><th scope="col">Waiting for</th></tr></thead>
                <tbody>
                  {q.queue.map((s, i) => (
                    <tr key={s.emailLogId}>
                      <td>{i + 1}</td>
                      <td><Link to={prospect(s.prospectId)}><strong>{s.domain}</strong></Link><div className="small muted">{s.step === 0 ? 'First email' : `Follow-up ${s.step}`}</div></td>
                      <td className="wrap-anywhere">{s.to}</td>
                      <td className="wrap-anywhere">{s.subject}</td>
                      <td>{formatDateTime(s.estimatedAt)}</td>
                      <td>{s.waitingFor ? <Badge tone="warn">{reasonText(s.waitingFor)}</Badge> : <Badge tone="ok">Ready now</Badge>}</td>
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
              <ul className="blocked-list" aria-label="Held back">
                {q.blocked.map((b) => (
                  <li key={b.emailLogId} className="blocked-item">
                    <div className="row-between">
                      <div className="row"><Link to={prospect(b.prospectId)}><strong>{b.domain}</strong></Link><span className="small muted">{b.step === 0 ? 'first email' : `follow-up ${b.step}`}{b.to ? ` to ${b.to}` : ''}</span></div>
                      <Badge tone={['suppressed', 'campaign_paused', 'cap_never', 'sequence_stopped'].includes(b.reason) ? 'danger' : 'warn'}>{reasonText(b.reason)}</Badge>
                    </div>
                    <p className="small">{b.detail}</p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
