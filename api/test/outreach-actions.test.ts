import { deriveUnsubscribeSecret, signUnsubscribeToken } from "@outreach/core/outreach";
import { seedMailbox } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedApi, TEST_SECRET_KEY } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;
let campaignId: string;

async function prospectWithDraft(domain: string, opts: { score?: number; flags?: string[]; status?: "draft" | "approved" } = {}) {
  const prospect = await api.db.prospect.create({
    data: {
      campaignId: rawId(campaignId), domain, contactEmail: `editor@${domain}`, score: opts.score ?? 80, stage: "drafted",
      emailLogs: { create: [{ step: 0, subject: `Hello ${domain}`, body: "Dear editor, ...", flags: opts.flags ?? [], status: opts.status ?? "draft", draftSource: "gemini" }] },
    },
    include: { emailLogs: true },
  });
  return { prospect, email: prospect.emailLogs[0]! };
}

beforeAll(async () => {
  api = await startIsolatedApi("actions");
  owner = await signUp(api, "Owner");
  await seedMailbox(api.db, rawId(owner.userId));
  other = await signUp(api, "Other");
  campaignId = (await createCampaign(api, owner.token, { autoApproveScore: 70 })).id;
});
afterAll(() => api.stop());

const UPDATE = `mutation($id: ID!, $subject: String, $body: String) { updateDraft(id: $id, subject: $subject, body: $body) {
  __typename ... on MutationUpdateDraftSuccess { data { status subject draftSource } } ... on ValidationError { fieldErrors { path message } } ... on Error { message } } }`;
const APPROVE = `mutation($id: ID!) { approveDraft(id: $id) { __typename ... on MutationApproveDraftSuccess { data { status } } ... on Error { message } } }`;

