import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { ENRICH_COOLDOWN_MS, enrichAvailableAt } from "@outreach/core/enrich";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { findOwnedCampaign } from "../services/campaigns.ts";
import { importProspects, type ImportReport } from "../services/import-prospects.ts";
import { batchMembership, MAX_MEMBERSHIP_FILTERS } from "../services/membership.ts";
import {
  addProspect,
  findOwnedProspect,
  prospectMembership,
  prospectOrderBy,
  prospectWhere,
  setOutreachStatus,
} from "../services/prospects.ts";
import { CampaignNode } from "./campaign.ts";
import { EmailLogNode } from "./email-log.ts";
import { OutreachStatusEnum, ProspectSourceEnum, ProspectStageEnum } from "./enums.ts";

interface ScoreSignal {
  signal: string;
  label: string;
  points: number;
  max: number;
  detail: string;
}

const ScoreSignalRef = builder.objectRef<ScoreSignal>("ScoreSignal").implement({
  fields: (t) => ({
    signal: t.exposeString("signal"),
    label: t.exposeString("label"),
    points: t.exposeFloat("points"),
    max: t.exposeFloat("max"),
    detail: t.exposeString("detail"),
  }),
});

const EMAILS_IN_ORDER = { orderBy: { step: "asc" as const } };

export const ProspectNode = builder.prismaNode("Prospect", {
  // Select mode: a list loads only the columns its fields ask for, not the large JSON payloads.
  select: { id: true },
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, campaign: { userId: requireViewer(ctx).id } }),
  fields: (t) => ({
    campaign: t.relation("campaign"),
    domain: t.exposeString("domain"),
    pageUrl: t.exposeString("pageUrl", { nullable: true }),
    pageTitle: t.exposeString("pageTitle", { nullable: true }),
    pageDescription: t.exposeString("pageDescription", { nullable: true }),
    contactEmail: t.exposeString("contactEmail", { nullable: true }),
    contactMethod: t.exposeString("contactMethod", { nullable: true }),
    daEst: t.exposeInt("daEst", { nullable: true }),
    score: t.exposeFloat("score", { nullable: true }),
    scoreBreakdown: t.field({
      type: [ScoreSignalRef],
      select: { scoreBreakdown: true },
      resolve: (p) => (Array.isArray(p.scoreBreakdown) ? (p.scoreBreakdown as unknown as ScoreSignal[]) : []),
    }),
    stage: t.expose("stage", { type: ProspectStageEnum }),
    outreachStatus: t.expose("outreachStatus", { type: OutreachStatusEnum }),
    lastSent: t.expose("lastSent", { type: "DateTime", nullable: true }),
    followupsSent: t.exposeInt("followupsSent"),
    skipReason: t.exposeString("skipReason", { nullable: true }),
    source: t.expose("source", { type: ProspectSourceEnum }),
    enrichedAt: t.expose("enrichedAt", { type: "DateTime", nullable: true, description: "When enrichment last finished for this prospect" }),
    enrichAvailableAt: t.field({
      type: "DateTime",
      nullable: true,
      description: `When a person may enrich it again (${ENRICH_COOLDOWN_MS / 60_000} minutes after the last enrichment); null when they may now`,
      select: { enrichedAt: true },
      resolve: (p) => enrichAvailableAt(p),
    }),
    enrichNotes: t.exposeStringList("enrichNotes", { description: "What the last enrichment could not do, in words (a verifier fault, a failed crawl, no address)" }),
    contacts: t.relation("contacts", { query: { orderBy: [{ confidence: { sort: "desc", nulls: "last" } }, { email: "asc" }] } }),
    emails: t.relation("emailLogs", { query: EMAILS_IN_ORDER }),
    // Same relation query as `emails` (a prospect has at most 1 + maxFollowUps emails), so Pothos
    // merges both into one include instead of loading per prospect.
    lastEmail: t.field({
      type: EmailLogNode,
      nullable: true,
      select: (_args, _ctx, nestedSelection) => ({ emailLogs: nestedSelection(EMAILS_IN_ORDER) }),
      resolve: (p) => p.emailLogs.at(-1) ?? null,
    }),
    dataforseoPayload: t.expose("dataforseoPayload", { type: "JSON", nullable: true }),
    hunterPayload: t.expose("hunterPayload", { type: "JSON", nullable: true }),
    crawlData: t.expose("crawlData", { type: "JSON", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    matchesFilters: t.field({
      type: ["Boolean"],
      description: `For each filter, whether \`prospects(filter:)\` lists this prospect: the list's own rule, for clients keeping cached lists in step with live events. At most ${MAX_MEMBERSHIP_FILTERS} filters; one SQL statement per distinct filter for all the prospects of a result.`,
      args: { filters: t.arg({ type: [ProspectFilter], required: true }) },
      resolve: (p, { filters }, ctx) =>
        batchMembership(ctx, `Prospect ${JSON.stringify(filters)}`, p.id, (ids) =>
          prospectMembership(ctx.db, requireViewer(ctx).id, ids, filters.map(filterArgs)),
        ),
    }),
  }),
});

const ProspectFilter = builder.inputType("ProspectFilter", {
  fields: (t) => ({
    campaignId: t.globalID({ for: CampaignNode }),
    stages: t.field({ type: [ProspectStageEnum] }),
    outreachStatuses: t.field({ type: [OutreachStatusEnum] }),
    minScore: t.float(),
    maxScore: t.float(),
    hasEmail: t.boolean(),
    search: t.string(),
  }),
});

