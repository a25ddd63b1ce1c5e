// Queries compiled with graphql-jit answer exactly as uncompiled ones do: the same data, the same
// errors (masked, typed, invalid variables) and the same SQL statements. Two API instances share one
// database: one never compiles, the other compiles every query before its first run.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@outreach/db";
import { deleteRedisPrefix } from "@outreach/testkit";
import { startApi, startIsolatedApi, testEnv, type TestApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

let statements: string[] = [];
let interpretedStatements: string[] = [];
let interpreted: Awaited<ReturnType<typeof startIsolatedApi>>;
let compiled: TestApi;
let compiledDb: ReturnType<typeof createDb>;
const compiledPrefix = `test-${randomUUID()}`;
let token: string;
let otherToken: string;
let campaignId: string;
let prospectId: string;

beforeAll(async () => {
  interpreted = await startIsolatedApi("compiled", { env: { GRAPHQL_COMPILE_AFTER_RUNS: "never" }, onQuery: (sql) => interpretedStatements.push(sql) });
  compiledDb = createDb(interpreted.env.DATABASE_URL, { onQuery: (sql) => statements.push(sql) });
  compiled = await startApi(testEnv(interpreted.env.DATABASE_URL, compiledPrefix, { GRAPHQL_COMPILE_AFTER_RUNS: "0" }), { db: compiledDb });
  token = (await signUp(interpreted, "Compiled")).token;
  otherToken = (await signUp(interpreted, "Other")).token;
  campaignId = (await createCampaign(interpreted, token)).id;
  for (let i = 0; i < 12; i++) {
    const p = await interpreted.db.prospect.create({
      data: {
        campaignId: rawId(campaignId), domain: `kiln-${i}.example`, pageTitle: i % 3 ? `Kiln ${i}` : null, score: (i * 7) % 100, stage: "scored",
        contacts: { create: i % 4 ? [{ email: `editor@kiln-${i}.example`, confidence: 90 }, { email: `info@kiln-${i}.example`, confidence: 40 }] : [] },
        emailLogs: { create: i % 2 ? [{ step: 0, subject: `Hello ${i}`, body: "..." }, { step: 1, subject: `Re: Hello ${i}`, body: "..." }] : [] },
      },
    });
    prospectId ??= globalId("Prospect", p.id);
  }
});
afterAll(async () => {
  await compiled?.stop();
  await compiledDb?.$disconnect();
  await deleteRedisPrefix(compiledPrefix);
  await interpreted?.stop();
});

const PAGE = `query Page($first: Int!, $c: ID!, $after: String) {
  prospects(first: $first, after: $after, filter: { campaignId: $c }, orderBy: { field: SCORE }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id domain pageTitle score stage campaign { id name } contacts { email verification confidence }
      lastEmail { subject status step } emails { step subject } } }
  }
}`;

const cases: Array<{ name: string; query: string; variables: () => Record<string, unknown>; as?: () => string }> = [
  { name: "a page of prospects with contacts, last email and campaign", query: PAGE, variables: () => ({ first: 5, c: campaignId }) },
  { name: "the next page", query: PAGE, variables: () => ({ first: 5, c: campaignId, after: "not-a-cursor" }) },
  { name: "one prospect with its emails, through prospect and node", variables: () => ({ id: prospectId }),
    query: `query($id: ID!) { prospect(id: $id) { id domain emails { step subject status } contacts { email } }
      node(id: $id) { __typename id ... on Prospect { domain score lastEmail { step } } } }` },
  { name: "another user's prospect: not found, and null through node", variables: () => ({ id: prospectId }), as: () => otherToken,
    query: `query($id: ID!) { node(id: $id) { id } prospect(id: $id) { id } }` },
  { name: "campaigns, me, alerts and mailboxes", variables: () => ({}),
    query: `{ me { id name email } campaigns(first: 5) { edges { node { id name status stageCounts { stage count } } } } alerts { id } mailboxes { id } }` },
  { name: "a fragment spread, aliases and @include", variables: () => ({ c: campaignId, withContacts: false }),
    query: `query($c: ID!, $withContacts: Boolean!) { a: prospects(first: 2, filter: { campaignId: $c }) { edges { node { ...Row } } }
      b: prospects(first: 3, filter: { campaignId: $c }, orderBy: { field: SCORE }) { edges { node { ...Row contacts @include(if: $withContacts) { email } } } } }
      fragment Row on Prospect { id domain score }` },
  { name: "a variable of the wrong type", variables: () => ({ first: "five", c: campaignId }), query: PAGE },
  { name: "a missing variable", variables: () => ({ c: campaignId }), query: PAGE },
  { name: "signed out", variables: () => ({ first: 2, c: campaignId }), query: PAGE, as: () => "" },
];

describe("compiled queries", () => {
  for (const c of cases) {
    it(`answer as uncompiled ones do: ${c.name}`, async () => {
      const who = c.as ? c.as() || undefined : token;
      interpretedStatements = [];
      const expected = await interpreted.gql(c.query, c.variables(), who);
      const expectedStatements = interpretedStatements.length;
      statements = [];
      const answer = await compiled.gql(c.query, c.variables(), who);
      expect(answer).toEqual(expected);
      expect(statements.length).toBe(expectedStatements);
    });
  }

  it("run a page in the same number of SQL statements for 5 rows and for 12", async () => {
    const count = async (first: number) => {
      statements = [];
      const res = await compiled.gql(PAGE, { first, c: campaignId }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.prospects.edges).toHaveLength(first);
      return statements.length;
    };
    expect(await count(12)).toBe(await count(5));
  });
});
