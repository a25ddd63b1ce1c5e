import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { OutreachStatus, ProspectStage } from '../../gql/graphql';
import { STAGES } from '../../lib/format';
import { Link } from '../../lib/router';
import { Banner, EmptyState, ErrorState, LoadingBlock } from '../../ui';
import { BoardColumn, type ColumnNav } from './BoardColumn';
import { focusResult } from '../../lib/results';
import { enrichAnswer, EnrichProspects } from '../prospects/enrichment';
import { jobPath } from '../jobs/JobRow';

export const BoardQuery = graphql(`
  query Board($id: ID!) {
    campaign(id: $id) { id name stageCounts { stage count } }
  }
`);

export const ProspectUpdatedSubscription = graphql(`
  subscription ProspectUpdated($campaignId: ID!) {
    prospectUpdated(campaignId: $campaignId) { id ...BoardCard }
  }
`);

export const SetOutreachStatus = graphql(`
  mutation SetOutreachStatus($id: ID!, $status: OutreachStatus!) {
    setOutreachStatus(id: $id, status: $status) {
      __typename
      ... on MutationSetOutreachStatusSuccess { data { id domain ...BoardCard } }
      ... on Error { message }
    }
  }
`);

export function BoardPage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: BoardQuery, variables: { id: campaignId } });
  const [live] = useSubscription({ query: ProspectUpdatedSubscription, variables: { campaignId } });
  const [, setStatus] = useMutation(SetOutreachStatus);
  const [focus, setFocus] = useState<{ stage: ProspectStage; index: number } | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'warn' | 'danger'; text: string; jobId?: string; focus?: boolean } | null>(null);
  const [, enrichMany] = useMutation(EnrichProspects);
  const messageRef = useRef<HTMLDivElement>(null);
  // Enrich's answer takes the focus (and is read out): the card's button has nothing more to say.
  useEffect(() => { if (message?.focus) focusResult(messageRef.current); }, [message]);
  const hintId = useId();
  const counts = data?.campaign?.stageCounts;
  // The server lists only the stages that have prospects: once the counts are in, a missing stage is 0
  // (not "unknown", which would fall back to the column's own total from when it was loaded).
  const countOf = useCallback((s: string) => (counts ? (counts.find((c) => c.stage === s)?.count ?? 0) : null), [counts]);
  // Cards each column has loaded: keyboard focus only goes where there is a card to focus.
  const [loaded, setLoaded] = useState<Partial<Record<ProspectStage, number>>>({});
  const onLoaded = useCallback((stage: ProspectStage, n: number) => setLoaded((l) => (l[stage] === n ? l : { ...l, [stage]: n })), []);
  // What a column has loaded wins over the counters (they can be a step behind); before it loads, its count.
  const cardsIn = useCallback((s: ProspectStage): number | null => loaded[s] ?? countOf(s), [loaded, countOf]);
  const firstWithCards = STAGES.find((s) => (cardsIn(s) ?? 0) > 0) ?? 'discovered';
  // The column holding the board's one tabbable card; if the focused one emptied, the first with cards.
  const effective = focus && cardsIn(focus.stage) !== 0 ? focus : { stage: firstWithCards as ProspectStage, index: 0 };
  const total = counts?.reduce((n, c) => n + c.count, 0) ?? null;
  const boardRef = useRef<HTMLDivElement>(null);

  const mark = useCallback(async (id: string, status: OutreachStatus) => {
    const r = await setStatus({ id, status });
    const res = r.data?.setOutreachStatus;
    if (r.error || !res) setMessage({ tone: 'danger', text: r.error?.message ?? 'Could not change the outcome.' });
    else if ('data' in res) setMessage({ tone: 'ok', text: `${res.data.domain} marked ${status}.` });
    else setMessage({ tone: 'danger', text: res.message });
  }, [setStatus]);

  const onNavigate = useCallback((stage: ProspectStage, index: number, dir: ColumnNav, length: number) => {
    const col = STAGES.indexOf(stage);
    if (dir === 'up') setFocus({ stage, index: Math.max(0, index - 1) });
    else if (dir === 'down') setFocus({ stage, index: Math.min(length - 1, index + 1) });
    else if (dir === 'first') setFocus({ stage, index: 0 });
    else if (dir === 'last') setFocus({ stage, index: Math.max(0, length - 1) });
    else {
      // Skip the columns with no card to focus: focus never lands where nothing can hold it.
      const step = dir === 'left' ? -1 : 1;
      for (let c = col + step; c >= 0 && c < STAGES.length; c += step) {
        const n = cardsIn(STAGES[c]!);
        if (n !== null && n > 0) { setFocus({ stage: STAGES[c]!, index: Math.min(index, n - 1) }); return; }
      }
    }
  }, [cardsIn]);

  /** Brings a column into view (the stage list above the board) and focuses its first card. */
  const showStage = (stage: ProspectStage) => {
    const col = boardRef.current?.querySelector<HTMLElement>(`[data-stage="${stage}"]`);
    col?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if ((cardsIn(stage) ?? 0) > 0) {
      setFocus({ stage, index: 0 });
      col?.querySelector<HTMLElement>('[data-index="0"]')?.focus();
    }
  };

  const enrich = useCallback(async (id: string, domain: string) => {
    const r = await enrichMany({ prospectIds: [id] });
    const out = r.data?.enrichProspects;
    if (out && 'data' in out) setMessage({ ...enrichAnswer(out.data, 1), focus: true });
    else setMessage({ tone: 'danger', text: `${domain}: ${r.error?.message.replace(/^\[GraphQL\] /, '') ?? out?.message ?? 'could not start enrichment.'}`, focus: true });
  }, [enrichMany]);

  const onFocusCard = useCallback((stage: ProspectStage, index: number) => setFocus((f) => (f?.stage === stage && f.index === index ? f : { stage, index })), []);
  const onShortcut = useCallback((id: string, key: string) => { void mark(id, key === 'a' ? 'accepted' : 'rejected'); }, [mark]);
  const onEnrich = useCallback((id: string, domain: string) => { void enrich(id, domain); }, [enrich]);
  const onDrop = useCallback((id: string, status: 'accepted' | 'rejected') => { void mark(id, status); }, [mark]);

  return (
    <div className="page page-wide page-board">
      <div className="page-header">
        <div>
          <h1>Pipeline board</h1>
          <p id={hintId} className="board-hint">Cards move as workers finish. Arrow keys move between cards, Enter opens one; press A to mark accepted or R to mark rejected, or drag a card onto those columns.</p>
        </div>
        {data ? <span className="small muted" role="status">{live.error ? 'Live updates paused: reconnecting…' : 'Live'}</span> : null}
      </div>
      {error && !data ? <ErrorState error={error} title="Could not load the board" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {message ? (
        <div ref={messageRef} tabIndex={-1} className="result-focus">
          <Banner tone={message.tone}>{message.text}{message.jobId ? <> <Link to={jobPath(campaignId, message.jobId)}>Follow the job</Link></> : null}</Banner>
        </div>
      ) : null}
      {!data && fetching ? <LoadingBlock lines={3} label="Loading board" /> : null}
      {data && total === 0 ? (
        <EmptyState icon="▦" title="No prospects on the board yet"
          action={<><Link className="btn btn-primary" to={`/campaigns/${encodeURIComponent(campaignId)}/discovery`}>Start discovery</Link><Link className="btn" to={`/campaigns/${encodeURIComponent(campaignId)}/add`}>Add prospects</Link></>}>
          Cards appear in their stage as discovery finds sites and workers enrich, score and draft them.
        </EmptyState>
      ) : null}
      {data && total ? (
        <nav aria-label="Stages" className="stage-index">
          <ul>
            {STAGES.map((stage) => (
              <li key={stage}><button type="button" className="stage-chip" data-empty={!countOf(stage) || undefined} onClick={() => showStage(stage)}>
                {stage} <span className="stage-chip-count">{(countOf(stage) ?? 0).toLocaleString()}</span>
              </button></li>
            ))}
          </ul>
        </nav>
      ) : null}
      {error && !data ? null : <div className="board" ref={boardRef}
        role="region" aria-label="Pipeline board" tabIndex={0}>
        {STAGES.map((stage) => (
          <BoardColumn key={stage} campaignId={campaignId} stage={stage} count={countOf(stage)} hintId={hintId} onLoaded={onLoaded}
            isFocusedColumn={effective.stage === stage} focusIndex={effective.stage === stage ? effective.index : -1}
            dropStatus={stage === 'accepted' || stage === 'rejected' ? stage : null}
            onNavigate={onNavigate} onFocusCard={onFocusCard} onDropProspect={onDrop} onShortcut={onShortcut} onEnrich={onEnrich} />
        ))}
      </div>}
    </div>
  );
}
