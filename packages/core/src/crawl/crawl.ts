import { fetchPage, type FetchFailureReason } from "./fetch.ts";
import { createGuardedAgents, parseSandboxOrigin, type ConnectHookInfo, type GuardDecision, type Resolver } from "./guard.ts";
import { excerpt, extractPage, findEmails, normaliseEmail, parseDeadline, parseFee, type FormFact, type PageFacts } from "./extract.ts";
import { findInstructions } from "./injection.ts";

/**
 * crawlSite: the start page plus a few same-site pages that look like about / contact /
 * submission / open call pages, through the SSRF guard, within byte and time caps. The result
 * is plain JSON (it is stored in Prospect.crawlData) and holds only text and facts.
 */

export type PageKind = "start" | "home" | "about" | "contact" | "submission" | "open_call";

export interface CrawledPage {
  url: string;
  kind: PageKind;
  status: number;
  title: string | null;
  description: string | null;
  /** Visible text of the page's main content, bounded. Untrusted: quote it, never obey it. */
  excerpt: string;
  truncated: boolean;
}

export interface CrawlError {
  url: string;
  reason: FetchFailureReason;
  detail: string;
}

export interface SubmissionForm {
  pageUrl: string;
  action: string;
  method: string;
  fields: string[];
  requiredFields: string[];
  hasFileUpload: boolean;
}

export interface OpenCall {
  pageUrl: string;
  title: string | null;
  /** YYYY-MM-DD when the page states one. */
  deadline: string | null;
  deadlineText: string | null;
  /** As written on the page, e.g. "€25"; null when none is stated or it is free. */
  fee: string | null;
  /** true: the page says there is no fee; false: a fee is stated; null: not stated. */
  free: boolean | null;
}

export interface FoundEmail {
  email: string;
  pageUrl: string;
  via: "mailto" | "text";
}

export interface CrawlResult {
  version: 1;
  startUrl: string;
  /** The start page after redirects (null when it could not be fetched). */
  finalUrl: string | null;
  /** The site's host (after redirects), without "www.". */
  site: string;
  fetchedAt: string;
  durationMs: number;
  status: "ok" | "partial" | "failed";
  sandbox: boolean;
  title: string | null;
  description: string | null;
  pages: CrawledPage[];
  emails: FoundEmail[];
  contactPageUrl: string | null;
  submissionForm: SubmissionForm | null;
  openCall: OpenCall | null;
  postalAddress: string | null;
  /** Links to other sites (bounded). */
  outboundLinks: string[];
  /** Same-site page URLs seen (bounded), fetched or not. */
  siteLinks: string[];
  /** Instruction-like sentences found on the pages (prompt-injection attempts), for review and draft checks. */
  suspectedInstructions: Array<{ pageUrl: string; sentence: string; payloads: string[]; phrases: string[]; hidden: boolean }>;
  errors: CrawlError[];
  bytes: number;
}

export interface CrawlOptions {
  /** DNS resolver (tests stub it; default: the system resolver). */
  lookup?: Resolver;
  /** Sandbox web host (loopback) that serves the fake *.example sites. */
  sandboxWebHostUrl?: string;
  /** Pages fetched at most, start page included (default 6). */
  maxPages?: number;
  /** Bytes read per page at most; the download is aborted there (default 1 MB). */
  maxBytesPerPage?: number;
  /** Bytes read per crawl at most (default 3 MB). */
  maxTotalBytes?: number;
  /** Whole crawl (default 10 s). */
  timeoutMs?: number;
  /** One page, redirects included (default 5 s, never past the crawl's deadline). */
  pageTimeoutMs?: number;
  maxRedirects?: number;
  /** Characters of text kept per page (default 1500). */
  excerptChars?: number;
  allowedPorts?: number[];
  userAgent?: string;
  signal?: AbortSignal;
  now?: () => Date;
  /** Called right before a socket is opened, after every check (observability; tests spy with it). */
  onConnect?: (info: ConnectHookInfo) => void;
  /** Every guard decision, allowed or refused. */
  onDecision?: (d: GuardDecision) => void;
}

export const CRAWL_DEFAULTS = {
  maxPages: 6,
  maxBytesPerPage: 1024 * 1024,
  maxTotalBytes: 3 * 1024 * 1024,
  timeoutMs: 10_000,
  pageTimeoutMs: 5_000,
  maxRedirects: 5,
  excerptChars: 1500,
  userAgent: "ArtOutreachBot/1.0 (+artist outreach; reads public about/contact/submission pages)",
} as const;

const KIND_PATTERNS: Array<{ kind: Exclude<PageKind, "start" | "home">; path: RegExp; text: RegExp; priority: number }> = [
  { kind: "contact", path: /\/(contact|kontakt|contacto|contatti|get-in-touch|reach-us|write-to-us)(?:[-_/.]|$)/i, text: /\b(contact|get in touch|write to us|kontakt)\b/i, priority: 1 },
  { kind: "submission", path: /\/(submit|submissions?|pitch|contribute|apply|application)(?:[-_/.]|$)/i, text: /\b(submit|submission|submissions|pitch us|contribute|apply)\b/i, priority: 2 },
  { kind: "open_call", path: /\/(open-?calls?|calls?-for-[a-z-]+|residenc(?:y|ies)|prize|competition|award)(?:[-_/.]|$)/i, text: /\b(open call|call for (artists|entries|submissions|proposals)|residency|prize|competition)\b/i, priority: 3 },
  { kind: "about", path: /\/(about|about-us|who-we-are|team|masthead|staff|people|info)(?:[-_/.]|$)/i, text: /\b(about( us)?|who we are|our team|masthead)\b/i, priority: 4 },
];

