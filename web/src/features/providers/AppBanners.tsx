import { useMutation, useQuery } from 'urql';
import { Link } from '../../lib/router';
import { Banner, Button } from '../../ui';
import { useConnectGmail } from '../mailboxes/connect';
import { AlertsQuery, GOOD_NEWS_ALERTS, PROVIDER_LABEL, ProvidersQuery, ResolveAlert } from './queries';

/**
 * Shown on every screen: sandbox mode (some provider talks to the project's fakes, so no real email
 * can leave) and unresolved alerts such as an expired Gmail token. Silent while loading or on error:
 * the page's own error state says when the API is down.
 */
export function AppBanners() {
  const [providers] = useQuery({ query: ProvidersQuery });
  const [alerts] = useQuery({ query: AlertsQuery, variables: { includeResolved: false } });
  const sandbox = providers.data?.providers.filter((p) => p.mode === 'sandbox') ?? [];
  const connect = useConnectGmail();
  const [dismissing, dismiss] = useMutation(ResolveAlert);
  const unresolved = alerts.data?.alerts.filter((a) => !a.resolvedAt) ?? [];
  // An alert about a mailbox gets its own banner with Reconnect; good news (a feature found) shares
  // one that can be dismissed; the others share one.
  const mailboxAlerts = unresolved.filter((a) => a.mailbox);
  const news = unresolved.filter((a) => !a.mailbox && GOOD_NEWS_ALERTS.has(a.kind));
  const open = unresolved.filter((a) => !a.mailbox && !GOOD_NEWS_ALERTS.has(a.kind));
  if (!sandbox.length && !unresolved.length) return null;
  return (
    <div className="app-banners">
      {mailboxAlerts.map((a) => (
        <Banner key={a.id} tone="danger" title={`${a.mailbox!.address} needs reconnecting: `}
          action={<div className="row">
            <Button size="sm" variant="primary" loading={connect.startingFor === a.mailbox!.id} disabled={connect.startingFor !== null}
              onClick={() => void connect.start(a.mailbox!.id)} aria-label={`Reconnect ${a.mailbox!.address}`}>Reconnect</Button>
            <Link className="btn btn-sm" to="/settings/mailboxes">Mailboxes</Link>
          </div>}>
          {a.message}{connect.error && connect.startingFor === null ? ` ${connect.error}` : ''}
        </Banner>
      ))}
      {open.length ? (
        <Banner tone="danger" title={open.length === 1 ? 'Needs your attention: ' : `${open.length} alerts need your attention: `}
          action={<Link className="btn btn-sm" to="/providers">Review alerts</Link>}>
          {open[0]!.message}{open.length > 1 ? ` (and ${open.length - 1} more)` : ''}
        </Banner>
      ) : null}
      {news.length ? (
        <Banner tone="ok" title={news.length === 1 ? 'New feature! ' : `${news.length} new features! `}
          action={<div className="row">
            {news[0]!.campaign ? <Link className="btn btn-sm" to={`/campaigns/${encodeURIComponent(news[0]!.campaign.id)}/dashboard`}>See features</Link> : null}
            <Button size="sm" loading={dismissing.fetching} onClick={() => { for (const a of news) void dismiss({ id: a.id }); }}>Dismiss</Button>
          </div>}>
          {news[0]!.message}{news.length > 1 ? ` (and ${news.length - 1} more)` : ''}
        </Banner>
      ) : null}
      {sandbox.length ? (
        <Banner tone="warn" title="Sandbox mode. ">
          {sandbox.length === providers.data!.providers.length ? 'All providers are' : `${sandbox.map((p) => PROVIDER_LABEL[p.provider] ?? p.provider).join(', ')} ${sandbox.length === 1 ? 'is' : 'are'}`} simulated by the project’s fake servers
          {sandbox.some((p) => p.provider === 'gmail') ? ': no real email can leave and nothing is charged.' : ' and nothing is charged for them. Gmail is live: approved emails really go out.'}
        </Banner>
      ) : null}
    </div>
  );
}
