import { useEffect, useId, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { Link } from '../../lib/router';
import { focusResult } from '../../lib/results';
import { Banner, Button, Card } from '../../ui';
import { jobPath } from '../jobs/JobRow';
import { useFollowedJob } from '../jobs/useFollowedJob';
import { enrichAnswer, EnrichProspects, enrichStatus, useRerenderAt } from './enrichment';

export const EnrichPanelFragment = graphql(`
  fragment EnrichPanel on Prospect {
    id domain stage enrichedAt enrichAvailableAt enrichNotes enrichJob { id status }
  }
`);

type Notice = { tone: 'ok' | 'warn' | 'danger' | 'info'; text: string; jobId?: string };

/**
 * When the prospect was enriched, what that enrichment could not do, and Enrich: refused while the
 * cooldown lasts (the button says until when), or following its job to the end, then the prospect
 * is read again. `onEnriched` re-reads the rest of the page.
 */
export function EnrichPanel({ prospect: ref, campaignId, onEnriched }: { prospect: FragmentType<typeof EnrichPanelFragment>; campaignId: string; onEnriched: () => Promise<unknown> }) {
  const p = useFragment(EnrichPanelFragment, ref);
  const [asked, ask] = useMutation(EnrichProspects);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [followed, setFollowed] = useState<string | null>(null);
  const jobId = followed ?? p.enrichJob?.id ?? null;
  const job = useFollowedJob(jobId);
  const ended = job?.finished ? job : null;
  const [settled, setSettled] = useState<string | null>(null);
  const status = enrichStatus(p);
  useRerenderAt(status.againAt ? p.enrichAvailableAt : null);
  const reasonId = useId();
  const noticeRef = useRef<HTMLDivElement>(null);

  // Once per job that ends: read the prospect again, then say how it went.
  const endedId = ended?.id ?? null;
  const endedStatus = ended?.status ?? null;
  const endedError = ended?.errorMessage ?? null;
  useEffect(() => {
    if (!endedId || settled === endedId) return;
    let live = true;
    void onEnriched().then(() => {
      if (!live) return;
      setSettled(endedId);
      setFollowed(null);
      if (endedStatus === 'completed') setNotice({ tone: 'ok', text: `Enrichment of ${p.domain} finished and the score is up to date.`, jobId: endedId });
      else setNotice({ tone: 'danger', text: `Enrichment ${endedStatus === 'failed' ? `failed: ${endedError ?? 'no reason given'}` : 'was cancelled'}.`, jobId: endedId });
    });
    return () => { live = false; };
  }, [endedId, endedStatus, endedError, settled, onEnriched, p.domain]);

  useEffect(() => { if (notice) focusResult(noticeRef.current); }, [notice]);

  async function onEnrich() {
    if (!status.available) return;
    setNotice(null);
    const r = await ask({ prospectIds: [p.id] });
    const out = r.data?.enrichProspects;
    if (!out || !('data' in out)) {
      setNotice({ tone: 'danger', text: r.error?.message.replace(/^\[GraphQL\] /, '') ?? out?.message ?? 'Could not start enrichment.' });
      return;
    }
    const answer = enrichAnswer(out.data, 1);
    if (answer.jobId) {
      setSettled(null);
      setFollowed(answer.jobId);
      setNotice({ tone: 'info', text: `Enriching and scoring ${p.domain}… this page updates when the job finishes.`, jobId: answer.jobId });
    } else setNotice(answer);
  }

  const running = !!job && !job.finished;
  return (
    <Card title="Enrichment">
      <div className="stack-sm">
        <div className="row-between">
          <p id={reasonId} className="small">{running ? `Enriching… ${job.progress}%` : status.text}</p>
          {status.applies ? (
            <Button size="sm" loading={asked.fetching || running} aria-disabled={!status.available || undefined} aria-describedby={reasonId} onClick={() => void onEnrich()}>
              {status.available ? 'Enrich' : `Enrich after ${status.againAt}`}
            </Button>
          ) : <span className="small muted">Enrichment only refreshes discovered, enriched or scored prospects.</span>}
        </div>
        {notice ? (
          <div ref={noticeRef} tabIndex={-1} className="result-focus">
            <Banner tone={notice.tone}>{notice.text}{notice.jobId ? <> <Link to={jobPath(campaignId, notice.jobId)}>Follow the job</Link></> : null}</Banner>
          </div>
        ) : null}
        {p.enrichNotes.length ? (
          <>
            <h3 className="small">Notes from the last enrichment</h3>
            <ul className="small" aria-label="Enrichment notes">{p.enrichNotes.map((n, i) => <li key={i}>{n}</li>)}</ul>
          </>
        ) : null}
      </div>
    </Card>
  );
}
