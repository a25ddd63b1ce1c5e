import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import { formatDate, formatDateTime, formatScore } from '../../lib/format';
import { Link } from '../../lib/router';
import { focusResult } from '../../lib/results';
import { Banner, Button, Card, EmptyState, ErrorState, LoadingBlock, StageBadge, StatusBadge, Table } from '../../ui';
import { SetOutreachStatus } from '../board/BoardPage';
import { DraftEditor, FlagList } from '../drafts/DraftEditor';
import { ComposeDrafts } from '../drafts/DraftsPage';
import { jobPath } from '../jobs/JobRow';
import { useFollowedJob } from '../jobs/useFollowedJob';
import '../drafts/drafts.css';
import { EnrichPanel } from './EnrichPanel';
import { ProspectFeatures } from './ProspectFeatures';

export const ProspectQuery = graphql(`
  query Prospect($id: ID!) {
    prospect(id: $id) {
      id domain pageUrl pageTitle pageDescription contactEmail contactMethod daEst score stage outreachStatus
      lastSent followupsSent skipReason source createdAt updatedAt
      campaign { id }
      scoreBreakdown { signal label points max detail }
      contacts { id email name position type confidence verification verificationNote source }
      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId ...DraftEditor }
      crawlData dataforseoPayload hunterPayload
      ...EnrichPanel
      ...ProspectFeatures
    }
  }
`);

// Live: a send finishing, a reply arriving or a new draft changes the prospect while the page is open.
export const ProspectLiveSubscription = graphql(`
  subscription ProspectLive($campaignId: ID!) {
    prospectUpdated(campaignId: $campaignId) {
      id stage outreachStatus lastSent followupsSent score contactEmail enrichedAt enrichAvailableAt enrichNotes
      emails { id step status toEmail subject body flags draftSource sentAt error createdAt response gmailThreadId }
      campaign { id }
      ...ProspectFeatures
    }
  }
`);

const EDITABLE = new Set(['draft', 'approved']);

/** Why a compose job wrote nothing for the prospect, from its result (outcomes) or its error. */
export function skipReason(job: { status: string; errorMessage?: string | null; result?: unknown }): string {
  const outcomes = (job.result as { outcomes?: Array<{ status?: string; reason?: string }> } | null | undefined)?.outcomes ?? [];
  const skipped = outcomes.find((o) => o.status === 'skipped' && o.reason);
  if (skipped?.reason) return skipped.reason;
  if (job.status === 'failed') return job.errorMessage ?? 'the job failed';
  if (job.status === 'cancelled') return 'the job was cancelled';
  return 'the job finished without one';
}

type Followed = { kind: 'regenerate' | 'compose'; jobId: string; emailId: string | null };

/**
 * Follows a drafting job (Regenerate, Compose) to its end, so the notice never waits for a draft that
 * is not coming (the job may skip the prospect: score below the minimum, suppressed…); returns what
 * to tell the user, once the prospect reflects the job's end.
 */
function useFollowedDraftJob(followed: Followed | null, pendingId: string | null, prospectId: string) {
  const client = useClient();
  const job = useFollowedJob(followed?.jobId ?? null);
  const finished = !!job?.finished;
  const [checked, setChecked] = useState<string | null>(null);
  useEffect(() => {
    if (!finished || !followed) return;
    // The job is over: read the prospect again (a skipped prospect publishes no event).
    let live = true;
    void client.query(ProspectQuery, { id: prospectId }, { requestPolicy: 'network-only' }).toPromise().then(() => { if (live) setChecked(followed.jobId); });
    return () => { live = false; };
  }, [finished, followed, client, prospectId]);
  if (!followed) return null;
  const fresh = pendingId && pendingId !== followed.emailId;
  if (fresh) return { tone: 'ok' as const, text: followed.kind === 'regenerate' ? 'A new draft is ready: it replaced the old one below.' : 'The draft is ready below.', final: true };
  if (job && finished && checked === followed.jobId) {
    return { tone: 'warn' as const, text: `No new draft was written: ${skipReason(job)}.`, final: true, jobId: followed.jobId };
  }
  return { tone: 'info' as const, text: followed.kind === 'regenerate' ? 'Writing a new draft… it replaces the old one when the job finishes.' : 'Drafting… the editor opens here when the draft is ready.', final: false, jobId: followed.jobId };
}

