import { memo, useId, type DragEvent, type KeyboardEvent } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatScore } from '../../lib/format';
import { Link } from '../../lib/router';
import { enrichStatus, useRerenderAt } from '../prospects/enrichment';
import './board.css';

export const BoardCardFragment = graphql(`
  fragment BoardCard on Prospect {
    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt enrichedAt enrichAvailableAt
    placements { id url status }
  }
`);

export type CardKeyHandler = (e: KeyboardEvent<HTMLAnchorElement>, id: string) => void;
export type EnrichHandler = (id: string, domain: string) => void;

export const BoardCard = memo(function BoardCard({ prospect: ref, href, tabbable, onKeyDown, onFocus, onEnrich, index, hintId }: {
  prospect: FragmentType<typeof BoardCardFragment>; href: string; tabbable: boolean; index: number; hintId: string;
  onKeyDown: CardKeyHandler; onFocus: (index: number) => void; onEnrich: EnrichHandler;
}) {
  const p = useFragment(BoardCardFragment, ref);
  const enrich = enrichStatus(p);
  // The newest feature (the server lists them newest first), a live one before a lost one.
  const feature = p.placements.find((f) => f.status === 'live') ?? p.placements[0] ?? null;
  const action = enrich.applies || !!feature;
  const featureLabel = feature?.status === 'lost' ? 'Lost feature' : 'Featured';
  const reasonId = useId();
  // The visible words start the name; the domain tells the cards' buttons apart.
  const label = enrich.available ? 'Enrich' : `Enrich after ${enrich.againAt}`;
  useRerenderAt(enrich.againAt ? p.enrichAvailableAt : null);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData('application/x-prospect-id', p.id);
    e.dataTransfer.setData('text/plain', p.domain);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <>
      <Link to={href} className="pcard-inner" draggable onDragStart={onDragStart} data-prospect-id={p.id} data-index={index}
        tabIndex={tabbable ? 0 : -1} aria-describedby={hintId} title={p.pageTitle ? `${p.domain} — ${p.pageTitle}` : p.domain}
        onKeyDown={(e) => onKeyDown(e, p.id)} onFocus={() => onFocus(index)}>
        {/* The visible text is the accessible name (no aria-label that would say something else). */}
        <span className="pcard-domain">{p.domain}</span>
        {action ? <>
          {/* The last line holds the Enrich button or the Featured link: the address moves up to the title's line. */}
          <span className="pcard-meta"><span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.contactEmail ? '✉ email' : 'no email'} · {p.pageTitle ?? '—'}</span></span>
          <span className="pcard-meta"><span>Score {formatScore(p.score)}</span></span>
        </> : <>
          <span className="pcard-meta"><span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.pageTitle ?? '—'}</span></span>
          <span className="pcard-meta"><span>Score {formatScore(p.score)}</span><span>{p.contactEmail ? '✉ email' : 'no email'}</span></span>
        </>}
        <span className="visually-hidden">, outreach {p.outreachStatus}</span>
      </Link>
      {enrich.applies ? (
        // aria-disabled, not disabled: the button and its reason stay reachable by keyboard.
        <button type="button" className="btn btn-sm pcard-action" tabIndex={tabbable ? 0 : -1}
          aria-label={`${label}, ${p.domain}`} aria-disabled={!enrich.available || undefined} aria-describedby={reasonId} title={enrich.text}
          onClick={() => { if (enrich.available) onEnrich(p.id, p.domain); }}>
          {label}
        </button>
      ) : null}
      {enrich.applies ? <span id={reasonId} className="visually-hidden">{enrich.text}</span> : null}
      {feature && !enrich.applies ? (
        // Beside the card's link, never inside it; reached like the card's other action.
        <a href={feature.url} target="_blank" rel="noopener noreferrer" className="btn btn-sm pcard-action" tabIndex={tabbable ? 0 : -1}
          aria-label={`${featureLabel}, ${p.domain} (opens in a new tab)`} title={feature.status === 'lost' ? `The feature was lost: ${feature.url}` : feature.url}>
          {featureLabel} ↗
        </a>
      ) : null}
    </>
  );
});
