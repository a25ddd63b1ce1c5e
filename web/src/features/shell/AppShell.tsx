import type { ReactNode } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { logout } from '../../lib/auth';
import { NavLink, navigate } from '../../lib/router';
import { Button, Select, StatusBadge } from '../../ui';
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

export function AppShell({ campaignId, children }: { campaignId: string | null; children: ReactNode }) {
  const [{ data, error }] = useQuery({ query: ShellQuery });
  const [pause, doPause] = useMutation(PauseCampaign);
  const [resume, doResume] = useMutation(ResumeCampaign);
  const campaigns = data?.campaigns.edges.map((e) => e.node) ?? [];
  const current = campaigns.find((c) => c.id === campaignId) ?? null;
  const base = campaignId ? `/campaigns/${encodeURIComponent(campaignId)}` : null;

  function onSwitch(id: string) {
    if (id === '__new') { navigate('/campaigns/new'); return; }
    // Keep the same section when switching campaigns.
    const section = window.location.pathname.split('/')[3] ?? 'dashboard';
    navigate(campaignPath(id, ['prospects', 'jobs'].includes(section) ? section : section || 'dashboard'));
  }

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Art Outreach</div>
        <div className="field">
          <label htmlFor="campaign-switcher" className="label">Campaign</label>
          <Select id="campaign-switcher" value={campaignId ?? ''} onChange={(e) => onSwitch(e.target.value)}
            placeholder={error && !data ? 'Campaigns unavailable' : !data ? 'Loading campaigns…' : campaigns.length ? 'Choose a campaign' : 'No campaigns yet'}
            options={[...campaigns.map((c) => ({ value: c.id, label: c.name })), { value: '__new', label: '+ New campaign' }]} />
        </div>
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
          <div className="row">
            {current ? <><strong>{current.name}</strong><StatusBadge status={current.status} /></> : <span className="muted">{campaignId && !data ? '' : 'No campaign selected'}</span>}
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
        <AppBanners />
        {children}
      </div>
    </div>
  );
}
