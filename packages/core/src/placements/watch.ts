import type { EventBus } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { Providers } from "@outreach/providers";
import { parse } from "node-html-parser";
import { extractPage, type Resolver } from "../crawl/index.ts";
import { parseFeed, type FeedEntry } from "./feeds.ts";
import { hostOf, isOnSite, matchPage, redirectCandidates, type PageMatch, type PlacementTarget } from "./match.ts";
import { createSiteReader, type ReaderOptions, type SiteReader } from "./reader.ts";
import { recordPlacement } from "./record.ts";

export interface PlacementDeps {
  db: Db;
  bus: EventBus;
  sandboxWebHostUrl?: string;
  /** DNS resolver for the guard (tests stub it). */
  lookup?: Resolver;
  now?: () => Date;
  reader?: Omit<ReaderOptions, "sandboxWebHostUrl" | "lookup">;
  /** Providers attributed to the prospect's user and campaign, for the optional search. */
  providersFor?: (context: { userId: string; campaignId: string }) => { providers: Providers; close(): Promise<void> };
}

export const WATCH_LIMITS = {
  /** Pages read per check at most (newest first). */
  pagesPerCheck: 15,
  /** Child sitemaps read from a sitemap index. */
  childSitemaps: 3,
  searchEveryMs: 7 * 24 * 3600_000,
};

export interface WatchResult {
  prospectId: string;
  pagesChecked: number;
  found: Array<{ url: string; match: PageMatch["match"] }>;
  /** Pages robots.txt kept us from. */
  disallowed: number;
  searched: boolean;
  notes: string[];
}

const nowOf = (deps: PlacementDeps) => (deps.now ? deps.now() : new Date());

export function readerFor(deps: PlacementDeps): SiteReader {
  return createSiteReader({ ...deps.reader, sandboxWebHostUrl: deps.sandboxWebHostUrl, lookup: deps.lookup });
}

/** Reads one page and tells whether it is the feature (through the reader: guard, caps, robots). */
export async function checkPage(reader: SiteReader, url: string, target: PlacementTarget): Promise<{ ok: true; url: string; status: number; title: string | null; match: PageMatch | null } | { ok: false; reason: string; status?: number; detail: string }> {
  const r = await reader.read(url, "page");
  if (!r.ok) return { ok: false, reason: r.reason, status: "status" in r ? r.status : undefined, detail: r.detail };
  const facts = extractPage(r.body, r.url, r.contentType);
  const redirects = new Map<string, string>();
  if (target.portfolioUrl) {
    for (const link of redirectCandidates(facts.links, r.url)) {
      const hop = await reader.read(link, "redirect");
      if (!hop.ok && hop.reason === "too_many_redirects" && "location" in hop && hop.location) redirects.set(link, hop.location);
    }
  }
  return { ok: true, url: r.url, status: r.status, title: facts.title, match: matchPage(facts, target, redirects) };
}

function feedLinks(html: string, base: string): string[] {
  const out: string[] = [];
  for (const l of parse(html).querySelectorAll("link")) {
    const rel = (l.getAttribute("rel") ?? "").toLowerCase();
    const type = (l.getAttribute("type") ?? "").toLowerCase();
    const href = l.getAttribute("href");
    if (rel.split(/\s+/).includes("alternate") && /(rss|atom)\+xml/.test(type) && href) {
      try {
        out.push(new URL(href, base).href);
      } catch {
        /* not a URL */
      }
    }
  }
  return out.slice(0, 3);
}

async function readFeed(reader: SiteReader, url: string): Promise<ReturnType<typeof parseFeed>> {
  const r = await reader.read(url, "xml");
  return r.ok ? parseFeed(r.body, r.url) : { kind: "unknown", entries: [] };
}

/** Pages the site lists in its sitemaps and feeds. */
async function listedPages(reader: SiteReader, origin: string): Promise<FeedEntry[]> {
  const sitemapUrls = (await reader.sitemaps(origin)).filter((u) => hostOf(u) === hostOf(origin));
  if (sitemapUrls.length === 0) sitemapUrls.push(`${origin}/sitemap.xml`);
  const pages: FeedEntry[] = [];
  for (const url of sitemapUrls.slice(0, 3)) {
    const read = await readFeed(reader, url);
    if (read.kind === "sitemapindex") {
      const children = [...read.entries].sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
      for (const child of children.slice(0, WATCH_LIMITS.childSitemaps)) pages.push(...(await readFeed(reader, child.url)).entries);
    } else pages.push(...read.entries);
  }
  const home = await reader.read(`${origin}/`, "page");
  const feeds = home.ok ? feedLinks(home.body, home.url) : [];
  for (const url of feeds.length ? feeds : [`${origin}/feed/`]) pages.push(...(await readFeed(reader, url)).entries);
  return pages;
}

