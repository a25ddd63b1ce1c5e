import { useCallback } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { formatDate, formatUsd, plural } from '../../lib/format';
import { Link } from '../../lib/router';
import { Card, EmptyState, ErrorState, LoadingBlock } from '../../ui';
import { FeatureLink, LostLine, PlacementStatus, RelBadge } from '../placements/placement';
import { useRefreshOnProspectEvents } from './live';

export const CampaignFeaturesQuery = graphql(`
  query CampaignFeatures($id: ID!) {
    campaign(id: $id) { id outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } }
    placements(first: 5, filter: { campaignId: $id }) {
      totalCount
      edges { cursor node { id url site title rel anchorText foundAt status lostAt lostReason prospect { id domain } } }
    }
  }
`);

/** The outreach funnel, in order: each step counts the prospects that reached it. */
const FUNNEL = [
  { key: 'contacted', label: 'Contacted' },
  { key: 'replied', label: 'Replied' },
  { key: 'accepted', label: 'Accepted' },
  { key: 'published', label: 'Published' },
] as const;

type Outcome = Record<(typeof FUNNEL)[number]['key'], number>;

export function Funnel({ outcome }: { outcome: Outcome }) {
  const max = Math.max(1, outcome.contacted);
  return (
    <ol className="funnel" aria-label="Outreach funnel">
      {FUNNEL.map((s, i) => (
        <li key={s.key}>
          <span className="funnel-label">{i > 0 ? <span aria-hidden="true">→ </span> : null}{s.label}</span>
          <span className="funnel-track" aria-hidden="true"><span className="funnel-bar" style={{ width: `${(100 * outcome[s.key]) / max}%` }} /></span>
          <span className="funnel-count">{outcome[s.key].toLocaleString()}</span>
        </li>
      ))}
    </ol>
  );
}

/** The dashboard's Features panel: what outreach brought (the funnel, the cost per feature) and the latest features found. */
export function FeaturesPanel({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignFeaturesQuery, variables: { id: campaignId } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useRefreshOnProspectEvents(campaignId, refresh);
  const outcome = data?.campaign?.outcome;
  const placements = data?.placements.edges.map((e) => e.node) ?? [];
  const total = data?.placements.totalCount ?? 0;
  const prospectPath = (id: string) => `/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(id)}`;

  let body;
  if (error && !data) body = <ErrorState error={error} title="Could not load the features" onRetry={refresh} />;
  else if (!data) body = fetching ? <LoadingBlock lines={4} label="Loading features" /> : null;
  else if (!outcome) body = null;
  else {
    body = (
      <div className="features-panel">
        <div>
          <Funnel outcome={outcome} />
          <div className="feature-cost">
            <span className="muted small">Cost per live feature</span>
            <span className="stat">{outcome.costPerPlacement === null || outcome.costPerPlacement === undefined ? '—' : formatUsd(outcome.costPerPlacement)}</span>
            <span className="small muted">
              {outcome.livePlacements
                ? `${formatUsd(outcome.spend)} of provider spend over ${plural(outcome.livePlacements, 'live feature')}${outcome.lostPlacements ? ` (${outcome.lostPlacements.toLocaleString()} lost)` : ''}.`
                : `No live feature yet, so there is nothing to divide the ${formatUsd(outcome.spend)} of provider spend by.`}
            </span>
          </div>
        </div>
        {placements.length === 0 ? (
          <EmptyState icon="★" title="No features found yet">
            Features are found automatically: for 90 days after a site replies or accepts, its sitemap and feed are checked for a page that links to the portfolio or names the artist. You can also add one on the prospect’s page.
          </EmptyState>
        ) : (
          <div className="stack-sm">
            <ul className="feature-list" aria-label="Recent features">
              {placements.map((p) => (
                <li key={p.id} className="feature-item">
                  <FeatureLink url={p.url} title={p.title ?? p.site} />
                  <div className="row">
                    <RelBadge rel={p.rel} />
                    <PlacementStatus placement={p} />
                    <span className="small muted">Found {formatDate(p.foundAt)} on <Link to={prospectPath(p.prospect.id)}>{p.prospect.domain}</Link></span>
                  </div>
                  {p.anchorText ? <span className="small feature-anchor">Anchor text: “{p.anchorText}”</span> : null}
                  <LostLine placement={p} />
                </li>
              ))}
            </ul>
            {total > placements.length ? <p className="small muted">The {placements.length} most recent of {total.toLocaleString()} features.</p> : null}
          </div>
        )}
      </div>
    );
  }
  return <Card title="Features">{body}</Card>;
}
