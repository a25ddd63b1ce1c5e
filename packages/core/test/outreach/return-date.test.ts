import { describe, expect, it } from "vitest";
import { returnDateFromAutoReply } from "../../src/outreach/return-date.ts";

const received = new Date("2026-11-25T10:00:00Z");
const day = (text: string, zone = "UTC") => returnDateFromAutoReply(text, received, zone)?.toISOString().slice(0, 10) ?? null;

describe("the day an out-of-office reply says its sender is back", () => {
  it("reads the common ways of saying it", () => {
    expect(day("I am out of the office until Monday, December 7 with limited access to email.")).toBe("2026-12-07");
    expect(day("Thanks for your message. I'll be back on 3rd December 2026.")).toBe("2026-12-03");
    expect(day("Away at the fair, returning 2026-12-09.")).toBe("2026-12-09");
    expect(day("I'm travelling and will return on the 14th of January.")).toBe("2027-01-14");
    expect(day("On leave till Dec. 2, 2026")).toBe("2026-12-02");
  });

  it("a date without a year that has passed means next year", () => {
    expect(day("Back in the office on January 5")).toBe("2027-01-05");
  });

  it("says nothing when the reply does not say, or says something unlikely", () => {
    expect(day("I am currently out of the office with limited access to email.")).toBeNull();
    expect(day("Our open call closed on 3 December 2025; I am back next week.")).toBeNull();
    expect(day("Back on 2027-09-01 after my sabbatical")).toBeNull();
    expect(day("until February 30")).toBeNull();
  });

  it("reads the day in the campaign's time zone", () => {
    expect(returnDateFromAutoReply("back on December 7", received, "America/New_York")?.toISOString()).toBe("2026-12-07T05:00:00.000Z");
  });
});