const ProspectOrderField = builder.enumType("ProspectOrderField", { values: ["SCORE", "CREATED_AT", "LAST_SENT"] as const });
export const OrderDirection = builder.enumType("OrderDirection", { values: ["ASC", "DESC"] as const });
const ProspectOrder = builder.inputType("ProspectOrder", {
  fields: (t) => ({
    field: t.field({ type: ProspectOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: "DESC" }),
  }),
});

const ImportRowErrorRef = builder.objectRef<ImportReport["errors"][number]>("ImportRowError").implement({
  fields: (t) => ({ row: t.exposeInt("row"), field: t.exposeString("field"), message: t.exposeString("message") }),
});
export const ImportReportRef = builder.objectRef<ImportReport>("ImportReport").implement({
  fields: (t) => ({
    created: t.exposeInt("created"),
    duplicates: t.exposeInt("duplicates"),
    errors: t.field({ type: [ImportRowErrorRef], resolve: (r) => r.errors }),
  }),
});

const AddProspectInput = builder.inputType("AddProspectInput", {
  fields: (t) => ({
    campaignId: t.globalID({ required: true, for: CampaignNode }),
    domainOrUrl: t.string({ required: true }),
    pageTitle: t.string(),
    contactEmail: t.string(),
  }),
});
const ImportProspectsInput = builder.inputType("ImportProspectsInput", {
  fields: (t) => ({
    campaignId: t.globalID({ required: true, for: CampaignNode }),
    csv: t.string({ required: true }),
  }),
});

builder.queryFields((t) => ({
  prospects: t.prismaConnection(
    {
      type: "Prospect",
      cursor: "id",
      defaultSize: 50,
      maxSize: 100,
      authScopes: { user: true },
      args: {
        filter: t.arg({ type: ProspectFilter }),
        orderBy: t.arg({ type: ProspectOrder }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.db.prospect.findMany({
          ...query,
          where: prospectWhere(requireViewer(ctx).id, filterArgs(args.filter)),
          orderBy: prospectOrderBy(args.orderBy?.field, args.orderBy?.direction ?? "DESC"),
        }),
      totalCount: (_parent, args, ctx) =>
        ctx.db.prospect.count({ where: prospectWhere(requireViewer(ctx).id, filterArgs(args.filter)) }),
    },
    { name: "ProspectConnection" },
  ),
  prospect: t.prismaField({
    type: "Prospect",
    authScopes: { user: true },
    args: { id: t.arg.globalID({ required: true, for: ProspectNode }) },
    resolve: async (query, _root, { id }, ctx) => {
      const owned = await findOwnedProspect(ctx.db, requireViewer(ctx).id, id.id);
      return ctx.db.prospect.findUniqueOrThrow({ ...query, where: { id: owned.id } });
    },
  }),
}));

function filterArgs(filter: { campaignId?: { id: string } | null } & Record<string, unknown> | null | undefined) {
  if (!filter) return {};
  const entries = Object.entries({ ...filter, campaignId: filter.campaignId?.id }).filter(([, v]) => v != null);
  return Object.fromEntries(entries);
}

builder.mutationFields((t) => ({
  addProspect: t.field({
    type: ProspectNode,
    description: "Add one site by hand. A job enriches and scores it at once (enrichJob while it runs).",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: AddProspectInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const { campaignId, ...rest } = input;
      return addProspect(ctx, requireViewer(ctx).id, campaignId.id, withoutNulls(rest));
    },
  }),
  importProspects: t.field({
    type: ImportReportRef,
    description: "Import sites from CSV. One job (ImportReport.job) enriches and scores the created prospects, with progress per prospect.",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: ImportProspectsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await findOwnedCampaign(ctx.db, requireViewer(ctx).id, input.campaignId.id);
      return importProspects(ctx, requireViewer(ctx).id, input.campaignId.id, input.csv);
    },
  }),
  setOutreachStatus: t.field({
    type: ProspectNode,
    authScopes: { user: true },
    errors: { types: [NotFoundError] },
    args: {
      id: t.arg.globalID({ required: true, for: ProspectNode }),
      status: t.arg({ type: OutreachStatusEnum, required: true }),
    },
    resolve: (_root, { id, status }, ctx) => setOutreachStatus(ctx, requireViewer(ctx).id, id.id, status),
  }),
}));

builder.subscriptionField("prospectUpdated", (t) =>
  t.prismaField({
    type: "Prospect",
    authScopes: { user: true },
    args: { campaignId: t.arg.globalID({ required: true, for: CampaignNode }) },
    subscribe: async (_root, { campaignId }, ctx) => {
      const viewer = requireViewer(ctx);
      await findOwnedCampaign(ctx.db, viewer.id, campaignId.id);
      return ctx.bus.subscribe("prospectUpdated", campaignId.id, ownedBy(viewer.id));
    },
    resolve: (query, event, _args, ctx) =>
      ctx.db.prospect.findFirstOrThrow({
        ...query,
        where: { id: (event as { prospectId: string }).prospectId, campaign: { userId: requireViewer(ctx).id } },
      }),
  }),
);

/** Subscriptions pass only the viewer's own events, whoever else publishes on the channel. */
export const ownedBy =
  (userId: string) =>
  (event: { userId: string }): boolean =>
    event.userId === userId;

function withoutNulls<T extends object>(input: T) {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));
}
