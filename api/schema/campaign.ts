import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { builder, type BuilderTypes } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { createCampaign, findOwnedCampaign, setCampaignStatus, stageCounts, storedCampaignProblems, updateCampaign } from "../services/campaigns.ts";
import { FieldErrorRef } from "./errors.ts";
import { campaignActivity, type DayActivity } from "../services/activity.ts";
import { sendPlanOf } from "../services/send-plans.ts";
import { sendsFrom } from "@outreach/core/outreach";
import { ProspectStageEnum } from "./enums.ts";

type StoredSampleWork = { title: string; url: string | null };

const SampleWork = builder.objectRef<StoredSampleWork>("SampleWork").implement({
  fields: (t) => ({
    title: t.exposeString("title"),
    url: t.exposeString("url", { nullable: true, description: "Null for works saved before a link was required; Campaign.storedProblems names them" }),
  }),
});

function storedSampleWorks(value: unknown): StoredSampleWork[] {
  if (!Array.isArray(value)) return [];
  return value.map((w: { title?: unknown; url?: unknown } | null) => ({
    title: typeof w?.title === "string" ? w.title : "",
    url: typeof w?.url === "string" ? w.url : null,
  }));
}

const StageCount = builder.objectRef<{ stage: string; count: number }>("StageCount").implement({
  fields: (t) => ({
    stage: t.field({ type: ProspectStageEnum, resolve: (s) => s.stage as never }),
    count: t.exposeInt("count"),
  }),
});

const DayActivityRef = builder.objectRef<DayActivity>("DayActivity").implement({
  fields: (t) => ({
    day: t.exposeString("day", { description: "UTC date, YYYY-MM-DD" }),
    sent: t.exposeInt("sent"),
    replied: t.exposeInt("replied", { description: "Prospects that replied (or were then accepted/rejected), dated by their last change" }),
    accepted: t.exposeInt("accepted"),
  }),
});

export const CampaignStatusEnum = builder.enumType("CampaignStatus", { values: ["active", "paused"] as const });

export const CampaignNode = builder.prismaNode("Campaign", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, userId: requireViewer(ctx).id }),
  fields: (t) => ({
    name: t.exposeString("name"),
    status: t.expose("status", { type: CampaignStatusEnum }),
    artistName: t.exposeString("artistName"),
    portfolioUrl: t.exposeString("portfolioUrl", { nullable: true }),
    statement: t.exposeString("statement"),
    medium: t.exposeString("medium", { description: "What the artist makes, e.g. ceramics; empty when not given" }),
    keywords: t.exposeStringList("keywords"),
    sampleWorks: t.field({
      type: [SampleWork],
      resolve: (c) => storedSampleWorks(c.sampleWorks),
    }),
    storedProblems: t.field({
      type: [FieldErrorRef],
      description: "Stored values that today's rules refuse, each as the message a save would give; the settings form shows them next to their fields for fixing",
      resolve: (c) => storedCampaignProblems(c),
    }),
    fromName: t.exposeString("fromName"),
    fromEmail: t.exposeString("fromEmail"),
    locationCode: t.exposeInt("locationCode"),
    languageCode: t.exposeString("languageCode"),
    searchDepth: t.exposeInt("searchDepth"),
    dailyCap: t.exposeInt("dailyCap"),
    sendWindowStart: t.exposeInt("sendWindowStart"),
    sendWindowEnd: t.exposeInt("sendWindowEnd"),
    timeZone: t.exposeString("timeZone"),
    minGapSeconds: t.exposeInt("minGapSeconds"),
    maxGapSeconds: t.exposeInt("maxGapSeconds"),
    followUpDelaysDays: t.exposeIntList("followUpDelaysDays"),
    maxFollowUps: t.exposeInt("maxFollowUps"),
    minScore: t.exposeInt("minScore", { nullable: true }),
    autoApproveScore: t.exposeInt("autoApproveScore", { nullable: true }),
    cooldownDays: t.exposeInt("cooldownDays"),
    placementSearch: t.exposeBoolean("placementSearch", {
      description: "The placement watch also runs a DataForSEO search site:<domain> \"<artist>\" at most weekly per watched site (costs credit, in the ledger); off by default",
    }),
    subjectTemplate: t.exposeString("subjectTemplate", { nullable: true }),
    bodyTemplate: t.exposeString("bodyTemplate", { nullable: true }),
    followUpTemplate: t.exposeString("followUpTemplate", { nullable: true }),
    sendingPausedReason: t.exposeString("sendingPausedReason", { nullable: true }),
    mailbox: t.relation("mailbox", { nullable: true, description: "The Gmail mailbox first emails leave from (follow-ups stay in their thread's mailbox); null: nothing is sent until one is chosen." }),
    sendsFrom: t.string({
      nullable: true,
      description: "The From address emails carry: fromEmail when the mailbox may send as it (its own address or a verified alias), else the mailbox's address; null without a mailbox.",
      select: { fromEmail: true, mailbox: { select: { address: true, sendAs: true } } },
      resolve: (c) => (c.mailbox ? sendsFrom(c.fromEmail, c.mailbox) : null),
    }),
    nextSendAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the dispatcher sends the campaign's next email (in the plan the Send queue shows); null when nothing is queued or the campaign is paused",
      resolve: async (c, _args, ctx) => (await sendPlanOf(ctx, c.id))?.nextSendAt ?? null,
    }),
    stageCounts: t.field({ type: [StageCount], resolve: (c, _args, ctx) => stageCounts(ctx.db, c.id) }),
    activity: t.field({
      type: [DayActivityRef],
      description: "Sends, replies and acceptances per day, oldest first, for the dashboard charts.",
      args: { days: t.arg.int({ defaultValue: 30 }) },
      resolve: (c, { days }, ctx) => campaignActivity(ctx.db, c.id, days ?? 30),
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const SampleWorkInput = builder.inputType("SampleWorkInput", {
  fields: (t) => ({ title: t.string({ required: true }), url: t.string({ required: true }) }),
});

/** Field set shared by create and update; required-ness differs, so each input lists it. */
function campaignInputFields(required: boolean) {
  return (t: PothosSchemaTypes.InputFieldBuilder<BuilderTypes, "InputObject">) => ({
    name: t.string({ required }),
    artistName: t.string({ required }),
    portfolioUrl: t.string(),
    statement: t.string(),
    medium: t.string(),
    keywords: t.stringList({ required }),
    sampleWorks: t.field({ type: [SampleWorkInput] }),
    fromName: t.string({ required }),
    fromEmail: t.string({ required }),
    mailboxId: t.globalID({ description: "The mailbox to send from (one of yours); default on create: your first connected mailbox." }),
    locationCode: t.int(),
    languageCode: t.string(),
    searchDepth: t.int(),
    dailyCap: t.int(),
    sendWindowStart: t.int(),
    sendWindowEnd: t.int(),
    timeZone: t.string(),
    minGapSeconds: t.int(),
    maxGapSeconds: t.int(),
    followUpDelaysDays: t.intList(),
    maxFollowUps: t.int(),
    minScore: t.int(),
    autoApproveScore: t.int(),
    cooldownDays: t.int(),
    subjectTemplate: t.string(),
    bodyTemplate: t.string(),
    followUpTemplate: t.string(),
    placementSearch: t.boolean(),
  });
}

const CampaignInput = builder.inputType("CampaignInput", { fields: campaignInputFields(true) });
const CampaignUpdateInput = builder.inputType("CampaignUpdateInput", { fields: campaignInputFields(false) });

/** Settings where null means "none" (clear it); for every other field null means "not given". */
const CLEARABLE = new Set(["portfolioUrl", "minScore", "autoApproveScore", "subjectTemplate", "bodyTemplate", "followUpTemplate"]);

function definedOnly(input: object) {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || CLEARABLE.has(k))));
}

