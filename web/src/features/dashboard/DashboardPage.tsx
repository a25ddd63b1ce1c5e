import { useCallback } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { STAGES } from '../../lib/format';
import { Link } from '../../lib/router';
import { Banner, Card, EmptyState, ErrorState, LoadingBlock } from '../../ui';
import { ActivityChart } from './ActivityChart';
import { FirstRunChecklist, nextAction, type FirstRunState } from './FirstRun';
import { RecentJobs } from '../jobs/RecentJobs';
import { StartScoringButton } from '../inputs/StartScoringButton';
import { AlertsList, ProviderHealth, SpendTable } from '../providers/ProviderWidgets';
import { CampaignNextSend } from '../sendqueue/NextSend';
import { CampaignMailboxNotice } from '../mailboxes/CampaignMailboxNotice';
import { FeaturesPanel } from './FeaturesPanel';
import { useRefreshOnProspectEvents } from './live';

export const DashboardQuery = graphql(`
  query Dashboard($id: ID!) {
    campaign(id: $id) {
      id name status sendingPausedReason dailyCap
      stageCounts { stage count }
      activity(days: 30) { day sent replied accepted }
    }
    mailboxes { id status }
  }
`);

/** Prospects per stage as HTML bars: the labels use the page's type scale (an SVG scaled them down to ~7 px). */
export function StageChart({ counts }: { counts: ReadonlyArray<{ stage: string; count: number }> }) {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const ordered = STAGES.map((s) => ({ stage: s, count: counts.find((c) => c.stage === s)?.count ?? 0 }));
  return (
    <ul className="stage-chart" aria-label="Prospects per stage">
      {ordered.map((o) => (
        <li key={o.stage}>
          <span className="stage-chart-label">{o.stage}</span>
          <span className="stage-chart-track" aria-hidden="true"><span className="stage-chart-bar" style={{ width: `${(100 * o.count) / max}%` }} /></span>
          <span className="stage-chart-count">{o.count.toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}

export function DashboardPage({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: DashboardQuery, variables: { id: campaignId } });
  // The counts per stage and the activity follow the campaign's prospects while the page is open.
  useRefreshOnProspectEvents(campaignId, useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]));
  const campaign = data?.campaign;
  const total = campaign?.stageCounts.reduce((n, s) => n + s.count, 0) ?? 0;
  const get = (s: string) => campaign?.stageCounts.find((c) => c.stage === s)?.count ?? 0;
  const firstRun: FirstRunState | null = campaign ? {
    mailboxConnected: !!data?.mailboxes.some((m) => m.status === 'connected'),
    campaignId: campaign.id,
    prospects: total,
    drafted: get('drafted'),
    reviewed: ['approved', 'sent', 'replied', 'accepted', 'published', 'rejected'].reduce((n, s) => n + get(s), 0),
    active: campaign.status === 'active',
  } : null;
  const action = firstRun ? nextAction(firstRun) : null;
  // A published prospect had replied and accepted: it counts in every step before it.
  const accepted = get('accepted') + get('published');
  const replies = get('replied') + accepted + get('rejected');

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p>{campaign ? campaign.name : 'Campaign overview'}</p>
        </div>
        {campaign && action ? (
          <div className="row">
            {get('discovered') + get('enriched') > 0 ? <StartScoringButton campaignId={campaign.id} /> : null}
            <Link className="btn btn-primary" to={action.to}>{action.label}</Link>
          </div>
        ) : null}
      </div>
      {error && !data ? <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} /> : null}
      {data && !campaign ? <EmptyState title="Campaign not found">It may have been deleted, or it belongs to another account.</EmptyState> : null}
      {campaign ? (
        <>
          {firstRun ? <FirstRunChecklist state={firstRun} /> : null}
          <CampaignMailboxNotice campaignId={campaign.id} />
          {campaign.sendingPausedReason ? <Banner tone="warn" title="Sending is paused">{campaign.sendingPausedReason}</Banner> : null}
          <CampaignNextSend campaignId={campaign.id} />
          <div className="grid-3">
            <Card><span className="muted small">Prospects</span><span className="stat">{total.toLocaleString()}</span></Card>
            <Card><span className="muted small">Emails sent</span><span className="stat">{(get('sent') + replies).toLocaleString()}</span></Card>
            <Card><span className="muted small">Replies</span><span className="stat">{replies.toLocaleString()}</span></Card>
            <Card><span className="muted small">Accepted</span><span className="stat">{accepted.toLocaleString()}</span></Card>
          </div>
          <FeaturesPanel campaignId={campaign.id} />
          <div className="grid-2">
            <Card title="Prospects per stage" actions={<Link to={`/campaigns/${encodeURIComponent(campaign.id)}/board`}>Open board</Link>}>
              {total === 0
                ? <EmptyState title="No prospects yet" action={<Link className="btn" to={`/campaigns/${encodeURIComponent(campaign.id)}/add`}>Add prospects</Link>}>Start discovery, or add prospects by hand.</EmptyState>
                : <StageChart counts={campaign.stageCounts} />}
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
