import { useCallback, useId, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { OutreachStatus, ProspectStage } from '../../gql/graphql';
import { STAGES } from '../../lib/format';
import { Banner, ErrorState, LoadingBlock } from '../../ui';
import { BoardColumn, type ColumnNav } from './BoardColumn';

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
  const [message, setMessage] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const hintId = useId();
  const counts = data?.campaign?.stageCounts;
  // The server lists only the stages that have prospects: once the counts are in, a missing stage is 0
  // (not "unknown", which would fall back to the column's own total from when it was loaded).
  const countOf = useCallback((s: string) => (counts ? (counts.find((c) => c.stage === s)?.count ?? 0) : null), [counts]);
  const effective = focus ?? { stage: (STAGES.find((s) => (countOf(s) ?? 0) > 0) ?? 'discovered') as ProspectStage, index: 0 };

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
      const step = dir === 'left' ? -1 : 1;
      for (let c = col + step; c >= 0 && c < STAGES.length; c += step) {
        const n = countOf(STAGES[c]!);
        if (n === null || n > 0) { setFocus({ stage: STAGES[c]!, index: Math.min(index, Math.max(0, (n ?? 1) - 1)) }); return; }
      }
    }
  }, [countOf]);

  const onFocusCard = useCallback((stage: ProspectStage, index: number) => setFocus((f) => (f?.stage === stage && f.index === index ? f : { stage, index })), []);
  const onShortcut = useCallback((id: string, key: string) => { void mark(id, key === 'a' ? 'accepted' : 'rejected'); }, [mark]);
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
      {message ? <Banner tone={message.tone}>{message.text}</Banner> : null}
      {!data && fetching ? <LoadingBlock lines={3} label="Loading board" /> : null}
      {error && !data ? null : <div className="board" role="region" aria-label="Pipeline board">
        {STAGES.map((stage) => (
          <BoardColumn key={stage} campaignId={campaignId} stage={stage} count={countOf(stage)} hintId={hintId}
            isFocusedColumn={effective.stage === stage} focusIndex={effective.stage === stage ? effective.index : -1}
            dropStatus={stage === 'accepted' || stage === 'rejected' ? stage : null}
            onNavigate={onNavigate} onFocusCard={onFocusCard} onDropProspect={onDrop} onShortcut={onShortcut} />
        ))}
      </div>}
    </div>
  );
}
