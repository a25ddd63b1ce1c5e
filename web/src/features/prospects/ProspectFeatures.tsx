import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { fieldErrorsOf, focusFirstInvalid, focusResult } from '../../lib/results';
import { Button, Card, EmptyState, Field, Heading, Input } from '../../ui';
import { fieldMessage } from '../drafts/flags';
import { FeatureLink, LostLine, PlacementStatus, RelBadge, relChange } from '../placements/placement';

export const ProspectFeaturesFragment = graphql(`
  fragment ProspectFeatures on Prospect {
    id domain
    placements {
      id url site title rel previousRel relChangedAt anchorText excerpt foundAt source match
      status lostAt lostReason lastCheckedAt checkedCount lastCheckNote
    }
  }
`);

export const AddPlacement = graphql(`
  mutation AddPlacement($prospectId: ID!, $url: String!) {
    addPlacement(prospectId: $prospectId, url: $url) {
      __typename
      ... on MutationAddPlacementSuccess { data { id url prospect { id stage outreachStatus ...ProspectFeatures } } }
      ... on ValidationError { message fieldErrors { path message } }
      ... on Error { message }
    }
  }
`);

/** When and how the feature came to be known: "Found Mar 4, 2027 in the site’s sitemap or feed". */
function foundText(source: string, foundAt: string): string {
  if (source === 'manual') return `Added by you ${formatDate(foundAt)}`;
  return `Found ${formatDate(foundAt)} ${source === 'search' ? 'by the weekly search' : 'in the site’s sitemap or feed'}`;
}

const LABEL = 'Feature page URL';

/** "Add a feature page": one URL on the prospect's site; the server reads it and says why when it refuses. */
function AddFeatureForm({ prospectId, domain }: { prospectId: string; domain: string }) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [state, add] = useMutation(AddPlacement);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  // The answer takes the focus: the field with its reason, or the confirmation.
  useEffect(() => { if (error) focusFirstInvalid(formRef.current); }, [error]);
  useEffect(() => { if (added) focusResult(resultRef.current); }, [added]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null); setAdded(null);
    if (!url.trim()) { setError(`Enter the address of the page on ${domain} that features the artist.`); return; }
    const r = await add({ prospectId, url: url.trim() });
    const out = r.data?.addPlacement;
    if (out && 'data' in out) {
      setUrl('');
      setAdded(out.data.url);
      return;
    }
    // Whatever was typed stays in the box, with the reason beside it.
    const message = r.error
      ? (r.error.networkError ? 'The server could not be reached. Try again.' : r.error.message.replace(/^\[GraphQL\] /, ''))
      : out?.__typename === 'ValidationError' ? fieldMessage(LABEL, fieldErrorsOf(out).url ?? out.message) : out?.message;
    setError(message ?? 'The feature could not be added.');
  }

  return (
    <form ref={formRef} className="stack-sm feature-add" aria-label="Add a feature page" onSubmit={onSubmit} noValidate>
      <Heading className="small">Add a feature page</Heading>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <Field label={LABEL} className="grow" error={error} hint={`A page on ${domain} (or a subdomain) that links to the portfolio or names the artist; it is read and checked like one the watch finds.`}>
          <Input type="url" inputMode="url" placeholder={`https://${domain}/…`} value={url} onChange={(e) => { setUrl(e.target.value); if (error) setError(null); }} />
        </Field>
        <div className="field"><span className="label" aria-hidden="true">&nbsp;</span><Button type="submit" loading={state.fetching}>Add feature</Button></div>
      </div>
      <p ref={resultRef} tabIndex={-1} className="small result-focus" role="status">
        {added ? <>Added {added}: it is checked again monthly.</> : null}
      </p>
    </form>
  );
}

/** The prospect page's Features section: every feature found on the site, and a form to add one. */
export function ProspectFeatures({ prospect: ref }: { prospect: FragmentType<typeof ProspectFeaturesFragment> }) {
  const p = useFragment(ProspectFeaturesFragment, ref);
  return (
    <Card title="Features">
      {p.placements.length === 0 ? (
        <EmptyState icon="★" title="No feature found yet">
          Once {p.domain} replies or accepts, its sitemap and feed are checked for 90 days for a page that links to the portfolio or names the artist. If you know the page, add it below.
        </EmptyState>
      ) : (
        <ul className="feature-list" aria-label="Features">
          {p.placements.map((f) => {
            const change = relChange(f);
            return (
              <li key={f.id} className="feature-item">
                <FeatureLink url={f.url} title={f.title ?? f.url} />
                {f.title ? <span className="small muted mono wrap-anywhere">{f.url}</span> : null}
                <div className="row">
                  <RelBadge rel={f.rel} />
                  {change ? <span className="small muted">({change})</span> : null}
                  <PlacementStatus placement={f} />
                  <span className="small muted">{foundText(f.source, f.foundAt)}</span>
                </div>
                <LostLine placement={f} />
                {f.anchorText ? <span className="small feature-anchor">Anchor text: “{f.anchorText}”</span> : null}
                {f.excerpt ? <blockquote className="feature-excerpt" aria-label="Excerpt from the page">{f.excerpt}</blockquote> : null}
                <span className="small muted">
                  Last checked {formatDateTime(f.lastCheckedAt)} · {plural(f.checkedCount, 'check')}
                  {f.lastCheckNote ? <> · <span className="feature-note">Last check could not tell: {f.lastCheckNote}</span></> : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <AddFeatureForm prospectId={p.id} domain={p.domain} />
    </Card>
  );
}
