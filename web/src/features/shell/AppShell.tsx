import type { ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { logout } from '../../lib/auth';
import { NavLink, navigate } from '../../lib/router';
import { Button, StatusBadge } from '../../ui';
import { CampaignMenu } from './CampaignMenu';
import { AppBanners } from '../providers/AppBanners';

export const ShellQuery = graphql(`
  query Shell {
    me { id email name }
    campaigns(first: 100) { edges { cursor node { id name status } } pageInfo { hasNextPage endCursor } }
  }
`);

const PauseCampaign = graphql(`
  mutation PauseCampaign($id: ID!) {
    pauseCampaign(id: $id) { __typename ... on MutationPauseCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }
  }
`);
const ResumeCampaign = graphql(`
  mutation ResumeCampaign($id: ID!) {
    resumeCampaign(id: $id) { __typename ... on MutationResumeCampaignSuccess { data { id status sendingPausedReason } } ... on Error { message } }
  }
`);

export function campaignPath(campaignId: string, section = 'dashboard') {
  return `/campaigns/${encodeURIComponent(campaignId)}/${section}`;
}

/** Moves focus to the page's heading (the skip link's target), else to the main region. */
export function focusPageHeading(): void {
  const main = document.getElementById('main');
  const h1 = main?.querySelector<HTMLElement>('h1');
  const target = h1 ?? main;
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
}

export function AppShell({ campaignId, children }: { campaignId: string | null; children: ReactNode }) {
  const [{ data, error }] = useQuery({ query: ShellQuery });
  const [pause, doPause] = useMutation(PauseCampaign);
  const [resume, doResume] = useMutation(ResumeCampaign);
  const campaigns = data?.campaigns.edges.map((e) => e.node) ?? [];
  const current = campaigns.find((c) => c.id === campaignId) ?? null;
  // Until the list is in, trust the id (the route's, or the remembered one on account pages).
  const menuCampaign = data ? current?.id ?? null : campaignId;
  const base = menuCampaign ? `/campaigns/${encodeURIComponent(menuCampaign)}` : null;
  const placeholder = error && !data ? 'Campaigns unavailable' : !data ? 'Loading campaigns…' : campaigns.length ? 'Choose a campaign' : 'No campaigns yet';

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); focusPageHeading(); }}>Skip to content</a>
      <aside className="sidebar" aria-label="Menu">
        <div className="brand">Art Outreach</div>
        <CampaignMenu campaigns={campaigns} current={current} placeholder={placeholder} />
        {base ? (
          <nav className="nav" aria-label="Campaign">
            <span className="nav-title">Campaign</span>
            <NavLink to={`${base}/dashboard`}>Dashboard</NavLink>
            <NavLink to={`${base}/board`}>Pipeline board</NavLink>
            <NavLink to={`${base}/prospects`}>Prospects</NavLink>
            <NavLink to={`${base}/jobs`}>Jobs</NavLink>
            <span className="nav-title">Pipeline</span>
            <NavLink to={`${base}/discovery`}>Discovery</NavLink>
            <NavLink to={`${base}/add`}>Add &amp; import</NavLink>
            <NavLink to={`${base}/drafts`}>Drafts &amp; review</NavLink>
            <NavLink to={`${base}/send-queue`}>Send queue</NavLink>
            <NavLink to={`${base}/test-tools`}>Test tools</NavLink>
            <NavLink to={`${base}/settings`}>Settings</NavLink>
          </nav>
        ) : null}
        <nav className="nav" aria-label="Account">
          <span className="nav-title">Account</span>
          <NavLink to="/settings/mailboxes">Mailboxes</NavLink>
          <NavLink to="/suppressions">Suppression list</NavLink>
          <NavLink to="/providers">Providers &amp; spend</NavLink>
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <div className="row topbar-campaign">
            {current ? <><strong className="topbar-name">{current.name}</strong><StatusBadge status={current.status} /></> : <span className="muted">{campaignId && !data ? '' : 'No campaign selected'}</span>}
            {current ? (
              current.status === 'active'
                ? <Button size="sm" loading={pause.fetching} onClick={() => doPause({ id: current.id })}>Pause sending</Button>
                : <Button size="sm" loading={resume.fetching} onClick={() => doResume({ id: current.id })}>Resume sending</Button>
            ) : null}
          </div>
          <div className="row">
            {data?.me ? <span className="small muted topbar-email">{data.me.email}</span> : null}
            <Button size="sm" variant="ghost" onClick={() => { logout(); navigate('/login'); }}>Log out</Button>
          </div>
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <AppBanners />
          {children}
        </main>
      </div>
    </div>
  );
}