function Json({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <p className="small muted">No {label} recorded.</p>;
  return <pre className="json" aria-label={label}>{JSON.stringify(value, null, 2)}</pre>;
}

/** Where an address came from, as the contacts table says it. */
const CONTACT_SOURCES: Record<string, string> = { hunter: 'Hunter', crawl: 'On the site', person: 'You' };

export function ProspectPage({ campaignId, prospectId }: { campaignId: string; prospectId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProspectQuery, variables: { id: prospectId } });
  const [status, setStatus] = useMutation(SetOutreachStatus);
  const [compose, doCompose] = useMutation(ComposeDrafts);
  useSubscription({ query: ProspectLiveSubscription, variables: { campaignId } });
  const [followed, setFollowed] = useState<Followed | null>(null);
  const client = useClient();
  const reread = useCallback(() => client.query(ProspectQuery, { id: prospectId }, { requestPolicy: 'network-only' }).toPromise(), [client, prospectId]);
  const [composeError, setComposeError] = useState<string | null>(null);
  const p = data?.prospect;
  const pendingNow = p ? [...p.emails].sort((a, b) => a.step - b.step).find((m) => EDITABLE.has(m.status)) ?? null : null;
  const jobNotice = useFollowedDraftJob(followed, pendingNow?.id ?? null, prospectId);
  const noticeRef = useRef<HTMLDivElement>(null);
  const noticeKey = jobNotice ? `${jobNotice.tone}:${jobNotice.text}` : composeError ?? '';
  // Focus goes to the answer of Compose / Regenerate when it appears and when it changes.
  useEffect(() => { if (noticeKey) focusResult(noticeRef.current); }, [noticeKey]);

  async function onCompose(id: string) {
    setComposeError(null);
    const r = await doCompose({ prospectIds: [id] });
    const out = r.data?.composeDrafts;
    if (out && 'data' in out) setFollowed({ kind: 'compose', jobId: out.data.id, emailId: null });
    else setComposeError(r.error?.message.replace(/^\[GraphQL\] /, '') ?? out?.message ?? 'Could not start drafting.');
  }
  const back = <p className="small"><Link to={`/campaigns/${encodeURIComponent(campaignId)}/prospects`}>← Prospects</Link></p>;
  if (error && !data) return <div className="page">{back}<ErrorState error={error} title="Could not load this prospect" onRetry={() => refetch({ requestPolicy: 'network-only' })} /></div>;
  if (!data) return <div className="page">{back}{fetching ? <LoadingBlock lines={8} label="Loading prospect" /> : null}</div>;
  if (!p) return <div className="page">{back}<EmptyState title="Prospect not found">It may have been removed.</EmptyState></div>;
  const res = status.data?.setOutreachStatus;
  const statusError = status.error?.message ?? (res && !('data' in res) ? res.message : null);
  const totalMax = p.scoreBreakdown.reduce((n, s) => n + s.max, 0);
  const sorted = [...p.emails].sort((a, b) => a.step - b.step);
  const pending = sorted.find((m) => EDITABLE.has(m.status)) ?? null;
  const thread = sorted.filter((m) => !EDITABLE.has(m.status));
  const notice = composeError ? { tone: 'danger' as const, text: composeError, jobId: undefined } : jobNotice;
  const noticeBlock = (
    <div ref={noticeRef} tabIndex={-1} className="result-focus" aria-live="polite">
      {notice ? <Banner tone={notice.tone}>{notice.text}{notice.jobId ? <> <Link to={jobPath(campaignId, notice.jobId)}>Follow the job</Link></> : null}</Banner> : null}
    </div>
  );

  return (
    <div className="page">
      <div className="page-header">
        <div>
          {back}
          <h1>{p.domain}</h1>
          <p>{p.pageTitle ?? 'No page title'}{p.pageUrl ? <> · <a href={p.pageUrl} target="_blank" rel="noreferrer noopener">Open page ↗</a></> : null}</p>
        </div>
        <div className="row">
          <StageBadge stage={p.stage} />
          {/* Stage and outreach status often say the same word ("sent"): one badge is enough then. */}
          {p.outreachStatus !== p.stage ? <StatusBadge status={p.outreachStatus} /> : null}
          <Button size="sm" loading={status.fetching} onClick={() => setStatus({ id: p.id, status: 'accepted' })} disabled={p.outreachStatus === 'accepted'}>Mark accepted</Button>
          <Button size="sm" variant="danger" loading={status.fetching} onClick={() => setStatus({ id: p.id, status: 'rejected' })} disabled={p.outreachStatus === 'rejected'}>Mark rejected</Button>
        </div>
      </div>
      {statusError ? <Banner tone="danger">{statusError}</Banner> : null}
      {p.skipReason ? <Banner tone="warn" title="Skipped">{p.skipReason}</Banner> : null}
      <div className="grid-2">
        <Card title="Site">
          <dl className="kv">
            <dt>Domain</dt><dd>{p.domain}</dd>
            <dt>Page</dt><dd>{p.pageUrl ? <a href={p.pageUrl} target="_blank" rel="noreferrer noopener">{p.pageUrl}</a> : '—'}</dd>
            <dt>Description</dt><dd>{p.pageDescription ?? '—'}</dd>
            <dt>Contact</dt><dd>{p.contactEmail ?? '—'}{p.contactMethod ? ` (${p.contactMethod})` : ''}</dd>
            <dt>Domain rank</dt><dd>{p.daEst ?? '—'}</dd>
            <dt>Source</dt><dd>{p.source}</dd>
            <dt>Last sent</dt><dd>{formatDateTime(p.lastSent)}</dd>
            <dt>Follow-ups</dt><dd>{p.followupsSent}</dd>
            <dt>Added</dt><dd>{formatDate(p.createdAt)}</dd>
          </dl>
        </Card>
        <Card title={<div className="row"><h3>Score</h3><span className="stat" style={{ fontSize: 'var(--fs-xl)' }}>{formatScore(p.score)}{totalMax ? <span className="small muted"> / {totalMax}</span> : null}</span></div>}>
          {p.scoreBreakdown.length === 0 ? <EmptyState title="Not scored yet">Scoring explains every point it gives.</EmptyState> : (
            <ul className="stack-sm" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Score breakdown">
              {p.scoreBreakdown.map((s) => (
                <li key={s.signal} className="stack-sm" style={{ gap: 2 }}>
                  <div className="row-between"><span>{s.label}</span><strong>{s.points} / {s.max}</strong></div>
                  <div className="progress" aria-hidden="true"><div className="progress-fill" style={{ width: `${s.max ? (100 * s.points) / s.max : 0}%` }} /></div>
                  {s.detail ? <span className="small muted">{s.detail}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <EnrichPanel prospect={p} campaignId={campaignId} onEnriched={reread} />
      <Card title="Contacts">
        {p.contacts.length === 0 ? <EmptyState title="No contacts found yet">Enrichment looks for addresses on the site and through Hunter.</EmptyState> : (
          <Table caption="Contacts">
            <thead><tr><th>Email</th><th>Name</th><th>Position</th><th>Type</th><th>Confidence</th><th>Verification</th><th>Source</th></tr></thead>
            <tbody>{p.contacts.map((c) => (
              <tr key={c.id}>
                <td>{c.email}{c.email === p.contactEmail ? <> <span className="badge badge-info">chosen</span></> : null}</td>
                <td>{c.name ?? '—'}</td><td>{c.position ?? '—'}</td><td>{c.type ?? '—'}</td>
                <td>{c.confidence ?? '—'}</td>
                <td>{c.verification ?? '—'}{c.verificationNote ? <div className="muted">{c.verificationNote}</div> : null}</td>
                <td>{CONTACT_SOURCES[c.source] ?? c.source}</td>
              </tr>
            ))}</tbody>
          </Table>
        )}
      </Card>
      {noticeBlock}
      {pending ? <DraftEditor key={pending.id} email={pending} prospectId={p.id} campaignId={campaignId}
        onRegenerating={({ jobId, emailId }) => { setComposeError(null); setFollowed({ kind: 'regenerate', jobId, emailId }); }} /> : null}
      <Card title="Email thread">
        {thread.length === 0 ? (
          <EmptyState icon="✉" title={pending ? 'Nothing sent yet' : 'No emails yet'}
            action={!pending && !['skipped', 'sent', 'replied', 'accepted', 'published', 'rejected'].includes(p.stage)
              ? <Button variant="primary" loading={compose.fetching} onClick={() => void onCompose(p.id)}>Compose draft</Button> : undefined}>
            {pending ? 'The email above appears here once it is sent, with any reply.' : 'Compose a first email for this site; it waits here for your review.'}
          </EmptyState>
        ) : (
          <div className="thread" aria-label="Email thread">
            {thread.map((m) => (
              <article key={m.id} className="email" aria-label={m.step === 0 ? 'First email' : `Follow-up ${m.step}`}>
                <div className="row-between">
                  <div className="row"><strong>{m.step === 0 ? 'First email' : `Follow-up ${m.step}`}</strong><StatusBadge status={m.status} /></div>
                  <span className="small muted">{m.sentAt ? `Sent ${formatDateTime(m.sentAt)}` : `Created ${formatDateTime(m.createdAt)}`}</span>
                </div>
                <div className="small muted">To {m.toEmail ?? '—'} · {m.draftSource ?? 'draft'}</div>
                <div style={{ marginTop: 'var(--sp-2)' }}><strong>{m.subject || '(no subject)'}</strong></div>
                <pre>{m.body ?? ''}</pre>
                {m.flags.length ? <FlagList flags={m.flags} /> : null}
                {m.error ? <Banner tone="danger">{m.error}</Banner> : null}
                {m.response ? (
                  <blockquote className="reply" aria-label="Reply">
                    <div className="small muted">Reply</div>
                    <pre>{m.response}</pre>
                  </blockquote>
                ) : null}
              </article>
            ))}
          </div>
        )}
      </Card>
      <ProspectFeatures prospect={p} />
      <div className="grid-2">
        <Card title="Crawl evidence"><Json value={p.crawlData} label="crawl data" /></Card>
        <Card title="Provider payloads">
          <h3 className="small">DataForSEO</h3><Json value={p.dataforseoPayload} label="DataForSEO payload" />
          <h3 className="small">Hunter</h3><Json value={p.hunterPayload} label="Hunter payload" />
        </Card>
      </div>
    </div>
  );
}
