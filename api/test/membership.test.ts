import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The web app's own membership query, so this suite checks exactly what the browser sends.
import { MEMBERSHIP_BATCH, MEMBERSHIP_MAX_FILTERS, STAGE_COUNTS_QUERY, membershipQuery, membershipVariables } from "../../web/src/lib/membership.ts";
import { MAX_MEMBERSHIP_FILTERS } from "../services/membership.ts";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

let statements: string[] = [];
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let alice: Awaited<ReturnType<typeof signUp>>;
let bob: Awaited<ReturnType<typeof signUp>>;
let spring: string;
let autumn: string;
const prospects: Record<string, string> = {};
const jobs: Record<string, string> = {};
let bobProspect: string;

beforeAll(async () => {
  api = await startIsolatedApi("membership", { onQuery: (sql) => statements.push(sql) });
  alice = await signUp(api, "Alice");
  bob = await signUp(api, "Bob");
  spring = (await createCampaign(api, alice.token)).id;
  autumn = (await createCampaign(api, alice.token, { name: "Autumn" })).id;
  const rows = [
    { key: "glaze", campaign: spring, domain: "glaze-review.example", pageTitle: "Glaze Review", stage: "scored", score: 80, contactEmail: "editor@glaze-review.example" },
    { key: "stoneware", campaign: spring, domain: "stoneware-daily.example", pageTitle: null, stage: "drafted", score: 40, contactEmail: null },
    { key: "studio", campaign: spring, domain: "clay-notes.example", pageTitle: "Studio notes", stage: "scored", score: 55, contactEmail: "hello@clay-notes.example", outreachStatus: "sent" },
    // Its contact email says "glaze"; its domain and title do not. The list's search ignores emails.
    { key: "kiln", campaign: spring, domain: "kiln.example", pageTitle: "Kiln", stage: "discovered", score: null, contactEmail: "glaze@kiln.example" },
    { key: "autumn", campaign: autumn, domain: "autumn-glaze.example", pageTitle: "Autumn", stage: "scored", score: 65, contactEmail: null },
  ] as const;
  for (const { key, campaign, ...data } of rows) {
    const row = await api.db.prospect.create({ data: { ...data, campaignId: rawId(campaign) } });
    prospects[key] = globalId("Prospect", row.id);
  }
  const bobCampaign = (await createCampaign(api, bob.token)).id;
  const theirs = await api.db.prospect.create({ data: { campaignId: rawId(bobCampaign), domain: "glaze-review.example", stage: "scored", score: 80 } });
  bobProspect = globalId("Prospect", theirs.id);
  const jobRows = [
    { key: "score", campaign: spring, jobType: "score", status: "completed" },
    { key: "discover", campaign: spring, jobType: "discover", status: "running" },
    { key: "enrich", campaign: autumn, jobType: "enrich", status: "failed" },
  ] as const;
  for (const { key, campaign, ...data } of jobRows) {
    const row = await api.db.job.create({ data: { ...data, userId: rawId(alice.userId), campaignId: rawId(campaign) } });
    jobs[key] = globalId("Job", row.id);
  }
});
afterAll(() => api.stop());

const prospectFilters = () => [
  {},
  { campaignId: spring },
  { campaignId: autumn },
  { stages: ["scored"] },
  { campaignId: spring, stages: ["drafted", "scored"] },
  { minScore: 50 },
  { minScore: 30, maxScore: 60 },
  { maxScore: 100 },
  { hasEmail: true },
  { hasEmail: false },
  { search: "glaze" },
  { search: "STUDIO" },
  { search: "clay", hasEmail: true, minScore: 50 },
  { outreachStatuses: ["sent"] },
];

/** Ids in `prospects(filter:)` / `jobs(filter:)`, the lists the answers must agree with. */
async function listIds(field: "prospects" | "jobs", type: string, filter: unknown, token = alice.token) {
  const res = await api.gql(`query($f: ${type}) { list: ${field}(first: 100, filter: $f) { edges { node { id } } } }`, { f: filter }, token);
  expect(res.errors).toBeUndefined();
  return new Set<string>(res.data!.list.edges.map((e: any) => e.node.id));
}

describe("the board's counter re-read", () => {
  it("the web app's query answers the campaign's counts per stage, and only to its owner", async () => {
    const res = await api.gql(STAGE_COUNTS_QUERY, { id: spring }, alice.token);
    expect(res.errors).toBeUndefined();
    const counts = Object.fromEntries(res.data!.campaign.stageCounts.map((c: any) => [c.stage, c.count]));
    expect(counts).toMatchObject({ scored: 2, drafted: 1, discovered: 1 });
    const theirs = await api.gql(STAGE_COUNTS_QUERY, { id: spring }, bob.token);
    expect(theirs.data?.campaign ?? null).toBeNull();
  });
});

