import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let token: string;
let campaignId: string;
beforeAll(async () => {
  api = await startIsolatedApi("cost");
  token = (await signUp(api, "Cost")).token;
  campaignId = (await createCampaign(api, token)).id;
  await api.db.prospect.createMany({
    data: Array.from({ length: 100 }, (_, i) => ({ campaignId: rawId(campaignId), domain: `page-${i}.example`, contactEmail: `editor@page-${i}.example`, score: i })),
  });
});
afterAll(() => api.stop());

const EMAIL = `id step status toEmail subject body flags draftSource sentAt createdAt`;
const FULL_PAGE = `query($c: ID!, $first: Int) { prospects(first: $first, filter: { campaignId: $c }, orderBy: { field: SCORE }) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node {
    id domain pageUrl pageTitle pageDescription stage score outreachStatus contactEmail contactMethod daEst source skipReason followupsSent lastSent createdAt updatedAt
    campaign { id name }
    scoreBreakdown { label points max detail }
    contacts { email name position type confidence verification source }
    emails { ${EMAIL} }
    lastEmail { ${EMAIL} }
  } } } }`;

describe("query cost", () => {
  it("lets a full page of 100 prospects with every field, their contacts and their emails through", async () => {
    const res = await api.gql(FULL_PAGE, { c: campaignId, first: 100 }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.prospects.edges).toHaveLength(100);
  });

  it("refuses a list of pages of pages as too expensive, in those words, before running it", async () => {
    const res = await api.gql(
      `{ campaigns(first: 100) { edges { node { id jobs: stageCounts { stage count } } } } jobs(first: 100) { edges { node { id events(last: 1000) { message } children { id events(last: 1000) { message } } } } } }`,
      {},
      token,
    );
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.message).toMatch(/^Query too expensive: it could resolve about [\d,]+ fields, and the limit is 20,000\. Ask for smaller pages/);
    expect(res.errors?.[0]?.message).not.toMatch(/syntax/i);
    expect(res.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_EXPENSIVE");
  });
});
