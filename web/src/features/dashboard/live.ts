import { useEffect, useRef } from 'react';
import { useSubscription } from 'urql';
import { graphql } from '../../gql';

// Its own small document: only the fact that a prospect of the campaign changed matters here.
export const DashboardProspectSubscription = graphql(`
  subscription DashboardProspect($campaignId: ID!) {
    prospectUpdated(campaignId: $campaignId) { id stage outreachStatus }
  }
`);

/** The shortest time between two reads of a dashboard panel caused by events. */
export const DASHBOARD_REFRESH_MS = 1000;

/**
 * The dashboard reads its numbers again when a prospect of the campaign changes (a reply, an
 * acceptance, the placement watch publishing one): at most once per `windowMs`, so a discovery run's
 * stream of events costs a read a second, not one per event. Every panel that calls this shares the
 * one subscription (same document and variables).
 */
export function useRefreshOnProspectEvents(campaignId: string, refresh: () => void, windowMs = DASHBOARD_REFRESH_MS) {
  const refreshRef = useRef(refresh);
  useEffect(() => { refreshRef.current = refresh; });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); timer.current = null; }, []);
  useSubscription({ query: DashboardProspectSubscription, variables: { campaignId } }, (_prev, data) => {
    if (!timer.current) timer.current = setTimeout(() => { timer.current = null; refreshRef.current(); }, windowMs);
    return data;
  });
}