/**
 * One watch check of one prospect's site: the pages its sitemaps and feeds list as published
 * since the first email (and not already read by an earlier check), newest first, then (when the
 * campaign asks for it, at most weekly) a search `site:<domain> "<artist>"`. Each page that links
 * to the portfolio or names the artist becomes a placement (record.ts). Safe to run twice.
 */
export async function watchProspect(deps: PlacementDeps, prospectId: string): Promise<WatchResult> {
  const now = nowOf(deps);
  const p = await deps.db.prospect.findUniqueOrThrow({
    where: { id: prospectId },
    select: {
      id: true, domain: true, campaignId: true, createdAt: true, watchCheckedAt: true, searchCheckedAt: true,
      campaign: { select: { userId: true, artistName: true, portfolioUrl: true, placementSearch: true, languageCode: true, locationCode: true } },
      placements: { select: { url: true } },
      emailLogs: { where: { sentAt: { not: null } }, orderBy: { sentAt: "asc" }, take: 1, select: { sentAt: true } },
    },
  });
  const since = p.emailLogs[0]?.sentAt ?? p.createdAt;
  const target: PlacementTarget = { artistName: p.campaign.artistName, portfolioUrl: p.campaign.portfolioUrl };
  const owner = { prospectId: p.id, campaignId: p.campaignId, userId: p.campaign.userId };
  const known = new Set(p.placements.map((x) => x.url));
  const result: WatchResult = { prospectId: p.id, pagesChecked: 0, found: [], disallowed: 0, searched: false, notes: [] };
  const origin = `https://${p.domain}`;
  const reader = readerFor(deps);
  try {
    const candidates = new Map<string, FeedEntry & { source: "watch" | "search" }>();
    const searchDue = p.campaign.placementSearch && deps.providersFor && (!p.searchCheckedAt || now.getTime() - p.searchCheckedAt.getTime() >= WATCH_LIMITS.searchEveryMs);
    if (searchDue) {
      const search = await searchForFeature(deps, owner, p.domain, p.campaign);
      for (const url of search.urls) candidates.set(url, { url, publishedAt: null, source: "search" });
      if (search.note) result.notes.push(search.note);
      result.searched = true;
    }
    const listed = (await listedPages(reader, origin))
      .filter((e) => {
        const host = hostOf(e.url);
        return host !== null && isOnSite(host, p.domain);
      })
      .filter((e) => !e.publishedAt || (e.publishedAt >= since && (!p.watchCheckedAt || e.publishedAt > p.watchCheckedAt)))
      .sort((a, b) => (b.publishedAt?.getTime() ?? -1) - (a.publishedAt?.getTime() ?? -1));
    for (const e of listed) if (!candidates.has(e.url)) candidates.set(e.url, { ...e, source: "watch" });

    for (const entry of [...candidates.values()].filter((e) => !known.has(e.url)).slice(0, WATCH_LIMITS.pagesPerCheck)) {
      const checked = await checkPage(reader, entry.url, target);
      if (!checked.ok) {
        if (checked.reason === "robots") result.disallowed++;
        else if (checked.reason === "budget") break;
        continue;
      }
      result.pagesChecked++;
      if (!checked.match || known.has(checked.url)) continue;
      await recordPlacement(deps, owner, { url: checked.url, title: checked.title, match: checked.match }, entry.source, now);
      known.add(checked.url);
      result.found.push({ url: checked.url, match: checked.match.match });
    }
  } finally {
    reader.close();
  }
  await deps.db.prospect.update({ where: { id: p.id }, data: { watchCheckedAt: now, ...(result.searched ? { searchCheckedAt: now } : {}) } });
  return result;
}

async function searchForFeature(
  deps: PlacementDeps,
  owner: { userId: string; campaignId: string },
  domain: string,
  campaign: { artistName: string; languageCode: string; locationCode: number },
): Promise<{ urls: string[]; note?: string }> {
  const { providers, close } = deps.providersFor!({ userId: owner.userId, campaignId: owner.campaignId });
  try {
    const serp = await providers.dataforseo.serpOrganicLive({
      keyword: `site:${domain} "${campaign.artistName.replace(/"/g, "")}"`,
      languageCode: campaign.languageCode,
      locationCode: campaign.locationCode,
      depth: 10,
    });
    const urls = serp.items.map((i) => i.url).filter((u) => {
      const host = hostOf(u);
      return host !== null && isOnSite(host, domain);
    });
    return { urls };
  } catch (err) {
    return { urls: [], note: `The search for the feature failed: ${(err as Error).message}` };
  } finally {
    await close();
  }
}
