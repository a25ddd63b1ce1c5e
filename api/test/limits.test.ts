import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../yoga.ts";
import { CSRF_HEADER, startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let statements = 0;
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let token: string;
beforeAll(async () => {
  api = await startIsolatedApi("limits", { onQuery: () => statements++ });
  token = (await signUp(api, "Limits")).token;
});
afterAll(() => api.stop());

/** Runs a query and reports whether any SQL ran for it, i.e. whether execution started. */
async function run(query: string) {
  statements = 0;
  const res = await api.gql(query, {}, token);
  return { res, executed: statements > 0 };
}

describe("query limits are enforced before execution", () => {
  it("rejects a query deeper than the limit", async () => {
    let selection = "id";
    for (let i = 0; i < LIMITS.maxDepth; i++) selection = `parent { ${selection} }`;
    const { res, executed } = await run(`{ jobs(first: 1) { edges { node { ${selection} } } } }`);
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
    expect(executed).toBe(false);
  });

  it("rejects too many aliases", async () => {
    const aliases = Array.from({ length: LIMITS.maxAliases + 5 }, (_, i) => `a${i}: me { id }`).join(" ");
    const { res, executed } = await run(`{ ${aliases} }`);
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
    expect(executed).toBe(false);
  });

  it("rejects a query with too many tokens", async () => {
    const fields = Array.from({ length: LIMITS.maxTokens }, () => "id").join(" ");
    const { res, executed } = await run(`{ me { ${fields} } }`);
    expect(res.errors?.[0]?.message).toMatch(/token/i);
    expect(executed).toBe(false);
  });

  it("rejects a query whose cost is over the limit", async () => {
    const wide = Array.from({ length: 14 }, (_, i) => `c${i}: campaigns(first: 100) { edges { node { id name prospects: stageCounts { stage count } } } }`).join(" ");
    const { res, executed } = await run(`{ ${wide} }`);
    expect(res.errors?.map((e) => e.message).join(" ")).toMatch(/cost|alias/i);
    expect(executed).toBe(false);
  });

  it("caps page sizes at 100", async () => {
    const campaign = await createCampaign(api, token);
    await api.db.prospect.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({ campaignId: rawId(campaign.id), domain: `site-${i}.example` })),
    });
    const res = await api.gql(`{ prospects(first: 150) { edges { node { id } } pageInfo { hasNextPage } } }`, {}, token);
    expect(res.data?.prospects.edges).toHaveLength(100);
    expect(res.data?.prospects.pageInfo.hasNextPage).toBe(true);
  });

  it("runs a normal query", async () => {
    const { res, executed } = await run(`{ me { id } campaigns(first: 10) { edges { node { id } } } }`);
    expect(res.errors).toBeUndefined();
    expect(executed).toBe(true);
  });
});

describe("HTTP protections", () => {
  it("refuses a GET query without the CSRF header and accepts it with the header", async () => {
    const url = `${api.url}/graphql?query=${encodeURIComponent("{ __typename }")}`;
    const bare = await fetch(url);
    expect(bare.status).toBe(403);
    const withHeader = await fetch(url, { headers: { [CSRF_HEADER]: "1" } });
    expect(await withHeader.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("does not accept batched operations", async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it("hides internal errors behind a generic message", async () => {
    const res = await api.gql(`{ prospects(filter: { minScore: 90, maxScore: 10 }) { totalCount } }`, {}, token);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    expect(JSON.stringify(res)).not.toMatch(/prisma|stack|at .*\.ts/i);
  });
});
