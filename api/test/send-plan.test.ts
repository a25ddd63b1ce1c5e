import { randomUUID } from "node:crypto";
import { seedMailbox } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, startIsolatedApi, testEnv } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";
import { createQueues, closeQueues, type Queues } from "@outreach/core/jobs";
import { REDIS_URL, deleteRedisPrefix } from "@outreach/testkit";

/**
 * What a user meets of the dispatcher through the API: approving wakes the campaign's dispatcher
 * and the plan says when the email goes (on the campaign and on the Send queue alike); pausing
 * empties the plan, resuming wakes it again; the sandbox Test tool makes a follow-up due now and
 * is refused with Gmail live.
 */

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let queues: Queues;
let owner: Awaited<ReturnType<typeof signUp>>;
let other: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  api = await startIsolatedApi("send-plan");
  queues = createQueues(REDIS_URL, api.prefix);
  owner = await signUp(api, "Owner");
  await seedMailbox(api.db, rawId(owner.userId));
  other = await signUp(api, "Other");
});
afterAll(async () => {
  await closeQueues(queues);
  await api.stop();
  await deleteRedisPrefix(api.prefix);
});

const dispatchJobsFor = async (campaignUuid: string) =>
  [...(await queues.dispatch.getWaiting()), ...(await queues.dispatch.getDelayed())].filter((j) => j.data.campaignId === campaignUuid);

async function draftFor(campaignId: string, domain: string, data: Record<string, unknown> = {}) {
  return api.db.prospect.create({
    data: {
      campaignId: rawId(campaignId), domain, contactEmail: `editor@${domain}`, score: 80, stage: "drafted",
      emailLogs: { create: [{ step: 0, subject: `Hello ${domain}`, body: "Dear editor, ...", status: "draft", draftSource: "gemini" }] },
      ...data,
    },
    include: { emailLogs: true },
  });
}

const PLAN = `query($c: ID!) { campaign: node(id: $c) { ... on Campaign { nextSendAt timeZone } } sendQueue(campaignId: $c) { nextSendAt queue { emailLogId estimatedAt sending } } }`;
const APPROVE = `mutation($id: ID!) { approveDraft(id: $id) { __typename } }`;
const PAUSE = `mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }`;
const RESUME = `mutation($id: ID!) { resumeCampaign(id: $id) { __typename } }`;
const DUE_NOW = `mutation($p: ID!) { makeFollowUpDue(prospectId: $p) { __typename ... on MutationMakeFollowUpDueSuccess { data { id jobType status } } ... on Error { message } } }`;

