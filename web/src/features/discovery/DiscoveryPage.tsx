import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { fieldErrorsOf, focusFirstInvalid, focusResult } from '../../lib/results';
import { LIMITS } from '../campaigns/limits';
import { locationName } from '../campaigns/places';
import '../drafts/drafts.css';
import { Link } from '../../lib/router';
import { Banner, Button, Card, ErrorState, Field, Input, LoadingBlock } from '../../ui';
import { fieldMessage } from '../drafts/flags';
import { jobPath } from '../jobs/JobRow';
import { RecentJobs } from '../jobs/RecentJobs';

export const DiscoveryCampaignQuery = graphql(`
  query DiscoveryCampaign($id: ID!) {
    campaign(id: $id) { id name keywords locationCode languageCode searchDepth }
  }
`);

export const StartDiscovery = graphql(`
  mutation StartDiscovery($campaignId: ID!, $keywords: [String!]) {
    startDiscovery(campaignId: $campaignId, keywords: $keywords) {
      __typename
      ... on MutationStartDiscoverySuccess { data { id status jobType ...JobRow } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

function KeywordsForm({ campaignId, initial, meta }: { campaignId: string; initial: readonly string[]; meta: string }) {
  const [keywords, setKeywords] = useState<string[]>([...initial]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState<string | null>(null);
  const [state, start] = useMutation(StartDiscovery);
  const formRef = useRef<HTMLFormElement>(null);
  const startedRef = useRef<HTMLDivElement>(null);
  // Focus follows the answer: the "started" line, or the field the refusal is about.
  const [answered, setAnswered] = useState(0);
  useEffect(() => { if (answered && !focusFirstInvalid(formRef.current)) focusResult(startedRef.current); }, [answered]);

  function add() {
    const k = draft.trim();
    if (!k) return;
    if (!keywords.some((x) => x.toLowerCase() === k.toLowerCase())) setKeywords([...keywords, k]);
    setDraft('');
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null); setStarted(null);
    const list = [...keywords, ...(draft.trim() ? [draft.trim()] : [])].map((k) => k.trim()).filter(Boolean);
    if (!list.length) { setError('Add at least one keyword.'); setAnswered((n) => n + 1); return; }
    const long = list.find((k) => k.length > LIMITS.campaign.keyword);
    if (long) { setError(`Each keyword must be at most ${LIMITS.campaign.keyword} characters; “${long.slice(0, 30)}…” is longer.`); setAnswered((n) => n + 1); return; }
    const r = await start({ campaignId, keywords: list });
    setAnswered((n) => n + 1);
    const out = r.data?.startDiscovery;
    if (r.error) { setError(r.error.networkError ? 'The server could not be reached. Try again.' : r.error.message); return; }
    if (out?.__typename === 'ValidationError') { setError(fieldMessage('Keywords', fieldErrorsOf(out).keywords ?? out.message)); return; }
    if (out && 'data' in out) { setStarted(out.data.id); setDraft(''); setKeywords(list); return; }
    setError(out?.message ?? 'Discovery did not start.');
  }

  return (
    <form ref={formRef} className="stack" aria-label="Start discovery" onSubmit={onSubmit} noValidate>
      <p className="small muted">{meta}</p>
      <ul className="keyword-list" aria-label="Keywords">
        {keywords.map((k, i) => (
          <li key={`${k}-${i}`} className="row">
            <Input aria-label={`Keyword ${i + 1}`} maxLength={LIMITS.campaign.keyword} value={k} onChange={(e) => setKeywords(keywords.map((x, j) => (j === i ? e.target.value : x)))} className="grow" />
            <Button size="sm" variant="ghost" aria-label={`Remove keyword ${k || i + 1}`} onClick={() => setKeywords(keywords.filter((_x, j) => j !== i))}>Remove</Button>
          </li>
        ))}
      </ul>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <Field label="Add a keyword" className="grow" error={error}>
          <Input value={draft} maxLength={LIMITS.campaign.keyword} onChange={(e) => { setDraft(e.target.value); setError(null); }} placeholder="e.g. ceramics open call"
            onKeyDown={(e) => { if (e.key === 'Enter' && draft.trim()) { e.preventDefault(); add(); } }} />
        </Field>
        <Button onClick={add} disabled={!draft.trim()}>Add keyword</Button>
      </div>
      <div className="row">
        <Button type="submit" variant="primary" loading={state.fetching}>Start discovery</Button>
        <span className="small muted">Searches each keyword, then enriches, scores and drafts on its own. Changes here apply to this run only.</span>
      </div>
      <div ref={startedRef} tabIndex={-1} className="result-focus" aria-live="polite">
        {started ? (
          <Banner tone="ok" title="Discovery started. ">
            Watch the cards arrive on the <Link to={`/campaigns/${encodeURIComponent(campaignId)}/board`}>pipeline board</Link> or follow the <Link to={jobPath(campaignId, started)}>discovery job</Link>.
          </Banner>
        ) : null}
      </div>
    </form>
  );
}

export function DiscoveryPage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DiscoveryCampaignQuery, variables: { id: campaignId } });
  const c = data?.campaign;
  return (
    <div className="page">
      <div className="page-header"><div><h1>Start discovery</h1><p>Search for sites with the campaign’s keywords, location and depth.</p></div></div>
      {error && !data ? <ErrorState error={error} title="Could not load the campaign" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={4} label="Loading campaign" /> : null}
      {c ? (
        <>
          <Card title="Keywords">
            <KeywordsForm key={c.id} campaignId={c.id} initial={c.keywords}
              meta={`Searches in ${locationName(c.locationCode)}, language ${c.languageCode}, ${c.searchDepth} results per keyword. Change the defaults in the campaign settings.`} />
          </Card>
          <Card title="Recent jobs" actions={<Link to={`/campaigns/${encodeURIComponent(c.id)}/jobs`}>All jobs</Link>}><RecentJobs campaignId={c.id} /></Card>
        </>
      ) : null}
    </div>
  );
}