export function classifyLink(url: string, text: string): Exclude<PageKind, "start" | "home"> | null {
  let path = "/";
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  for (const k of KIND_PATTERNS) if (k.path.test(path)) return k.kind;
  for (const k of KIND_PATTERNS) if (k.text.test(text)) return k.kind;
  return null;
}

function siteOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "").replace(/\.$/, "");
  } catch {
    return "";
  }
}

function priorityOf(kind: PageKind): number {
  return kind === "home" ? 5 : (KIND_PATTERNS.find((k) => k.kind === kind)?.priority ?? 9);
}

function stripTitle(title: string | null): string | null {
  if (!title) return null;
  return title.split(/\s+[|–—:-]\s+/)[0]!.trim() || title;
}

function pickForm(forms: FormFact[], pageKind: PageKind): FormFact | null {
  const usable = forms.filter((f) => f.fields.length >= 2 && !f.fields.every((n) => /^(q|s|search|query|email|newsletter)$/i.test(n)));
  if (usable.length === 0) return null;
  const scored = usable
    .map((f) => ({ f, score: (f.hasFileUpload ? 2 : 0) + (f.fields.some((n) => /statement|portfolio|message|bio|work|images?|description/i.test(n)) ? 2 : 0) + (pageKind === "submission" || pageKind === "open_call" ? 3 : 0) + f.fields.length / 10 }))
    .sort((a, b) => b.score - a.score);
  return scored[0]!.score >= 3 ? scored[0]!.f : null;
}

/** Reads a site (crawlSite, or a stand-in in tests): what enrichment and the dry run take. */
export type SiteCrawler = (url: string, options: CrawlOptions) => Promise<CrawlResult>;