describe("the send plan through the API", () => {
  it("approving wakes the dispatcher and the campaign and the Send queue give the same next send; pause empties it, resume wakes it", async () => {
    const campaign = await createCampaign(api, owner.token, { timeZone: "Asia/Tokyo", sendWindowStart: 0, sendWindowEnd: 24, minGapSeconds: 60, maxGapSeconds: 120 });
    const p = await draftFor(campaign.id, "plan-one.example");
    expect((await api.gql(PLAN, { c: campaign.id }, owner.token)).data).toMatchObject({ campaign: { nextSendAt: null }, sendQueue: { nextSendAt: null, queue: [] } });

    const before = Date.now();
    expect((await api.gql(APPROVE, { id: globalId("EmailLog", p.emailLogs[0]!.id) }, owner.token)).data?.approveDraft.__typename).toBe("MutationApproveDraftSuccess");
    expect(await dispatchJobsFor(rawId(campaign.id))).toHaveLength(1);
    const plan = (await api.gql(PLAN, { c: campaign.id }, owner.token)).data!;
    expect(plan.campaign.timeZone).toBe("Asia/Tokyo");
    expect(plan.sendQueue.queue).toEqual([{ emailLogId: p.emailLogs[0]!.id, estimatedAt: expect.any(String), sending: false }]);
    // Nothing holds it back (no dispatcher runs in this test): both say "now", each at its own read.
    expect(plan.sendQueue.queue[0].estimatedAt).toBe(plan.sendQueue.nextSendAt);
    for (const at of [plan.campaign.nextSendAt, plan.sendQueue.nextSendAt]) expect(Math.abs(new Date(at).getTime() - before)).toBeLessThan(5000);

    await queues.dispatch.drain(true);
    await api.gql(PAUSE, { id: campaign.id }, owner.token);
    expect((await api.gql(PLAN, { c: campaign.id }, owner.token)).data).toMatchObject({ campaign: { nextSendAt: null }, sendQueue: { nextSendAt: null } });
    expect(await dispatchJobsFor(rawId(campaign.id))).toHaveLength(0);
    await api.gql(RESUME, { id: campaign.id }, owner.token);
    expect(await dispatchJobsFor(rawId(campaign.id))).toHaveLength(1);
    expect((await api.gql(PLAN, { c: campaign.id }, owner.token)).data!.campaign.nextSendAt).not.toBeNull();
  });

  it("editing the window wakes the dispatcher to plan again at once", async () => {
    const campaign = await createCampaign(api, owner.token, { sendWindowStart: 0, sendWindowEnd: 24 });
    await queues.dispatch.drain(true);
    const res = await api.gql(`mutation($id: ID!) { updateCampaign(id: $id, input: { sendWindowStart: 9, sendWindowEnd: 17 }) { __typename } }`, { id: campaign.id }, owner.token);
    expect(res.data?.updateCampaign.__typename).toBe("MutationUpdateCampaignSuccess");
    expect(await dispatchJobsFor(rawId(campaign.id))).toHaveLength(1);
  });

  it("Test tools: makes a sent prospect's next follow-up due now and queues it; refuses another user's, an unsent one, and Gmail live", async () => {
    const campaign = await createCampaign(api, owner.token, { followUpDelaysDays: [4], maxFollowUps: 1 });
    const sentAt = new Date(Date.now() - 3_600_000);
    const sent = await draftFor(campaign.id, "sent-one.example", { stage: "sent", outreachStatus: "sent", lastSent: sentAt });
    await api.db.emailLog.update({ where: { id: sent.emailLogs[0]!.id }, data: { status: "sent", sentAt, gmailThreadId: "t1", rfcMessageId: "<m1@x>" } });
    const unsent = await draftFor(campaign.id, "unsent-one.example");

    expect((await api.gql(DUE_NOW, { p: globalId("Prospect", sent.id) }, other.token)).data?.makeFollowUpDue).toMatchObject({ __typename: "NotFoundError" });
    expect((await api.gql(DUE_NOW, { p: globalId("Prospect", unsent.id) }, owner.token)).data?.makeFollowUpDue).toEqual({
      __typename: "ConflictError",
      message: "This prospect has no follow-up to send: its first email has not been sent yet",
    });

    const ok = (await api.gql(DUE_NOW, { p: globalId("Prospect", sent.id) }, owner.token)).data?.makeFollowUpDue;
    expect(ok).toMatchObject({ __typename: "MutationMakeFollowUpDueSuccess", data: { jobType: "followup", status: "pending" } });
    const lastSent = (await api.db.prospect.findUniqueOrThrow({ where: { id: sent.id } })).lastSent!;
    expect(Date.now() - lastSent.getTime()).toBeGreaterThanOrEqual(4 * 86_400_000 - 60_000);
    expect(await queues.followup.getJob(`followup.${sent.id}.1`)).toBeTruthy();

    const livePrefix = `test-${randomUUID()}`;
    const live = await startApi(
      testEnv(api.env.DATABASE_URL, livePrefix, { GMAIL_CLIENT_ID: "live-id", GMAIL_CLIENT_SECRET: "live-secret", GMAIL_REFRESH_TOKEN: "live-refresh" }),
      { db: api.db },
    );
    try {
      const refused = (await live.gql(DUE_NOW, { p: globalId("Prospect", sent.id) }, owner.token)).data?.makeFollowUpDue;
      expect(refused).toEqual({ __typename: "ConflictError", message: "Gmail is live: follow-ups keep the campaign's real schedule. Moving time is only for the sandbox." });
    } finally {
      await live.stop();
      await deleteRedisPrefix(livePrefix);
    }
  });
});
