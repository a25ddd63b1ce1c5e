import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi, wsClient } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let alice: Awaited<ReturnType<typeof signUp>>;
let bob: Awaited<ReturnType<typeof signUp>>;
let aliceCampaign: string;
let aliceProspect: string;
let aliceJob: string;

beforeAll(async () => {
  api = await startIsolatedApi("isolation");
  alice = await signUp(api, "Alice");
  bob = await signUp(api, "Bob");
  aliceCampaign = (await createCampaign(api, alice.token)).id;
  const added = await api.gql(
    `mutation($input: AddProspectInput!) { addProspect(input: $input) { ... on MutationAddProspectSuccess { data { id } } } }`,
    { input: { campaignId: aliceCampaign, domainOrUrl: "glaze-review.example" } },
    alice.token,
  );
  aliceProspect = added.data!.addProspect.data.id;
  const job = await api.db.job.create({
    data: { userId: rawId(alice.userId), campaignId: rawId(aliceCampaign), jobType: "score", status: "completed" },
  });
  aliceJob = globalId("Job", job.id);
});
afterAll(() => api.stop());

const NOT_FOUND = { extensions: { code: "NOT_FOUND" } };
const missing = (type: string) => globalId(type, "6f1c3c1e-0000-4000-8000-000000000000");

describe("user B cannot reach user A's data", () => {
  it("lists: B's campaigns, prospects and jobs do not include A's", async () => {
    const res = await api.gql(
      `{ campaigns { edges { node { id } } } prospects { totalCount edges { node { id } } } jobs { totalCount } }`,
      {},
      bob.token,
    );
    expect(res.data).toEqual({ campaigns: { edges: [] }, prospects: { totalCount: 0, edges: [] }, jobs: { totalCount: 0 } });
  });

  it("filtering B's prospects by A's campaign id gives nothing", async () => {
    const res = await api.gql(
      `query($c: ID!) { prospects(filter: { campaignId: $c }) { totalCount } jobs(filter: { campaignId: $c }) { totalCount } }`,
      { c: aliceCampaign },
      bob.token,
    );
    expect(res.data).toEqual({ prospects: { totalCount: 0 }, jobs: { totalCount: 0 } });
  });

  it.each([
    ["campaign", "Campaign", () => aliceCampaign],
    ["prospect", "Prospect", () => aliceProspect],
    ["job", "Job", () => aliceJob],
  ])("%s(id) answers exactly as for an id that does not exist", async (field, type, id) => {
    const query = `query($id: ID!) { ${field}(id: $id) { id } }`;
    const theirs = await api.gql(query, { id: id() }, bob.token);
    const none = await api.gql(query, { id: missing(type) }, bob.token);
    expect(theirs.data).toBeNull();
    expect(theirs.errors?.[0]).toMatchObject(NOT_FOUND);
    expect(theirs.errors?.[0]?.message).toBe(none.errors?.[0]?.message);
    const own = await api.gql(query, { id: id() }, alice.token);
    expect(own.data?.[field]?.id).toBe(id());
  });

  it("node(id) returns null for another user's records", async () => {
    for (const id of [aliceCampaign, aliceProspect, aliceJob, alice.userId]) {
      const res = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, bob.token);
      expect(res).toEqual({ data: { node: null } });
      const own = await api.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, alice.token);
      expect(own.data?.node?.id).toBe(id);
    }
  });

  it("mutations on A's records fail as not found and change nothing", async () => {
    const before = await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(aliceCampaign) } });
    const jobsBefore = await api.db.job.count({ where: { userId: rawId(alice.userId) } });
    const results = await Promise.all([
      api.gql(`mutation($id: ID!) { updateCampaign(id: $id, input: { name: "pwned" }) { __typename } }`, { id: aliceCampaign }, bob.token),
      api.gql(`mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }`, { id: aliceCampaign }, bob.token),
      api.gql(`mutation($id: ID!) { startScoring(campaignId: $id) { __typename } }`, { id: aliceCampaign }, bob.token),
      api.gql(`mutation($id: ID!) { setOutreachStatus(id: $id, status: rejected) { __typename } }`, { id: aliceProspect }, bob.token),
      api.gql(`mutation($id: ID!) { cancelJob(id: $id) { __typename } }`, { id: aliceJob }, bob.token),
      api.gql(`mutation($id: ID!) { retryJob(id: $id) { __typename } }`, { id: aliceJob }, bob.token),
      api.gql(`mutation($ids: [ID!]!) { enrichProspects(prospectIds: $ids) { __typename } }`, { ids: [aliceProspect] }, bob.token),
      api.gql(
        `mutation($c: ID!) { addProspect(input: { campaignId: $c, domainOrUrl: "x-y.example" }) { __typename } }`,
        { c: aliceCampaign },
        bob.token,
      ),
      api.gql(`mutation($c: ID!) { importProspects(input: { campaignId: $c, csv: "domain\\nz-z.example" }) { __typename } }`, { c: aliceCampaign }, bob.token),
    ]);
    for (const res of results) expect(Object.values(res.data ?? {})[0]).toEqual({ __typename: "NotFoundError" });
    const after = await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(aliceCampaign) } });
    expect(after).toEqual(before);
    expect(await api.db.prospect.count({ where: { campaignId: rawId(aliceCampaign) } })).toBe(1);
    expect(await api.db.job.count({ where: { userId: rawId(alice.userId) } })).toBe(jobsBefore);
  });

  it("subscriptions to A's campaign or job are refused for B", async () => {
    const client = wsClient(api.url, bob.token);
    const attempt = (query: string, variables: Record<string, unknown>) =>
      new Promise<unknown>((resolve) => {
        client.subscribe({ query, variables }, { next: (v) => resolve(v), error: (e) => resolve(e), complete: () => resolve("complete") });
      });
    const outcomes = await Promise.all([
      attempt(`subscription($c: ID!) { prospectUpdated(campaignId: $c) { id } }`, { c: aliceCampaign }),
      attempt(`subscription($c: ID!) { jobUpdated(campaignId: $c) { id } }`, { c: aliceCampaign }),
      attempt(`subscription($j: ID!) { jobProgress(jobId: $j) { seq } }`, { j: aliceJob }),
    ]);
    for (const outcome of outcomes) {
      expect(JSON.stringify(outcome)).toContain("NOT_FOUND");
      expect(JSON.stringify(outcome)).not.toContain("glaze-review");
    }
    await client.dispose();
  });

  it("subscriptions without a token are refused", async () => {
    const client = wsClient(api.url);
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: `subscription($c: ID!) { prospectUpdated(campaignId: $c) { id } }`, variables: { c: aliceCampaign } },
        { next: resolve, error: resolve, complete: () => resolve("complete") },
      );
    });
    expect(JSON.stringify(outcome)).toContain("UNAUTHENTICATED");
    await client.dispose();
  });
});
