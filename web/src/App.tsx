import { lazy, Suspense, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import { getToken, subscribeToken } from './lib/auth';
import { matchPath, Redirect, useFocusHeadingOnNavigate, useLocation } from './lib/router';
import { createUrqlClient } from './lib/urql';
import { EmptyState, LoadingBlock } from './ui';
import { LoginPage } from './features/auth/LoginPage';
import { AppShell } from './features/shell/AppShell';
import { HomeRedirect, lastCampaign, rememberCampaign } from './features/shell/HomeRedirect';
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const BoardPage = lazy(() => import('./features/board/BoardPage').then((m) => ({ default: m.BoardPage })));
const ProspectsPage = lazy(() => import('./features/prospects/ProspectsPage').then((m) => ({ default: m.ProspectsPage })));
const ProspectPage = lazy(() => import('./features/prospects/ProspectPage').then((m) => ({ default: m.ProspectPage })));
const JobsPage = lazy(() => import('./features/jobs/JobsPage').then((m) => ({ default: m.JobsPage })));
const JobPage = lazy(() => import('./features/jobs/JobPage').then((m) => ({ default: m.JobPage })));
const CampaignSettingsPage = lazy(() => import('./features/campaigns/CampaignSettingsPage').then((m) => ({ default: m.CampaignSettingsPage })));
const NewCampaignPage = lazy(() => import('./features/campaigns/CampaignSettingsPage').then((m) => ({ default: m.NewCampaignPage })));
const AddProspectsPage = lazy(() => import('./features/inputs/AddProspectsPage').then((m) => ({ default: m.AddProspectsPage })));
const DiscoveryPage = lazy(() => import('./features/discovery/DiscoveryPage').then((m) => ({ default: m.DiscoveryPage })));
const DraftsPage = lazy(() => import('./features/drafts/DraftsPage').then((m) => ({ default: m.DraftsPage })));
const SendQueuePage = lazy(() => import('./features/sendqueue/SendQueuePage').then((m) => ({ default: m.SendQueuePage })));
const TestToolsPage = lazy(() => import('./features/testtools/TestToolsPage').then((m) => ({ default: m.TestToolsPage })));
const SuppressionsPage = lazy(() => import('./features/suppressions/SuppressionsPage').then((m) => ({ default: m.SuppressionsPage })));
const MailboxesPage = lazy(() => import('./features/mailboxes/MailboxesPage').then((m) => ({ default: m.MailboxesPage })));
const ProvidersPage = lazy(() => import('./features/providers/ProvidersPage').then((m) => ({ default: m.ProvidersPage })));

function useToken() {
  return useSyncExternalStore(subscribeToken, getToken, () => null);
}

/** One urql client per session: logging in or out starts with an empty cache and a fresh socket. */
function useSessionClient(token: string | null): Client {
  const session = useMemo(() => createUrqlClient(), [token]);
  useEffect(() => () => session.dispose(), [session]);
  return session.client;
}

// Screens load as separate chunks: the first visit parses only the shell and the screen it opens.
const pageFallback = <div className="page"><LoadingBlock lines={6} label="Loading screen" /></div>;

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
  else if (sub('discovery')) node = <DiscoveryPage campaignId={cid} />;
  else if (sub('drafts')) node = <DraftsPage campaignId={cid} />;
  else if (sub('send-queue')) node = <SendQueuePage campaignId={cid} />;
  else if (sub('test-tools')) node = <TestToolsPage campaignId={cid} />;
  return { campaignId: cid, node };
}

export function Routes() {
  const { pathname } = useLocation();
  const token = useToken();
  useFocusHeadingOnNavigate();
  if (pathname === '/login' || pathname === '/signup') {
    if (token) return <Redirect to="/" />;
    return <LoginPage key={pathname} mode={pathname === '/signup' ? 'signup' : 'login'} />;
  }
  if (!token) return <Redirect to="/login" />;
  const c = campaignRoute(pathname);
  if (c) {
    rememberCampaign(c.campaignId);
    return <AppShell campaignId={c.campaignId}><Suspense fallback={pageFallback}>{c.node}</Suspense></AppShell>;
  }
  let node: ReactNode = <NotFound />;
  if (pathname === '/') node = <HomeRedirect />;
  else if (pathname === '/campaigns/new') node = <NewCampaignPage />;
  else if (pathname === '/suppressions') node = <SuppressionsPage />;
  else if (pathname === '/providers') node = <ProvidersPage />;
  else if (pathname === '/settings/mailboxes') node = <MailboxesPage />;
  // Account pages keep the campaign last opened selected, with its menu.
  return <AppShell campaignId={pathname === '/' || pathname === '/campaigns/new' ? null : lastCampaign()}><Suspense fallback={pageFallback}>{node}</Suspense></AppShell>;
}

export function App() {
  const token = useToken();
  const client = useSessionClient(token);
  return <Provider value={client}><Routes /></Provider>;
}
