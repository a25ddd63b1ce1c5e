import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { dryRun } from "@outreach/core/dry-run";
import { previewSendQueue, type BlockedSend, type PlanMailboxSummary, type QueuedSend, type SendQueuePreview } from "@outreach/core/outreach";
import { MailboxStatusEnum } from "./mailbox.ts";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { findOwnedCampaign } from "../services/campaigns.ts";
import { requestCompose, requestSend, startDiscovery } from "../services/pipeline.ts";
import { followUpDueNow } from "../services/sandbox-time.ts";
import { CampaignNode } from "./campaign.ts";
import { JobNode } from "./job.ts";
import { ProspectNode } from "./prospect.ts";

const QueuedSendRef = builder.objectRef<QueuedSend>("QueuedSend").implement({
  fields: (t) => ({
    emailLogId: t.exposeString("emailLogId"),
    prospectId: t.exposeString("prospectId"),
    domain: t.exposeString("domain"),
    to: t.exposeString("to"),
    step: t.exposeInt("step"),
    subject: t.exposeString("subject"),
    score: t.exposeFloat("score", { nullable: true }),
    estimatedAt: t.expose("estimatedAt", { type: "DateTime", description: "When the dispatcher sends it, if every earlier email goes at its time" }),
    waitingFor: t.exposeString("waitingFor", {
      nullable: true,
      description:
        "The rule that holds it back now: outside_window, daily_cap_reached, too_soon (the gap), mailbox_cap_reached (the mailbox's own 24-hour cap, all its campaigns), mailbox_quota (Gmail's daily limit, until its reset), retry (Gmail asked to wait), or null",
    }),
    sending: t.boolean({ description: "Its send job is already on its way", resolve: (q) => q.sendJobId !== null }),
  }),
});

const BlockedSendRef = builder.objectRef<BlockedSend>("BlockedSend").implement({
  fields: (t) => ({
    emailLogId: t.exposeString("emailLogId"),
    prospectId: t.exposeString("prospectId"),
    domain: t.exposeString("domain"),
    to: t.exposeString("to", { nullable: true }),
    step: t.exposeInt("step"),
    reason: t.exposeString("reason"),
    detail: t.exposeString("detail"),
  }),
});

const SendQueueMailboxRef = builder.objectRef<PlanMailboxSummary>("SendQueueMailbox").implement({
  description: "The mailbox the campaign sends from, with its own limits across all its campaigns.",
  fields: (t) => ({
    id: t.exposeString("id", { description: "The mailbox's database id (Mailbox.id is its global id)." }),
    address: t.exposeString("address"),
    status: t.field({ type: MailboxStatusEnum, resolve: (m) => m.status }),
    dailyCap: t.exposeInt("dailyCap"),
    sentLast24h: t.exposeInt("sentLast24h"),
    quotaResetAt: t.expose("quotaResetAt", { type: "DateTime", nullable: true }),
  }),
});

const SendQueueRef = builder.objectRef<SendQueuePreview>("SendQueue").implement({
  fields: (t) => ({
    now: t.expose("now", { type: "DateTime" }),
    mailbox: t.field({ type: SendQueueMailboxRef, nullable: true, description: "null: the campaign has no mailbox, so nothing is sent", resolve: (q) => q.mailbox }),
    timeZone: t.exposeString("timeZone"),
    sentToday: t.exposeInt("sentToday"),
    dailyCap: t.exposeInt("dailyCap"),
    nextSendAt: t.expose("nextSendAt", { type: "DateTime", nullable: true, description: "When the next email goes out; null when nothing is queued" }),
    queue: t.field({ type: [QueuedSendRef], resolve: (q) => q.queue }),
    blocked: t.field({ type: [BlockedSendRef], resolve: (q) => q.blocked }),
    truncated: t.exposeBoolean("truncated"),
  }),
});

builder.queryField("sendQueue", (t) =>
  t.field({
    type: SendQueueRef,
    description:
      "The send plan: every approved email in the order and at the time the dispatcher sends it, and for every email that will not be sent, why. The dispatcher works from the same plan.",
    authScopes: { user: true },
    args: { campaignId: t.arg.globalID({ required: true, for: CampaignNode }) },
    resolve: async (_root, { campaignId }, ctx) => {
      const viewer = requireViewer(ctx);
      await findOwnedCampaign(ctx.db, viewer.id, campaignId.id);
      return previewSendQueue(ctx.db, viewer.id, campaignId.id, new Date());
    },
  }),
);

builder.mutationFields((t) => ({
  startDiscovery: t.field({
    type: JobNode,
    description: "Search for sites for the campaign's keywords (or the keywords given); enrichment, scoring and drafting follow.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: {
      campaignId: t.arg.globalID({ required: true, for: CampaignNode }),
      keywords: t.arg.stringList(),
    },
    resolve: (_root, { campaignId, keywords }, ctx) => startDiscovery(ctx, requireViewer(ctx).id, campaignId.id, keywords ?? undefined),
  }),
  composeDrafts: t.field({
    type: JobNode,
    description: "Draft the first email for these prospects (Gemini, template as fallback). Existing drafts a person edited are kept.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { prospectIds: t.arg.globalIDList({ required: true, for: ProspectNode }) },
    resolve: (_root, { prospectIds }, ctx) => requestCompose(ctx, requireViewer(ctx).id, prospectIds.map((p) => p.id)),
  }),
  sendEmail: t.field({
    type: JobNode,
    description:
      "Send now: the prospect's next approved email at once, ahead of the queue and without waiting for the random gap. Suppression, one thread per domain, the daily cap and the send window still apply (when one holds it, it keeps its place in the plan).",
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { prospectId: t.arg.globalID({ required: true, for: ProspectNode }) },
    resolve: (_root, { prospectId }, ctx) => requestSend(ctx, requireViewer(ctx).id, prospectId.id),
  }),
  makeFollowUpDue: t.field({
    type: JobNode,
    description:
      "Sandbox only (Test tools): make the prospect's next follow-up due now and queue it; the follow-up job it returns writes it, and the dispatcher sends it in the thread. Refused with Gmail live.",
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { prospectId: t.arg.globalID({ required: true, for: ProspectNode }) },
    resolve: (_root, { prospectId }, ctx) => followUpDueNow(ctx, requireViewer(ctx).id, prospectId.id),
  }),
  dryRun: t.field({
    type: "JSON",
    description:
      "Discover, enrich, score and draft for one keyword (first results) or one test domain, storing nothing and sending nothing. Returns what would happen for each site.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: {
      campaignId: t.arg.globalID({ required: true, for: CampaignNode }),
      keyword: t.arg.string(),
      domain: t.arg.string(),
    },
    resolve: async (_root, { campaignId, keyword, domain }, ctx) => {
      const viewer = requireViewer(ctx);
      await findOwnedCampaign(ctx.db, viewer.id, campaignId.id);
      const providers = ctx.providers.withContext({ userId: viewer.id, campaignId: campaignId.id });
      return dryRun(
        { db: ctx.db, providers, sandboxWebHostUrl: ctx.env.SANDBOX_WEB_HOST_URL },
        viewer.id,
        campaignId.id,
        { keyword: keyword ?? undefined, domain: domain ?? undefined },
      );
    },
  }),
}));
