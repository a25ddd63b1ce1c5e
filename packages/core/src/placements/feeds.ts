import { XMLParser } from "fast-xml-parser";

/**
 * Sitemaps (urlset and sitemap index), RSS 2.0 / RSS 1.0 (RDF) and Atom, read into page URLs with
 * the date the site gives (lastmod, pubDate, dc:date, published/updated). Unreadable XML reads as
 * no entries: a site's broken feed is not our error.
 */

export interface FeedEntry {
  url: string;
  publishedAt: Date | null;
}

export interface FeedRead {
  kind: "urlset" | "sitemapindex" | "rss" | "atom" | "unknown";
  /** Pages; for a sitemap index, the sitemaps it lists. */
  entries: FeedEntry[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  isArray: (name) => ["url", "sitemap", "item", "entry", "link"].includes(name),
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (v && typeof v === "object" && "#text" in v) return text((v as Node)["#text"]);
  return null;
}

function first(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

function dateOf(...values: unknown[]): Date | null {
  for (const v of values) {
    const s = text(first(v));
    if (!s) continue;
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return null;
}

function absolute(raw: string | null, base: string): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function entries(items: unknown, base: string, read: (n: Node) => { url: string | null; publishedAt: Date | null }): FeedEntry[] {
  if (!Array.isArray(items)) return [];
  const out: FeedEntry[] = [];
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const r = read(item as Node);
    const url = absolute(r.url, base);
    if (url) out.push({ url, publishedAt: r.publishedAt });
  }
  return out;
}

function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return null;
  const list = links as Node[];
  const alt = list.find((l) => typeof l === "object" && (!l["@_rel"] || l["@_rel"] === "alternate")) ?? list[0];
  if (!alt) return null;
  return typeof alt === "object" ? text(alt["@_href"]) : text(alt);
}

export function parseFeed(xml: string, baseUrl: string): FeedRead {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    return { kind: "unknown", entries: [] };
  }
  const urlset = doc.urlset as Node | undefined;
  if (urlset) return { kind: "urlset", entries: entries(urlset.url, baseUrl, (n) => ({ url: text(n.loc), publishedAt: dateOf(n.lastmod) })) };
  const index = doc.sitemapindex as Node | undefined;
  if (index) return { kind: "sitemapindex", entries: entries(index.sitemap, baseUrl, (n) => ({ url: text(n.loc), publishedAt: dateOf(n.lastmod) })) };
  const rss = doc.rss as Node | undefined;
  const channel = rss ? (rss.channel as Node | undefined) : undefined;
  const rssItems = channel?.item ?? (doc.RDF as Node | undefined)?.item;
  if (rssItems) {
    return {
      kind: "rss",
      entries: entries(rssItems, baseUrl, (n) => ({ url: text(first(n.link)) ?? text(n.guid), publishedAt: dateOf(n.pubDate, n.date, n.published) })),
    };
  }
  const feed = doc.feed as Node | undefined;
  if (feed) return { kind: "atom", entries: entries(feed.entry, baseUrl, (n) => ({ url: atomLink(n.link), publishedAt: dateOf(n.published, n.updated) })) };
  return { kind: "unknown", entries: [] };
}
