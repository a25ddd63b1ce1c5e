import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let campaignId: string;
let prospectId: string;
let jobId: string;

const rest = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(`${api.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
  });

beforeAll(async () => {
  api = await startIsolatedApi("rest");
  owner = await signUp(api, "Owner");
  other = await signUp(api, "Other");
  const campaign = await createCampaign(api, owner.token);
  campaignId = rawId(campaign.id);
  for (const [i, domain] of ["kiln-notes.example", "glaze-review.example", "clay-weekly.example"].entries()) {
    await api.db.prospect.create({
      data: {
        campaignId,
        domain,
        pageTitle: `Ceramics ${domain}`,
        score: 40 + i * 20,
        stage: "scored",
        contactEmail: i ? `editor@${domain}` : null,
        contacts: i ? { create: [{ email: `editor@${domain}`, verification: "valid", confidence: 90 }] } : undefined,
        emailLogs: i === 2 ? { create: [{ step: 0, subject: "Hello", body: "Body", status: "approved" }] } : undefined,
      },
    });
  }
  prospectId = (await api.db.prospect.findFirstOrThrow({ where: { domain: "clay-weekly.example" } })).id;
  jobId = (await api.db.job.create({ data: { userId: rawId(owner.userId), campaignId, jobType: "score", status: "completed", progress: 100 } })).id;
  await api.db.jobEvent.create({ data: { jobId, message: "Scored 3 prospects", progress: 100 } });
});
afterAll(() => api.stop());

describe("REST parity", () => {
  it("GET /api/prospects returns what GraphQL returns for the same filters and order", async () => {
    const res = await rest(`/api/prospects?campaignId=${campaignId}&hasEmail=true&orderBy=score&direction=desc`, owner.token);
    expect(res.status).toBe(200);
    const body = await res.json();
    const gql = await api.gql(
      `query($c: ID!) { prospects(filter: { campaignId: $c, hasEmail: true }, orderBy: { field: SCORE, direction: DESC }) {
        totalCount edges { node { id domain score stage contactEmail contacts { email } lastEmail { subject status } } } } }`,
      { c: Buffer.from(`Campaign:${campaignId}`).toString("base64") },
      owner.token,
    );
    const fromGraphQL = gql.data!.prospects.edges.map(({ node }: any) => ({ ...node, id: rawId(node.id) }));
    expect(body.totalCount).toBe(gql.data!.prospects.totalCount);
    expect(
      body.prospects.map((p: any) => ({
        id: p.id, domain: p.domain, score: p.score, stage: p.stage, contactEmail: p.contactEmail,
        contacts: p.contacts.map((c: any) => ({ email: c.email })),
        lastEmail: p.lastEmail && { subject: p.lastEmail.subject, status: p.lastEmail.status },
      })),
    ).toEqual(fromGraphQL);
    expect(body.prospects.map((p: any) => p.domain)).toEqual(["clay-weekly.example", "glaze-review.example"]);
  });

  it("GET /api/prospects/:id and GET /api/jobs/:id/status show one record", async () => {
    const prospect = await (await rest(`/api/prospects/${prospectId}`, owner.token)).json();
    expect(prospect.prospect).toMatchObject({ id: prospectId, domain: "clay-weekly.example", emails: [{ subject: "Hello" }] });
    const job = await (await rest(`/api/jobs/${jobId}/status`, owner.token)).json();
    expect(job.job).toMatchObject({ id: jobId, status: "completed", progress: 100, events: [{ message: "Scored 3 prospects" }] });
    const list = await (await rest(`/api/jobs?status=completed&limit=10`, owner.token)).json();
    expect(list.jobs.map((j: any) => j.id)).toEqual([jobId]);
  });

  it("POST /api/jobs/discover and /api/prospects/:id/send queue jobs for the owner", async () => {
    const discover = await rest(`/api/jobs/discover`, owner.token, { method: "POST", body: JSON.stringify({ campaignId, keywords: ["ceramics"] }) });
    expect(discover.status).toBe(202);
    const { job } = await discover.json();
    expect(await api.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ jobType: "discover", params: { keywords: ["ceramics"] } });
    const send = await rest(`/api/prospects/${prospectId}/send`, owner.token, { method: "POST" });
    expect(send.status).toBe(202);
  });
});

describe("REST access control and input", () => {
  it("refuses requests without a valid token", async () => {
    expect((await rest(`/api/prospects`)).status).toBe(401);
    expect((await rest(`/api/prospects`, "not.a.token")).status).toBe(401);
  });

  it.each([
    ["GET", () => `/api/prospects/${prospectId}`],
    ["GET", () => `/api/jobs/${jobId}/status`],
    ["POST", () => `/api/prospects/${prospectId}/compose`],
    ["POST", () => `/api/prospects/${prospectId}/send`],
  ])("%s %s answers 404 to another user, exactly as for a missing id", async (method, path) => {
    const theirs = await rest(path(), other.token, { method });
    const missing = await rest(path().replace(/[0-9a-f-]{36}/, "00000000-0000-4000-8000-000000000000"), other.token, { method });
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual(await missing.json());
  });

  it("another user's lists and discovery see nothing of the owner's", async () => {
    const list = await (await rest(`/api/prospects?campaignId=${campaignId}`, other.token)).json();
    expect(list).toEqual({ prospects: [], totalCount: 0, nextCursor: null });
    const jobs = await (await rest(`/api/jobs`, other.token)).json();
    expect(jobs.jobs).toEqual([]);
    const discover = await rest(`/api/jobs/discover`, other.token, { method: "POST", body: JSON.stringify({ campaignId }) });
    expect(discover.status).toBe(404);
  });

  it("names bad query parameters", async () => {
    for (const [query, field] of [["minScore=abc", "minScore"], ["limit=500", "limit"], ["hasEmail=maybe", "hasEmail"], ["orderBy=name", "orderBy"]]) {
      const res = await rest(`/api/prospects?${query}`, owner.token);
      expect(res.status).toBe(400);
      expect((await res.json()).error.fieldErrors[0].path).toEqual([field]);
    }
  });

  it("POST /api/prospects/:id/compose refuses with 409 and the reason instead of queuing a job that skips, and redrafts a generated draft", async () => {
    const approved = await rest(`/api/prospects/${prospectId}/compose`, owner.token, { method: "POST" });
    expect(approved.status).toBe(409);
    expect((await approved.json()).error.message).toBe("clay-weekly.example cannot be drafted: the first email is already approved");
    const unscored = await api.db.prospect.create({ data: { campaignId, domain: "unscored.example", contactEmail: "hi@unscored.example" } });
    const notScored = await rest(`/api/prospects/${unscored.id}/compose`, owner.token, { method: "POST" });
    expect(notScored.status).toBe(409);
    expect((await notScored.json()).error.message).toBe("unscored.example cannot be drafted: not scored yet; score it first");
    const jobsBefore = await api.db.job.count({ where: { jobType: "compose" } });
    expect(jobsBefore).toBe(0);

    const glaze = await api.db.prospect.findFirstOrThrow({ where: { domain: "glaze-review.example" } });
    await api.db.emailLog.create({ data: { prospectId: glaze.id, step: 0, subject: "Old", body: "Old draft", status: "draft", draftSource: "template" } });
    const redraft = await rest(`/api/prospects/${glaze.id}/compose`, owner.token, { method: "POST" });
    expect(redraft.status).toBe(202);
    expect((await redraft.json()).job.jobType).toBe("compose");
    expect(await api.db.emailLog.count({ where: { prospectId: glaze.id } })).toBe(0);
  });

  it("refuses an unknown job status or type with 400 naming the parameter and the allowed values", async () => {
    for (const [query, field] of [["status=bogus", "status"], ["type=bogus", "type"], ["status=completed,nope", "status"]]) {
      const res = await rest(`/api/jobs?${query}`, owner.token);
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.error.fieldErrors[0].path).toEqual([field]);
      expect(body.error.fieldErrors[0].message).toMatch(field === "status" ? /must be one or more of pending, running, completed, failed, cancelled/ : /must be one or more of discover, enrich/);
    }
  });

  it("serves the OpenAPI document", async () => {
    const res = await fetch(`${api.url}/api/openapi.yaml`);
    expect(await res.text()).toContain("/api/prospects/{id}/send:");
  });
});
