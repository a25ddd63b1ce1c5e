import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { STAGES } from '../../lib/format';
import { Link } from '../../lib/router';
import { Banner, Card, EmptyState, ErrorState, LoadingBlock, StageBadge } from '../../ui';
import { ActivityChart } from './ActivityChart';
import { RecentJobs } from '../jobs/RecentJobs';
import { StartScoringButton } from '../inputs/StartScoringButton';
import { AlertsList, ProviderHealth, SpendTable } from '../providers/ProviderWidgets';
import { CampaignNextSend } from '../sendqueue/NextSend';
import { CampaignMailboxNotice } from '../mailboxes/CampaignMailboxNotice';

export const DashboardQuery = graphql(`
  query Dashboard($id: ID!) {
    campaign(id: $id) {
      id name status sendingPausedReason dailyCap
      stageCounts { stage count }
      activity(days: 30) { day sent replied accepted }
    }
  }
`);

export function StageChart({ counts }: { counts: ReadonlyArray<{ stage: string; count: number }> }) {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const rowH = 26;
  const labelW = 90;
  const width = 520;
  const ordered = STAGES.map((s) => ({ stage: s, count: counts.find((c) => c.stage === s)?.count ?? 0 }));
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${ordered.length * rowH}`} role="img"
      aria-label={`Prospects per stage: ${ordered.map((o) => `${o.stage} ${o.count}`).join(', ')}`}>
      {ordered.map((o, i) => {
        const w = ((width - labelW - 60) * o.count) / max;
        return (
          <g key={o.stage} transform={`translate(0 ${i * rowH})`}>
            <text x={0} y={rowH / 2 + 4} fontSize="12" fill="var(--text-2)">{o.stage}</text>
            <rect x={labelW} y={5} width={Math.max(w, o.count ? 2 : 0)} height={rowH - 10} rx={3} fill="var(--accent)" opacity={0.85} />
            <text x={labelW + w + 6} y={rowH / 2 + 4} fontSize="12" fill="var(--text)">{o.count.toLocaleString()}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function DashboardPage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DashboardQuery, variables: { id: campaignId } });
  const campaign = data?.campaign;
  const total = campaign?.stageCounts.reduce((n, s) => n + s.count, 0) ?? 0;
  const get = (s: string) => campaign?.stageCounts.find((c) => c.stage === s)?.count ?? 0;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>{campaign ? campaign.name : 'Campaign overview'}</p>
        </div>
        {campaign ? <StartScoringButton campaignId={campaign.id} /> : null}
      </div>
      {error && !data ? <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} /> : null}
      {data && !campaign ? <EmptyState title="Campaign not found">It may have been deleted, or it belongs to another account.</EmptyState> : null}
      {campaign ? (
        <>
          <CampaignMailboxNotice campaignId={campaign.id} />
          {campaign.sendingPausedReason ? <Banner tone="warn" title="Sending is paused">{campaign.sendingPausedReason}</Banner> : null}
          <CampaignNextSend campaignId={campaign.id} />
          <div className="grid-3">
            <Card><span className="muted small">Prospects</span><span className="stat">{total.toLocaleString()}</span></Card>
            <Card><span className="muted small">Emails sent</span><span className="stat">{(get('sent') + get('replied') + get('accepted') + get('rejected')).toLocaleString()}</span></Card>
            <Card><span className="muted small">Replies</span><span className="stat">{(get('replied') + get('accepted') + get('rejected')).toLocaleString()}</span></Card>
            <Card><span className="muted small">Accepted</span><span className="stat">{get('accepted').toLocaleString()}</span></Card>
          </div>
          <div className="grid-2">
            <Card title="Prospects per stage" actions={<Link to={`/campaigns/${encodeURIComponent(campaign.id)}/board`}>Open board</Link>}>
              {total === 0
                ? <EmptyState title="No prospects yet" action={<><Link className="btn btn-primary" to={`/campaigns/${encodeURIComponent(campaign.id)}/discovery`}>Start discovery</Link><Link className="btn" to={`/campaigns/${encodeURIComponent(campaign.id)}/add`}>Add prospects</Link></>}>Start discovery or add prospects by hand.</EmptyState>
                : <StageChart counts={campaign.stageCounts} />}
              <div className="row">{campaign.stageCounts.filter((s) => s.count > 0).map((s) => <span key={s.stage} className="row small"><StageBadge stage={s.stage} />{s.count}</span>)}</div>
            </Card>
            <Card title="Sends, replies and acceptance over time">
              {campaign.activity.every((d) => !d.sent && !d.replied && !d.accepted)
                ? <EmptyState icon="↗" title="Nothing sent in the last 30 days">Daily sends, replies and acceptances are drawn here once emails go out.</EmptyState>
                : <ActivityChart days={campaign.activity} />}
            </Card>
            <Card title="Provider health" actions={<Link to="/providers">Providers &amp; spend</Link>}>
              <ProviderHealth compact />
            </Card>
            <Card title="Spend for this campaign">
              <SpendTable campaignId={campaign.id} compact />
            </Card>
            <Card title="Alerts">
              <AlertsList campaignId={campaign.id} />
            </Card>
            <Card title="Recent jobs" actions={<Link to={`/campaigns/${encodeURIComponent(campaign.id)}/jobs`}>All jobs</Link>}>
              <RecentJobs campaignId={campaign.id} />
            </Card>
          </div>
        </>
      ) : null}
    </div>
  );
}
