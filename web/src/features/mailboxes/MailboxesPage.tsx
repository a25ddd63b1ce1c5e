import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useClient, useMutation, useQuery, type Client } from 'urql';
import { useFragment } from '../../gql';
import type { MailboxFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { fieldErrorsOf } from '../../lib/results';
import { Link } from '../../lib/router';
import { Badge, Banner, Button, Card, Dialog, EmptyState, ErrorState, Field, Input, LoadingBlock } from '../../ui';
import { errorMessage } from '../../ui/ErrorState';
import { campaignPath } from '../shell/AppShell';
import { pendingConnectMailbox, useConnectGmail } from './connect';
import { MailboxStatusBadge } from './status';
import { CompleteGmailConnect, DisconnectMailbox, MailboxesQuery, MailboxFields, UpdateMailbox } from './queries';


type Permission = { scope: string; description: string };

/** What came back from Google's page, as the page tells it. */
export type ConnectOutcome =
  | { kind: 'completing' }
  | { kind: 'connected'; address: string; reconnected: boolean; resumed: number }
  | { kind: 'missing'; permissions: Permission[] }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' };

type Incoming = { code: string; state: string } | { error: string };

/** The callback hands code and state (or an error) over in the URL fragment: never sent to a server. */
function readHash(): Incoming | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const p = new URLSearchParams(hash);
  const code = p.get('code');
  const state = p.get('state');
  if (code && state) return { code, state };
  const error = p.get('error');
  return error ? { error } : null;
}

function clearHash() {
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

function outcomeOfError(error: string): ConnectOutcome {
  if (error === 'access_denied') return { kind: 'cancelled' };
  return { kind: 'error', message: `Google did not finish the sign-in (${error.replace(/_/g, ' ')}). Nothing was connected.` };
}

/**
 * One completion per sign-in (keyed by its state), shared by every mount: React's StrictMode runs
 * effects twice, and the state is single-use on the server, so a second call would fail.
 */
const completions = new Map<string, Promise<ConnectOutcome>>();

async function complete(client: Client, code: string, state: string): Promise<ConnectOutcome> {
  const r = await client.mutation(CompleteGmailConnect, { code, state }).toPromise();
  if (r.error) return { kind: 'error', message: errorMessage(r.error) };
  const res = r.data?.completeGmailConnect;
  if (!res) return { kind: 'error', message: 'The server gave no answer. Nothing was connected.' };
  if (!('data' in res)) return { kind: 'error', message: res.message };
  const d = res.data;
  if (d.missingPermissions.length) return { kind: 'missing', permissions: d.missingPermissions.map(({ scope, description }) => ({ scope, description })) };
  const m = useFragment(MailboxFields, d.mailbox);
  return { kind: 'connected', address: m?.address ?? 'The mailbox', reconnected: d.reconnected, resumed: d.resumedCampaigns };
}

function useConnectOutcome(onConnected: () => void) {
  const client = useClient();
  const [incoming] = useState(readHash);
  const [outcome, setOutcome] = useState<ConnectOutcome | null>(() =>
    !incoming ? null : 'error' in incoming ? outcomeOfError(incoming.error) : { kind: 'completing' });
  useEffect(() => {
    if (!incoming) return;
    if (window.location.hash) clearHash();
    if (!('code' in incoming)) return;
    let live = true;
    let p = completions.get(incoming.state);
    if (!p) {
      p = complete(client, incoming.code, incoming.state);
      completions.set(incoming.state, p);
    }
    void p.then((o) => {
      if (!live) return;
      setOutcome(o);
      if (o.kind === 'connected') onConnected();
    });
    return () => { live = false; };
    // onConnected is a refetch; the sign-in is handled once per mount.
  }, [incoming, client]);
  return [outcome, setOutcome] as const;
}

export function MailboxesPage() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MailboxesQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const [outcome, setOutcome] = useConnectOutcome(reload);
  const connect = useConnectGmail();
  const again = () => void connect.start(pendingConnectMailbox());
  const setup = data?.mailboxSetup;
  const mailboxes = (data?.mailboxes ?? []).map((m) => useFragment(MailboxFields, m));

  const connectButton = setup?.configured ? (
    <Button variant="primary" loading={connect.startingFor === ''} disabled={connect.startingFor !== null} onClick={() => void connect.start(null)}>Connect Gmail</Button>
  ) : null;

  if (outcome?.kind === 'missing') {
    return (
      <div className="page">
        <div className="page-header"><div><h1>Gmail was not connected</h1><p>Some permissions were unticked on Google’s page, so nothing was stored.</p></div></div>
        <MissingPermissions permissions={outcome.permissions} onAgain={again} busy={connect.startingFor !== null} error={connect.error}
          onBack={() => setOutcome(null)} />
      </div>
    );
  }

  return (
    <div className="page">
      <div className="page-header">
        <div><h1>Mailboxes</h1><p>The Gmail accounts your campaigns send from. Replies and bounces are read from the mailbox that sent the email.</p></div>
        {mailboxes.length ? connectButton : null}
      </div>
      {outcome ? <OutcomeBanner outcome={outcome} onAgain={again} busy={connect.startingFor !== null} /> : null}
      {connect.error ? <Banner tone="danger" title="Could not open Google’s sign-in. ">{connect.error}</Banner> : null}
      {error && !data ? <ErrorState error={error} title="Could not load your mailboxes" onRetry={reload} /> : null}
      {!data && fetching ? <LoadingBlock lines={6} label="Loading mailboxes" /> : null}
      {data ? (
        <>
          {mailboxes.length === 0 ? (
            <Card>
              <EmptyState icon="✉" title="No Gmail mailbox connected yet" action={connectButton}>
                Campaigns send from your own Gmail account, and replies and bounces are read from it. Nothing is sent until you connect one.
              </EmptyState>
            </Card>
          ) : (
            <ul className="mailbox-list" aria-label="Mailboxes">
              {mailboxes.map((m) => <MailboxCard key={m.id} m={m} connect={connect} />)}
            </ul>
          )}
          {setup ? <SetupCard setup={setup} /> : null}
        </>
      ) : null}
    </div>
  );
}

