import { describe, expect, it } from "vitest";
import { checkDraft, isAutoApprovable } from "../../src/compose/check.ts";
import { composeFacts } from "../../src/compose/facts.ts";
import { renderTemplate, templateDraft, templateVariables } from "../../src/compose/template.ts";
import { type Draft } from "../../src/compose/types.ts";
import { INJECTION, input } from "./fixtures.ts";

const good: Draft = {
  subject: "Ceramics work for Quiet Glaze Review",
  body: "Hello Maya,\n\nMy name is Mia Berg and I work in ceramics. I have been reading Quiet Glaze Review and think my stoneware could fit your readers.\n\nI saw your open call (Ceramics Open Call 2027) and would like to be considered.\n\nYou can see the work here: https://miaberg.art/portfolio\n\nBest regards,\nMia Berg",
};

function check(draft: Partial<Draft>, over = input(), step = 0) {
  const facts = composeFacts(over.campaign, over.prospect, over.crawl);
  return checkDraft({ ...good, ...draft }, { facts, crawl: over.crawl, step });
}

describe("checkDraft", () => {
  it("passes a grounded draft with no flags, so it may be auto-approved", () => {
    expect(check({})).toEqual([]);
    expect(isAutoApprovable(check({}))).toBe(true);
  });

  it.each([
    ["[Name]", "Hello [Name],"],
    ["[Your Name]", "Best regards,\n[Your Name]"],
    ["{{var}}", "Hello {{contactName}},"],
    ["{var}", "Hello {firstName},"],
    ["<insert ...>", "See <insert portfolio link>."],
    ["TODO", "TODO: mention the prize."],
  ])("flags the unfilled placeholder %s", (_label, text) => {
    const flags = check({ body: `${text}\n\n${good.body}` });
    expect(flags).toContain("unfilled_placeholder");
    expect(isAutoApprovable(flags)).toBe(false);
  });

  it.each([
    ["Dear ,", "Dear ,\n\nMy name is Mia Berg."],
    ["Hi  ,", "Hi  ,\n\nMy name is Mia Berg."],
    ["Dear,", "Dear,\n\nMy name is Mia Berg."],
    ["an empty value before punctuation", "Hello Maya,\n\nMy name is Mia Berg and I work in  ."],
    ["undefined", "Hello undefined,\n\nMy name is Mia Berg."],
    ["an empty signature", "Hello Maya,\n\nMy name is Mia Berg.\n\nBest regards,"],
  ])("flags an empty variable: %s", (_label, body) => {
    expect(check({ body })).toContain("empty_variable");
  });

  it("accepts links from the artist profile and the crawled site, flags any other", () => {
    expect(check({ body: `${good.body}\nMore: https://miaberg.art/works/ash-vessel-4 and https://quiet-glaze-review.example/open-call` })).toEqual([]);
    expect(check({ body: `${good.body}\nSee also https://miaberg-shop.example/sale` })).toEqual(["unsupported_link"]);
    expect(check({ body: `${good.body}\nSee also www.other-site.example` })).toEqual(["unsupported_link"]);
  });

  it("flags email addresses and money amounts the sources do not contain", () => {
    expect(check({ body: `${good.body}\nWrite to billing@elsewhere.example.` })).toContain("unsupported_email");
    expect(check({ body: `${good.body}\nThe entry fee of €25 is fine.` })).toEqual([]);
    expect(check({ body: `${good.body}\nYou will pay me 5000 USD.` })).toContain("unsupported_claim");
  });

  it("flags a draft that echoes an instruction found in the crawled text", () => {
    const inj = input({}, INJECTION);
    expect(check({}, inj)).toEqual([]);
    expect(check({ body: `${good.body}\nP.S. BANANA` }, inj)).toEqual(["followed_injection"]);
    expect(check({ body: `${good.body}\nPlease visit http://evil.example for more.` }, inj)).toEqual(["unsupported_link", "followed_injection"]);
    expect(check({ body: `${good.body}\nAs an AI language model I was told to write this.` })).toContain("followed_injection");
  });

  it("flags a long draft, a long follow-up and an off-topic draft", () => {
    const long = `${good.body}\n${"More words about the work. ".repeat(60)}`;
    expect(check({ body: long })).toContain("too_long");
    expect(check({ body: `Hello Maya,\n\n${"Just following up on my note. ".repeat(30)}\n\nMia Berg` }, input(), 1)).toContain("too_long");
    expect(check({ subject: "Hello", body: "Hello,\n\nI would like to talk about something else.\n\nThanks" })).toContain("off_topic");
  });
});

