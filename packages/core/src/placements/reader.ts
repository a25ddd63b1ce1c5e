import robotsParser from "robots-parser";
import {
  CRAWL_DEFAULTS, createGuardedAgents, fetchPage, parseSandboxOrigin, TEXT_TYPES, XML_TYPES,
  type FetchResult, type GuardDecision, type Resolver,
} from "../crawl/index.ts";

/**
 * How the placement watch reads a site: every request through the crawler's SSRF guard and caps
 * (crawl/fetch.ts), robots.txt obeyed for every page (fetched once per origin per reader), a
 * budget of requests, bytes and time per reader.
 */

export const USER_AGENT_TOKEN = "ArtOutreachBot";

export interface ReaderOptions {
  sandboxWebHostUrl?: string;
  lookup?: Resolver;
  allowedPorts?: number[];
  maxRequests?: number;
  maxBytesPerPage?: number;
  maxTotalBytes?: number;
  /** The whole reader's time (default 30 s). */
  timeoutMs?: number;
  pageTimeoutMs?: number;
  onDecision?: (d: GuardDecision) => void;
}

export const READER_DEFAULTS = {
  maxRequests: 40,
  maxBytesPerPage: CRAWL_DEFAULTS.maxBytesPerPage,
  maxTotalBytes: 6 * 1024 * 1024,
  timeoutMs: 30_000,
  pageTimeoutMs: CRAWL_DEFAULTS.pageTimeoutMs,
};

export type ReadKind = "page" | "xml" | "redirect";

export interface ReadRefusal {
  ok: false;
  reason: "robots" | "budget";
  requestedUrl: string;
  url: string;
  detail: string;
  bytes: 0;
  redirects: string[];
}

export type ReadResult = FetchResult | ReadRefusal;

export interface SiteReader {
  read(url: string, kind?: ReadKind): Promise<ReadResult>;
  /** Sitemaps robots.txt names for the URL's origin. */
  sitemaps(origin: string): Promise<string[]>;
  readonly requests: number;
  close(): void;
}

interface Robots {
  allows(url: string): boolean;
  sitemaps: string[];
}

const ALLOW_ALL: Robots = { allows: () => true, sitemaps: [] };
const DISALLOW_ALL: Robots = { allows: () => false, sitemaps: [] };

export function createSiteReader(options: ReaderOptions = {}): SiteReader {
  const o = { ...READER_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof READER_DEFAULTS & ReaderOptions;
  const agents = createGuardedAgents({ sandbox: parseSandboxOrigin(o.sandboxWebHostUrl) });
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const robotsByOrigin = new Map<string, Promise<Robots>>();
  let requests = 0;
  let bytes = 0;

  const refuse = (url: string, reason: ReadRefusal["reason"], detail: string): ReadRefusal => ({ ok: false, reason, requestedUrl: url, url, detail, bytes: 0, redirects: [] });

  async function fetchRaw(url: string, kind: ReadKind): Promise<FetchResult | ReadRefusal> {
    if (requests >= o.maxRequests) return refuse(url, "budget", `at most ${o.maxRequests} requests per check`);
    const remaining = o.maxTotalBytes - bytes;
    if (remaining <= 0) return refuse(url, "budget", `at most ${o.maxTotalBytes} bytes per check`);
    requests++;
    const r = await fetchPage(url, {
      agents,
      lookup: o.lookup,
      sandboxWebHostUrl: o.sandboxWebHostUrl,
      allowedPorts: o.allowedPorts,
      maxBytes: Math.min(o.maxBytesPerPage, remaining),
      maxRedirects: kind === "redirect" ? 0 : CRAWL_DEFAULTS.maxRedirects,
      signal: AbortSignal.any([deadline, AbortSignal.timeout(o.pageTimeoutMs)]),
      userAgent: CRAWL_DEFAULTS.userAgent,
      accept: kind === "xml" ? [...XML_TYPES, "text/plain"] : TEXT_TYPES,
      onDecision: o.onDecision,
    });
    bytes += r.bytes;
    return r;
  }

  function robotsFor(origin: string): Promise<Robots> {
    let p = robotsByOrigin.get(origin);
    if (!p) {
      p = (async () => {
        const url = `${origin}/robots.txt`;
        const r = await fetchRaw(url, "page");
        if (r.ok) {
          const parsed = robotsParser(url, r.body);
          return { allows: (u: string) => parsed.isAllowed(u, USER_AGENT_TOKEN) !== false, sitemaps: parsed.getSitemaps() };
        }
        // Google's reading of robots.txt: 4xx means no rules; a server error or no answer means "stay out for now".
        if (r.reason === "http_error" && r.status && r.status >= 400 && r.status < 500) return ALLOW_ALL;
        if (r.reason === "unsupported_content_type") return ALLOW_ALL;
        return DISALLOW_ALL;
      })();
      robotsByOrigin.set(origin, p);
    }
    return p;
  }

  return {
    async read(url, kind = "page") {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        return refuse(url, "budget", "not a URL");
      }
      const robots = await robotsFor(origin);
      if (!robots.allows(url)) return refuse(url, "robots", `robots.txt of ${new URL(url).host} does not allow reading ${new URL(url).pathname}`);
      const r = await fetchRaw(url, kind);
      if (r.ok && r.url !== url && !robots.allows(r.url)) return refuse(r.url, "robots", `robots.txt does not allow reading ${new URL(r.url).pathname}`);
      return r;
    },
    async sitemaps(origin) {
      return (await robotsFor(origin)).sitemaps;
    },
    get requests() {
      return requests;
    },
    close() {
      agents.destroy();
    },
  };
}