function OutcomeBanner({ outcome, onAgain, busy }: { outcome: ConnectOutcome; onAgain: () => void; busy: boolean }) {
  const tryAgain = <Button size="sm" onClick={onAgain} loading={busy}>Try again</Button>;
  switch (outcome.kind) {
    case 'completing':
      return <Banner tone="info" title="Finishing the Gmail sign-in… " />;
    case 'connected':
      return (
        <Banner tone="ok" title={`${outcome.reconnected ? 'Reconnected' : 'Connected'} ${outcome.address}. `}>
          {outcome.resumed ? `${outcome.resumed === 1 ? '1 paused campaign sends' : `${outcome.resumed} paused campaigns send`} again.` : outcome.reconnected ? 'Its campaigns can send again.' : 'Campaigns can now send from it.'}
        </Banner>
      );
    case 'cancelled':
      return <Banner tone="warn" title="Gmail was not connected. " action={tryAgain}>You cancelled on Google’s page. Nothing was connected.</Banner>;
    case 'error':
      return <Banner tone="danger" title="Gmail was not connected. " action={tryAgain}>{outcome.message}</Banner>;
    default:
      return null;
  }
}

function MissingPermissions({ permissions, onAgain, onBack, busy, error }: { permissions: Permission[]; onAgain: () => void; onBack: () => void; busy: boolean; error: string | null }) {
  return (
    <Card title="Permissions the app needs">
      <p>The app sends your emails and reads the replies to them through Gmail, so it needs every permission it asks for. These were unticked:</p>
      <ul className="permission-list" aria-label="Missing permissions">
        {permissions.map((p) => <li key={p.scope}><strong>{p.description}</strong><div className="small muted wrap-anywhere">{p.scope}</div></li>)}
      </ul>
      <p className="small muted">On Google’s page, choose the account again and leave these boxes ticked.</p>
      {error ? <Banner tone="danger">{error}</Banner> : null}
      <div className="row">
        <Button variant="primary" onClick={onAgain} loading={busy}>Choose again</Button>
        <Button variant="ghost" onClick={onBack}>Back to mailboxes</Button>
      </div>
    </Card>
  );
}

