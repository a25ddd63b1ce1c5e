import { describe, expect, it } from "vitest";
import { campaignCreateInput, campaignUpdateInput } from "../src/inputs.ts";

const campaign = { name: "Spring", artistName: "Mia Clay", fromName: "Mia Clay", fromEmail: "mia@example.org", keywords: ["ceramics open call"] };

describe("campaign medium", () => {
  it("defaults to empty on create and is trimmed", () => {
    expect(campaignCreateInput.parse(campaign).medium).toBe("");
    expect(campaignCreateInput.parse({ ...campaign, medium: "  wood-fired stoneware " }).medium).toBe("wood-fired stoneware");
  });

  it("an update may set or clear it, and leaves it alone when absent", () => {
    expect(campaignUpdateInput.parse({ medium: " ceramics " })).toEqual({ medium: "ceramics" });
    expect(campaignUpdateInput.parse({ medium: "" })).toEqual({ medium: "" });
    expect(campaignUpdateInput.parse({})).toEqual({});
  });

  it.each([
    ["over 200 characters", "x".repeat(201)],
    ["with a line break", "ceramics\nBcc: x@example.org"],
  ])("refuses a medium %s", (_label, medium) => {
    const result = campaignCreateInput.safeParse({ ...campaign, medium });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["medium"]);
  });
});
