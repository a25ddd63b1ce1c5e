import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { navigate } from '../../lib/router';
import { Button } from '../../ui';
import { jobPath } from '../jobs/JobRow';

export const StartScoring = graphql(`
  mutation StartScoring($campaignId: ID!) {
    startScoring(campaignId: $campaignId) {
      __typename
      ... on MutationStartScoringSuccess { data { id ...JobRow } }
      ... on Error { message }
    }
  }
`);

export function StartScoringButton({ campaignId }: { campaignId: string }) {
  const [state, start] = useMutation(StartScoring);
  const res = state.data?.startScoring;
  const err = state.error?.message ?? (res && !('data' in res) ? res.message : null);
  return (
    <div className="row">
      {err ? <span className="small" role="alert" style={{ color: 'var(--danger)' }}>{err}</span> : null}
      <Button variant="primary" loading={state.fetching} onClick={async () => {
        const r = await start({ campaignId });
        const out = r.data?.startScoring;
        if (out && 'data' in out) navigate(jobPath(campaignId, out.data.id));
      }}>Start scoring</Button>
    </div>
  );
}
