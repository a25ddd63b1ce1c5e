import { describe, expect, it } from "vitest";
import { candidatesFromCrawl, candidatesFromHunter, rankContacts, verificationOf, type ContactCandidate } from "../../src/enrich/contacts.ts";

const c = (over: Partial<ContactCandidate> & { email: string }): ContactCandidate => ({
  name: null,
  position: null,
  type: "personal",
  confidence: 80,
  verification: "valid",
  source: "hunter",
  ...over,
});

describe("choosing the best contact", () => {
  it("prefers a person over a generic mailbox, even a well verified one", () => {
    const best = rankContacts([c({ email: "info@gallery.example", type: "generic", confidence: 99 }), c({ email: "ana@gallery.example", confidence: 70, verification: "unknown" })]);
    expect(best[0]!.email).toBe("ana@gallery.example");
  });

  it("among people: valid > accept_all > unknown, then confidence", () => {
    const best = rankContacts([
      c({ email: "a@x.example", verification: "unknown", confidence: 95 }),
      c({ email: "b@x.example", verification: "accept_all", confidence: 95 }),
      c({ email: "c@x.example", verification: "valid", confidence: 60 }),
      c({ email: "d@x.example", verification: "valid", confidence: 90 }),
    ]);
    expect(best.map((x) => x.email)).toEqual(["d@x.example", "c@x.example", "b@x.example", "a@x.example"]);
  });

  it("gives editors, curators, submissions and directors a bonus", () => {
    const best = rankContacts([
      c({ email: "designer@x.example", position: "Designer", confidence: 95 }),
      c({ email: "ed@x.example", position: "Features Editor", confidence: 80 }),
    ]);
    expect(best[0]!.email).toBe("ed@x.example");
    const generic = rankContacts([c({ email: "info@x.example", type: "generic" }), c({ email: "submissions@x.example", type: "generic" })]);
    expect(generic[0]!.email).toBe("submissions@x.example");
  });

  it("ranks undeliverable addresses last", () => {
    const best = rankContacts([c({ email: "gone@x.example", verification: "invalid", confidence: 99, position: "Editor" }), c({ email: "info@x.example", type: "generic", verification: "unverified" })]);
    expect(best[0]!.email).toBe("info@x.example");
  });

  it("maps Hunter's verification: accept-all domains, missing status -> unverified", () => {
    expect(verificationOf({ verification: { date: null, status: "valid" } }, true)).toBe("accept_all");
    expect(verificationOf({ verification: { date: null, status: null } }, false)).toBe("unverified");
    expect(verificationOf({ verification: null }, null)).toBe("unverified");
    expect(verificationOf({ verification: { date: null, status: "invalid" } }, true)).toBe("invalid");
    const [one] = candidatesFromHunter({
      domain: "x.example", organization: null, pattern: null, disposable: false, webmail: false, acceptAll: false,
      meta: { results: 1, limit: 10, offset: 0 },
      emails: [{ value: "Ana@X.example", type: null, confidence: 90, firstName: "Ana", lastName: "Lind", position: "Curator", department: null, sources: [], verification: { date: null, status: "unknown" } }],
    });
    expect(one).toMatchObject({ email: "ana@x.example", name: "Ana Lind", type: "personal", verification: "unknown", source: "hunter" });
  });

  it("keeps only crawled addresses at the site's own domain", () => {
    const known = new Set(["ana@x.example"]);
    const found = candidatesFromCrawl(
      [{ email: "ana@x.example" }, { email: "press@news.x.example" }, { email: "payments@evil.example" }, { email: "info@x.example" }],
      "x.example",
      known,
    );
    expect(found.map((f) => [f.email, f.type, f.verification])).toEqual([
      ["press@news.x.example", "generic", "unverified"],
      ["info@x.example", "generic", "unverified"],
    ]);
  });
});
