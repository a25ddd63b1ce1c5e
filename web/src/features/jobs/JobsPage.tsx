import { useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { JobStatus, JobType } from '../../gql/graphql';
import { Button, EmptyState, ErrorState, Field, LoadingBlock, Select, Table } from '../../ui';
import { JobRow } from './JobRow';

export const JobsQuery = graphql(`
  query Jobs($first: Int!, $after: String, $filter: JobFilter) {
    jobs(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { cursor node { id ...JobRow } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const JobUpdatedSubscription = graphql(`
  subscription JobUpdated($campaignId: ID!) {
    jobUpdated(campaignId: $campaignId) { id ...JobRow }
  }
`);

const TYPES: JobType[] = ['discover', 'enrich', 'score', 'compose', 'send', 'followup', 'sync'];
const STATUSES: JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const PAGE = 50;

/**
 * The count above the list. Live events add jobs to the loaded list without touching the server's
 * totalCount (read when the list was fetched), so a fully loaded list counts its rows.
 */
export function jobCountText(rows: number, totalCount: number, hasMore: boolean): string {
  const n = hasMore ? Math.max(totalCount, rows) : rows;
  const noun = n === 1 ? 'job' : 'jobs';
  return hasMore ? `Showing ${rows.toLocaleString()} of ${n.toLocaleString()} ${noun}` : `${n.toLocaleString()} ${noun}`;
}

/** Keeps the campaign's job lists live: graphcache links new and updated jobs into cached lists. */
export function useLiveJobs(campaignId: string) {
  useSubscription({ query: JobUpdatedSubscription, variables: { campaignId } });
}

export function JobsPage({ campaignId }: { campaignId: string }) {
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [after, setAfter] = useState<string | undefined>(undefined);
  const filter = { campaignId, types: type ? [type as JobType] : undefined, statuses: status ? [status as JobStatus] : undefined };
  useLiveJobs(campaignId);
  // relayPagination merges every page fetched for this filter into one list.
  const [{ data, fetching, error }, refetch] = useQuery({ query: JobsQuery, variables: { first: PAGE, after, filter } });
  const edges = data?.jobs.edges ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Jobs</h1><p>Discovery, enrichment, scoring, drafting and sending runs for this campaign. Progress updates live.</p></div>
      </div>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <Field label="Type"><Select value={type} onChange={(e) => { setType(e.target.value); setAfter(undefined); }} placeholder="All types" options={TYPES.map((t) => ({ value: t, label: t }))} /></Field>
        <Field label="Status"><Select value={status} onChange={(e) => { setStatus(e.target.value); setAfter(undefined); }} placeholder="All statuses" options={STATUSES.map((t) => ({ value: t, label: t }))} /></Field>
      </div>
      {error && !data ? <ErrorState error={error} title="Could not load jobs" onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={5} label="Loading jobs" /> : null}
      {data && edges.length === 0 ? (
        <EmptyState icon="◷" title={type || status ? 'No jobs match these filters' : 'No jobs yet'}>Jobs appear here when you start discovery or scoring.</EmptyState>
      ) : null}
      {data && edges.length > 0 ? (
        <>
          <p className="small muted" role="status">{jobCountText(edges.length, data.jobs.totalCount, data.jobs.pageInfo.hasNextPage)}</p>
          <Table caption="Jobs">
            <thead><tr><th>Type</th><th>Status</th><th>Progress</th><th className="col-wide">Created</th><th className="col-wide">Attempts</th><th className="col-wide">Error</th></tr></thead>
            <tbody>{edges.map((e) => <JobRow key={e.node.id} job={e.node} campaignId={campaignId} />)}</tbody>
          </Table>
          {data.jobs.pageInfo.hasNextPage && data.jobs.pageInfo.endCursor ? (
            <div><Button loading={fetching} onClick={() => setAfter(data.jobs.pageInfo.endCursor!)}>Load more</Button></div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
