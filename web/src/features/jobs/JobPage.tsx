import { useEffect, useMemo } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { JobProgressSubscription } from '../../gql/graphql';
import { formatDateTime, formatTime } from '../../lib/format';
import { Link, navigate } from '../../lib/router';
import { Banner, Button, Card, EmptyState, ErrorState, LoadingBlock, ProgressBar, StatusBadge, Table, scrollRegionProps, useScrollable } from '../../ui';
import { JobRow, jobPath } from './JobRow';
import { useLiveJobs } from './JobsPage';
import { FINISHED_JOB_STATUSES } from './useFollowedJob';

export const JobQuery = graphql(`
  query Job($id: ID!) {
    job(id: $id) {
      id jobType status progress attempts params result errorMessage createdAt startedAt finishedAt
      campaign { id name }
      parent { id jobType }
      children { id ...JobRow }
      events { id level message progress createdAt }
    }
  }
`);

export const JobProgressSub = graphql(`
  subscription JobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      kind seq status progress message
      job { id status progress errorMessage startedAt finishedAt attempts }
    }
  }
`);

const CancelJob = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) { __typename ... on MutationCancelJobSuccess { data { id status progress finishedAt } } ... on Error { message } }
  }
`);
const RetryJob = graphql(`
  mutation RetryJob($id: ID!) {
    retryJob(id: $id) { __typename ... on MutationRetryJobSuccess { data { id status progress attempts errorMessage ...JobRow } } ... on Error { message } }
  }
