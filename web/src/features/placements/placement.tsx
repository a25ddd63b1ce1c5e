// How a placement (a published feature) reads wherever it is shown: the dashboard's Features panel,
// the prospect page and the board card share these words.
import type { ReactNode } from 'react';
import { formatDate } from '../../lib/format';
import { Badge, type Tone } from '../../ui';
import './placements.css';

/** rel tokens that ask search engines not to credit the link (the rest, or none, is a followed link). */
const UNFOLLOWED = ['nofollow', 'ugc', 'sponsored'] as const;

export type RelInfo = { label: string; tone: Tone; title: string };

/**
 * The link's kind from the server's rel: "follow", the nofollow / ugc / sponsored tokens it carries,
 * or "named, no link" when the page names the artist without linking (rel null).
 */
export function relInfo(rel: string | null | undefined): RelInfo {
  if (rel === null || rel === undefined) return { label: 'named, no link', tone: 'neutral', title: 'The page names the artist but does not link to the portfolio.' };
  const tokens = rel.toLowerCase().split(/\s+/).filter((t) => (UNFOLLOWED as readonly string[]).includes(t));
  if (!tokens.length) return { label: 'follow', tone: 'ok', title: 'A followed link: search engines credit the portfolio.' };
  return { label: [...new Set(tokens)].join(' '), tone: 'info', title: `The link is marked ${tokens.join(' ')}: search engines are asked not to credit it.` };
}

/** The link's kind as a badge; screen readers hear "link: nofollow". */
export function RelBadge({ rel }: { rel: string | null | undefined }) {
  const info = relInfo(rel);
  return <span className="rel-badge"><Badge tone={info.tone} title={info.title}><span className="visually-hidden">link: </span>{info.label}</Badge></span>;
}

type StatusLike = { status: string; lostAt?: string | null; lostReason?: string | null };

/** Live or lost, as a badge. */
export function PlacementStatus({ placement: p }: { placement: StatusLike }) {
  return p.status === 'lost' ? <Badge tone="danger">lost</Badge> : <Badge tone="ok">live</Badge>;
}

/** When and why a lost feature was lost, on its own line; nothing for a live one. */
export function LostLine({ placement: p }: { placement: StatusLike }) {
  if (p.status !== 'lost') return null;
  return <span className="small feature-lost">Lost {formatDate(p.lostAt)}{p.lostReason ? `: ${p.lostReason.replace(/\.$/, '')}` : ''}.</span>;
}

/** The feature page as a link that opens in a new tab (the page's title, else its address). */
export function FeatureLink({ url, title, children }: { url: string; title?: string | null; children?: ReactNode }) {
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="feature-link">
      {children ?? title ?? url}<span className="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

/** "was nofollow until Mar 3, 2027" when the link's rel changed since it was found; null otherwise. */
export function relChange(p: { previousRel?: string | null; relChangedAt?: string | null }): string | null {
  if (!p.relChangedAt) return null;
  const was = p.previousRel === null || p.previousRel === undefined ? 'had no link' : `was ${relInfo(p.previousRel).label}`;
  return `${was} until ${formatDate(p.relChangedAt)}`;
}
