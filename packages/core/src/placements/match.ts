import type { LinkFact, PageFacts } from "../crawl/index.ts";

/**
 * Is this page the feature? Pure functions over a page's facts: a link to the artist's portfolio
 * (its host, with or without "www.", whatever the path and tracking parameters; also through a
 * link of the site's own that redirects there), else the artist's full name in the page's text as
 * whole words (case, accents and punctuation ignored).
 */

export type PlacementMatchKind = "links_to_portfolio" | "names_artist";

export interface PlacementTarget {
  artistName: string;
  portfolioUrl: string | null;
}

export interface PageMatch {
  match: PlacementMatchKind;
  /** "follow", or the link's nofollow / ugc / sponsored tokens; null for a name without a link. */
  rel: string | null;
  anchorText: string | null;
  /** The page's link (before any same-site redirect) when the match is a link. */
  linkUrl: string | null;
  excerpt: string;
}

const REL_TOKENS = ["nofollow", "ugc", "sponsored"] as const;
const EXCERPT_CHARS = 280;
/** Same-site links that usually redirect elsewhere (link shorteners, "out" counters). */
const REDIRECT_PATH = /\/(go|out|r|redirect|link|links|click|exit|visit|away|outbound)(\/|$)/i;

export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");
  } catch {
    return null;
  }
}

/** True when `host` is `domain` or one of its subdomains ("www." ignored). */
export function isOnSite(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/^www\./, "");
  const d = domain.toLowerCase().replace(/^www\./, "");
  return h === d || h.endsWith(`.${d}`);
}

export function relOf(rel: string): string {
  const tokens = rel.toLowerCase().split(/\s+/);
  const kept = REL_TOKENS.filter((t) => tokens.includes(t));
  return kept.length ? kept.join(" ") : "follow";
}

/** A URL that points at the portfolio's host, directly or in one of its query values (?url=…). */
export function pointsToPortfolio(url: string, portfolioHost: string): boolean {
  if (hostOf(url) === portfolioHost) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  for (const value of parsed.searchParams.values()) {
    if (/^https?:\/\//i.test(value) && hostOf(value) === portfolioHost) return true;
  }
  return false;
}

/** Lower case, accents and punctuation removed, one space between words. */
export function normalizeWords(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Where the artist's full name stands as whole words in `text` (index into the normalized text), or -1. */
export function findName(text: string, artistName: string): number {
  const name = normalizeWords(artistName);
  if (!name) return -1;
  const hay = ` ${normalizeWords(text)} `;
  const at = hay.indexOf(` ${name} `);
  return at < 0 ? -1 : at;
}

function around(text: string, needle: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const at = needle ? flat.toLowerCase().indexOf(needle.toLowerCase()) : -1;
  if (at < 0) return flat.slice(0, EXCERPT_CHARS);
  const start = Math.max(0, at - Math.floor((EXCERPT_CHARS - needle.length) / 2));
  const cut = flat.slice(start, start + EXCERPT_CHARS);
  return `${start > 0 ? "…" : ""}${cut}${start + EXCERPT_CHARS < flat.length ? "…" : ""}`;
}

function nameExcerpt(text: string, artistName: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const words = artistName.trim().split(/\s+/);
  // The name as written on the page may carry accents or other case: find its first word, then widen.
  const re = new RegExp(words.map((w) => escapeRegExp(w.normalize("NFKD").replace(/\p{M}+/gu, ""))).join("[^\\p{L}\\p{N}]+"), "iu");
  const plain = flat.normalize("NFKD").replace(/\p{M}+/gu, "");
  const m = re.exec(plain);
  return around(flat, m ? flat.slice(m.index, m.index + m[0].length) : "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The page's own links that may redirect to the portfolio (resolved by the caller, one hop). */
export function redirectCandidates(links: LinkFact[], pageUrl: string, limit = 5): string[] {
  const site = hostOf(pageUrl);
  if (!site) return [];
  const out = new Set<string>();
  for (const l of links) {
    const host = hostOf(l.url);
    if (host && isOnSite(host, site) && REDIRECT_PATH.test(new URL(l.url).pathname)) out.add(l.url);
    if (out.size >= limit) break;
  }
  return [...out];
}

/**
 * The page's match, if any. `redirects`: same-site link → where it redirects (from
 * redirectCandidates, resolved by the caller).
 */
export function matchPage(facts: Pick<PageFacts, "links" | "text" | "mainText">, target: PlacementTarget, redirects: ReadonlyMap<string, string> = new Map()): PageMatch | null {
  const portfolioHost = target.portfolioUrl ? hostOf(target.portfolioUrl) : null;
  if (portfolioHost) {
    for (const link of facts.links) {
      const resolved = redirects.get(link.url);
      if (pointsToPortfolio(link.url, portfolioHost) || (resolved && pointsToPortfolio(resolved, portfolioHost))) {
        return { match: "links_to_portfolio", rel: relOf(link.rel), anchorText: link.text || null, linkUrl: link.url, excerpt: around(facts.text, link.text) };
      }
    }
  }
  if (findName(facts.text, target.artistName) >= 0) {
    return { match: "names_artist", rel: null, anchorText: null, linkUrl: null, excerpt: nameExcerpt(facts.text, target.artistName) };
  }
  return null;
}
