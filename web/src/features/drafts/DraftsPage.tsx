import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EmailStatus } from '../../gql/graphql';
import { formatDateTime, formatScore } from '../../lib/format';
import { fieldErrorsOf } from '../../lib/results';
import { Link } from '../../lib/router';
import { Banner, Button, EmptyState, ErrorState, Field, LoadingBlock, Select, StatusBadge, Table } from '../../ui';
import { ApproveDraft } from './DraftEditor';
import { flagInfo } from './flags';

export const ComposeDrafts = graphql(`
  mutation ComposeDrafts($prospectIds: [ID!]!) {
    composeDrafts(prospectIds: $prospectIds) {
      __typename
      ... on MutationComposeDraftsSuccess { data { id status jobType ...JobRow } }
      ... on Error { message }
    }
  }
`);

export const AutoApproveDrafts = graphql(`
  mutation AutoApproveDrafts($campaignId: ID!) {
    autoApproveDrafts(campaignId: $campaignId) {
      __typename
      ... on MutationAutoApproveDraftsSuccess { data { approved threshold } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const DraftsQuery = graphql(`
  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!) {
    campaign(id: $campaignId) { id autoApproveScore }
    emailLogs(first: $first, after: $after, filter: $filter) {
      edges { cursor node { id step status subject flags createdAt toEmail prospect { id domain score } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

const STATUS_VIEWS: Array<{ value: string; label: string; statuses: EmailStatus[] }> = [
  { value: 'draft', label: 'Waiting for review (drafts)', statuses: ['draft'] },
  { value: 'approved', label: 'Approved, not sent', statuses: ['approved'] },
  { value: 'sent', label: 'Sent', statuses: ['sending', 'sent'] },
  { value: 'failed', label: 'Failed or bounced', statuses: ['failed', 'bounced'] },
  { value: 'all', label: 'All emails', statuses: [] },
];

export function DraftsPage({ campaignId }: { campaignId: string }) {
  const [view, setView] = useState('draft');
  const [flagged, setFlagged] = useState<'' | 'yes' | 'no'>('');
  const [after, setAfter] = useState<string | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ tone: 'ok' | 'danger' | 'warn'; text: string; settings?: boolean } | null>(null);
  const [working, setWorking] = useState(false);
  const statuses = STATUS_VIEWS.find((v) => v.value === view)!.statuses;
  const filter = useMemo(() => ({ campaignId, ...(statuses.length ? { statuses } : {}), ...(flagged ? { flagged: flagged === 'yes' } : {}) }), [campaignId, statuses, flagged]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: DraftsQuery, variables: { campaignId, first: 50, after, filter } });
  const [, approve] = useMutation(ApproveDraft);
  const [auto, doAuto] = useMutation(AutoApproveDrafts);
  const rows = data?.emailLogs.edges.map((e) => e.node) ?? [];
  const selectable = rows.filter((r) => r.status === 'draft');
  const chosen = selectable.filter((r) => selected.has(r.id));
  const reset = () => { setAfter(undefined); setSelected(new Set()); };

  function toggle(id: string) {
    setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  }

  async function bulkApprove() {
    setWorking(true);
    let ok = 0;
    const failed: string[] = [];
    for (const r of chosen) {
      const res = await approve({ id: r.id });
      const out = res.data?.approveDraft;
      if (out && 'data' in out) ok++;
      else failed.push(`${r.prospect.domain}: ${res.error?.message ?? (out?.__typename === 'ValidationError' ? Object.values(fieldErrorsOf(out))[0] ?? out.message : out?.message ?? 'failed')}`);
    }
    setWorking(false);
    setSelected(new Set());
    setMessage(failed.length ? { tone: 'warn', text: `${ok} approved, ${failed.length} not: ${failed.join('; ')}` } : { tone: 'ok', text: `${ok} ${ok === 1 ? 'draft' : 'drafts'} approved.` });
    refetch({ requestPolicy: 'network-only' });
  }

  async function autoApprove() {
    const res = await doAuto({ campaignId });
    const out = res.data?.autoApproveDrafts;
    if (res.error) setMessage({ tone: 'danger', text: res.error.message });
    else if (out && 'data' in out) setMessage({ tone: 'ok', text: `${out.data.approved} unflagged ${out.data.approved === 1 ? 'draft' : 'drafts'} scoring ${out.data.threshold} or more approved.` });
    else if (out?.__typename === 'ValidationError') setMessage({ tone: 'warn', text: `Auto-approve is off: ${fieldErrorsOf(out).autoApproveScore ?? out.message}.`, settings: true });
    else setMessage({ tone: 'danger', text: out?.message ?? 'Auto-approve failed.' });
    refetch({ requestPolicy: 'network-only' });
  }

  const threshold = data?.campaign.autoApproveScore;
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Drafts &amp; review</h1><p>Read, edit and approve drafted emails before they go out. Flagged drafts need a person.</p></div>
        <div className="row">
          <Button onClick={autoApprove} loading={auto.fetching} title={threshold == null ? 'Set an auto-approve score in the campaign settings first' : undefined}>
            {threshold == null ? 'Auto-approve…' : `Auto-approve unflagged ≥ ${threshold}`}
          </Button>
        </div>
      </div>
      <form className="row" style={{ alignItems: 'flex-start' }} aria-label="Filter emails" onSubmit={(e) => e.preventDefault()}>
        <Field label="Show"><Select value={view} onChange={(e) => { setView(e.target.value); reset(); }} options={STATUS_VIEWS.map((v) => ({ value: v.value, label: v.label }))} /></Field>
        <Field label="Flags"><Select value={flagged} onChange={(e) => { setFlagged(e.target.value as '' | 'yes' | 'no'); reset(); }} placeholder="Flagged or not" options={[{ value: 'yes', label: 'Only flagged' }, { value: 'no', label: 'Only unflagged' }]} /></Field>
      </form>
      {chosen.length ? (
        <div className="row" role="toolbar" aria-label="Bulk actions">
          <span className="small">{chosen.length} selected</span>
          <Button size="sm" variant="primary" loading={working} onClick={bulkApprove}>Approve selected</Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>Clear selection</Button>
        </div>
      ) : null}
      {message ? <Banner tone={message.tone}>{message.text}{message.settings ? <> <Link to={`/campaigns/${encodeURIComponent(campaignId)}/settings`}>Open settings</Link></> : null}</Banner> : null}
      {error && !data ? <ErrorState error={error} title="Could not load drafts" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} label="Loading drafts" /> : null}
      {data && rows.length === 0 ? (
        <EmptyState icon="✉" title={view === 'draft' ? 'No drafts waiting for review' : 'No emails here'}>
          {view === 'draft' ? 'Drafts appear after discovery scores a site high enough, or when you compose from the prospects table.' : 'Try another filter.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table caption="Emails" style={{ minWidth: 760 }}>
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label="Select all drafts on this page" disabled={!selectable.length}
                  checked={selectable.length > 0 && chosen.length === selectable.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((r) => r.id)) : new Set())} />
              </th>
              <th scope="col">Site</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Flags</th><th scope="col">Score</th><th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td><input type="checkbox" aria-label={`Select the draft for ${r.prospect.domain}`} disabled={r.status !== 'draft'} checked={selected.has(r.id)} onChange={() => toggle(r.id)} /></td>
                <td><Link to={`/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(r.prospect.id)}`}><strong>{r.prospect.domain}</strong></Link><div className="small muted">{r.step === 0 ? 'First email' : `Follow-up ${r.step}`} · {r.toEmail ?? 'no address'}</div></td>
                <td>{r.subject || <span className="muted">(no subject)</span>}</td>
                <td><StatusBadge status={r.status} /></td>
                <td>{r.flags.length ? <div className="row" style={{ gap: 4 }}>{r.flags.map((f) => <span key={f} className="badge badge-warn" title={flagInfo(f).explain}>{flagInfo(f).label}</span>)}</div> : <span className="muted small">none</span>}</td>
                <td>{formatScore(r.prospect.score)}</td>
                <td className="small">{formatDateTime(r.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {data?.emailLogs.pageInfo.hasNextPage && data.emailLogs.pageInfo.endCursor ? <div><Button loading={fetching} onClick={() => setAfter(data.emailLogs.pageInfo.endCursor!)}>Load more</Button></div> : null}
    </div>
  );
}
