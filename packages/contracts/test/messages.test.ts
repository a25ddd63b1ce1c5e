import { describe, expect, it } from "vitest";
import { addProspectInput, CAMPAIGN_FIELD_LABELS, campaignUpdateInput, fieldErrorsOfZod, labelOf, signUpInput } from "../src/index.ts";

const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown, labels = CAMPAIGN_FIELD_LABELS) => {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return fieldErrorsOfZod(result.error as never, labels).map((e) => e.message);
};

describe("validation messages in plain words, naming the field as the form labels it", () => {
  it.each([
    [{ name: "x".repeat(121) }, "Campaign name must be at most 120 characters."],
    [{ name: "" }, "Campaign name is required."],
    [{ timeZone: "EST5EDT" }, "Time zone must be a time zone from the list, such as Europe/Berlin."],
    [{ dailyCap: 0 }, "Daily cap must be between 1 and 2000."],
    [{ dailyCap: "ten" }, "Daily cap must be a number."],
    [{ minGapSeconds: -1 }, "Minimum gap (seconds) must be at least 0."],
    [{ keywords: [] }, "Keywords needs at least one keyword."],
    [{ sampleWorks: [{ title: "Salt Line", url: "ftp://x" }] }, "Sample works, line 1: link must be an http(s) URL."],
    [{ fromEmail: "not-an-address" }, "From email must be a valid email address."],
  ])("%j → %s", (value, message) => {
    expect(errorsOf(campaignUpdateInput, value)).toEqual([message]);
  });

  it("uses the general labels for other forms", () => {
    expect(errorsOf(signUpInput, { name: "Ada", email: "ada@example.org", password: "short" }, undefined)).toEqual(["Password must be at least 10 characters."]);
    expect(errorsOf(addProspectInput, { domainOrUrl: "" }, undefined)).toEqual(["Domain or URL is required."]);
  });

  it("names list entries by line and unknown fields in words", () => {
    expect(labelOf(["keywords", "2"])).toBe("Keywords, line 3");
    expect(labelOf(["input", "someNewField"])).toBe("Some new field");
  });
});