describe("drafts", () => {
  it("edits, approves, and sends an edited approved email back to draft", async () => {
    const { email, prospect } = await prospectWithDraft("edit-me.example");
    const id = globalId("EmailLog", email.id);
    const edited = await api.gql(UPDATE, { id, subject: "A better subject" }, owner.token);
    expect(edited.data?.updateDraft.data).toEqual({ status: "draft", subject: "A better subject", draftSource: "manual" });
    expect((await api.gql(APPROVE, { id }, owner.token)).data?.approveDraft.data.status).toBe("approved");
    expect((await api.db.prospect.findUniqueOrThrow({ where: { id: prospect.id } })).stage).toBe("approved");
    const again = await api.gql(UPDATE, { id, body: "Changed after approval" }, owner.token);
    expect(again.data?.updateDraft.data.status).toBe("draft");
  });

  it("approves a selection at once and says, per draft, why one was refused", async () => {
    const a = await prospectWithDraft("bulk-a.example");
    const b = await prospectWithDraft("bulk-b.example");
    const noAddress = await api.db.prospect.create({
      data: { campaignId: rawId(campaignId), domain: "bulk-none.example", stage: "drafted", emailLogs: { create: [{ step: 0, subject: "Hi", body: "..." }] } },
      include: { emailLogs: true },
    });
    const foreign = await prospectWithDraft("bulk-foreign.example");
    const ids = [a.email.id, b.email.id, noAddress.emailLogs[0]!.id].map((id) => globalId("EmailLog", id));
    const BULK = `mutation($ids: [ID!]!) { approveDrafts(ids: $ids) { __typename
      ... on MutationApproveDraftsSuccess { data { approved { id status } refused { id reason } } } ... on Error { message } } }`;
    const res = await api.gql(BULK, { ids }, owner.token);
    expect(res.data?.approveDrafts.data.approved).toEqual([{ id: ids[0], status: "approved" }, { id: ids[1], status: "approved" }]);
    expect(res.data?.approveDrafts.data.refused).toEqual([{ id: ids[2], reason: "The prospect has no email address to send to." }]);
    expect((await api.db.prospect.findUniqueOrThrow({ where: { id: b.prospect.id } })).stage).toBe("approved");
    // A selection holding another user's draft is refused as a whole, as not found; nothing changes.
    const theirs = await api.gql(BULK, { ids: [globalId("EmailLog", foreign.email.id)] }, other.token);
    expect(theirs.data?.approveDrafts).toEqual({ __typename: "NotFoundError", message: "Email not found" });
    expect((await api.db.emailLog.findUniqueOrThrow({ where: { id: foreign.email.id } })).status).toBe("draft");
  });

  it("lists drafts by score across pages, highest first and unscored last, or by date", async () => {
    const c = (await createCampaign(api, owner.token)).id;
    const written = [["s10.example", 10], ["s90.example", 90], ["none.example", null], ["s50.example", 50]] as const;
    for (const [i, [domain, score]] of written.entries()) {
      const createdAt = new Date(Date.now() - (written.length - i) * 60_000);
      await api.db.prospect.create({ data: { campaignId: rawId(c), domain, score, stage: "drafted", emailLogs: { create: [{ step: 0, subject: "Hi", body: "...", createdAt }] } } });
    }
    const LIST = `query($c: ID!, $after: String, $o: EmailLogOrder) { emailLogs(first: 2, after: $after, filter: { campaignId: $c }, orderBy: $o) {
      edges { node { prospect { domain } } } pageInfo { endCursor } } }`;
    const pages = async (o: unknown) => {
      const first = await api.gql(LIST, { c, o }, owner.token);
      const second = await api.gql(LIST, { c, o, after: first.data!.emailLogs.pageInfo.endCursor }, owner.token);
      return [...first.data!.emailLogs.edges, ...second.data!.emailLogs.edges].map((e: { node: { prospect: { domain: string } } }) => e.node.prospect.domain);
    };
    expect(await pages({ field: "SCORE" })).toEqual(["s90.example", "s50.example", "s10.example", "none.example"]);
    expect(await pages({ field: "SCORE", direction: "ASC" })).toEqual(["s10.example", "s50.example", "s90.example", "none.example"]);
    expect(await pages({ field: "CREATED_AT", direction: "ASC" })).toEqual(["s10.example", "s90.example", "none.example", "s50.example"]);
  });

  it("rejects a subject with a line break (header injection) and keeps the draft as it was", async () => {
    const { email } = await prospectWithDraft("inject-subject.example");
    const res = await api.gql(UPDATE, { id: globalId("EmailLog", email.id), subject: "Hi\r\nBcc: everyone@example.org" }, owner.token);
    expect(res.data?.updateDraft.fieldErrors).toEqual([{ path: ["subject"], message: "Subject must not contain line breaks (CR or LF)." }]);
    expect((await api.db.emailLog.findUniqueOrThrow({ where: { id: email.id } })).subject).toBe("Hello inject-subject.example");
  });

  it("auto-approves only unflagged drafts at or above the campaign's score", async () => {
    const high = await prospectWithDraft("high-clean.example", { score: 90 });
    const flagged = await prospectWithDraft("high-flagged.example", { score: 95, flags: ["unsupported_link"] });
    const low = await prospectWithDraft("low-clean.example", { score: 40 });
    const res = await api.gql(
      `mutation($c: ID!) { autoApproveDrafts(campaignId: $c) { ... on MutationAutoApproveDraftsSuccess { data { approved threshold } } } }`,
      { c: campaignId },
      owner.token,
    );
    expect(res.data?.autoApproveDrafts.data.threshold).toBe(70);
    const status = async (e: { id: string }) => (await api.db.emailLog.findUniqueOrThrow({ where: { id: e.id } })).status;
    expect(await status(high.email)).toBe("approved");
    expect(await status(flagged.email)).toBe("draft");
    expect(await status(low.email)).toBe("draft");
  });

  it("another user's draft is not found and stays unchanged", async () => {
    const { email } = await prospectWithDraft("not-yours.example");
    const id = globalId("EmailLog", email.id);
    expect((await api.gql(APPROVE, { id }, other.token)).data?.approveDraft.__typename).toBe("NotFoundError");
    expect((await api.gql(UPDATE, { id, subject: "x" }, other.token)).data?.updateDraft.__typename).toBe("NotFoundError");
    expect((await api.db.emailLog.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("draft");
  });
});

describe("suppressions", () => {
  const ADD = `mutation($v: String!) { addSuppression(value: $v) { __typename ... on MutationAddSuppressionSuccess { data { id value reason } } ... on ValidationError { fieldErrors { path message } } } }`;

  it("adds emails, domains and wildcards normalized, and lists and removes them", async () => {
    const added = await Promise.all(["Editor@Blocked.EXAMPLE", "https://www.no-thanks.example/page", "*.agency.example"].map((v) => api.gql(ADD, { v }, owner.token)));
    expect(added.map((r) => r.data?.addSuppression.data.value)).toEqual(["editor@blocked.example", "no-thanks.example", "*.agency.example"]);
    const list = await api.gql(`{ suppressions { totalCount edges { node { value reason } } } }`, {}, owner.token);
    expect(list.data?.suppressions.totalCount).toBe(3);
    const id = added[1]!.data!.addSuppression.data.id;
    expect((await api.gql(`mutation($id: ID!) { removeSuppression(id: $id) { __typename } }`, { id }, other.token)).data?.removeSuppression.__typename).toBe("NotFoundError");
    await api.gql(`mutation($id: ID!) { removeSuppression(id: $id) { __typename } }`, { id }, owner.token);
    expect((await api.gql(`{ suppressions { totalCount } }`, {}, owner.token)).data?.suppressions.totalCount).toBe(2);
  });

  it("names the field for a value that is neither an email nor a domain", async () => {
    const res = await api.gql(ADD, { v: "not valid at all" }, owner.token);
    expect(res.data?.addSuppression.fieldErrors[0].path).toEqual(["value"]);
  });
});

describe("send queue preview", () => {
  it("says why an email will not be sent", async () => {
    const { prospect } = await prospectWithDraft("queued-flagged.example", { flags: ["unfilled_placeholder"] });
    await api.db.suppression.create({ data: { userId: rawId(owner.userId), value: "suppressed-site.example", reason: "manual" } });
    await prospectWithDraft("suppressed-site.example", { status: "approved" });
    const res = await api.gql(`query($c: ID!) { sendQueue(campaignId: $c) { dailyCap queue { domain } blocked { domain reason detail } } }`, { c: campaignId }, owner.token);
    const blocked = res.data?.sendQueue.blocked as { domain: string; reason: string }[];
    expect(blocked.find((b) => b.domain === prospect.domain)?.reason).toMatch(/flag|approved/);
    expect(blocked.find((b) => b.domain === "suppressed-site.example")?.reason).toBe("suppressed");
    const theirs = await api.gql(`query($c: ID!) { sendQueue(campaignId: $c) { dailyCap } }`, { c: campaignId }, other.token);
    expect(theirs.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("one-click unsubscribe", () => {
  it("GET only shows a button; POST suppresses the recipient and cancels their pending emails; tampered tokens are refused", async () => {
    const { email, prospect } = await prospectWithDraft("unsub.example", { status: "approved" });
    const token = signUnsubscribeToken(deriveUnsubscribeSecret(TEST_SECRET_KEY), {
      userId: rawId(owner.userId), emailLogId: email.id, email: prospect.contactEmail!,
    });
    const url = `${api.url}/unsubscribe/${token}`;
    const get = await fetch(url);
    expect(await get.text()).toContain("<button");
    expect(await api.db.suppression.count({ where: { value: "editor@unsub.example" } })).toBe(0);

    const post = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(post.status).toBe(200);
    expect(await api.db.suppression.findFirst({ where: { value: "editor@unsub.example" } })).toMatchObject({ reason: "unsubscribed" });
    expect((await api.db.emailLog.findUniqueOrThrow({ where: { id: email.id } })).status).toBe("failed");
    expect((await fetch(url, { method: "POST" })).status).toBe(200);

    const tampered = token.slice(0, -2) + (token.endsWith("A") ? "BB" : "AA");
    expect((await fetch(`${api.url}/unsubscribe/${tampered}`, { method: "POST" })).status).toBe(400);
  });
});
