import { describe, expect, it } from "vitest";
import { isGenericEmail, scoreContactQuality, scoreDomainRank, scoreFreshness, scoreProspect, scoreTopicalFit, type ScoringProspect } from "../../src/score/scoring.ts";

const now = new Date("2026-06-01T12:00:00Z");
const campaign = {
  keywords: ["ceramics", "glaze", "stoneware"],
  statement: "Wood-fired vessels shaped by the anagama kiln and its ash.",
};
const base: ScoringProspect = {
  domain: "clayjournal.example",
  pageTitle: "Ceramics and glaze: the clay journal",
  pageDescription: "Reviews of stoneware and wood-fired kiln work",
  contactEmail: "jane@clayjournal.example",
  contactMethod: null,
  daEst: 50,
  crawlData: { crawledAt: "2026-05-25T00:00:00Z" },
  createdAt: new Date("2026-05-20T00:00:00Z"),
  contacts: [{ email: "jane@clayjournal.example", confidence: 80, verification: "valid" }],
};

describe("domain rank", () => {
  it("scales the 0-100 estimate to 30 points and says when it is missing", () => {
    expect(scoreDomainRank({ daEst: 100 }).points).toBe(30);
    expect(scoreDomainRank({ daEst: 50 }).points).toBe(15);
    expect(scoreDomainRank({ daEst: 0 }).points).toBe(0);
    const missing = scoreDomainRank({ daEst: null });
    expect(missing.points).toBe(0);
    expect(missing.detail).toMatch(/No domain rank/);
  });
});

describe("topical fit", () => {
  it("names the keywords found in the title and description", () => {
    const item = scoreTopicalFit(base, campaign);
    expect(item.detail).toContain("2 of 3 keywords in title: 'ceramics', 'glaze'");
    expect(item.detail).toContain("1 more in description: 'stoneware'");
    expect(item.detail).toMatch(/artist statement words on the page: .*'kiln'/);
  });

  it("gives more for title matches than description matches and nothing for an unrelated page", () => {
    const inTitle = scoreTopicalFit({ pageTitle: "Ceramics, glaze and stoneware", pageDescription: null }, campaign);
    const inDescription = scoreTopicalFit({ pageTitle: "A blog", pageDescription: "ceramics, glaze and stoneware" }, campaign);
    const unrelated = scoreTopicalFit({ pageTitle: "Cooking blog", pageDescription: "Recipes for pasta" }, campaign);
    expect(inTitle.points).toBe(24);
    expect(inDescription.points).toBeLessThan(inTitle.points);
    expect(inDescription.points).toBeGreaterThan(0);
    expect(unrelated.points).toBe(0);
    expect(unrelated.detail).toContain("0 of 3 keywords in title");
  });

  it("matches plurals and multi-word keywords regardless of case", () => {
    const item = scoreTopicalFit({ pageTitle: "GLAZES for Contemporary Ceramic artists", pageDescription: null }, {
      keywords: ["glaze", "contemporary ceramics"],
      statement: "",
    });
    expect(item.detail).toContain("2 of 2 keywords in title");
  });
});

describe("contact quality", () => {
  it("prefers a verified personal address over a generic one", () => {
    const personal = scoreContactQuality(base);
    const generic = scoreContactQuality({
      ...base,
      contactEmail: "info@clayjournal.example",
      contacts: [{ email: "info@clayjournal.example", confidence: 80, verification: "valid" }],
    });
    expect(personal.points).toBe(10 + 10 + 4);
    expect(generic.points).toBe(6 + 10 + 4);
    expect(generic.detail).toContain("generic mailbox");
    expect(personal.detail).toContain("personal address");
  });

  it("scores verification: valid > accept_all > unknown > invalid", () => {
    const withVerification = (verification: "valid" | "accept_all" | "unknown" | "invalid") =>
      scoreContactQuality({ ...base, contacts: [{ email: base.contactEmail!, confidence: null, verification }] }).points;
    expect(withVerification("valid")).toBeGreaterThan(withVerification("accept_all"));
    expect(withVerification("accept_all")).toBeGreaterThan(withVerification("unknown"));
    expect(withVerification("unknown")).toBeGreaterThan(withVerification("invalid"));
  });

  it("gives a little for a contact form and nothing for no way to reach anyone", () => {
    expect(scoreContactQuality({ contactEmail: null, contactMethod: "form", contacts: [] }).points).toBe(3);
    expect(scoreContactQuality({ contactEmail: null, contactMethod: null, contacts: [] }).points).toBe(0);
  });

  it("recognises generic mailboxes", () => {
    expect(isGenericEmail("info@x.org")).toBe(true);
    expect(isGenericEmail("contact2@x.org")).toBe(true);
    expect(isGenericEmail("jane.doe@x.org")).toBe(false);
  });
});

describe("freshness", () => {
  it("rewards recent discovery, a recent crawl and an open call that is still open", () => {
    const open = scoreFreshness({ createdAt: base.createdAt, crawlData: { crawledAt: "2026-05-25", openCall: { deadline: "2026-06-20" } } }, now);
    expect(open.points).toBe(15);
    expect(open.detail).toContain("open call until 2026-06-20 (19 days left)");
    const closed = scoreFreshness({ createdAt: base.createdAt, crawlData: { crawledAt: "2026-05-25", openCall: { deadline: "2026-05-01" } } }, now);
    expect(closed.points).toBe(10);
    expect(closed.detail).toContain("open call closed on 2026-05-01");
    const old = scoreFreshness({ createdAt: new Date("2025-01-01"), crawlData: null }, now);
    expect(old.points).toBe(1);
    expect(old.detail).toContain("page not read yet");
  });
});

describe("scoreProspect", () => {
  it("returns a breakdown whose points add up to the score, each within its maximum", () => {
    const { score, breakdown } = scoreProspect(base, campaign, now);
    expect(breakdown.map((b) => b.signal)).toEqual(["domainRank", "topicalFit", "contactQuality", "freshness"]);
    expect(breakdown.reduce((s, b) => s + b.points, 0)).toBe(score);
    expect(breakdown.reduce((s, b) => s + b.max, 0)).toBe(100);
    for (const b of breakdown) {
      expect(b.points).toBeGreaterThanOrEqual(0);
      expect(b.points).toBeLessThanOrEqual(b.max);
      expect(b.detail.length).toBeGreaterThan(5);
    }
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThanOrEqual(100);
  });

  it("is deterministic", () => {
    expect(scoreProspect(base, campaign, now)).toEqual(scoreProspect(structuredClone(base), campaign, now));
  });

  it("ranks a well-fitting reachable site above an unrelated unreachable one", () => {
    const poor = { ...base, pageTitle: "Cooking", pageDescription: null, contactEmail: null, contacts: [], daEst: 50 };
    expect(scoreProspect(base, campaign, now).score).toBeGreaterThan(scoreProspect(poor, campaign, now).score + 30);
  });
});
