import { memo, type DragEvent, type KeyboardEvent } from 'react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatScore } from '../../lib/format';
import { Link } from '../../lib/router';

export const BoardCardFragment = graphql(`
  fragment BoardCard on Prospect {
    id domain pageTitle score stage outreachStatus contactEmail lastSent createdAt
  }
`);

export type CardKeyHandler = (e: KeyboardEvent<HTMLAnchorElement>, id: string) => void;

export const BoardCard = memo(function BoardCard({ prospect: ref, href, tabbable, onKeyDown, onFocus, index, hintId }: {
  prospect: FragmentType<typeof BoardCardFragment>; href: string; tabbable: boolean; index: number; hintId: string;
  onKeyDown: CardKeyHandler; onFocus: (index: number) => void;
}) {
  const p = useFragment(BoardCardFragment, ref);
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData('application/x-prospect-id', p.id);
    e.dataTransfer.setData('text/plain', p.domain);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <Link to={href} className="pcard-inner" draggable onDragStart={onDragStart} data-prospect-id={p.id} data-index={index}
      tabIndex={tabbable ? 0 : -1} aria-describedby={hintId} title={p.pageTitle ? `${p.domain} — ${p.pageTitle}` : p.domain}
      onKeyDown={(e) => onKeyDown(e, p.id)} onFocus={() => onFocus(index)}>
      {/* The visible text is the accessible name (no aria-label that would say something else). */}
      <span className="pcard-domain">{p.domain}</span>
      <span className="pcard-meta"><span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.pageTitle ?? '—'}</span></span>
      <span className="pcard-meta"><span>Score {formatScore(p.score)}</span><span>{p.contactEmail ? '✉ email' : 'no email'}</span></span>
      <span className="visually-hidden">, outreach {p.outreachStatus}</span>
    </Link>
  );
});