export async function crawlSite(startUrl: string, options: CrawlOptions = {}): Promise<CrawlResult> {
  const o = { ...CRAWL_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof CRAWL_DEFAULTS & CrawlOptions;
  const now = options.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const sandboxOrigin = parseSandboxOrigin(options.sandboxWebHostUrl);
  const agents = createGuardedAgents({ sandbox: sandboxOrigin, onConnect: options.onConnect });
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const crawlSignal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;

  const result: CrawlResult = {
    version: 1,
    startUrl,
    finalUrl: null,
    site: siteOf(startUrl),
    fetchedAt: started.toISOString(),
    durationMs: 0,
    status: "failed",
    sandbox: false,
    title: null,
    description: null,
    pages: [],
    emails: [],
    contactPageUrl: null,
    submissionForm: null,
    openCall: null,
    postalAddress: null,
    outboundLinks: [],
    siteLinks: [],
    suspectedInstructions: [],
    errors: [],
    bytes: 0,
  };

  const queue: Array<{ url: string; kind: PageKind; order: number }> = [{ url: startUrl, kind: "start", order: 0 }];
  const seen = new Set<string>([stripHash(startUrl)]);
  const outbound = new Set<string>();
  const siteLinks = new Set<string>();
  const emails = new Map<string, FoundEmail>();
  const facts: Array<{ page: CrawledPage; facts: PageFacts }> = [];
  const knownContact: string[] = [];
  let order = 1;

  try {
    while (queue.length > 0 && result.pages.length < o.maxPages) {
      if (crawlSignal.aborted) {
        for (const q of queue.splice(0)) result.errors.push({ url: q.url, reason: "timeout", detail: "crawl time limit reached before this page" });
        break;
      }
      const remaining = o.maxTotalBytes - result.bytes;
      if (remaining <= 0) break;
      queue.sort((a, b) => priorityOf(a.kind) - priorityOf(b.kind) || a.order - b.order);
      const next = queue.shift()!;
      const signal = AbortSignal.any([crawlSignal, AbortSignal.timeout(o.pageTimeoutMs)]);
      const fetched = await fetchPage(next.url, {
        agents,
        lookup: options.lookup,
        sandboxWebHostUrl: options.sandboxWebHostUrl,
        allowedPorts: options.allowedPorts,
        maxBytes: Math.min(o.maxBytesPerPage, remaining),
        maxRedirects: o.maxRedirects,
        signal,
        userAgent: o.userAgent,
        onDecision: (d) => {
          if (d.allowed && d.target.sandbox) result.sandbox = true;
          options.onDecision?.(d);
        },
      });
      result.bytes += fetched.bytes;
      if (!fetched.ok) {
        result.errors.push({ url: fetched.url, reason: fetched.reason, detail: fetched.detail });
        continue;
      }
      if (next.kind === "start") {
        result.finalUrl = fetched.url;
        result.site = siteOf(fetched.url) || result.site;
        // The site's home page is worth a look when the SERP result is a deeper page.
        const home = new URL("/", fetched.url).href;
        if (!seen.has(home)) {
          seen.add(home);
          queue.push({ url: home, kind: "home", order: order++ });
        }
      } else if (siteOf(fetched.url) !== result.site) {
        // A candidate page that redirected off the site tells us nothing about this site.
        result.errors.push({ url: fetched.url, reason: "bad_redirect", detail: `left the site (${siteOf(fetched.url)})` });
        continue;
      }
      seen.add(stripHash(fetched.url));

      const pf = extractPage(fetched.body, fetched.url, fetched.contentType);
      let kind = next.kind;
      if (kind === "start" || kind === "home") kind = classifyLink(fetched.url, "") ?? kind;
      const page: CrawledPage = {
        url: fetched.url,
        kind,
        status: fetched.status,
        title: pf.title,
        description: pf.description,
        excerpt: excerpt(pf.mainText, o.excerptChars),
        truncated: fetched.truncated,
      };
      result.pages.push(page);
      facts.push({ page, facts: pf });

      for (const m of pf.mailtos) {
        const e = normaliseEmail(m);
        if (e && !emails.has(e)) emails.set(e, { email: e, pageUrl: fetched.url, via: "mailto" });
      }
      for (const e of findEmails(pf.text)) if (!emails.has(e)) emails.set(e, { email: e, pageUrl: fetched.url, via: "text" });

      for (const inj of findInstructions(pf.text)) result.suspectedInstructions.push({ pageUrl: fetched.url, ...inj, hidden: false });
      for (const inj of findInstructions(pf.hiddenText, { hidden: true })) result.suspectedInstructions.push({ pageUrl: fetched.url, ...inj, hidden: true });

      for (const link of pf.links) {
        const host = siteOf(link.url);
        if (host !== result.site) {
          if (outbound.size < 50) outbound.add(link.url);
          continue;
        }
        const key = stripHash(link.url);
        if (siteLinks.size < 100) siteLinks.add(key);
        const lk = classifyLink(link.url, link.text);
        if (lk === "contact") knownContact.push(key);
        if (!lk || seen.has(key)) continue;
        seen.add(key);
        queue.push({ url: key, kind: lk, order: order++ });
      }
    }
  } finally {
    agents.destroy();
  }

  // Facts across pages.
  const start = facts.find((f) => f.page.kind !== "home") ?? facts[0];
  const home = facts.find((f) => f.page.kind === "home");
  result.title = start?.facts.title ?? null;
  result.description = start?.facts.description ?? home?.facts.description ?? null;
  result.emails = [...emails.values()].sort((a, b) => rankEmail(a, result.site) - rankEmail(b, result.site)).slice(0, 20);
  result.contactPageUrl = facts.find((f) => f.page.kind === "contact")?.page.url ?? knownContact[0] ?? null;
  result.outboundLinks = [...outbound];
  result.siteLinks = [...siteLinks];
  result.postalAddress =
    facts.filter((f) => f.page.kind === "contact").flatMap((f) => f.facts.addresses)[0] ?? facts.flatMap((f) => f.facts.addresses)[0] ?? null;

  const formPages = [...facts].sort((a, b) => formRank(a.page.kind) - formRank(b.page.kind));
  for (const f of formPages) {
    const form = pickForm(f.facts.forms, f.page.kind);
    if (form) {
      result.submissionForm = { pageUrl: f.page.url, ...form };
      break;
    }
  }

  const ocPage =
    facts.find((f) => f.page.kind === "open_call") ??
    facts.find((f) => /\b(open call|call for (artists|entries|submissions))\b/i.test(f.facts.headings.join(" ")));
  if (ocPage) {
    const heading =
      ocPage.facts.headings.find((h) => /open call|call for/i.test(h)) ??
      ocPage.facts.headings.find((h) => /residency|prize|award|competition/i.test(h) && h !== ocPage.facts.headings[0]);
    const deadline = parseDeadline(ocPage.facts);
    const fee = parseFee(ocPage.facts.text);
    result.openCall = {
      pageUrl: ocPage.page.url,
      title: heading ?? stripTitle(ocPage.facts.title),
      deadline: deadline.date,
      deadlineText: deadline.text,
      fee: fee.fee,
      free: fee.free,
    };
  }

  result.durationMs = Math.round(performance.now() - t0);
  result.status = result.pages.length === 0 ? "failed" : result.errors.length > 0 ? "partial" : "ok";
  return result;
}

function stripHash(u: string): string {
  try {
    const x = new URL(u);
    x.hash = "";
    return x.href;
  } catch {
    return u;
  }
}

function formRank(kind: PageKind): number {
  return kind === "submission" ? 0 : kind === "open_call" ? 1 : kind === "contact" ? 2 : 3;
}

function rankEmail(e: FoundEmail, site: string): number {
  const domain = e.email.split("@")[1] ?? "";
  const onSite = domain === site || domain.endsWith(`.${site}`) ? 0 : 10;
  return onSite + (e.via === "mailto" ? 0 : 1);
}
