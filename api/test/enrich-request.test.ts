/**
 * Asking for enrichment, with no worker running (queued jobs stay pending): adding and importing
 * queue one enrich-and-score job, "Enrich" is idempotent while that job waits, and refuses with the
 * reason during the cooldown and past scoring, in GraphQL and in REST.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let campaignId: string;

const ENRICH = `mutation($ids: [ID!]!) { enrichProspects(prospectIds: $ids) {
  __typename
  ... on MutationEnrichProspectsSuccess { data { jobs { id jobType status params } refused { prospectId domain reason availableAt } } }
  ... on ValidationError { message fieldErrors { path message } }
  ... on Error { message }
} }`;

type EnrichAnswer = {
  __typename: string;
  message?: string;
  data?: { jobs: { id: string; jobType: string; status: string; params: { prospectIds: string[]; thenScore?: boolean } }[]; refused: { prospectId: string; domain: string; reason: string; availableAt: string | null }[] };
};

const enrich = async (ids: string[], token = owner.token) =>
  (await api.gql<{ enrichProspects: EnrichAnswer }>(ENRICH, { ids: ids.map((id) => globalId("Prospect", id)) }, token)).data!.enrichProspects;

const rest = (path: string, token = owner.token) => fetch(`${api.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });

/** A prospect of the campaign as discovery or an earlier enrichment left it (no job queued for it). */
const prospect = (domain: string, data: { stage?: "discovered" | "scored" | "drafted" | "skipped"; enrichedAt?: Date } = {}) =>
  api.db.prospect.create({ data: { campaignId, domain, pageUrl: `https://${domain}/`, ...data } });

const enrichJobs = () => api.db.job.findMany({ where: { campaignId, jobType: "enrich" }, orderBy: { createdAt: "asc" } });

beforeAll(async () => {
  api = await startIsolatedApi("enrichreq");
  owner = await signUp(api, "Owner");
  other = await signUp(api, "Other");
  campaignId = rawId((await createCampaign(api, owner.token, { timeZone: "Europe/Paris" })).id);
});
afterAll(() => api?.stop());

describe("prospects added or imported are enriched and scored without asking", () => {
  it("adding one by hand queues its enrichment and scoring, shown on the prospect as its enrich job", async () => {
    const res = await api.gql(
      `mutation($input: AddProspectInput!) { addProspect(input: $input) { ... on MutationAddProspectSuccess { data { id stage enrichJob { id jobType status } } } } }`,
      { input: { campaignId: globalId("Campaign", campaignId), domainOrUrl: "quiet-glaze-review.example" } },
      owner.token,
    );
    const added = res.data!.addProspect.data;
    expect(added.enrichJob).toMatchObject({ jobType: "enrich", status: "pending" });
    const job = await api.db.job.findUniqueOrThrow({ where: { id: rawId(added.enrichJob.id) } });
    expect(job.params).toEqual({ prospectIds: [rawId(added.id)], thenScore: true });
    expect(await api.db.jobEvent.findFirst({ where: { jobId: job.id } })).toMatchObject({ message: "Queued: enriching and scoring 1 prospect" });
  });

  it("an import queues one job for every prospect it created, and answers with it", async () => {
    const before = (await enrichJobs()).length;
    const csv = ["domain", "amber-kiln-press.example", "bold-canvas-journal.example", "not a domain", "amber-kiln-press.example", "quiet-glaze-review.example"].join("\n");
    const res = await api.gql(
      `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { ... on MutationImportProspectsSuccess { data { created duplicates job { id jobType status } } } } }`,
      { input: { campaignId: globalId("Campaign", campaignId), csv } },
      owner.token,
    );
    const report = res.data!.importProspects.data;
    expect(report).toMatchObject({ created: 2, duplicates: 2, job: { jobType: "enrich", status: "pending" } });
    expect((await enrichJobs()).length).toBe(before + 1);
    const job = await api.db.job.findUniqueOrThrow({ where: { id: rawId(report.job.id) } });
    const created = await api.db.prospect.findMany({ where: { campaignId, domain: { in: ["amber-kiln-press.example", "bold-canvas-journal.example"] } } });
    expect((job.params as { prospectIds: string[] }).prospectIds.sort()).toEqual(created.map((p) => p.id).sort());
    expect(job.params).toMatchObject({ thenScore: true });
  });

  it("an import that creates nothing queues nothing", async () => {
    const before = (await enrichJobs()).length;
    const res = await api.gql(
      `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { ... on MutationImportProspectsSuccess { data { created job { id } } } } }`,
      { input: { campaignId: globalId("Campaign", campaignId), csv: "domain\namber-kiln-press.example" } },
      owner.token,
    );
    expect(res.data!.importProspects.data).toEqual({ created: 0, job: null });
    expect((await enrichJobs()).length).toBe(before);
  });
});

