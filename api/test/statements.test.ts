import { afterAll, beforeAll, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let statements: string[] = [];
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let token: string;
let campaignId: string;

beforeAll(async () => {
  api = await startIsolatedApi("statements", { onQuery: (sql) => statements.push(sql) });
  token = (await signUp(api, "Counter")).token;
  campaignId = (await createCampaign(api, token)).id;
  const id = rawId(campaignId);
  for (let i = 0; i < 120; i++) {
    await api.db.prospect.create({
      data: {
        campaignId: id,
        domain: `gallery-${i}.example`,
        pageTitle: `Gallery ${i}`,
        score: i % 100,
        contacts: { create: [{ email: `editor@gallery-${i}.example` }, { email: `info@gallery-${i}.example` }] },
        emailLogs: { create: [{ step: 0, subject: "Hello", body: "..." }, { step: 1, subject: "Re: Hello", body: "..." }] },
      },
    });
  }
});
afterAll(() => api.stop());

const PAGE = `query($first: Int!, $c: ID!) {
  prospects(first: $first, filter: { campaignId: $c }, orderBy: { field: SCORE }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id domain score stage
      campaign { id name }
      contacts { email verification }
      lastEmail { subject status step }
      emails { step subject }
    } }
  }
}`;

async function statementsFor(first: number) {
  statements = [];
  const res = await api.gql(PAGE, { first, c: campaignId }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data?.prospects.edges).toHaveLength(first);
  expect(res.data?.prospects.edges[0].node.contacts).toHaveLength(2);
  expect(res.data?.prospects.edges[0].node.lastEmail.step).toBe(1);
  return statements.filter((sql) => /^\s*select/i.test(sql)).length;
}

it("the prospects page issues the same number of SQL statements for 10 and 100 rows", async () => {
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  console.log(`SQL statements per page: first 10 -> ${ten}, first 100 -> ${hundred}`);
  expect(hundred).toBe(ten);
  expect(ten).toBeLessThanOrEqual(8);
});
