import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

/** A draft the template wrote because Gemini failed: its reason reads back through GraphQL and REST, for its owner only. */

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let campaignId: string;
let prospectId: string;
let fallbackId: string;

beforeAll(async () => {
  api = await startIsolatedApi("draftfallback");
  owner = await signUp(api, "Owner");
  other = await signUp(api, "Other");
  campaignId = (await createCampaign(api, owner.token, { autoApproveScore: 50 })).id;
  const prospect = await api.db.prospect.create({
    data: {
      campaignId: rawId(campaignId), domain: "kiln-notes.example", contactEmail: "editor@kiln-notes.example", score: 90, stage: "drafted",
      emailLogs: {
        create: [{ step: 0, subject: "Ada Potter, ceramics for Kiln Notes", body: "Hello,\n\nMy name is Ada Potter.", flags: ["template_fallback"], draftSource: "template", fallbackReason: "gemini_rate_limited" }],
      },
    },
    include: { emailLogs: true },
  });
  prospectId = prospect.id;
  fallbackId = prospect.emailLogs[0]!.id;
  await api.db.prospect.create({
    data: {
      campaignId: rawId(campaignId), domain: "glaze-review.example", contactEmail: "editor@glaze-review.example", score: 90, stage: "drafted",
      emailLogs: { create: [{ step: 0, subject: "Hello", body: "Hello,\n\nAda Potter", draftSource: "gemini" }] },
    },
  });
});
afterAll(() => api.stop());

const LIST = `query($c: ID!) { emailLogs(filter: { campaignId: $c }, orderBy: { field: CREATED_AT, direction: ASC }) { edges { node { id draftSource fallbackReason flags prospect { domain } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on EmailLog { id fallbackReason } } }`;

describe("fallbackReason", () => {
  it("the owner reads why a draft came from the template, and a Gemini draft has none", async () => {
    const res = await api.gql(LIST, { c: campaignId }, owner.token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.emailLogs.edges.map((e: any) => [e.node.prospect.domain, e.node.draftSource, e.node.fallbackReason, e.node.flags])).toEqual([
      ["kiln-notes.example", "template", "gemini_rate_limited", ["template_fallback"]],
      ["glaze-review.example", "gemini", null, []],
    ]);
    expect((await api.gql(NODE, { id: globalId("EmailLog", fallbackId) }, owner.token)).data!.node).toEqual({ id: globalId("EmailLog", fallbackId), fallbackReason: "gemini_rate_limited" });
  });

  it("another user sees nothing of it", async () => {
    expect((await api.gql(NODE, { id: globalId("EmailLog", fallbackId) }, other.token)).data!.node).toBeNull();
  });

  it("auto-approve leaves the fallback draft for a person and approves the clean one", async () => {
    const res = await api.gql(`mutation($c: ID!) { autoApproveDrafts(campaignId: $c) { __typename ... on MutationAutoApproveDraftsSuccess { data { approved } } } }`, { c: campaignId }, owner.token);
    expect(res.data!.autoApproveDrafts.data.approved).toBe(1);
    expect(await api.db.emailLog.findUniqueOrThrow({ where: { id: fallbackId } })).toMatchObject({ status: "draft", approvedAt: null });
  });

  it("REST shows it on the prospect's emails", async () => {
    const res = await fetch(`${api.url}/api/prospects/${prospectId}`, { headers: { authorization: `Bearer ${owner.token}` } });
    const { prospect } = await res.json();
    expect(prospect.emails).toEqual([expect.objectContaining({ id: fallbackId, draftSource: "template", fallbackReason: "gemini_rate_limited", flags: ["template_fallback"] })]);
    expect(prospect.lastEmail).toMatchObject({ fallbackReason: "gemini_rate_limited" });
  });
});