`);

type LiveEvent = { seq: number; message: string; progress: number; status: string; at: string };
/** What the jobProgress subscription has delivered: how many events, the last seq and status, the messages. */
export type LiveState = { received: number; currents: number; lastSeq: number; status: string | null; log: LiveEvent[] };

export function reduceLive(prev: LiveState | undefined, data: JobProgressSubscription): LiveState {
  const state = prev ?? { received: 0, currents: 0, lastSeq: 0, status: null, log: [] };
  const p = data.jobProgress;
  // CURRENT opens every subscription (and every re-subscription after the socket reconnects): the
  // page reloads the job then, whatever its seq.
  const currents = state.currents + (p.kind === 'CURRENT' ? 1 : 0);
  // A replayed or repeated event (a seq already seen) adds nothing to the log.
  if (state.received && p.seq <= state.lastSeq) return currents === state.currents ? state : { ...state, currents };
  const log = p.message && p.kind !== 'CURRENT' && !state.log.some((e) => e.seq === p.seq)
    ? [...state.log, { seq: p.seq, message: p.message, progress: p.progress, status: p.status, at: new Date().toISOString() }]
    : state.log;
  return { received: state.received + 1, currents, lastSeq: p.seq, status: p.status, log };
}

export function JobPage({ campaignId, jobId }: { campaignId: string; jobId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: JobQuery, variables: { id: jobId } });
  // The first event is the job's state when the subscription started; every later one is a step.
  const [live] = useSubscription({ query: JobProgressSub, variables: { jobId } }, reduceLive);
  // Child jobs (a flow parent's batches) and this job as jobUpdated reports them: their rows stay live.
  useLiveJobs(campaignId);
  const [cancel, doCancel] = useMutation(CancelJob);
  const [retry, doRetry] = useMutation(RetryJob);
  const job = data?.job;
  const latest = live.data?.log[live.data.log.length - 1];
  const { ref: logRef, scrollable: logScrolls } = useScrollable<HTMLDivElement>();

  // Reload the job when a subscription starts (its CURRENT event: what changed before, such as
  // children and the stored log) and when the job ends (result, children's final state), so the page
  // never rests on an old copy.
  const currents = live.data?.currents ?? 0;
  const ended = FINISHED_JOB_STATUSES.has(live.data?.status ?? '');
  useEffect(() => {
    if (currents > 0 || ended) refetch({ requestPolicy: 'network-only' });
  }, [currents, ended, refetch]);

  // Server events first, then live messages not yet in the stored log.
  const events = useMemo(() => {
    // Oldest first, as a log reads. Events written in the same millisecond come back from the API in
    // no defined order, so progress breaks the tie (a job's progress only grows).
    const stored = [...(job?.events ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.progress ?? -1) - (b.progress ?? -1));
    const seen = new Set(stored.map((e) => e.message));
    const extra = (live.data?.log ?? []).filter((e) => !seen.has(e.message))
      .map((e) => ({ id: `live-${e.seq}`, level: 'info', message: e.message, progress: e.progress, createdAt: e.at }));
    return [...stored, ...extra];
  }, [job?.events, live.data]);

  if (error && !data) return <div className="page"><ErrorState error={error} title="Could not load this job" onRetry={() => refetch({ requestPolicy: 'network-only' })} /></div>;
  if (!data) return <div className="page">{fetching ? <LoadingBlock lines={6} label="Loading job" /> : null}</div>;
  if (!job) return <div className="page"><EmptyState title="Job not found">It may have been removed.</EmptyState></div>;

  const actionError = [cancel, retry].map((r) => r.error?.message ?? (r.data && 'cancelJob' in r.data ? r.data.cancelJob : r.data && 'retryJob' in r.data ? r.data.retryJob : null))
    .map((r) => (r && typeof r === 'object' && 'message' in r ? r.message : typeof r === 'string' ? r : null)).find(Boolean);
  const active = job.status === 'pending' || job.status === 'running';

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <p className="small"><Link to={`/campaigns/${encodeURIComponent(campaignId)}/jobs`}>← Jobs</Link></p>
          <h1>{job.jobType.charAt(0).toUpperCase() + job.jobType.slice(1)} job</h1>
          <p>Created {formatDateTime(job.createdAt)}{job.campaign ? ` · ${job.campaign.name}` : ''}</p>
        </div>
        <div className="row">
          {active ? <Button variant="danger" loading={cancel.fetching} onClick={() => doCancel({ id: job.id })}>Cancel job</Button> : null}
          {job.status === 'failed' || job.status === 'cancelled' ? (
            <Button variant="primary" loading={retry.fetching} onClick={async () => {
              const r = await doRetry({ id: job.id });
              const res = r.data?.retryJob;
              if (res && 'data' in res && res.data.id !== job.id) navigate(jobPath(campaignId, res.data.id));
            }}>Retry job</Button>
          ) : null}
        </div>
      </div>
      {actionError ? <Banner tone="danger">{actionError}</Banner> : null}
      {job.errorMessage ? <Banner tone="danger" title="The job failed">{job.errorMessage}</Banner> : null}
      <Card title={<div className="row"><h2 className="card-title">Progress</h2><StatusBadge status={job.status} /></div>}
        actions={live.error ? <span className="small muted">Live updates unavailable</span> : <span className="small muted">Live</span>}>
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <div style={{ flex: 1 }}>
            <ProgressBar value={job.progress} label="Job progress" tone={job.status === 'failed' ? 'danger' : job.status === 'completed' ? 'ok' : undefined} />
          </div>
          <strong>{job.progress}%</strong>
        </div>
        {latest ? <p className="small muted" aria-live="polite">{latest.message}</p> : null}
        <dl className="kv">
          <dt>Attempts</dt><dd>{job.attempts}</dd>
          <dt>Started</dt><dd>{formatDateTime(job.startedAt)}</dd>
          <dt>Finished</dt><dd>{formatDateTime(job.finishedAt)}</dd>
          {job.parent ? <><dt>Parent</dt><dd><Link to={jobPath(campaignId, job.parent.id)}>{job.parent.jobType} job</Link></dd></> : null}
        </dl>
      </Card>
      <Card title="Event log">
        {events.length === 0 ? <EmptyState icon="≡" title="No events yet">Messages from the worker appear here as it runs.</EmptyState> : (
          <div ref={logRef} className="log-scroll" {...scrollRegionProps(logScrolls, 'Job events')}>
            <ol className="log" aria-label="Job events">
              {events.map((e) => (
                <li key={e.id}><span className="muted">{formatTime(e.createdAt)}</span><StatusBadge status={e.level} /><span>{e.message}</span></li>
              ))}
            </ol>
          </div>
        )}
      </Card>
      {job.children.length ? (
        <Card title="Child jobs">
          <Table caption="Child jobs">
            <thead><tr><th>Type</th><th>Status</th><th>Progress</th><th className="col-wide">Created</th><th className="col-wide">Attempts</th><th className="col-wide">Error</th></tr></thead>
            <tbody>{job.children.map((c) => <JobRow key={c.id} job={c} campaignId={campaignId} />)}</tbody>
          </Table>
        </Card>
      ) : null}
      <div className="grid-2">
        <Card title="Parameters"><pre className="json">{JSON.stringify(job.params ?? null, null, 2)}</pre></Card>
        <Card title="Result"><pre className="json">{JSON.stringify(job.result ?? null, null, 2)}</pre></Card>
      </div>
    </div>
  );
}