describe("Prospect.matchesFilters", () => {
  it("answers, for every prospect and filter, exactly what the prospects list holds", async () => {
    const filters = prospectFilters();
    const lists = await Promise.all(filters.map((f) => listIds("prospects", "ProspectFilter", f)));
    const res = await api.gql(
      `query($filters: [ProspectFilter!]!) { prospects(first: 100) { edges { node { id matchesFilters(filters: $filters) } } } }`,
      { filters },
      alice.token,
    );
    expect(res.errors).toBeUndefined();
    const nodes: { id: string; matchesFilters: boolean[] }[] = res.data!.prospects.edges.map((e: any) => e.node);
    expect(nodes.map((n) => n.id).sort()).toEqual(Object.values(prospects).sort());
    for (const node of nodes) expect(node.matchesFilters).toEqual(lists.map((ids) => ids.has(node.id)));
    // Each kind of filter says yes somewhere and no somewhere, so the comparison above means something.
    for (const ids of lists.slice(1)) expect(ids.size).toBeGreaterThan(0);
    for (const ids of lists.slice(1)) expect(ids.size).toBeLessThan(nodes.length);
  });

  it("the search matches domain and title, not the contact email", async () => {
    const res = await api.gql(
      membershipQuery("Prospect", 2),
      membershipVariables([prospects.glaze!, prospects.kiln!], [{ search: "glaze" }, { hasEmail: true }]),
      alice.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.n0).toMatchObject({ id: prospects.glaze, matchesFilters: [true, true] });
    expect(res.data!.n1).toMatchObject({ id: prospects.kiln, matchesFilters: [false, true] });
  });

  it("the web app's largest membership query fits the API's limits and costs one statement per filter", async () => {
    const all = Object.values(prospects);
    const ids = Array.from({ length: MEMBERSHIP_BATCH }, (_, i) => all[i % all.length]!);
    const filters = Array.from({ length: MEMBERSHIP_MAX_FILTERS }, (_, i) => ({ campaignId: spring, minScore: i }));
    statements = [];
    const res = await api.gql(membershipQuery("Prospect", ids.length), membershipVariables(ids, filters), alice.token);
    expect(res.errors).toBeUndefined();
    ids.forEach((id, i) => expect(res.data![`n${i}`]).toMatchObject({ id, matchesFilters: expect.any(Array) }));
    expect(res.data!.n0.matchesFilters).toHaveLength(MEMBERSHIP_MAX_FILTERS);
    // All the aliased nodes share one SELECT per filter, not one per node.
    expect(statements.filter((sql) => /"prospects"\."id" IN/.test(sql))).toHaveLength(MEMBERSHIP_MAX_FILTERS);
  });

  it("costs the same number of statements for a page of 2 prospects as for 5", async () => {
    const filters = [{ stages: ["scored"] }, { hasEmail: true }, { search: "glaze" }];
    const count = async (first: number) => {
      statements = [];
      const res = await api.gql(
        `query($filters: [ProspectFilter!]!, $first: Int!) { prospects(first: $first) { edges { node { id matchesFilters(filters: $filters) } } } }`,
        { filters, first },
        alice.token,
      );
      expect(res.data!.prospects.edges).toHaveLength(first);
      return statements.length;
    };
    expect(await count(5)).toBe(await count(2));
  });

  it("another user's prospect cannot be read, and is in none of their lists", async () => {
    const query = membershipQuery("Prospect", 1);
    const theirs = await api.gql(query, membershipVariables([prospects.glaze!], [{}]), bob.token);
    expect(theirs).toEqual({ data: { n0: null } }); // node(id): null, as for a missing id
    const direct = await api.gql(`query($id: ID!) { prospect(id: $id) { matchesFilters(filters: [{}]) } }`, { id: prospects.glaze }, bob.token);
    expect(direct.errors?.[0]).toMatchObject({ extensions: { code: "NOT_FOUND" } });
    const own = await api.gql(query, membershipVariables([bobProspect], [{}, { campaignId: spring }, { search: "glaze" }]), bob.token);
    expect(own.data!.n0.matchesFilters).toEqual([true, false, true]);
  });

  it(`refuses more than ${MAX_MEMBERSHIP_FILTERS} filters with a validation error naming the argument`, async () => {
    const filters = Array.from({ length: MAX_MEMBERSHIP_FILTERS + 1 }, () => ({}));
    const res = await api.gql(membershipQuery("Prospect", 1), membershipVariables([prospects.glaze!], filters), alice.token);
    expect(res.data?.n0).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: `Filters can hold at most ${MAX_MEMBERSHIP_FILTERS} filters at a time (got ${MAX_MEMBERSHIP_FILTERS + 1}).`,
      extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ path: ["filters"], message: expect.stringMatching(/at most 50/) }] },
    });
  });

  it("refuses a filter the list itself refuses", async () => {
    const res = await api.gql(membershipQuery("Prospect", 1), membershipVariables([prospects.glaze!], [{ minScore: 90, maxScore: 10 }]), alice.token);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
  });
});

describe("Job.matchesFilters", () => {
  it("answers, for every job and filter, exactly what the jobs list holds", async () => {
    const filters = [{}, { types: ["score"] }, { statuses: ["running", "failed"] }, { campaignId: spring }, { campaignId: autumn, statuses: ["failed"] }, { types: ["send"] }];
    const lists = await Promise.all(filters.map((f) => listIds("jobs", "JobFilter", f)));
    const ids = Object.values(jobs);
    const res = await api.gql(membershipQuery("Job", ids.length), membershipVariables(ids, filters), alice.token);
    expect(res.errors).toBeUndefined();
    ids.forEach((id, i) => expect(res.data![`n${i}`]).toEqual({ id, matchesFilters: lists.map((l) => l.has(id)) }));
    expect(res.data!.n0.matchesFilters).toEqual([true, true, false, true, false, false]);
    const theirs = await api.gql(membershipQuery("Job", 1), membershipVariables([jobs.score!], [{}]), bob.token);
    expect(theirs.data).toEqual({ n0: null });
  });
});
