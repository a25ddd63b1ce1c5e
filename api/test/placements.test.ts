/**
 * Placements through the API: the sandbox publishes a feature on the prospect's fake site (over
 * HTTP to the fake web host), a person adds it by URL, the connection and REST list it with their
 * filters and only to its owner, and the campaign's outcome divides the ledger's spend by the
 * live placements.
 */
import { serpSitesForKeyword, startFakeWebHost, type FakeServer, type WebHostControl } from "@outreach/fakes";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let web: FakeServer<WebHostControl>;
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let campaignId: string;
const domains = serpSitesForKeyword("ceramics").map((s) => s.domain);

const PUBLISH = `mutation($id: ID!, $rel: String, $style: SandboxLinkStyle) { publishSandboxFeature(prospectId: $id, rel: $rel, linkStyle: $style) {
  __typename ... on MutationPublishSandboxFeatureSuccess { data { url } } ... on Error { message } } }`;
const ADD = `mutation($id: ID!, $url: String!) { addPlacement(prospectId: $id, url: $url) {
  __typename
  ... on MutationAddPlacementSuccess { data { id url site rel anchorText match source status prospect { id stage outreachStatus } } }
  ... on ValidationError { message fieldErrors { path message } }
  ... on Error { message } } }`;
const LIST = `query($filter: PlacementFilter) { placements(first: 10, filter: $filter) { totalCount edges { node { id url status rel } } } }`;
const OUTCOME = `query($id: ID!) { campaign(id: $id) { outcome { contacted replied accepted published livePlacements lostPlacements spend costPerPlacement } } spend(campaignId: $id) { cost } }`;

async function repliedProspect(domain: string) {
  return api.db.prospect.create({ data: { campaignId, domain, stage: "replied", outreachStatus: "replied", contactEmail: `editor@${domain}` } });
}

beforeAll(async () => {
  web = await startFakeWebHost();
  api = await startIsolatedApi("placements", { env: { SANDBOX_WEB_HOST_URL: web.url } });
  owner = await signUp(api, "Owner");
  other = await signUp(api, "Other");
  campaignId = rawId((await createCampaign(api, owner.token, { artistName: "Mira Okafor", portfolioUrl: "https://miraokafor.art/" })).id);
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await web?.close();
});