function SetupCard({ setup }: { setup: { redirectUri: string; configured: boolean; sandbox: boolean } }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  async function copy() {
    try { await navigator.clipboard.writeText(setup.redirectUri); setCopied('yes'); } catch { setCopied('no'); }
  }
  return (
    <Card title="Google sign-in setup">
      {setup.sandbox ? <Banner tone="warn" title="Sandbox">Pretend Gmail: nothing leaves this machine. The sign-in page and the mailboxes are the project’s fakes.</Banner> : null}
      {!setup.configured ? (
        <Banner tone="warn" title="Gmail is not set up on this server. ">
          Create an OAuth client in Google Cloud Console, set GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET in the API’s environment to its client ID and secret, and restart the API. Then Connect Gmail appears here.
        </Banner>
      ) : null}
      <Field label="Redirect URI" hint="In Google Cloud Console, open your OAuth client (APIs & Services → Credentials) and paste this address under Authorized redirect URIs.">
        <Input readOnly className="redirect-uri" value={setup.redirectUri} onFocus={(e) => e.target.select()} />
      </Field>
      <div className="row">
        <Button size="sm" onClick={() => void copy()} aria-label="Copy the redirect URI">Copy</Button>
        <span className="small muted" aria-live="polite">{copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Select the address and copy it by hand.' : ''}</span>
      </div>
    </Card>
  );
}

type Connect = ReturnType<typeof useConnectGmail>;

function MailboxCard({ m, connect }: { m: MailboxFieldsFragment; connect: Connect }) {
  const [confirming, setConfirming] = useState(false);
  const [disconnect, doDisconnect] = useMutation(DisconnectMailbox);
  const [disconnectError, setDisconnectError] = useState<string | null>(null);
  const busy = connect.startingFor !== null;
  const aliases = m.sendAs.filter((a) => a.email.toLowerCase() !== m.address.toLowerCase());
  const headingId = `mailbox-${m.id}`;

  async function onDisconnect() {
    setDisconnectError(null);
    const r = await doDisconnect({ id: m.id });
    const res = r.data?.disconnectMailbox;
    if (res && 'data' in res) { setConfirming(false); return; }
    setDisconnectError(r.error ? errorMessage(r.error) : res?.message ?? 'Could not disconnect the mailbox.');
  }

  return (
    <li className="card mailbox" aria-labelledby={headingId}>
      <header className="card-header">
        <div className="mailbox-title">
          <h2 id={headingId} className="wrap-anywhere">{m.address}</h2>
          {m.displayName ? <span className="small muted">{m.displayName}</span> : null}
        </div>
        <MailboxStatusBadge status={m.status} />
      </header>
      <div className="card-body">
        {m.status !== 'connected' ? (
          <Banner tone={m.status === 'needs_reconnect' ? 'danger' : 'info'}
            title={m.status === 'needs_reconnect' ? 'Needs reconnecting: its campaigns are paused. ' : 'Disconnected: its campaigns send nothing. '}>
            {m.statusReason ? `${m.statusReason.charAt(0).toUpperCase()}${m.statusReason.slice(1)}` : null}
            {m.statusReason ? ' · ' : null}since {formatDateTime(m.statusChangedAt)}
          </Banner>
        ) : null}
        {m.quotaResetAt && new Date(m.quotaResetAt).getTime() > Date.now() ? (
          <Banner tone="warn" title="Gmail’s daily limit reached. ">Nothing is sent from it before {formatDateTime(m.quotaResetAt)}.</Banner>
        ) : null}
        <div className="mailbox-grid">
          <div>
            <span className="muted small">Sending</span>
            <p><strong>Sent {m.sentLast24h} of {m.dailyCap}</strong> in the last 24 hours, all its campaigns together.</p>
            <DailyCapForm id={m.id} dailyCap={m.dailyCap} />
          </div>
          <div>
            <span className="muted small">Replies and bounces</span>
            <p>Last synced: {m.lastSyncedAt ? <time dateTime={m.lastSyncedAt}>{formatDateTime(m.lastSyncedAt)}</time> : <>not yet <span className="small muted">(its inbox is read once it has sent an email)</span></>}</p>
            <p><strong>{m.unmatchedReports}</strong> unmatched bounce {m.unmatchedReports === 1 ? 'report' : 'reports'}
              <span className="small muted">: bounce reports that matched none of this mailbox’s emails; never applied.</span></p>
          </div>
          <div>
            <span className="muted small">Sends as</span>
            {aliases.length ? (
              <ul className="plain-list" aria-label={`Send-as addresses of ${m.address}`}>
                {aliases.map((a) => (
                  <li key={a.email} className="row">
                    <span className="wrap-anywhere">{a.displayName ? `${a.displayName} <${a.email}>` : a.email}</span>
                    {a.verified ? <Badge tone="ok">verified</Badge> : <Badge tone="warn" title="Gmail has not verified this alias: the app sends from the mailbox’s own address instead">not verified</Badge>}
                  </li>
                ))}
              </ul>
            ) : <p className="small muted">Only its own address.</p>}
          </div>
          <div>
            <span className="muted small">Campaigns using it</span>
            {m.campaigns.length ? (
              <ul className="plain-list" aria-label={`Campaigns sending from ${m.address}`}>
                {m.campaigns.map((c) => <li key={c.id}><Link to={campaignPath(c.id)}>{c.name}</Link></li>)}
              </ul>
            ) : <p className="small muted">No campaign sends from it yet.</p>}
          </div>
        </div>
        <div className="row">
          {m.status === 'needs_reconnect' ? (
            <Button variant="primary" loading={connect.startingFor === m.id} disabled={busy} onClick={() => void connect.start(m.id)} aria-label={`Reconnect ${m.address}`}>Reconnect</Button>
          ) : m.status === 'connected' ? (
            <Button loading={connect.startingFor === m.id} disabled={busy} onClick={() => void connect.start(m.id)} aria-label={`Reconnect ${m.address}`}>Reconnect</Button>
          ) : (
            <Button loading={connect.startingFor === m.id} disabled={busy} onClick={() => void connect.start(m.id)} aria-label={`Connect again: ${m.address}`}>Connect again</Button>
          )}
          {m.status !== 'disconnected' ? <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Disconnect ${m.address}`}>Disconnect</Button> : null}
          <span className="small muted">Added {formatDateTime(m.createdAt)}</span>
        </div>
      </div>
      <Dialog open={confirming} title={`Disconnect ${m.address}?`} onClose={() => setConfirming(false)}
        footer={<><Button onClick={() => setConfirming(false)}>Cancel</Button><Button variant="danger" loading={disconnect.fetching} onClick={() => void onDisconnect()}>Disconnect</Button></>}>
        <p>The app’s access token is revoked at Google and deleted here.</p>
        <p>{m.campaigns.length ? `Its ${m.campaigns.length === 1 ? 'campaign stops' : `${m.campaigns.length} campaigns stop`} sending` : 'Campaigns that use it stop sending'} until you connect it again or choose another mailbox in the campaign’s settings. Replies to emails it sent are no longer read.</p>
        {disconnectError ? <Banner tone="danger">{disconnectError}</Banner> : null}
      </Dialog>
    </li>
  );
}

function DailyCapForm({ id, dailyCap }: { id: string; dailyCap: number }) {
  const [value, setValue] = useState(String(dailyCap));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [update, doUpdate] = useMutation(UpdateMailbox);
  useEffect(() => { setValue(String(dailyCap)); }, [dailyCap]);
  // Focus follows the answer: the field when it is refused, the "Saved." line when it is kept.
  const inputRef = useRef<HTMLInputElement>(null);
  const savedRef = useRef<HTMLSpanElement>(null);
  useEffect(() => { if (fieldError) inputRef.current?.focus(); }, [fieldError]);
  useEffect(() => { if (saved) savedRef.current?.focus(); }, [saved]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const n = Number(value.trim());
    if (!value.trim() || !Number.isInteger(n)) { setFieldError('Enter a whole number of emails.'); return; }
    setFieldError(null);
    const r = await doUpdate({ id, dailyCap: n });
    const res = r.data?.updateMailbox;
    if (res && 'data' in res) { setSaved(true); return; }
    if (r.error) { setFieldError(errorMessage(r.error)); return; }
    const msg = fieldErrorsOf(res as never).dailyCap ?? res?.message ?? 'Could not save the daily cap.';
    setFieldError(`${msg.charAt(0).toUpperCase()}${msg.slice(1)}`);
  }

  return (
    <form className="daily-cap" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Daily cap" error={fieldError} hint="Emails per 24 hours from this mailbox, all campaigns together.">
        <Input ref={inputRef} inputMode="numeric" value={value} onChange={(e) => { setValue(e.target.value); setSaved(false); setFieldError(null); }} />
      </Field>
      <div className="row">
        <Button type="submit" size="sm" loading={update.fetching} disabled={value.trim() === String(dailyCap)}>Save cap</Button>
        <span ref={savedRef} tabIndex={-1} className="small muted" role="status">{saved ? 'Daily cap saved.' : null}</span>
      </div>
    </form>
  );
}
