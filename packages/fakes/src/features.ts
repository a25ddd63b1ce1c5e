import { slugify } from "./sites.ts";

/**
 * Feature pages a fake site publishes about an artist (sandbox and tests): the page, its entry in
 * the site's sitemap and RSS feed, and the ways real sites link: directly, with tracking
 * parameters, to "www.", through a redirect of their own (/go/<slug>), or only by name.
 */

export type FeatureLinkStyle = "direct" | "tracking" | "www" | "redirect" | "name";

export interface FeatureSpec {
  /** The host that publishes (a fake art domain or one of its subdomains). */
  domain: string;
  artistName: string;
  portfolioUrl?: string | null;
  /** rel attribute of the link ("" for none). */
  rel?: string;
  anchor?: string;
  linkStyle?: FeatureLinkStyle;
  path?: string;
  publishedAt?: string;
}

export interface Feature {
  host: string;
  path: string;
  slug: string;
  artistName: string;
  portfolioUrl: string | null;
  rel: string;
  anchor: string;
  linkStyle: FeatureLinkStyle;
  publishedAt: string;
  /** The page answers 404. */
  removed: boolean;
  /** The page stays but no longer links (it still names the artist). */
  linkRemoved: boolean;
}

export interface FeatureEdit {
  domain: string;
  path: string;
  rel?: string;
  linkRemoved?: boolean;
  removed?: boolean;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const hostKey = (domain: string) => domain.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");

export class FeatureBoard {
  private byHost = new Map<string, Feature[]>();
  private robots = new Map<string, string>();

  publish(spec: FeatureSpec, now = new Date()): Feature {
    const host = hostKey(spec.domain);
    const slug = slugify(spec.artistName);
    const feature: Feature = {
      host,
      slug,
      path: spec.path ?? `/features/${slug}`,
      artistName: spec.artistName,
      portfolioUrl: spec.portfolioUrl ?? null,
      rel: spec.rel ?? "",
      anchor: spec.anchor ?? `${spec.artistName}'s portfolio`,
      linkStyle: spec.linkStyle ?? (spec.portfolioUrl ? "direct" : "name"),
      publishedAt: spec.publishedAt ?? now.toISOString(),
      removed: false,
      linkRemoved: false,
    };
    const list = (this.byHost.get(host) ?? []).filter((f) => f.path !== feature.path);
    list.push(feature);
    this.byHost.set(host, list);
    return feature;
  }

  edit(e: FeatureEdit): Feature | null {
    const f = this.find(e.domain, e.path);
    if (!f) return null;
    if (e.rel !== undefined) f.rel = e.rel;
    if (e.linkRemoved !== undefined) f.linkRemoved = e.linkRemoved;
    if (e.removed !== undefined) f.removed = e.removed;
    return f;
  }

  find(domain: string, path: string): Feature | undefined {
    return this.byHost.get(hostKey(domain))?.find((f) => f.path === path);
  }

  list(domain: string): Feature[] {
    return (this.byHost.get(hostKey(domain)) ?? []).filter((f) => !f.removed);
  }

  setRobots(domain: string, body: string | null): void {
    if (body === null) this.robots.delete(hostKey(domain));
    else this.robots.set(hostKey(domain), body);
  }

  robotsFor(domain: string): string | undefined {
    return this.robots.get(hostKey(domain));
  }

  clear(): void {
    this.byHost.clear();
    this.robots.clear();
  }
}

/** The href the feature's link points at (null when it names the artist only). */
export function featureHref(f: Feature, prefix: string): string | null {
  if (!f.portfolioUrl || f.linkStyle === "name") return null;
  const u = new URL(f.portfolioUrl);
  if (f.linkStyle === "tracking") {
    u.searchParams.set("utm_source", f.host);
    u.searchParams.set("utm_medium", "referral");
    u.searchParams.set("utm_campaign", "studio-visit");
  }
  if (f.linkStyle === "www" && !u.hostname.startsWith("www.")) u.hostname = `www.${u.hostname}`;
  if (f.linkStyle === "redirect") return `${prefix}/go/${f.slug}`;
  return u.href;
}

export function featureBody(f: Feature, prefix: string): string {
  const href = f.linkRemoved ? null : featureHref(f, prefix);
  const rel = f.rel ? ` rel="${esc(f.rel)}"` : "";
  const link = href ? `<a href="${esc(href)}"${rel}>${esc(f.anchor)}</a>` : esc(f.anchor.replace(/'s portfolio$/, "’s work"));
  return `<article><h2>Studio visit: ${esc(f.artistName)}</h2>
<p><time datetime="${esc(f.publishedAt)}">${esc(f.publishedAt.slice(0, 10))}</time></p>
<p>This week we visited ${esc(f.artistName)} in the studio and talked about new work, materials and the year ahead.</p>
<p>See more of ${link}.</p>
</article>`;
}