describe("Enrich on demand", () => {
  it("queues one job for a selection; asking again while it waits returns that job", async () => {
    const a = await prospect("silver-easel-gallery.example");
    const b = await prospect("wild-loom-zine.example", { stage: "scored" });
    const first = await enrich([a.id, b.id]);
    expect(first.data!.refused).toEqual([]);
    expect(first.data!.jobs).toHaveLength(1);
    const job = first.data!.jobs[0]!;
    expect(job).toMatchObject({ jobType: "enrich", status: "pending" });
    expect(job.params).toEqual({ prospectIds: [a.id, b.id], thenScore: true });

    const again = await enrich([b.id]);
    expect(again.data!.jobs.map((j) => j.id)).toEqual([job.id]);
    const viaRest = await rest(`/api/prospects/${a.id}/enrich`);
    expect(viaRest.status).toBe(202);
    expect((await viaRest.json()).job).toEqual({ id: rawId(job.id), status: "pending", jobType: "enrich" });
    expect((await api.db.job.findMany({ where: { campaignId, jobType: "enrich", params: { path: ["prospectIds"], array_contains: [a.id] } } })).length).toBe(1);
  });

  it("two requests at the same moment queue one job", async () => {
    const p = await prospect("gentle-ink-notes.example");
    const [x, y] = await Promise.all([enrich([p.id]), enrich([p.id])]);
    expect(x.data!.jobs.map((j) => j.id)).toEqual(y.data!.jobs.map((j) => j.id));
    expect(await api.db.job.count({ where: { campaignId, jobType: "enrich", params: { path: ["prospectIds"], array_contains: [p.id] } } })).toBe(1);
  });

  it("refuses a prospect enriched within the hour with when it was and when it can be again, in GraphQL and REST", async () => {
    const enrichedAt = new Date(Date.now() - 20 * 60_000);
    const p = await prospect("copper-kiln-salon.example", { stage: "scored", enrichedAt });
    const availableAt = new Date(enrichedAt.getTime() + 60 * 60_000);
    const clock = (d: Date) => d.toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

    const answer = await enrich([p.id]);
    expect(answer.data!.jobs).toEqual([]);
    expect(answer.data!.refused).toEqual([{
      prospectId: globalId("Prospect", p.id),
      domain: "copper-kiln-salon.example",
      reason: `copper-kiln-salon.example was enriched at ${clock(enrichedAt)}; it can be enriched again at ${clock(availableAt)} (Europe/Paris)`,
      availableAt: availableAt.toISOString(),
    }]);

    const res = await rest(`/api/prospects/${p.id}/enrich`);
    expect(res.status).toBe(409);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(39 * 60);
    expect(retryAfter).toBeLessThanOrEqual(40 * 60);
    expect((await res.json()).error).toEqual({ code: "CONFLICT", message: answer.data!.refused[0]!.reason, availableAt: availableAt.toISOString() });

    // The prospect shows the same: when it was enriched, and when Enrich comes back.
    const shown = await api.gql(`query($id: ID!) { prospect(id: $id) { enrichedAt enrichAvailableAt enrichNotes enrichJob { id } } }`, { id: globalId("Prospect", p.id) }, owner.token);
    expect(shown.data!.prospect).toEqual({ enrichedAt: enrichedAt.toISOString(), enrichAvailableAt: availableAt.toISOString(), enrichNotes: [], enrichJob: null });
    expect(await api.db.job.count({ where: { campaignId, jobType: "enrich", params: { path: ["prospectIds"], array_contains: [p.id] } } })).toBe(0);
  });

  it("enriches again once the hour is over", async () => {
    const p = await prospect("late-mural-review.example", { stage: "scored", enrichedAt: new Date(Date.now() - 61 * 60_000) });
    const shown = await api.gql(`query($id: ID!) { prospect(id: $id) { enrichAvailableAt } }`, { id: globalId("Prospect", p.id) }, owner.token);
    expect(shown.data!.prospect.enrichAvailableAt).toBeNull();
    expect((await enrich([p.id])).data!.jobs).toHaveLength(1);
  });

  it("refuses prospects past scoring with the reason, and queues the rest of the selection", async () => {
    const drafted = await prospect("paper-frame-press.example", { stage: "drafted" });
    const fresh = await prospect("urban-stone-atelier.example");
    const answer = await enrich([drafted.id, fresh.id]);
    expect(answer.data!.refused).toEqual([{
      prospectId: globalId("Prospect", drafted.id), domain: "paper-frame-press.example",
      reason: "paper-frame-press.example is drafted: only discovered, enriched or scored prospects are enriched", availableAt: null,
    }]);
    expect(answer.data!.jobs).toHaveLength(1);
    expect(answer.data!.jobs[0]!.params.prospectIds).toEqual([fresh.id]);

    const res = await rest(`/api/prospects/${drafted.id}/enrich`);
    expect(res.status).toBe(409);
    expect(res.headers.get("retry-after")).toBeNull();
    expect((await res.json()).error).toMatchObject({ message: "paper-frame-press.example is drafted: only discovered, enriched or scored prospects are enriched", availableAt: null });
  });

  it("refuses the whole call when one id is another user's, queuing nothing", async () => {
    const mine = await prospect("salt-lens-quarterly.example");
    const before = (await enrichJobs()).length;
    const answer = await enrich([mine.id], other.token);
    expect(answer).toMatchObject({ __typename: "NotFoundError" });
    expect((await rest(`/api/prospects/${mine.id}/enrich`, other.token)).status).toBe(404);
    const theirs = rawId((await createCampaign(api, other.token)).id);
    const foreign = await api.db.prospect.create({ data: { campaignId: theirs, domain: "bright-field-prize.example" } });
    expect(await enrich([mine.id, foreign.id])).toMatchObject({ __typename: "NotFoundError" });
    expect((await enrichJobs()).length).toBe(before);
  });

  it("asks for one campaign and a selection of at most 200", async () => {
    const secondCampaign = rawId((await createCampaign(api, owner.token, { name: "Autumn" })).id);
    const here = await prospect("restless-brush-notes.example");
    const there = await api.db.prospect.create({ data: { campaignId: secondCampaign, domain: "restless-brush-notes.example" } });
    const mixed = await enrich([here.id, there.id]);
    expect(mixed).toMatchObject({ __typename: "ValidationError", message: expect.stringContaining("Select prospects of one campaign.") });
    expect(await enrich([])).toMatchObject({ __typename: "ValidationError", message: expect.stringContaining("Select at least one prospect.") });
  });
});
