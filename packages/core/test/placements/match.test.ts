import { describe, expect, it } from "vitest";
import { extractPage } from "../../src/crawl/index.ts";
import { findName, matchPage, parseFeed, redirectCandidates, relOf } from "../../src/placements/index.ts";

const target = { artistName: "Mira Okafor", portfolioUrl: "https://miraokafor.art/work" };
const page = (body: string, url = "https://quiet-glaze-review.example/features/mira") => extractPage(`<!doctype html><html><body><main>${body}</main></body></html>`, url);

describe("a page is the feature when it links to the portfolio", () => {
  it("with tracking parameters, another path of the portfolio site, or www.", () => {
    for (const href of [
      "https://miraokafor.art/work?utm_source=quiet&utm_medium=referral",
      "https://miraokafor.art/",
      "https://www.miraokafor.art/work/vessels#top",
      "http://WWW.MiraOkafor.art",
    ]) {
      const m = matchPage(page(`<p>We visited the studio. <a href="${href}">See her vessels</a></p>`), target);
      expect(m, href).toMatchObject({ match: "links_to_portfolio", rel: "follow", anchorText: "See her vessels" });
    }
  });

  it("through a redirect link of the site's own (resolved by the caller) or an ?url= parameter", () => {
    const facts = page(`<p>Visit <a href="/go/mira">her site</a> or <a href="/out?url=https%3A%2F%2Fmiraokafor.art%2F">this</a></p>`);
    expect(redirectCandidates(facts.links, "https://quiet-glaze-review.example/features/mira")).toEqual([
      "https://quiet-glaze-review.example/go/mira",
      "https://quiet-glaze-review.example/out?url=https%3A%2F%2Fmiraokafor.art%2F",
    ]);
    expect(matchPage(facts, target, new Map([["https://quiet-glaze-review.example/go/mira", "https://miraokafor.art/work"]]))).toMatchObject({
      match: "links_to_portfolio",
      anchorText: "her site",
      linkUrl: "https://quiet-glaze-review.example/go/mira",
    });
    expect(matchPage(page(`<a href="/out?url=https%3A%2F%2Fmiraokafor.art%2F">this</a>`), target)).toMatchObject({ match: "links_to_portfolio" });
  });

  it("records nofollow, ugc and sponsored as the link carries them", () => {
    expect(matchPage(page(`<a rel="nofollow noopener" href="https://miraokafor.art">Mira</a>`), target)?.rel).toBe("nofollow");
    expect(matchPage(page(`<a rel="UGC nofollow" href="https://miraokafor.art">Mira</a>`), target)?.rel).toBe("nofollow ugc");
    expect(relOf("sponsored")).toBe("sponsored");
    expect(relOf("noopener noreferrer")).toBe("follow");
  });

  it("does not count a link to another site whose name merely contains the portfolio's", () => {
    expect(matchPage(page(`<a href="https://notmiraokafor.art/">x</a><a href="https://miraokafor.art.evil.example/">y</a>`), { ...target, artistName: "Nobody Here" })).toBeNull();
  });
});

describe("a page is the feature when it names the artist", () => {
  it("as whole words, whatever the case, accents and punctuation", () => {
    expect(matchPage(page("<p>A conversation with MIRA OKAFOR, ceramicist.</p>"), target)).toMatchObject({ match: "names_artist", rel: null, anchorText: null });
    expect(findName("Studio visit: Mira Okafór", "Mira Okafor")).toBeGreaterThanOrEqual(0);
    expect(findName("José Núñez — new work", "Jose Nunez")).toBeGreaterThanOrEqual(0);
    expect(matchPage(page("<p>A conversation with MIRA OKAFOR, ceramicist.</p>"), target)!.excerpt).toContain("MIRA OKAFOR");
  });

  it("not a different artist with the same first name, nor the name inside longer words", () => {
    expect(matchPage(page("<p>This week: Mira Jensen's new prints, and Okafor Studios' ceramics.</p>"), target)).toBeNull();
    expect(matchPage(page("<p>Amira Okaforth shows drawings.</p>"), target)).toBeNull();
  });

  it("not in hidden text", () => {
    expect(matchPage(page(`<p>Nothing here.</p><div style="display:none">Mira Okafor</div>`), target)).toBeNull();
  });
});

describe("sitemaps and feeds", () => {
  it("reads a urlset, a sitemap index, RSS and Atom with their dates", () => {
    const base = "https://x.example/sitemap.xml";
    expect(parseFeed(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/a</loc><lastmod>2026-11-02</lastmod></url><url><loc>https://x.example/b</loc></url></urlset>`, base)).toEqual({
      kind: "urlset",
      entries: [
        { url: "https://x.example/a", publishedAt: new Date("2026-11-02") },
        { url: "https://x.example/b", publishedAt: null },
      ],
    });
    expect(parseFeed(`<sitemapindex><sitemap><loc>https://x.example/posts.xml</loc></sitemap></sitemapindex>`, base).kind).toBe("sitemapindex");
    const rss = parseFeed(`<rss version="2.0"><channel><item><link>https://x.example/p?a=1&amp;b=2</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item></channel></rss>`, base);
    expect(rss.entries).toEqual([{ url: "https://x.example/p?a=1&b=2", publishedAt: new Date("2026-12-01T10:00:00Z") }]);
    const atom = parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/post-1"/><published>2026-12-01T09:00:00Z</published></entry></feed>`, base);
    expect(atom.entries).toEqual([{ url: "https://x.example/post-1", publishedAt: new Date("2026-12-01T09:00:00Z") }]);
  });

  it("reads broken XML and scripts as no entries", () => {
    expect(parseFeed("<urlset><url><loc>https://x.example/a", "https://x.example/").entries.length).toBeLessThanOrEqual(1);
    expect(parseFeed("not xml at all", "https://x.example/")).toEqual({ kind: "unknown", entries: [] });
    expect(parseFeed(`<urlset><url><loc>javascript:alert(1)</loc></url></urlset>`, "https://x.example/").entries).toEqual([]);
  });
});
