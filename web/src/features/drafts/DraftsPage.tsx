import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { EmailStatus } from '../../gql/graphql';
import { formatDateTime, formatScore, plural } from '../../lib/format';
import { fieldErrorsOf, focusResult } from '../../lib/results';
import { Link, navigate } from '../../lib/router';
import { Banner, Button, EmptyState, ErrorState, Field, LoadingBlock, Select, StageBadge, StatusBadge, Table } from '../../ui';
import '../prospects/cardRows.css';
import './drafts.css';
import { ApproveDraft } from './DraftEditor';
import { fallbackText, flagInfo } from './flags';

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
  query Drafts($campaignId: ID!, $first: Int!, $after: String, $filter: EmailLogFilter!, $orderBy: EmailLogOrder) {
    campaign(id: $campaignId) { id autoApproveScore }
    emailLogs(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      edges { cursor node { id step status subject body flags fallbackReason createdAt toEmail prospect { id domain score stage } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const ApproveDrafts = graphql(`
  mutation ApproveDrafts($ids: [ID!]!) {
    approveDrafts(ids: $ids) {
      __typename
      ... on MutationApproveDraftsSuccess { data { approved { id status prospect { id stage } } refused { id reason } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
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

export type DraftSort = 'newest' | 'oldest' | 'score-desc' | 'score-asc';
const SORTS: Array<{ value: DraftSort; label: string }> = [
  { value: 'score-desc', label: 'Highest score first' },
  { value: 'score-asc', label: 'Lowest score first' },
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first' },
];

/** The server's order for a sort, so every page (not only the loaded one) follows it. */
const SERVER_ORDER = {
  'score-desc': { field: 'SCORE', direction: 'DESC' },
  'score-asc': { field: 'SCORE', direction: 'ASC' },
  newest: { field: 'CREATED_AT', direction: 'DESC' },
  oldest: { field: 'CREATED_AT', direction: 'ASC' },
} as const satisfies Record<DraftSort, { field: 'SCORE' | 'CREATED_AT'; direction: 'ASC' | 'DESC' }>;

type SortableRow = { createdAt: string; prospect: { score?: number | null; domain: string } };
/** Orders the loaded emails: by score (unscored last) or by date, ties by site name. */
export function sortDrafts<T extends SortableRow>(rows: readonly T[], sort: DraftSort): T[] {
  const score = (r: T) => r.prospect.score ?? -1;
  const time = (r: T) => Date.parse(r.createdAt) || 0;
  const by: Record<DraftSort, (a: T, b: T) => number> = {
    'score-desc': (a, b) => score(b) - score(a),
    'score-asc': (a, b) => (a.prospect.score == null ? 1 : b.prospect.score == null ? -1 : score(a) - score(b)),
    newest: (a, b) => time(b) - time(a),
    oldest: (a, b) => time(a) - time(b),
  };
  return [...rows].sort((a, b) => by[sort](a, b) || a.prospect.domain.localeCompare(b.prospect.domain));
}

/** The first words of a body, on one line, for the list. */
export function preview(body: string | null | undefined, max = 160): string {
  const flat = (body ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A key press meant for the page, not for typing into a field or a shortcut of the browser. */
function isReviewKey(e: KeyboardEvent): boolean {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return false;
  const t = e.target as HTMLElement | null;
  if (!t) return true;
  if (t.isContentEditable) return false;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return false;
  if (tag === 'INPUT' && !['checkbox', 'radio', 'button'].includes((t as HTMLInputElement).type)) return false;
  return !t.closest('dialog[open]');
}

type Message = { tone: 'ok' | 'danger' | 'warn'; text: string; settings?: boolean };

export function DraftsPage({ campaignId }: { campaignId: string }) {
  const [view, setView] = useState('draft');
  const [flagged, setFlagged] = useState<'' | 'yes' | 'no'>('');
  const [sort, setSort] = useState<DraftSort>('score-desc');
  const [after, setAfter] = useState<string | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<Message | null>(null);
  const [said, setSaid] = useState('');
  const [current, setCurrent] = useState(0);
  const statuses = STATUS_VIEWS.find((v) => v.value === view)!.statuses;
  const filter = useMemo(() => ({ campaignId, ...(statuses.length ? { statuses } : {}), ...(flagged ? { flagged: flagged === 'yes' } : {}) }), [campaignId, statuses, flagged]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: DraftsQuery, variables: { campaignId, first: 100, after, filter, orderBy: SERVER_ORDER[sort] } });
  const [approving, approve] = useMutation(ApproveDraft);
  const [bulk, approveMany] = useMutation(ApproveDrafts);
  const [auto, doAuto] = useMutation(AutoApproveDrafts);
  const rows = useMemo(() => sortDrafts(data?.emailLogs.edges.map((e) => e.node) ?? [], sort), [data, sort]);
  const selectable = rows.filter((r) => r.status === 'draft');
  const chosen = selectable.filter((r) => selected.has(r.id));
  const messageRef = useRef<HTMLDivElement>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const reset = () => { setAfter(undefined); setSelected(new Set()); setCurrent(0); };
  const prospectPath = (id: string) => `/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(id)}`;
  const at = Math.min(current, Math.max(0, rows.length - 1));

  useEffect(() => { if (message) focusResult(messageRef.current); }, [message]);

  function toggle(id: string) {
    setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  }

  function moveTo(i: number) {
    const next = Math.max(0, Math.min(rows.length - 1, i));
    setCurrent(next);
    rowRefs.current.get(rows[next]!.id)?.focus();
  }

  async function approveOne(i: number) {
    const r = rows[i];
    if (!r) return;
    if (r.status !== 'draft') { setSaid(`${r.prospect.domain}: this email is ${r.status}; only drafts can be approved.`); return; }
    const res = await approve({ id: r.id });
    const out = res.data?.approveDraft;
    if (out && 'data' in out) {
      setSaid(`Approved the draft for ${r.prospect.domain}.${i + 1 < rows.length ? ` Next: ${rows[i + 1]!.prospect.domain}.` : ''}`);
      moveTo(i + 1);
    } else {
      const why = res.error?.message ?? (out?.__typename === 'ValidationError' ? Object.values(fieldErrorsOf(out))[0] ?? out.message : out?.message ?? 'failed');
      setSaid(`Not approved: ${r.prospect.domain}: ${why}`);
    }
  }

  // Keyboard review: j/↓ next, k/↑ previous, a approve, e edit, x select. Keys typed into a field are left alone.
  const keys = useRef({ rows, at, approveOne, moveTo, toggle });
  keys.current = { rows, at, approveOne, moveTo, toggle };
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!isReviewKey(e)) return;
      const k = keys.current;
      if (!k.rows.length) return;
      const row = k.rows[k.at]!;
      const inTable = !!(e.target as HTMLElement | null)?.closest?.('.review-table');
      switch (e.key) {
        case 'j': case 'ArrowDown': if (e.key === 'ArrowDown' && !inTable) return; k.moveTo(k.at + 1); break;
        case 'k': case 'ArrowUp': if (e.key === 'ArrowUp' && !inTable) return; k.moveTo(k.at - 1); break;
        case 'a': void k.approveOne(k.at); break;
        case 'e': navigate(`${prospectPath(row.prospect.id)}#draft`); break;
        case 'x': if (row.status === 'draft') k.toggle(row.id); break;
        default: return;
      }
      e.preventDefault();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [campaignId]);

  async function bulkApprove() {
    const ids = chosen.map((r) => r.id);
    const domain = (id: string) => rows.find((r) => r.id === id)?.prospect.domain ?? 'a draft';
    const res = await approveMany({ ids });
    const out = res.data?.approveDrafts;
    setSelected(new Set());
    if (res.error || !out) setMessage({ tone: 'danger', text: res.error?.message.replace(/^\[GraphQL\] /, '') ?? 'No answer from the server.' });
    else if (!('data' in out)) setMessage({ tone: 'danger', text: (out.__typename === 'ValidationError' ? Object.values(fieldErrorsOf(out))[0] : undefined) ?? out.message });
    else {
      const { approved, refused } = out.data;
      const ok = `${plural(approved.length, 'draft')} approved.`;
      setMessage(refused.length
        ? { tone: 'warn', text: `${ok} ${plural(refused.length, 'draft was', 'drafts were')} not approved: ${refused.map((r) => `${domain(r.id)}: ${r.reason}`).join('; ')}` }
        : { tone: 'ok', text: `${ok} They go out with the send queue.` });
    }
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
        <Field label="Sort by"><Select value={sort} onChange={(e) => { setSort(e.target.value as DraftSort); setAfter(undefined); setCurrent(0); }} options={SORTS} /></Field>
      </form>
      {rows.length ? (
        <p className="review-keys small muted" id="review-keys">
          Keyboard: <kbd>j</kbd> or <kbd>↓</kbd> next · <kbd>k</kbd> or <kbd>↑</kbd> previous · <kbd>a</kbd> approve · <kbd>e</kbd> edit · <kbd>x</kbd> select
        </p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">{said}</p>
      {chosen.length ? (
        <div className="row" role="toolbar" aria-label="Bulk actions">
          <span className="small">{chosen.length} selected</span>
          <Button size="sm" variant="primary" loading={bulk.fetching} onClick={bulkApprove}>Approve selected</Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>Clear selection</Button>
        </div>
      ) : null}
      {message ? (
        <div ref={messageRef} tabIndex={-1} className="result-focus">
          <Banner tone={message.tone}>{message.text}{message.settings ? <> <Link to={`/campaigns/${encodeURIComponent(campaignId)}/settings`}>Open settings</Link></> : null}</Banner>
        </div>
      ) : null}
      {error && !data ? <ErrorState error={error} title="Could not load drafts" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} label="Loading drafts" /> : null}
      {data && rows.length === 0 ? (
        <EmptyState icon="✉" title={view === 'draft' ? 'No drafts waiting for review' : 'No emails here'}>
          {view === 'draft' ? 'Drafts appear after discovery scores a site high enough, or when you compose from the prospects table.' : 'Try another filter.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="small muted">{plural(rows.length, 'email')} shown{data?.emailLogs.pageInfo.hasNextPage ? ' (more below)' : ''}.</p>
          <Table caption="Emails" className="table card-rows review-table" aria-describedby="review-keys">
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label="Select all drafts on this page" disabled={!selectable.length}
                    checked={selectable.length > 0 && chosen.length === selectable.length}
                    onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((r) => r.id)) : new Set())} />
                </th>
                <th scope="col">Site</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Flags</th><th scope="col">Score</th><th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id} ref={(el) => { if (el) rowRefs.current.set(r.id, el); else rowRefs.current.delete(r.id); }}
                  tabIndex={i === at ? 0 : -1} aria-current={i === at ? 'true' : undefined} className={i === at ? 'review-current' : undefined}
                  aria-label={`${r.prospect.domain}, ${r.status}${r.prospect.score != null ? `, score ${formatScore(r.prospect.score)}` : ''}`}
                  onFocus={(e) => { if (e.target === e.currentTarget) setCurrent(i); }} onClick={() => setCurrent(i)}>
                  <td className="card-select"><input type="checkbox" aria-label={`Select the draft for ${r.prospect.domain}`} disabled={r.status !== 'draft'} checked={selected.has(r.id)} onChange={() => toggle(r.id)} /></td>
                  <td className="card-site">
                    <Link to={prospectPath(r.prospect.id)}><strong>{r.prospect.domain}</strong></Link>
                    <div className="small muted">{r.step === 0 ? 'First email' : `Follow-up ${r.step}`} · <StageBadge stage={r.prospect.stage} /></div>
                    <div className="small">{r.toEmail ?? <span className="muted">no address</span>}</div>
                  </td>
                  <td className="card-full draft-text">
                    <strong>{r.subject || <span className="muted">(no subject)</span>}</strong>
                    <div className="small muted draft-preview">{preview(r.body) || '(empty body)'}</div>
                    {r.fallbackReason ? <div className="small draft-fallback">{fallbackText(r.fallbackReason)}</div> : null}
                  </td>
                  <td data-label="Status"><StatusBadge status={r.status} /></td>
                  <td data-label="Flags" className={r.flags.length ? undefined : 'card-empty'}>{r.flags.length ? <div className="row" style={{ gap: 4 }}>{r.flags.map((f) => <span key={f} className="badge badge-warn" title={flagInfo(f, r.fallbackReason).explain}>{flagInfo(f).label}</span>)}</div> : <span className="muted small">none</span>}</td>
                  <td data-label="Score">{formatScore(r.prospect.score)}</td>
                  <td data-label="Created" className="small">{formatDateTime(r.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
      {approving.fetching ? <span className="visually-hidden">Approving…</span> : null}
      {data?.emailLogs.pageInfo.hasNextPage && data.emailLogs.pageInfo.endCursor ? <div><Button loading={fetching} onClick={() => setAfter(data.emailLogs.pageInfo.endCursor!)}>Load more</Button></div> : null}
    </div>
  );
}