builder.queryFields((t) => ({
  campaigns: t.prismaConnection({
    type: "Campaign",
    cursor: "id",
    maxSize: 100,
    authScopes: { user: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.campaign.findMany({ ...query, where: { userId: requireViewer(ctx).id }, orderBy: { createdAt: "desc" } }),
  }, { name: "CampaignConnection" }),
  campaign: t.prismaField({
    type: "Campaign",
    authScopes: { user: true },
    args: { id: t.arg.globalID({ required: true, for: CampaignNode }) },
    resolve: async (query, _root, { id }, ctx) => {
      const owned = await findOwnedCampaign(ctx.db, requireViewer(ctx).id, id.id);
      return ctx.db.campaign.findUniqueOrThrow({ ...query, where: { id: owned.id } });
    },
  }),
}));

const statusMutation = (status: "active" | "paused") =>
  builder.mutationField(status === "active" ? "resumeCampaign" : "pauseCampaign", (t) =>
    t.field({
      type: CampaignNode,
      authScopes: { user: true },
      errors: { types: [NotFoundError] },
      args: { id: t.arg.globalID({ required: true, for: CampaignNode }) },
      resolve: (_root, { id }, ctx) => setCampaignStatus(ctx, requireViewer(ctx).id, id.id, status),
    }),
  );
statusMutation("paused");
statusMutation("active");

builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignNode,
    authScopes: { user: true },
    errors: { types: [ValidationError, ConflictError, NotFoundError] },
    args: { input: t.arg({ type: CampaignInput, required: true }) },
    resolve: (_root, { input }, ctx) => createCampaign(ctx, requireViewer(ctx).id, definedOnly(input)),
  }),
  updateCampaign: t.field({
    type: CampaignNode,
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: {
      id: t.arg.globalID({ required: true, for: CampaignNode }),
      input: t.arg({ type: CampaignUpdateInput, required: true }),
    },
    resolve: (_root, { id, input }, ctx) => updateCampaign(ctx, requireViewer(ctx).id, id.id, definedOnly(input)),
  }),
}));
