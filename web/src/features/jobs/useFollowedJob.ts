// Following one job to its end. The jobProgress subscription starts with the job's current state and
// then carries every status it goes through, so a job that finishes before the subscription starts,
// or before the answer that named it arrives, is still seen to finish. A cached Job's status is not
// enough: a mutation's answer written after the job's last event would put "pending" back.
import { useSubscription } from 'urql';
import { graphql } from '../../gql';

export const FollowedJobProgress = graphql(`
  subscription FollowedJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) { kind seq status progress message job { id errorMessage result } }
  }
`);

export const FINISHED_JOB_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

export interface FollowedJob {
  id: string;
  status: string;
  progress: number;
  message: string | null;
  errorMessage: string | null;
  result: unknown;
  finished: boolean;
}

/** The followed job as its latest jobProgress event says; null until the first event (or with no job). */
export function useFollowedJob(jobId: string | null): FollowedJob | null {
  const [{ data }] = useSubscription({ query: FollowedJobProgress, variables: { jobId: jobId ?? '' }, pause: !jobId });
  const event = data?.jobProgress;
  if (!jobId || !event || event.job.id !== jobId) return null;
  return {
    id: jobId,
    status: event.status,
    progress: event.progress,
    message: event.message ?? null,
    errorMessage: event.job.errorMessage ?? null,
    result: event.job.result,
    finished: FINISHED_JOB_STATUSES.has(event.status),
  };
}
