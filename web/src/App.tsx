import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import { getToken, subscribeToken } from './lib/auth';
import { matchPath, Redirect, useLocation } from './lib/router';
import { createUrqlClient } from './lib/urql';
import { EmptyState } from './ui';
import { LoginPage } from './features/auth/LoginPage';
import { AppShell } from './features/shell/AppShell';
import { HomeRedirect, rememberCampaign } from './features/shell/HomeRedirect';
import { DashboardPage } from './features/dashboard/DashboardPage';
import { BoardPage } from './features/board/BoardPage';
import { ProspectsPage } from './features/prospects/ProspectsPage';
import { ProspectPage } from './features/prospects/ProspectPage';
import { JobsPage } from './features/jobs/JobsPage';
import { JobPage } from './features/jobs/JobPage';
import { CampaignSettingsPage, NewCampaignPage } from './features/campaigns/CampaignSettingsPage';
import { AddProspectsPage } from './features/inputs/AddProspectsPage';
import { ComingSoonPage, pipelineScreens } from './features/pipeline/ComingSoonPage';
import { ProvidersPage } from './features/providers/ProvidersPage';

function useToken() {
  return useSyncExternalStore(subscribeToken, getToken, () => null);
}

/** One urql client per session: logging in or out starts with an empty cache and a fresh socket. */
function useSessionClient(token: string | null): Client {
  const session = useMemo(() => createUrqlClient(), [token]);
  useEffect(() => () => session.dispose(), [session]);
  return session.client;
}

function NotFound() {
  return <div className="page"><EmptyState title="Page not found">Check the address, or pick a screen from the menu.</EmptyState></div>;
}

function campaignRoute(pathname: string): { campaignId: string; node: ReactNode } | null {
  const m = matchPath('/campaigns/:cid/*', pathname);
  if (!m || m.cid === 'new') return null;
  const cid = m.cid!;
  const sub = (p: string) => matchPath(`/campaigns/:cid/${p}`, pathname);
  let node: ReactNode = <NotFound />;
  let r: Record<string, string> | null;
  if (sub('') || sub('dashboard')) node = <DashboardPage campaignId={cid} />;
  else if (sub('board')) node = <BoardPage campaignId={cid} />;
  else if (sub('prospects')) node = <ProspectsPage campaignId={cid} />;
  else if ((r = sub('prospects/:pid'))) node = <ProspectPage key={r.pid} campaignId={cid} prospectId={r.pid!} />;
  else if (sub('jobs')) node = <JobsPage campaignId={cid} />;
  else if ((r = sub('jobs/:jid'))) node = <JobPage key={r.jid} campaignId={cid} jobId={r.jid!} />;
  else if (sub('settings')) node = <CampaignSettingsPage campaignId={cid} />;
  else if (sub('add')) node = <AddProspectsPage campaignId={cid} />;
  else if ((r = sub(':screen')) && r.screen! in pipelineScreens) node = <ComingSoonPage {...pipelineScreens[r.screen as keyof typeof pipelineScreens]} needs={[...pipelineScreens[r.screen as keyof typeof pipelineScreens].needs]} />;
  return { campaignId: cid, node };
}

export function Routes() {
  const { pathname } = useLocation();
  const token = useToken();
  if (pathname === '/login' || pathname === '/signup') {
    if (token) return <Redirect to="/" />;
    return <LoginPage key={pathname} mode={pathname === '/signup' ? 'signup' : 'login'} />;
  }
  if (!token) return <Redirect to="/login" />;
  const c = campaignRoute(pathname);
  if (c) {
    rememberCampaign(c.campaignId);
    return <AppShell campaignId={c.campaignId}>{c.node}</AppShell>;
  }
  let node: ReactNode = <NotFound />;
  if (pathname === '/') node = <HomeRedirect />;
  else if (pathname === '/campaigns/new') node = <NewCampaignPage />;
  else if (pathname === '/suppressions') node = <ComingSoonPage {...pipelineScreens.suppressions} needs={[...pipelineScreens.suppressions.needs]} />;
  else if (pathname === '/providers') node = <ProvidersPage />;
  return <AppShell campaignId={null}>{node}</AppShell>;
}

export function App() {
  const token = useToken();
  const client = useSessionClient(token);
  return <Provider value={client}><Routes /></Provider>;
}
