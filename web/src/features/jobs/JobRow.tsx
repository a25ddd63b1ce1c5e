import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { ProgressBar, StatusBadge } from '../../ui';

export const JobRowFragment = graphql(`
  fragment JobRow on Job {
    id jobType status progress attempts errorMessage createdAt startedAt finishedAt
    campaign { id }
  }
`);

export function jobPath(campaignId: string, jobId: string) {
  return `/campaigns/${encodeURIComponent(campaignId)}/jobs/${encodeURIComponent(jobId)}`;
}

/** A job in a table; `compact` (the dashboard's narrow card) keeps type, status and progress. */
export function JobRow({ job: ref, campaignId, compact = false }: { job: FragmentType<typeof JobRowFragment>; campaignId: string; compact?: boolean }) {
  const job = useFragment(JobRowFragment, ref);
  return (
    <tr>
      <td><Link to={jobPath(campaignId, job.id)} style={{ textTransform: 'capitalize' }}>{job.jobType}</Link></td>
      <td><StatusBadge status={job.status} /></td>
      <td>
        <div className="progress-cell">
          <ProgressBar value={job.progress} label={`${job.jobType} job progress`} tone={job.status === 'failed' ? 'danger' : job.status === 'completed' ? 'ok' : undefined} />
          <span className="small muted progress-pct">{job.progress}%</span>
        </div>
      </td>
      {compact ? null : <>
        <td className="small col-wide">{formatDateTime(job.createdAt)}</td>
        <td className="small col-wide">{job.attempts}</td>
        <td className="small muted col-wide" style={{ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={job.errorMessage ?? undefined}>{job.errorMessage ?? ''}</td>
      </>}
    </tr>
  );
}