describe("a feature published on the prospect's site", () => {
  it("the sandbox publishes it and a person adds it by URL: a placement with rel and anchor, the prospect Published", async () => {
    const p = await repliedProspect(domains[0]!);
    const published = (await api.gql(PUBLISH, { id: globalId("Prospect", p.id), rel: "nofollow" }, owner.token)).data!.publishSandboxFeature;
    expect(published).toEqual({ __typename: "MutationPublishSandboxFeatureSuccess", data: { url: `https://${domains[0]}/features/mira-okafor` } });
    const added = (await api.gql(ADD, { id: globalId("Prospect", p.id), url: published.data.url }, owner.token)).data!.addPlacement;
    expect(added.data).toMatchObject({ url: published.data.url, site: domains[0], rel: "nofollow", anchorText: "Mira Okafor's portfolio", match: "links_to_portfolio", source: "manual", status: "live", prospect: { stage: "published", outreachStatus: "accepted" } });

    // Marking it accepted again keeps it on the Published column.
    const set = await api.gql(`mutation($id: ID!) { setOutreachStatus(id: $id, status: accepted) { __typename ... on MutationSetOutreachStatusSuccess { data { stage } } } }`, { id: globalId("Prospect", p.id) }, owner.token);
    expect(set.data!.setOutreachStatus.data).toEqual({ stage: "published" });
  });

  it("a URL on another site is refused naming the field, and nothing is stored", async () => {
    const p = await repliedProspect(domains[1]!);
    const res = (await api.gql(ADD, { id: globalId("Prospect", p.id), url: `https://${domains[2]}/features/mira-okafor` }, owner.token)).data!.addPlacement;
    expect(res.__typename).toBe("ValidationError");
    expect(res.fieldErrors).toEqual([{ path: ["url"], message: `Feature page URL must be on ${domains[1]} or one of its subdomains (${domains[2]} is another site).` }]);
    expect(await api.db.placement.count({ where: { prospectId: p.id } })).toBe(0);
  });

  it("another user's prospect reads as not found, and their lists never show the owner's placements", async () => {
    const p = await repliedProspect(domains[3]!);
    web.control.publishFeature({ domain: domains[3]!, artistName: "Mira Okafor", portfolioUrl: "https://miraokafor.art/" });
    const add = (await api.gql(ADD, { id: globalId("Prospect", p.id), url: `https://${domains[3]}/features/mira-okafor` }, other.token)).data!.addPlacement;
    expect(add).toMatchObject({ __typename: "NotFoundError" });
    const pub = (await api.gql(PUBLISH, { id: globalId("Prospect", p.id) }, other.token)).data!.publishSandboxFeature;
    expect(pub).toMatchObject({ __typename: "NotFoundError" });
    const theirs = await api.gql(LIST, { filter: { campaignId: globalId("Campaign", campaignId) } }, other.token);
    expect(theirs.data?.placements ?? null).toBeNull();
    expect(theirs.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const unfiltered = await api.gql(LIST, {}, other.token);
    expect(unfiltered.data!.placements).toEqual({ totalCount: 0, edges: [] });
    const rest = await fetch(`${api.url}/api/placements?campaignId=${campaignId}`, { headers: { authorization: `Bearer ${other.token}` } });
    expect(await rest.json()).toEqual({ placements: [], totalCount: 0, nextCursor: null });
  });
});

describe("lists and outcome", () => {
  it("placements filter by status in GraphQL and REST; a wrong status is a 400 naming the field", async () => {
    const lostProspect = await repliedProspect(domains[4]!);
    await api.db.placement.create({
      data: { prospectId: lostProspect.id, campaignId, url: `https://${domains[4]}/p`, site: domains[4]!, match: "names_artist", source: "watch", status: "lost", lostAt: new Date(), lostReason: "the page is gone (HTTP 404)" },
    });
    const live = await api.gql(LIST, { filter: { campaignId: globalId("Campaign", campaignId), status: "live" } }, owner.token);
    expect(live.data!.placements.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(["live"]);
    const lost = await fetch(`${api.url}/api/placements?status=lost&campaignId=${campaignId}`, { headers: { authorization: `Bearer ${owner.token}` } });
    const body = await lost.json();
    expect(body).toMatchObject({ totalCount: 1, nextCursor: null, placements: [{ url: `https://${domains[4]}/p`, status: "lost", lostReason: "the page is gone (HTTP 404)", prospectId: lostProspect.id }] });
    const bad = await fetch(`${api.url}/api/placements?status=gone`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("Status must be one or more of live, lost");
  });

  it("cost per placement is the campaign's ledger spend divided by its live placements", async () => {
    const { id: userId } = await api.db.user.findFirstOrThrow({ where: { campaigns: { some: { id: campaignId } } } });
    await api.db.providerCall.createMany({
      data: [
        { userId, campaignId, provider: "dataforseo", operation: "serp.organic.live", status: "ok", cost: "0.6" },
        { userId, campaignId, provider: "hunter", operation: "domain-search", status: "ok", cost: "0.3" },
        { userId, campaignId, provider: "gemini", operation: "generateContent", status: "ok", cost: "0.0125" },
      ],
    });
    const p = await repliedProspect(domains[5]!);
    await api.db.placement.create({ data: { prospectId: p.id, campaignId, url: `https://${domains[5]}/f`, site: domains[5]!, match: "links_to_portfolio", source: "watch", rel: "follow" } });
    const res = (await api.gql(OUTCOME, { id: globalId("Campaign", campaignId) }, owner.token)).data!;
    const ledger = res.spend.reduce((s: number, r: { cost: number }) => s + r.cost, 0);
    expect(ledger).toBeCloseTo(0.9125, 6);
    expect(res.campaign.outcome).toMatchObject({ livePlacements: 2, lostPlacements: 1, published: 3 });
    expect(res.campaign.outcome.spend).toBeCloseTo(ledger, 6);
    expect(res.campaign.outcome.costPerPlacement).toBeCloseTo(ledger / 2, 6);
    expect(res.campaign.outcome.replied).toBeGreaterThanOrEqual(res.campaign.outcome.accepted);
  });

  it("without a live placement the cost per placement is null, not a division by zero", async () => {
    const fresh = rawId((await createCampaign(api, owner.token, { name: "Empty" })).id);
    const res = (await api.gql(OUTCOME, { id: globalId("Campaign", fresh) }, owner.token)).data!;
    expect(res.campaign.outcome).toEqual({ contacted: 0, replied: 0, accepted: 0, published: 0, livePlacements: 0, lostPlacements: 0, spend: 0, costPerPlacement: null });
  });
});
