import type { CrawlResult } from "../crawl/index.ts";
import type { ComposeCampaign, ComposeProspect } from "./types.ts";

/** The facts a draft may use, in one place: the prompt, the template and the checks agree. */
export interface ComposeFacts {
  artistName: string;
  portfolioUrl: string | null;
  statement: string | null;
  medium: string | null;
  keywords: string[];
  sampleWorks: Array<{ title: string | null; url: string | null }>;
  fromName: string | null;
  fromEmail: string | null;
  siteName: string;
  siteUrl: string;
  domain: string;
  contactName: string | null;
  contactFirstName: string | null;
  contactEmail: string | null;
  openCallTitle: string | null;
  openCallDeadline: string | null;
  openCallFee: string | null;
  openCallUrl: string | null;
  submissionFormUrl: string | null;
}

const clean = (s: string | null | undefined): string | null => {
  const v = (s ?? "").replace(/[\r\n]+/g, " ").replace(/\s+/g, " ").trim();
  return v ? v : null;
};

export function sampleWorksOf(raw: unknown): Array<{ title: string | null; url: string | null }> {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((w) => {
      if (typeof w === "string") return /^https?:\/\//i.test(w.trim()) ? { title: null, url: w.trim() } : { title: clean(w), url: null };
      if (w && typeof w === "object") {
        const o = w as Record<string, unknown>;
        const url = typeof o.url === "string" ? o.url.trim() : typeof o.link === "string" ? o.link.trim() : null;
        const title = typeof o.title === "string" ? clean(o.title) : typeof o.name === "string" ? clean(o.name) : null;
        return { title, url: url && /^https?:\/\//i.test(url) ? url : null };
      }
      return { title: null, url: null };
    })
    .filter((w) => w.title || w.url)
    .slice(0, 10);
}

/** The site's name: the title segment most page titles share ("About | X", "Contact | X" -> X). */
export function siteNameOf(crawl: CrawlResult | null, prospect: ComposeProspect): string {
  const titles = [...(crawl?.pages.map((p) => p.title) ?? []), crawl?.title ?? null, prospect.pageTitle ?? null].filter((t): t is string => !!t);
  const counts = new Map<string, number>();
  for (const t of titles) {
    for (const seg of new Set(t.split(/\s+[|–—·:-]\s+/).map((s) => s.trim()).filter((s) => s.length >= 3 && s.length <= 80))) {
      counts.set(seg, (counts.get(seg) ?? 0) + 1);
    }
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best && (best[1] >= 2 || titles.length === 1)) return best[0];
  const label = prospect.domain.replace(/^www\./, "").split(".")[0] ?? prospect.domain;
  return label.replace(/[-_]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());
}

export function composeFacts(campaign: ComposeCampaign, prospect: ComposeProspect, crawl: CrawlResult | null): ComposeFacts {
  const keywords = (campaign.keywords ?? []).map((k) => clean(k)).filter((k): k is string => !!k);
  const contactName = clean(prospect.contactName);
  const oc = crawl?.openCall ?? null;
  return {
    artistName: clean(campaign.artistName) ?? "",
    portfolioUrl: clean(campaign.portfolioUrl),
    statement: clean(campaign.statement),
    medium: clean(campaign.medium),
    keywords,
    sampleWorks: sampleWorksOf(campaign.sampleWorks),
    fromName: clean(campaign.fromName),
    fromEmail: clean(campaign.fromEmail),
    siteName: siteNameOf(crawl, prospect),
    siteUrl: crawl?.finalUrl ?? prospect.pageUrl ?? `https://${prospect.domain}/`,
    domain: prospect.domain,
    contactName,
    contactFirstName: contactName ? contactName.split(/\s+/)[0]! : null,
    contactEmail: clean(prospect.contactEmail),
    openCallTitle: clean(oc?.title),
    openCallDeadline: oc?.deadline ?? null,
    openCallFee: oc?.fee ?? null,
    openCallUrl: oc?.pageUrl ?? null,
    submissionFormUrl: crawl?.submissionForm?.pageUrl ?? null,
  };
}
