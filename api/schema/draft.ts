import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { approveDraft, approveDrafts, autoApproveDrafts, MAX_BULK_APPROVE, findOwnedEmailLog, regenerateDraft, updateDraft } from "../services/drafts.ts";
import { sendTestEmail, type TestEmailResult } from "../services/test-email.ts";
import { CampaignNode } from "./campaign.ts";
import { EmailLogNode } from "./email-log.ts";
import type { EmailLog } from "@outreach/db";
import { EmailStatusEnum } from "./enums.ts";
import { JobNode } from "./job.ts";
import { OrderDirection, ProspectNode } from "./prospect.ts";


const EmailLogFilter = builder.inputType("EmailLogFilter", {
  fields: (t) => ({
    campaignId: t.globalID({ for: CampaignNode }),
    statuses: t.field({ type: [EmailStatusEnum] }),
    flagged: t.boolean({ description: "Only drafts with (true) or without (false) flags" }),
  }),
});

const EmailLogOrderField = builder.enumType("EmailLogOrderField", {
  values: { SCORE: { description: "The prospect's score (unscored last)" }, CREATED_AT: { description: "When the email was written" } } as const,
});
const EmailLogOrder = builder.inputType("EmailLogOrder", {
  fields: (t) => ({
    field: t.field({ type: EmailLogOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: "DESC" }),
  }),
});

const AutoApproveResult = builder.objectRef<{ approved: number; threshold: number }>("AutoApproveResult").implement({
  fields: (t) => ({ approved: t.exposeInt("approved"), threshold: t.exposeInt("threshold") }),
});

const ApprovalRefusal = builder.objectRef<{ id: string; reason: string }>("ApprovalRefusal").implement({
  fields: (t) => ({
    id: t.globalID({ resolve: (r) => ({ type: "EmailLog", id: r.id }) }),
    reason: t.exposeString("reason", { description: "Why this draft was not approved, in plain words" }),
  }),
});

const BulkApproveResult = builder.objectRef<{ approved: EmailLog[]; refused: { id: string; reason: string }[] }>("BulkApproveResult").implement({
  fields: (t) => ({
    approved: t.field({ type: [EmailLogNode], resolve: (r) => r.approved }),
    refused: t.field({ type: [ApprovalRefusal], resolve: (r) => r.refused }),
  }),
});

const TestEmailResultRef = builder.objectRef<TestEmailResult>("TestEmailResult").implement({
  fields: (t) => ({
    to: t.exposeString("to"),
    gmailMessageId: t.exposeString("gmailMessageId"),
    sandbox: t.exposeBoolean("sandbox", { description: "True when Gmail is the sandbox fake: nothing left the machine" }),
  }),
});

function emailLogOrder(field: "SCORE" | "CREATED_AT", sort: "asc" | "desc") {
  const tail = [{ createdAt: sort }, { id: sort }];
  return field === "SCORE" ? [{ prospect: { score: { sort, nulls: "last" as const } } }, ...tail] : tail;
}

builder.queryField("emailLogs", (t) =>
  t.prismaConnection(
    {
      type: "EmailLog",
      cursor: "id",
      defaultSize: 50,
      maxSize: 100,
      authScopes: { user: true },
      args: {
        filter: t.arg({ type: EmailLogFilter }),
        orderBy: t.arg({ type: EmailLogOrder, description: "Newest first when not given" }),
      },
      resolve: (query, _root, { filter, orderBy }, ctx) =>
        ctx.db.emailLog.findMany({
          ...query,
          where: {
            prospect: { campaign: { userId: requireViewer(ctx).id }, ...(filter?.campaignId ? { campaignId: filter.campaignId.id } : {}) },
            ...(filter?.statuses?.length ? { status: { in: filter.statuses } } : {}),
            ...(filter?.flagged == null ? {} : filter.flagged ? { NOT: { flags: { isEmpty: true } } } : { flags: { isEmpty: true } }),
          },
          orderBy: emailLogOrder(orderBy?.field ?? "CREATED_AT", orderBy?.direction === "ASC" ? "asc" : "desc"),
        }),
    },
    { name: "EmailLogConnection" },
  ),
);

builder.mutationFields((t) => ({
  updateDraft: t.field({
    type: EmailLogNode,
    description: "Edit a draft's subject or body. An approved email goes back to draft and must be approved again.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: {
      id: t.arg.globalID({ required: true, for: EmailLogNode }),
      subject: t.arg.string(),
      body: t.arg.string(),
    },
    resolve: (_root, { id, subject, body }, ctx) =>
      updateDraft(ctx, requireViewer(ctx).id, id.id, { subject: subject ?? undefined, body: body ?? undefined }),
  }),
  approveDraft: t.field({
    type: EmailLogNode,
    description: "Approve a draft for sending. Flags stay visible; only automatic approval refuses flagged drafts.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { id: t.arg.globalID({ required: true, for: EmailLogNode }) },
    resolve: (_root, { id }, ctx) => approveDraft(ctx, requireViewer(ctx).id, id.id),
  }),
  approveDrafts: t.field({
    type: BulkApproveResult,
    description: `Approve a selection of drafts (at most ${MAX_BULK_APPROVE}). Each is approved or refused on its own, with the reason approveDraft would give.`,
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { ids: t.arg.globalIDList({ required: true, for: EmailLogNode }) },
    resolve: (_root, { ids }, ctx) => approveDrafts(ctx, requireViewer(ctx).id, ids.map((id) => id.id)),
  }),
  autoApproveDrafts: t.field({
    type: AutoApproveResult,
    description: "Approve every unflagged draft whose prospect scores at or above the campaign's autoApproveScore.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { campaignId: t.arg.globalID({ required: true, for: CampaignNode }) },
    resolve: (_root, { campaignId }, ctx) => autoApproveDrafts(ctx, requireViewer(ctx).id, campaignId.id),
  }),
  sendTestEmail: t.field({
    type: TestEmailResultRef,
    description: "Send this draft to the campaign's own from-address, marked [Test]. It counts as no send and changes nothing.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { id: t.arg.globalID({ required: true, for: EmailLogNode }) },
    resolve: async (_root, { id }, ctx) => {
      const email = await findOwnedEmailLog(ctx.db, requireViewer(ctx).id, id.id);
      return sendTestEmail(ctx, requireViewer(ctx).id, email);
    },
  }),
  regenerateDraft: t.field({
    type: JobNode,
    description: "Discard the unsent first-email draft and compose it again.",
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { prospectId: t.arg.globalID({ required: true, for: ProspectNode }) },
    resolve: (_root, { prospectId }, ctx) => regenerateDraft(ctx, requireViewer(ctx).id, prospectId.id),
  }),
}));
