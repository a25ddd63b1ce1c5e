import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { DraftFallbackReason, SandboxLinkStyle } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';
import { fieldErrorsOf } from '../../lib/results';
import { Link } from '../../lib/router';
import { Badge, Banner, Button, Card, Checkbox, EmptyState, ErrorState, Field, Input, LoadingBlock, Select } from '../../ui';
import { FlagList, SendTestEmail } from '../drafts/DraftEditor';
import { fieldMessage } from '../drafts/flags';
import { jobPath } from '../jobs/JobRow';
import { ProvidersQuery } from '../providers/queries';

export const DryRun = graphql(`
  mutation DryRun($campaignId: ID!, $keyword: String, $domain: String) {
    dryRun(campaignId: $campaignId, keyword: $keyword, domain: $domain) {
      __typename
      ... on MutationDryRunSuccess { data }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

export const TestDraftsQuery = graphql(`
  query TestDrafts($filter: EmailLogFilter!) {
    emailLogs(first: 50, filter: $filter) { edges { cursor node { id subject step prospect { id domain } } } pageInfo { hasNextPage endCursor } }
  }
`);

export const FollowUpCandidatesQuery = graphql(`
  query FollowUpCandidates($filter: ProspectFilter!) {
    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {
      edges { cursor node { id domain followupsSent lastSent } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const MakeFollowUpDue = graphql(`
  mutation MakeFollowUpDue($prospectId: ID!) {
    makeFollowUpDue(prospectId: $prospectId) {
      __typename
      ... on MutationMakeFollowUpDueSuccess { data { id params ...JobRow } }
      ... on Error { message }
    }
  }
`);

export const FeatureCandidatesQuery = graphql(`
  query FeatureCandidates($filter: ProspectFilter!) {
    prospects(first: 100, filter: $filter, orderBy: { field: LAST_SENT, direction: DESC }) {
      edges { cursor node { id domain stage outreachStatus } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const PublishSandboxFeature = graphql(`
  mutation PublishSandboxFeature($prospectId: ID!, $linkStyle: SandboxLinkStyle, $rel: String) {
    publishSandboxFeature(prospectId: $prospectId, linkStyle: $linkStyle, rel: $rel) {
      __typename
      ... on MutationPublishSandboxFeatureSuccess { data { url } }
      ... on Error { message }
    }
  }
`);

type Contact = { email: string; name?: string | null; position?: string | null; confidence?: number | null; verification?: string; source?: string };
type Site = {
  domain: string; pageUrl?: string | null; pageTitle?: string | null; alreadyInCampaign?: boolean; skipped?: boolean; skipReason?: string | null;
  contacts?: Contact[]; chosenContact?: Contact | null; contactMethod?: string | null; notes?: string[]; doNotContact?: string[];
  crawl?: { status?: string; title?: string | null; contactPageUrl?: string | null; submissionFormUrl?: string | null; openCall?: { title?: string | null; deadline?: string | null; fee?: string | null } | null; emailsOnPages?: string[]; errors?: string[] } | null;
  daEst?: number | null;
  score?: { score: number; breakdown?: Array<{ signal: string; label: string; points: number; max: number; detail?: string }>; minScore?: number | null; passes?: boolean } | null;
  draft?: { subject: string; body: string; flags?: string[]; source?: string; fallbackReason?: DraftFallbackReason | null; wouldAutoApprove?: boolean; to?: string } | null;
  draftSkippedReason?: string | null;
};
export type DryRunData = { mode?: string; input?: string; sites?: Site[]; organicResults?: number | null };

function asResult(v: unknown): DryRunData | null {
  return v && typeof v === 'object' && Array.isArray((v as DryRunData).sites) ? (v as DryRunData) : null;
}

export function DryRunSiteCard({ site }: { site: Site }) {
  const c = site.crawl;
  return (
    <Card aria-label={`Dry run: ${site.domain}`} title={
      <div className="row">
        <h3>{site.domain}</h3>
        {site.skipped ? <Badge tone="warn">skipped</Badge> : <Badge tone="ok">would be added</Badge>}
        {site.alreadyInCampaign ? <Badge tone="info">already in campaign</Badge> : null}
        {site.score ? <Badge tone={site.score.passes === false ? 'danger' : 'info'}>score {Math.round(site.score.score)}</Badge> : null}
      </div>}>
      <div className="stack">
        {site.pageTitle || site.pageUrl ? <p className="small">{site.pageTitle ?? ''}{site.pageTitle && site.pageUrl ? ' · ' : ''}{site.pageUrl ? <span className="mono wrap-anywhere">{site.pageUrl}</span> : null}</p> : null}
        {site.skipReason ? <Banner tone="warn" title="Why it stops: ">{site.skipReason}</Banner> : null}
        <div className="grid-2">
          <div>
            <h4 className="small">Chosen contact</h4>
            {site.chosenContact ? (
              <p>{site.chosenContact.email}{site.chosenContact.name ? ` (${site.chosenContact.name}${site.chosenContact.position ? `, ${site.chosenContact.position}` : ''})` : ''}
                <span className="small muted"> · {site.chosenContact.source ?? ''} · {site.chosenContact.verification ?? ''}{site.chosenContact.confidence != null ? ` · ${site.chosenContact.confidence}%` : ''}</span></p>
            ) : <p className="small muted">None{site.contactMethod === 'form' ? ': the site has a submission form instead' : ''}.</p>}
            {site.contacts && site.contacts.length > 1 ? <p className="small muted">{site.contacts.length} addresses found.</p> : null}
            {site.doNotContact?.length ? <p className="small">Never contact: {site.doNotContact.join(', ')}</p> : null}
          </div>
          <div>
            <h4 className="small">Crawl</h4>
            {c ? (
              <dl className="kv">
                <dt>Status</dt><dd>{c.status ?? '—'}</dd>
                <dt>Contact page</dt><dd className="wrap-anywhere">{c.contactPageUrl ?? '—'}</dd>
                <dt>Submission form</dt><dd className="wrap-anywhere">{c.submissionFormUrl ?? '—'}</dd>
                <dt>Open call</dt><dd>{c.openCall ? [c.openCall.title, c.openCall.deadline && `deadline ${c.openCall.deadline}`, c.openCall.fee && `fee ${c.openCall.fee}`].filter(Boolean).join(' · ') || 'yes' : '—'}</dd>
                <dt>Emails on pages</dt><dd className="wrap-anywhere">{c.emailsOnPages?.length ? c.emailsOnPages.join(', ') : '—'}</dd>
                {c.errors?.length ? <><dt>Errors</dt><dd>{c.errors.join('; ')}</dd></> : null}
              </dl>
            ) : <p className="small muted">Not crawled.</p>}
          </div>
        </div>
        {site.score?.breakdown?.length ? (
          <div>
            <h4 className="small">Score breakdown{site.score.minScore != null ? ` (minimum ${site.score.minScore})` : ''}</h4>
            <ul className="stack-sm" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={`Score breakdown for ${site.domain}`}>
              {site.score.breakdown.map((b) => (
                <li key={b.signal} className="row-between small"><span>{b.label}{b.detail ? <span className="muted"> · {b.detail}</span> : null}</span><strong>{b.points} / {b.max}</strong></li>
              ))}
            </ul>
          </div>
        ) : null}
        {site.draft ? (
          <div className="email">
            <div className="row-between"><strong>{site.draft.subject}</strong><span className="small muted">to {site.draft.to ?? '—'} · {site.draft.source}{site.draft.wouldAutoApprove ? ' · would be auto-approved' : ''}</span></div>
            <pre>{site.draft.body}</pre>
            <FlagList flags={site.draft.flags ?? []} fallbackReason={site.draft.fallbackReason} />
          </div>
        ) : site.draftSkippedReason ? <p className="small muted">No draft: {site.draftSkippedReason}</p> : null}
        {site.notes?.length ? <ul className="small muted">{site.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
      </div>
    </Card>
  );
}

function DryRunForm({ campaignId }: { campaignId: string }) {
  const [mode, setMode] = useState<'domain' | 'keyword'>('domain');
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [state, run] = useMutation(DryRun);
  const out = state.data?.dryRun;
  const result = out && 'data' in out ? asResult(out.data) : null;
  const failure = state.error ? (state.error.networkError ? 'The server could not be reached. Try again.' : state.error.message) : out && !('data' in out) && out.__typename !== 'ValidationError' ? out.message : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFieldError(null);
    if (!value.trim()) { setFieldError(mode === 'domain' ? 'Enter a test domain, like gallery.example.' : 'Enter a keyword.'); return; }
    const r = await run({ campaignId, ...(mode === 'domain' ? { domain: value.trim() } : { keyword: value.trim() }) });
    const o = r.data?.dryRun;
    if (o?.__typename === 'ValidationError') { const fe = fieldErrorsOf(o); setFieldError(fieldMessage(mode === 'domain' ? 'Domain' : 'Keyword', fe[mode] ?? Object.values(fe)[0] ?? o.message)); }
  }

  return (
    <div className="stack">
      <form className="stack" aria-label="Dry run" onSubmit={onSubmit} noValidate>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <Field label="Run on"><Select value={mode} onChange={(e) => { setMode(e.target.value as 'domain' | 'keyword'); setFieldError(null); }} options={[{ value: 'domain', label: 'One test domain' }, { value: 'keyword', label: 'One keyword (first results)' }]} /></Field>
          <Field label={mode === 'domain' ? 'Test domain' : 'Keyword'} className="grow" error={fieldError} hint="Nothing is stored and nothing is sent; provider calls are made and counted in spend.">
            <Input value={value} onChange={(e) => setValue(e.target.value)} placeholder={mode === 'domain' ? 'clay-gallery.example' : 'ceramics open call'} />
          </Field>
          <div className="field"><span className="label" aria-hidden="true">&nbsp;</span><Button type="submit" variant="primary" loading={state.fetching}>Run dry run</Button></div>
        </div>
      </form>
      {state.fetching ? <LoadingBlock lines={4} label="Running the pipeline on it" /> : null}
      {failure ? <Banner tone="danger">{failure}</Banner> : null}
      {result && !state.fetching ? (
        <section className="stack" aria-label="Dry run result">
          <p className="small muted">{result.mode === 'keyword' ? `Keyword “${result.input}”: ${result.organicResults ?? 0} organic results, first ${result.sites?.length ?? 0} shown.` : `Domain ${result.input}.`}</p>
          {result.sites?.length ? result.sites.map((s) => <DryRunSiteCard key={s.domain} site={s} />) : <EmptyState title="No sites">The search returned nothing usable.</EmptyState>}
        </section>
      ) : null}
    </div>
  );
}

function TestEmailForm({ campaignId }: { campaignId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TestDraftsQuery, variables: { filter: { campaignId, statuses: ['draft', 'approved'] } } });
  const [id, setId] = useState('');
  const [state, send] = useMutation(SendTestEmail);
  const drafts = data?.emailLogs.edges.map((e) => e.node) ?? [];
  const out = state.data?.sendTestEmail;
  if (error && !data) return <ErrorState error={error} title="Could not load drafts" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingBlock lines={2} label="Loading drafts" /> : null;
  if (!drafts.length) return <EmptyState icon="✉" title="No draft to test with">Once a draft exists, send it to your own address here to see how it looks in an inbox.</EmptyState>;
  const chosen = id || drafts[0]!.id;
  return (
    <form className="stack" aria-label="Send a test email" onSubmit={(e) => { e.preventDefault(); void send({ id: chosen }); }}>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <Field label="Draft" className="grow"><Select value={chosen} onChange={(e) => setId(e.target.value)} options={drafts.map((d) => ({ value: d.id, label: `${d.prospect.domain} · ${d.subject || '(no subject)'}` }))} /></Field>
        <Button type="submit" variant="primary" loading={state.fetching}>Send test to myself</Button>
      </div>
      {state.error ? <Banner tone="danger">{state.error.message}</Banner> : null}
      {out && 'data' in out ? <Banner tone="ok">Test email sent to {out.data.to}{out.data.sandbox ? ' (sandbox Gmail: nothing left this machine)' : ''}.</Banner> : null}
      {out && !('data' in out) ? <Banner tone="danger">{out.__typename === 'ValidationError' ? (fieldErrorsOf(out).email ?? out.message) : out.message}</Banner> : null}
    </form>
  );
}

/** The step a follow-up job writes, from its parameters. */
function stepOf(params: unknown): number | null {
  const step = params && typeof params === 'object' ? (params as { step?: unknown }).step : null;
  return typeof step === 'number' ? step : null;
}

/**
 * Sandbox only: moves one prospect's follow-up clock so its next follow-up is due now (instead of
 * days from now), to see a follow-up written and sent in the thread. With Gmail live the server
 * refuses it, and this card says so instead of offering it.
 */
function FollowUpDueForm({ campaignId }: { campaignId: string }) {
  const [providers, refetchProviders] = useQuery({ query: ProvidersQuery });
  const gmail = providers.data?.providers.find((p) => p.provider === 'gmail');
  const sandbox = gmail?.mode === 'sandbox';
  // Prospects whose first email went out and who have not answered: the ones a follow-up can go to.
  const [{ data, fetching, error }, refetch] = useQuery({
    query: FollowUpCandidatesQuery, variables: { filter: { campaignId, outreachStatuses: ['sent'] } }, pause: !sandbox,
  });
  const [id, setId] = useState('');
  const [state, make] = useMutation(MakeFollowUpDue);
  if (providers.error && !providers.data) return <ErrorState error={providers.error} title="Could not tell whether Gmail is live" onRetry={() => refetchProviders({ requestPolicy: 'network-only' })} />;
  if (!providers.data) return providers.fetching ? <LoadingBlock lines={2} label="Checking the Gmail mode" /> : null;
  if (!sandbox) {
    return (
      <Banner tone="info" title="Only in sandbox mode. ">
        Gmail is live here: follow-ups go out on the campaign's real schedule (the follow-up delays in its settings), and time is not moved for real recipients.
      </Banner>
    );
  }
  if (error && !data) return <ErrorState error={error} title="Could not load prospects" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!data) return fetching ? <LoadingBlock lines={2} label="Loading prospects" /> : null;
  const prospects = data.prospects.edges.map((e) => e.node);
  if (!prospects.length) {
    return <EmptyState icon="↻" title="No first email sent yet">Once a prospect's first email is sent, you can make its follow-up due here instead of waiting days.</EmptyState>;
  }
  const chosen = prospects.some((p) => p.id === id) ? id : prospects[0]!.id;
  const domainOf = (pid: string) => prospects.find((p) => p.id === pid)?.domain ?? 'the prospect';
  const out = state.data?.makeFollowUpDue;
  const asked = state.operation?.variables.prospectId;
  const failure = state.error ? (state.error.networkError ? 'The server could not be reached. Try again.' : state.error.message.replace(/^\[GraphQL\] /, '')) : out && !('data' in out) ? out.message : null;
  const prospectLink = (pid: string) => `/campaigns/${encodeURIComponent(campaignId)}/prospects/${encodeURIComponent(pid)}`;
  return (
    <form className="stack" aria-label="Make a follow-up due now" onSubmit={(e) => { e.preventDefault(); void make({ prospectId: chosen }); }}>
      <p className="small muted">Sandbox only. Moves the prospect's follow-up clock so its next follow-up is due now: it is written like any follow-up (to review, unless the campaign auto-approves it) and the send queue sends it in the same Gmail thread.</p>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <Field label="Prospect" className="grow">
          <Select value={chosen} onChange={(e) => setId(e.target.value)}
            options={prospects.map((p) => ({ value: p.id, label: `${p.domain} · ${p.followupsSent === 0 ? 'no follow-up yet' : `${p.followupsSent} follow-up${p.followupsSent === 1 ? '' : 's'} sent`} · last sent ${formatDateTime(p.lastSent)}` }))} />
        </Field>
        <Button type="submit" variant="primary" loading={state.fetching}>Make follow-up due now</Button>
      </div>
      {failure && !state.fetching ? <Banner tone="warn" title="Not done: ">{failure}</Banner> : null}
      {out && 'data' in out && !state.fetching ? (
        <Banner tone="ok">
          Follow-up{stepOf(out.data.params) ? ` ${stepOf(out.data.params)}` : ''} of {asked ? domainOf(asked) : 'the prospect'} is due now and being written.{' '}
          <Link to={jobPath(campaignId, out.data.id)}>Follow the job</Link>
          {asked ? <> · <Link to={prospectLink(asked)}>Open the prospect</Link> to review it and see the thread</> : null}
        </Banner>
      ) : null}
    </form>
  );
}

/** How the fake feature links to the portfolio (the sandbox web host's link styles). */
const LINK_STYLES: Array<{ value: SandboxLinkStyle; label: string }> = [
  { value: 'direct', label: 'A direct link to the portfolio' },
  { value: 'tracking', label: 'A link with tracking parameters' },
  { value: 'www', label: 'A link to www. of the portfolio' },
  { value: 'redirect', label: 'A link through the site’s own redirect' },
  { value: 'name', label: 'No link: names the artist only' },
];
const RELS = [
  { value: '', label: 'follow (no rel)' },
  { value: 'nofollow', label: 'nofollow' },
  { value: 'ugc', label: 'ugc' },
  { value: 'sponsored', label: 'sponsored' },
];

/**
 * Sandbox only: the prospect's fake site publishes a feature about the artist (in its sitemap and
 * feed), so the placement watch finds it at its next check. Without the sandbox web host the server
 * refuses it (ConflictError), and the card says why.
 */
function PublishFeatureForm({ campaignId }: { campaignId: string }) {
  const [everyone, setEveryone] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: FeatureCandidatesQuery,
    variables: { filter: everyone ? { campaignId } : { campaignId, outreachStatuses: ['replied', 'accepted'] } },
  });
  const [id, setId] = useState('');
  const [linkStyle, setLinkStyle] = useState<SandboxLinkStyle>('direct');
  const [rel, setRel] = useState('');
  const [state, publish] = useMutation(PublishSandboxFeature);
  const prospects = data?.prospects.edges.map((e) => e.node) ?? [];
  const chosen = prospects.some((p) => p.id === id) ? id : prospects[0]?.id ?? '';
  const out = state.data?.publishSandboxFeature;
  const failure = state.error ? (state.error.networkError ? 'The server could not be reached. Try again.' : state.error.message.replace(/^\[GraphQL\] /, '')) : out && !('data' in out) ? out.message : null;
  const everyoneBox = <Checkbox label="Offer every prospect of the campaign (not only those that replied or accepted)" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />;
  let body;
  if (error && !data) body = <ErrorState error={error} title="Could not load prospects" onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data) body = fetching ? <LoadingBlock lines={2} label="Loading prospects" /> : null;
  else if (!prospects.length) {
    body = <EmptyState icon="★" title={everyone ? 'No prospects yet' : 'No prospect replied or accepted yet'}>The watch looks for features on the sites of prospects that replied or accepted. Tick the box above to try it with any prospect.</EmptyState>;
  } else {
    body = (
      <form className="stack" aria-label="Publish a feature (fake site)" onSubmit={(e) => { e.preventDefault(); void publish({ prospectId: chosen, linkStyle, rel: rel || null }); }}>
        <div className="grid-3">
          <Field label="Prospect">
            <Select value={chosen} onChange={(e) => setId(e.target.value)} options={prospects.map((p) => ({ value: p.id, label: `${p.domain} · ${p.outreachStatus}` }))} />
          </Field>
          <Field label="Link"><Select value={linkStyle} onChange={(e) => setLinkStyle(e.target.value as SandboxLinkStyle)} options={LINK_STYLES} /></Field>
          <Field label="rel of the link"><Select value={rel} onChange={(e) => setRel(e.target.value)} options={RELS} disabled={linkStyle === 'name'} /></Field>
        </div>
        <div className="row"><Button type="submit" variant="primary" loading={state.fetching}>Publish the feature</Button></div>
      </form>
    );
  }
  return (
    <div className="stack">
      <p className="small muted">Sandbox only. The prospect’s fake site publishes a page about the artist, listed in its sitemap and RSS feed, as a real site does when it features the work.</p>
      {everyoneBox}
      {body}
      {failure && !state.fetching ? <Banner tone="danger" title="Not published: ">{failure}</Banner> : null}
      {out && 'data' in out && !state.fetching ? (
        <Banner tone="ok" title="Published. ">
          The fake site now has <a href={out.data.url} target="_blank" rel="noopener noreferrer" className="wrap-anywhere">{out.data.url}<span className="visually-hidden"> (opens in a new tab)</span></a>. The watch finds it at its next check; the card moves to Published and the feature shows on the dashboard.
        </Banner>
      ) : null}
    </div>
  );
}

export function TestToolsPage({ campaignId }: { campaignId: string }) {
  return (
    <div className="page">
      <div className="page-header"><div><h1>Test tools</h1><p>Try the pipeline on one site or keyword without storing or sending anything, see a draft in your own inbox, and in the sandbox make a follow-up due now or have a site publish a feature.</p></div></div>
      <Card title="Dry run"><DryRunForm campaignId={campaignId} /></Card>
      <Card title="Send a test email to yourself"><TestEmailForm campaignId={campaignId} /></Card>
      <Card title="Make a follow-up due now"><FollowUpDueForm campaignId={campaignId} /></Card>
      <Card title="Publish a feature (fake site)"><PublishFeatureForm campaignId={campaignId} /></Card>
    </div>
  );
}
