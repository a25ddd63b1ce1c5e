import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { FirstRunChecklist } from '../dashboard/FirstRun';
import { Redirect, Link } from '../../lib/router';
import { EmptyState, ErrorState, LoadingBlock } from '../../ui';
import { ShellQuery, campaignPath } from './AppShell';

const LAST = 'outreach.lastCampaign';

export function rememberCampaign(id: string) {
  try { localStorage.setItem(LAST, id); } catch { /* ignore */ }
}

/** The campaign last opened in this browser: account pages (Suppression list, Providers) keep it selected. */
export function lastCampaign(): string | null {
  try { return localStorage.getItem(LAST); } catch { return null; }
}

const HomeMailboxes = graphql(`
  query HomeMailboxes { mailboxes { id status } }
`);

/** No campaign yet: the first steps, with Connect Gmail done once a mailbox is connected. */
function FirstSteps() {
  const [{ data }] = useQuery({ query: HomeMailboxes, requestPolicy: 'cache-and-network' });
  const mailboxConnected = !!data?.mailboxes.some((m) => m.status === 'connected');
  return <FirstRunChecklist state={{ mailboxConnected, campaignId: null, prospects: 0, drafted: 0, reviewed: 0, active: false }} />;
}

/** "/" goes to the last used campaign, else the first one, else an empty state. */
export function HomeRedirect() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ShellQuery });
  if (error && !data) return <div className="page"><ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} /></div>;
  if (!data) return <div className="page">{fetching ? <LoadingBlock /> : null}</div>;
  const ids = data.campaigns.edges.map((e) => e.node.id);
  const last = lastCampaign();
  const target = last && ids.includes(last) ? last : ids[0];
  if (target) return <Redirect to={campaignPath(target)} />;
  return (
    <div className="page">
      <h1 className="visually-hidden">Welcome</h1>
      <FirstSteps />
      <EmptyState icon="✦" title="Create your first campaign"
        action={<Link className="btn btn-primary" to="/campaigns/new">New campaign</Link>}>
        A campaign holds your artist profile, what to search for and how to send.
      </EmptyState>
    </div>
  );
}