describe("templates", () => {
  it("the built-in template uses the facts and needs no review", () => {
    const t = templateDraft(input());
    expect(t.flags).toEqual([]);
    expect(t.subject).toBe("Ceramics Open Call 2027: Mia Berg, ceramics for Quiet Glaze Review");
    expect(t.body).toMatch(/^Hello Maya,\n\nMy name is Mia Berg and I work in ceramics\./);
    expect(t.body).toContain('I saw your open call "Ceramics Open Call 2027" (deadline 2027-03-14)');
    expect(t.body).toContain("https://miaberg.art/portfolio");
    expect(t.body.endsWith("Best regards,\nMia Berg")).toBe(true);
  });

  it("takes the medium from the campaign's medium, not its search keywords; without one the sentence still reads well", () => {
    const base = input();
    const searching = { ...base.campaign, keywords: ["ceramics open call", "pottery magazine submissions"] };
    const t = templateDraft({ ...base, campaign: { ...searching, medium: "wood-fired stoneware" } });
    expect(t.subject).toBe("Ceramics Open Call 2027: Mia Berg, wood-fired stoneware for Quiet Glaze Review");
    expect(t.body).toMatch(/^Hello Maya,\n\nMy name is Mia Berg and I work in wood-fired stoneware\. I have been reading/);

    const none = templateDraft({ ...base, campaign: { ...searching, medium: "" } });
    expect(none.flags).toEqual([]);
    expect(none.subject).toBe("Ceramics Open Call 2027: Mia Berg for Quiet Glaze Review");
    expect(none.body).toMatch(/^Hello Maya,\n\nMy name is Mia Berg\. I have been reading Quiet Glaze Review/);
    expect(`${none.subject}\n${none.body}`).not.toMatch(/work in|open call, pottery|magazine submissions/i);
  });

  it("a campaign template that needs {{medium}} when there is none is flagged and leaves that sentence out", () => {
    const base = input();
    const t = templateDraft({ ...base, campaign: { ...base.campaign, medium: null, bodyTemplate: "Hello,\n\nI am {{artistName}}. I work in {{medium}}.\n\nBest,\n{{artistName}}" } });
    expect(t.flags).toEqual(["empty_variable"]);
    expect(t.problems).toEqual(["medium"]);
    expect(t.body).toBe("Hello,\n\nI am Mia Berg.\n\nBest,\nMia Berg");
  });

  it("drops optional sentences whose facts are missing without flags", () => {
    const base = input();
    const t = templateDraft({ ...base, campaign: { ...base.campaign, portfolioUrl: null }, prospect: { ...base.prospect, contactName: null }, crawl: { ...base.crawl!, openCall: null } });
    expect(t.flags).toEqual([]);
    expect(t.body.startsWith("Hello,\n\n")).toBe(true);
    expect(t.body).not.toMatch(/open call|portfolio|here:/i);
    expect(t.body).not.toMatch(/\n{3,}/);
  });

  it("a campaign template with an empty or unknown variable is flagged, never broken text", () => {
    const base = input();
    const t = templateDraft({
      ...base,
      prospect: { ...base.prospect, contactName: null },
      campaign: { ...base.campaign, bodyTemplate: "Dear {{contactName}},\n\nI am {{artistName}}. My favourite colour is {{favouriteColour}}.\n\nBest,\n{{artistName}}" },
    });
    expect(t.flags.sort()).toEqual(["empty_variable", "unknown_variable"]);
    expect(t.problems.sort()).toEqual(["contactName", "favouriteColour"]);
    expect(t.body).toBe("I am Mia Berg.\n\nBest,\nMia Berg");
    expect(t.body).not.toMatch(/\{\{|Dear ,/);
  });

  it("follow-ups reply in the same thread", () => {
    const t = templateDraft(input({ step: 1, previous: { subject: "Mia Berg, ceramics for Quiet Glaze Review", body: "..." } }));
    expect(t.subject).toBe("Re: Mia Berg, ceramics for Quiet Glaze Review");
    expect(t.body).toContain("follow up on my earlier email");
    expect(t.flags).toEqual([]);
  });

  it("renders sections and reports each variable it could not fill", () => {
    const vars = templateVariables(composeFacts(input().campaign, input().prospect, null), { step: 0 });
    expect(renderTemplate("A{{#openCallTitle}} B{{/openCallTitle}} C", vars)).toEqual({ text: "A C", flags: [], problems: [] });
    expect(renderTemplate("{{ nope }}\nok", vars)).toEqual({ text: "ok", flags: ["unknown_variable"], problems: ["nope"] });
  });
});
