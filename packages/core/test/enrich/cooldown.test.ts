import { describe, expect, it } from "vitest";
import { ENRICH_COOLDOWN_MS, enrichAvailableAt, enrichRefusal } from "../../src/enrich/index.ts";

const now = new Date("2026-03-04T14:30:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("the re-enrichment cooldown", () => {
  it("lets a never-enriched prospect be enriched at once", () => {
    expect(enrichAvailableAt({ enrichedAt: null }, now)).toBeNull();
    expect(enrichRefusal({ domain: "kiln.example", stage: "discovered", enrichedAt: null }, { now })).toBeNull();
  });

  it("refuses within the hour after an enrichment, saying when it was and when it can be again on the campaign's clock", () => {
    const p = { domain: "kiln.example", stage: "scored" as const, enrichedAt: minutesAgo(25) };
    expect(enrichAvailableAt(p, now)).toEqual(new Date(p.enrichedAt.getTime() + ENRICH_COOLDOWN_MS));
    expect(enrichRefusal(p, { now, timeZone: "Europe/Paris" })).toEqual({
      reason: "kiln.example was enriched at 15:05; it can be enriched again at 16:05 (Europe/Paris)",
      availableAt: new Date("2026-03-04T15:05:00Z"),
    });
  });

  it("allows it again once the hour is over", () => {
    const p = { domain: "kiln.example", stage: "enriched" as const, enrichedAt: minutesAgo(60) };
    expect(enrichAvailableAt(p, now)).toBeNull();
    expect(enrichRefusal(p, { now })).toBeNull();
  });

  it("refuses prospects past scoring with the reason, whatever the time", () => {
    for (const stage of ["drafted", "approved", "sent", "replied", "skipped"] as const) {
      expect(enrichRefusal({ domain: "kiln.example", stage, enrichedAt: null }, { now })).toEqual({
        reason: `kiln.example is ${stage}: only discovered, enriched or scored prospects are enriched`,
        availableAt: null,
      });
    }
  });
});
