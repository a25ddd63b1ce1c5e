import { useQuery } from 'urql';
import { EmptyState, ErrorState, LoadingBlock, Table } from '../../ui';
import { JobRow } from './JobRow';
import { JobsQuery, useLiveJobs } from './JobsPage';

export function RecentJobs({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }] = useQuery({ query: JobsQuery, variables: { first: 5, filter: { campaignId } } });
  useLiveJobs(campaignId);
  if (error && !data) return <ErrorState error={error} title="Could not load jobs" />;
  if (!data) return fetching ? <LoadingBlock lines={3} label="Loading jobs" /> : null;
  if (!data.jobs.edges.length) return <EmptyState icon="◷" title="No jobs yet">Start scoring or discovery to see runs here.</EmptyState>;
  return (
    <Table caption="Recent jobs">
      <thead><tr><th>Type</th><th>Status</th><th>Progress</th></tr></thead>
      <tbody>{data.jobs.edges.map((e) => <JobRow key={e.node.id} job={e.node} campaignId={campaignId} compact />)}</tbody>
    </Table>
  );
}
