import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { CREATE_CAMPAIGN, campaignInput, createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let token: string;
let campaignId: string;
beforeAll(async () => {
  api = await startIsolatedApi("inputs");
  token = (await signUp(api, "Inputs")).token;
  campaignId = (await createCampaign(api, token)).id;
});
afterAll(() => api.stop());

const ADD = `mutation($input: AddProspectInput!) { addProspect(input: $input) {
  __typename
  ... on MutationAddProspectSuccess { data { id domain pageUrl source stage } }
  ... on ValidationError { fieldErrors { path message } }
  ... on ConflictError { message }
} }`;
const IMPORT = `mutation($input: ImportProspectsInput!) { importProspects(input: $input) {
  __typename
  ... on MutationImportProspectsSuccess { data { created duplicates errors { row field message } } }
  ... on ValidationError { fieldErrors { path message } }
} }`;
const UPDATE = `mutation($id: ID!, $input: CampaignUpdateInput!) { updateCampaign(id: $id, input: $input) {
  __typename
  ... on MutationUpdateCampaignSuccess { data { id dailyCap sendWindowStart sendWindowEnd timeZone } }
  ... on ValidationError { fieldErrors { path message } }
} }`;
const fieldPaths = (result: { fieldErrors?: { path: string[] }[] }) => result.fieldErrors?.map((e) => e.path.join(".")) ?? [];

describe("addProspect normalizes what people paste", () => {
  it.each([
    ["https://WWW.Ceramics-Now.example/issues/12?ref=x", "ceramics-now.example"],
    ["Glaze-Review.EXAMPLE", "glaze-review.example"],
    ["www.töpferei.example", "xn--tpferei-90a.example"],
    ["  http://studio.kiln.example.  ", "studio.kiln.example"],
  ])("%s -> %s", async (input, domain) => {
    const res = await api.gql(ADD, { input: { campaignId, domainOrUrl: input } }, token);
    expect(res.data?.addProspect).toMatchObject({ __typename: "MutationAddProspectSuccess", data: { domain, source: "manual", stage: "discovered" } });
  });

  it("keeps one prospect per domain and says so", async () => {
    await api.gql(ADD, { input: { campaignId, domainOrUrl: "only-once.example" } }, token);
    const again = await api.gql(ADD, { input: { campaignId, domainOrUrl: "https://www.ONLY-ONCE.example/about" } }, token);
    expect(again.data?.addProspect).toEqual({ __typename: "ConflictError", message: "only-once.example is already a prospect in this campaign" });
  });

  it.each([["not a domain"], ["localhost"], ["127.0.0.1"], ["ftp://files.example"], ["-bad-.example"], [""]])(
    "rejects %j naming the field",
    async (input) => {
      const before = await api.db.prospect.count();
      const res = await api.gql(ADD, { input: { campaignId, domainOrUrl: input } }, token);
      expect(res.data?.addProspect.__typename).toBe("ValidationError");
      expect(fieldPaths(res.data!.addProspect)).toEqual(["domainOrUrl"]);
      expect(await api.db.prospect.count()).toBe(before);
    },
  );

  it("rejects an email with CR/LF (header injection) naming the field", async () => {
    const res = await api.gql(
      ADD,
      { input: { campaignId, domainOrUrl: "inject.example", contactEmail: "editor@inject.example\r\nBcc: all@victims.example" } },
      token,
    );
    expect(res.data?.addProspect.__typename).toBe("ValidationError");
    expect(res.data?.addProspect.fieldErrors[0]).toMatchObject({ path: ["contactEmail"], message: expect.stringMatching(/line breaks/) });
    expect(await api.db.prospect.count({ where: { domain: "inject.example" } })).toBe(0);
  });
});

describe("importProspects", () => {
  it("reports each bad row with its line and field, keeps good rows and counts duplicates", async () => {
    await api.gql(ADD, { input: { campaignId, domainOrUrl: "already-here.example" } }, token);
    const csv = [
      "domain,title,email",
      "https://www.good-one.example/page,Good One,editor@good-one.example",
      "good-two.example,Good Two,",
      "not a domain,Broken,",
      "bad-email.example,Bad Email,not-an-email",
      "GOOD-ONE.example,Duplicate in file,",
      "already-here.example,Duplicate in campaign,",
      '"quoted-title.example","Title, with comma",',
    ].join("\n");
    const res = await api.gql(IMPORT, { input: { campaignId, csv } }, token);
    expect(res.data?.importProspects.data).toEqual({
      created: 3,
      duplicates: 2,
      errors: [
        { row: 4, field: "domain", message: expect.stringContaining("not a domain") },
        { row: 5, field: "email", message: "must be a valid email address" },
      ],
    });
    const stored = await api.db.prospect.findMany({
      where: { campaignId: rawId(campaignId), source: "import" },
      orderBy: { domain: "asc" },
      select: { domain: true, pageTitle: true, contactEmail: true },
    });
    expect(stored).toEqual([
      { domain: "good-one.example", pageTitle: "Good One", contactEmail: "editor@good-one.example" },
      { domain: "good-two.example", pageTitle: "Good Two", contactEmail: null },
      { domain: "quoted-title.example", pageTitle: "Title, with comma", contactEmail: null },
    ]);
    const untouched = await api.db.prospect.findFirstOrThrow({ where: { domain: "already-here.example" } });
    expect(untouched.source).toBe("manual");
  });

  it("rejects a file without a domain column or with broken quoting, storing nothing", async () => {
    const before = await api.db.prospect.count();
    const noColumn = await api.gql(IMPORT, { input: { campaignId, csv: "name,email\nA,a@b.example" } }, token);
    expect(fieldPaths(noColumn.data!.importProspects)).toEqual(["csv"]);
    const broken = await api.gql(IMPORT, { input: { campaignId, csv: 'domain,title\n"unterminated.example,oops' } }, token);
    expect(broken.data?.importProspects.__typename).toBe("ValidationError");
    expect(await api.db.prospect.count()).toBe(before);
  });
});

describe("campaign settings", () => {
  it.each([
    [{ dailyCap: 0 }, "dailyCap"],
    [{ dailyCap: 100_000 }, "dailyCap"],
    [{ sendWindowStart: 25 }, "sendWindowStart"],
    [{ sendWindowStart: 17, sendWindowEnd: 9 }, "sendWindowEnd"],
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    [{ minGapSeconds: 600, maxGapSeconds: 60 }, "maxGapSeconds"],
    [{ fromEmail: "me@example.org\nBcc: x@example.org" }, "fromEmail"],
    [{ fromName: "Mia\r\nX-Evil: 1" }, "fromName"],
    [{ minScore: 101 }, "minScore"],
    [{ followUpDelaysDays: [0] }, "followUpDelaysDays.0"],
    [{ maxFollowUps: 3, followUpDelaysDays: [2] }, "maxFollowUps"],
  ])("rejects %j naming %s and changes nothing", async (change, field) => {
    const before = await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaignId) } });
    const res = await api.gql(UPDATE, { id: campaignId, input: change }, token);
    expect(res.data?.updateCampaign.__typename).toBe("ValidationError");
    expect(fieldPaths(res.data!.updateCampaign)).toContain(field);
    expect(await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaignId) } })).toEqual(before);
  });

  it("keeps the artist's medium: set on create, changed and cleared by an update, refused when too long", async () => {
    const MEDIUM = `query($id: ID!) { campaign(id: $id) { medium keywords } }`;
    const created = await createCampaign(api, token, { medium: "  wood-fired stoneware " });
    expect((await api.gql(MEDIUM, { id: created.id }, token)).data?.campaign).toEqual({ medium: "wood-fired stoneware", keywords: ["ceramics", "glaze", "stoneware"] });
    await api.gql(UPDATE, { id: created.id, input: { medium: "porcelain" } }, token);
    expect((await api.gql(MEDIUM, { id: created.id }, token)).data?.campaign.medium).toBe("porcelain");
    await api.gql(UPDATE, { id: created.id, input: { medium: "" } }, token);
    expect((await api.gql(MEDIUM, { id: created.id }, token)).data?.campaign.medium).toBe("");
    const tooLong = await api.gql(UPDATE, { id: created.id, input: { medium: "x".repeat(201) } }, token);
    expect(fieldPaths(tooLong.data!.updateCampaign)).toEqual(["medium"]);
    const withoutOne = await createCampaign(api, token, { medium: undefined });
    expect((await api.gql(MEDIUM, { id: withoutOne.id }, token)).data?.campaign.medium).toBe("");
  });

  it("loads a stored value today's rules refuse and names it for fixing, instead of failing the whole query", async () => {
    // Sample works saved before a link was required (the seeded demo campaign had these).
    await api.db.campaign.update({ where: { id: rawId(campaignId) }, data: { sampleWorks: [{ title: "Low Tide, Grey", year: 2025 }], timeZone: "EST5EDT" } });
    const res = await api.gql(`query($id: ID!) { campaign(id: $id) { name sampleWorks { title url } storedProblems { path message } } }`, { id: campaignId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.campaign.sampleWorks).toEqual([{ title: "Low Tide, Grey", url: null }]);
    expect(res.data?.campaign.storedProblems).toEqual([
      { path: ["timeZone"], message: "Time zone must be a time zone from the list, such as Europe/Berlin." },
      { path: ["sampleWorks", "0", "url"], message: "Sample works, line 1: link is required." },
    ].sort((a, b) => (a.path[0]! < b.path[0]! ? -1 : 1)));
    // Saving another field still works; saving the bad value again is refused with the same words.
    const saved = await api.gql(UPDATE, { id: campaignId, input: { dailyCap: 12 } }, token);
    expect(saved.data?.updateCampaign.data.dailyCap).toBe(12);
    await api.db.campaign.update({ where: { id: rawId(campaignId) }, data: { sampleWorks: [], timeZone: "UTC" } });
  });

  it("checks cross-field rules against the stored values", async () => {
    const res = await api.gql(UPDATE, { id: campaignId, input: { sendWindowEnd: 8 } }, token);
    expect(res.data?.updateCampaign.fieldErrors).toEqual([{ path: ["sendWindowEnd"], message: "Send window end (hour) must be later than the send window start." }]);
  });

  it("applies a valid partial update and leaves other fields alone", async () => {
    const res = await api.gql(UPDATE, { id: campaignId, input: { dailyCap: 35, timeZone: "Europe/Lisbon" } }, token);
    expect(res.data?.updateCampaign.data).toMatchObject({ dailyCap: 35, timeZone: "Europe/Lisbon", sendWindowStart: 9, sendWindowEnd: 17 });
  });

  it("creates nothing when a new campaign is invalid", async () => {
    const before = await api.db.campaign.count();
    const res = await api.gql(CREATE_CAMPAIGN, { input: campaignInput({ keywords: [], fromEmail: "x" }) }, token);
    expect(fieldPaths(res.data!.createCampaign).sort()).toEqual(["fromEmail", "keywords"]);
    expect(await api.db.campaign.count()).toBe(before);
  });

  it("treats null as not given, except for settings null clears", async () => {
    const res = await api.gql(CREATE_CAMPAIGN, { input: campaignInput({ statement: null, dailyCap: null, minScore: null }) }, token);
    expect(res.data?.createCampaign.data).toMatchObject({ dailyCap: 20 });
    const cleared = await api.gql(UPDATE, { id: campaignId, input: { autoApproveScore: null, timeZone: null } }, token);
    expect(cleared.data?.updateCampaign.__typename).toBe("MutationUpdateCampaignSuccess");
  });

  it("reports sends per day for the dashboard", async () => {
    const prospect = await api.db.prospect.create({ data: { campaignId: rawId(campaignId), domain: "activity.example" } });
    await api.db.emailLog.create({ data: { prospectId: prospect.id, step: 0, subject: "s", body: "b", status: "sent", sentAt: new Date() } });
    const res = await api.gql(`query($id: ID!) { campaign(id: $id) { activity(days: 3) { day sent replied accepted } } }`, { id: campaignId }, token);
    const days = res.data?.campaign.activity;
    expect(days).toHaveLength(3);
    expect(days.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), sent: 1, replied: 0, accepted: 0 });
  });

  it("pauses and resumes", async () => {
    const pause = await api.gql(`mutation($id: ID!) { pauseCampaign(id: $id) { ... on MutationPauseCampaignSuccess { data { status } } } }`, { id: campaignId }, token);
    expect(pause.data?.pauseCampaign.data.status).toBe("paused");
    const resume = await api.gql(`mutation($id: ID!) { resumeCampaign(id: $id) { ... on MutationResumeCampaignSuccess { data { status } } } }`, { id: campaignId }, token);
    expect(resume.data?.resumeCampaign.data.status).toBe("active");
  });
});
