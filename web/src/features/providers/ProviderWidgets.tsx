import { useMutation, useQuery } from 'urql';
import { formatDateTime, formatUsd } from '../../lib/format';
import { Badge, Banner, Button, EmptyState, ErrorState, LoadingBlock, Table } from '../../ui';
import '../prospects/cardRows.css';
import { errorMessage } from '../../ui/ErrorState';
import { AlertsQuery, GOOD_NEWS_ALERTS, PROVIDER_LABEL, ProvidersQuery, ResolveAlert, SpendQuery } from './queries';

/** Each provider: live or sandbox, healthy or not, its last call and error. */
export function ProviderHealth({ compact = false }: { compact?: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProvidersQuery });
  if (error && !data) return <ErrorState error={error} title="Could not load provider status" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingBlock lines={4} label="Loading providers" /> : null;
  if (compact) return (
    <ul className="provider-list" aria-label="Provider health">
      {data.providers.map((p) => (
        <li key={p.provider}>
          <div className="row-between">
            <strong>{PROVIDER_LABEL[p.provider] ?? p.provider}</strong>
            <span className="row" style={{ gap: 'var(--sp-1)' }}>
              <Badge tone={p.mode === 'sandbox' ? 'warn' : 'info'}>{p.mode}</Badge>
              <Badge tone={p.healthy ? 'ok' : 'danger'}>{p.healthy ? 'healthy' : 'failing'}</Badge>
            </span>
          </div>
          {p.lastError ? <span className="small muted wrap-anywhere">{p.lastError}</span> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <Table caption="Provider health" className="table card-rows">
      <thead><tr><th scope="col">Provider</th><th scope="col">Mode</th><th scope="col">Health</th><th scope="col">Last call</th></tr></thead>
      <tbody>{data.providers.map((p) => (
        <tr key={p.provider}>
          <td className="card-full"><strong>{PROVIDER_LABEL[p.provider] ?? p.provider}</strong></td>
          <td data-label="Mode"><Badge tone={p.mode === 'sandbox' ? 'warn' : 'info'}>{p.mode}</Badge></td>
          <td data-label="Health">
            <Badge tone={p.healthy ? 'ok' : 'danger'}>{p.healthy ? 'healthy' : 'failing'}</Badge>
            {p.lastError ? <div className="small muted wrap-word">{p.lastError}</div> : null}
          </td>
          <td data-label="Last call" className="small muted">{p.lastCallAt ? formatDateTime(p.lastCallAt) : 'never'}</td>
        </tr>
      ))}</tbody>
    </Table>
  );
}

/** Calls and cost per provider, for one campaign or (without one) all of the user's campaigns. */
export function SpendTable({ campaignId, compact = false }: { campaignId: string | null; compact?: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: SpendQuery, variables: { campaignId } });
  if (error && !data) return <ErrorState error={error} title="Could not load spend" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingBlock lines={3} label="Loading spend" /> : null;
  const rows = data.spend;
  const total = rows.reduce((n, r) => n + r.cost, 0);
  const calls = rows.reduce((n, r) => n + r.calls, 0);
  if (calls === 0) return <EmptyState icon="$" title="No provider calls yet">Discovery, enrichment, drafting and sending record every call and its cost here.</EmptyState>;
  if (compact) return (
    <Table caption="Spend per provider">
      <thead><tr><th>Provider</th><th className="num">Calls</th><th className="num">Cost</th></tr></thead>
      <tbody>{rows.map((r) => (
        <tr key={r.provider} title={`${r.cachedCalls} cached, ${r.failedCalls} failed`}>
          <td>{PROVIDER_LABEL[r.provider] ?? r.provider}</td>
          <td className="num">{r.calls.toLocaleString()}</td>
          <td className="num">{formatUsd(r.cost)}</td>
        </tr>
      ))}</tbody>
      <tfoot><tr><th>Total</th><td className="num">{calls.toLocaleString()}</td><td className="num"><strong>{formatUsd(total)}</strong></td></tr></tfoot>
    </Table>
  );
  return (
    <Table caption="Spend per provider">
      <thead><tr><th>Provider</th><th className="num">Calls</th><th className="num">Cached</th><th className="num">Failed</th><th className="num">Cost</th></tr></thead>
      <tbody>{rows.map((r) => (
        <tr key={r.provider}>
          <td>{PROVIDER_LABEL[r.provider] ?? r.provider}</td>
          <td className="num">{r.calls.toLocaleString()}</td>
          <td className="num">{r.cachedCalls.toLocaleString()}</td>
          <td className="num">{r.failedCalls.toLocaleString()}</td>
          <td className="num">{formatUsd(r.cost)}</td>
        </tr>
      ))}</tbody>
      <tfoot><tr><th>Total</th><td className="num">{calls.toLocaleString()}</td><td /><td /><td className="num"><strong>{formatUsd(total)}</strong></td></tr></tfoot>
    </Table>
  );
}

/** Problems that need a person; unresolved ones can be marked resolved. */
export function AlertsList({ campaignId, includeResolved = false }: { campaignId?: string | null; includeResolved?: boolean }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AlertsQuery, variables: { includeResolved } });
  const [resolving, resolve] = useMutation(ResolveAlert);
  if (error && !data) return <ErrorState error={error} title="Could not load alerts" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingBlock lines={2} label="Loading alerts" /> : null;
  const alerts = data.alerts.filter((a) => !campaignId || !a.campaign || a.campaign.id === campaignId);
  const res = resolving.data?.resolveAlert;
  const failure = resolving.error ? errorMessage(resolving.error) : res && !('data' in res) ? res.message : null;
  if (alerts.length === 0) return <EmptyState icon="✓" title="No alerts">Expired Gmail tokens, exhausted provider credit and wrong keys show up here.</EmptyState>;
  return (
    <div className="stack-sm">
      {failure ? <Banner tone="danger">{failure}</Banner> : null}
      <ul className="alert-list" aria-label="Alerts">
        {alerts.map((a) => (
          <li key={a.id} className="alert-item" data-resolved={a.resolvedAt ? 'true' : undefined}>
            <div className="stack-sm" style={{ gap: 2, minWidth: 0 }}>
              <div className="row">
                <Badge tone={a.resolvedAt ? 'neutral' : GOOD_NEWS_ALERTS.has(a.kind) ? 'ok' : 'danger'}>{a.resolvedAt ? 'resolved' : GOOD_NEWS_ALERTS.has(a.kind) ? 'new' : 'open'}</Badge>
                {a.provider ? <strong>{PROVIDER_LABEL[a.provider] ?? a.provider}</strong> : null}
                <span className="small muted">{a.kind.replace(/_/g, ' ')}</span>
              </div>
              <span className="wrap-anywhere">{a.message}</span>
              <span className="small muted">{formatDateTime(a.createdAt)}{a.campaign ? ` · ${a.campaign.name}` : ''}{a.resolvedAt ? ` · resolved ${formatDateTime(a.resolvedAt)}` : ''}</span>
            </div>
            {a.resolvedAt ? null : (
              <Button size="sm" loading={resolving.fetching && resolving.operation?.variables.id === a.id}
                onClick={() => resolve({ id: a.id })}>Mark resolved</Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
