import { NotFoundError } from "@outreach/core";
import type { SpendRow } from "@outreach/providers";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { campaignSpend, providerStatuses, resolveAlert, userSpend, type ProviderStatus } from "../services/providers.ts";
import { CampaignNode } from "./campaign.ts";

const ProviderEnum = builder.enumType("Provider", { values: ["dataforseo", "hunter", "gemini", "gmail"] as const });
const ProviderModeEnum = builder.enumType("ProviderMode", {
  values: {
    live: { description: "Real credentials are configured: calls reach the provider." },
    sandbox: { description: "No credentials: calls go to the project's own fake server; no real email can leave." },
  },
});

const ProviderStatusRef = builder.objectRef<ProviderStatus>("ProviderStatus").implement({
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (s) => s.provider }),
    mode: t.field({ type: ProviderModeEnum, resolve: (s) => s.mode }),
    healthy: t.exposeBoolean("healthy"),
    lastError: t.exposeString("lastError", { nullable: true }),
    lastCallAt: t.expose("lastCallAt", { type: "DateTime", nullable: true }),
  }),
});

const SpendRef = builder.objectRef<SpendRow>("ProviderSpend").implement({
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, resolve: (s) => s.provider }),
    cost: t.exposeFloat("cost", { description: "Sum of provider-reported cost (USD for DataForSEO); cached calls cost 0." }),
    calls: t.exposeInt("calls"),
    cachedCalls: t.exposeInt("cachedCalls"),
    failedCalls: t.exposeInt("failedCalls"),
  }),
});

export const AlertNode = builder.prismaNode("Alert", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, userId: requireViewer(ctx).id }),
  fields: (t) => ({
    provider: t.expose("provider", { type: ProviderEnum, nullable: true }),
    kind: t.exposeString("kind"),
    message: t.exposeString("message"),
    campaign: t.relation("campaign", { nullable: true }),
    mailbox: t.relation("mailbox", { nullable: true, description: "The mailbox the alert is about (a Reconnect button reconnects it)." }),
    resolvedAt: t.expose("resolvedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  providers: t.field({
    type: [ProviderStatusRef],
    description: "Each provider: live or sandbox, healthy or not, and the last error seen.",
    authScopes: { user: true },
    resolve: (_root, _args, ctx) => providerStatuses(ctx, requireViewer(ctx).id),
  }),
  spend: t.field({
    type: [SpendRef],
    description: "Provider spend per provider, for one campaign or (without campaignId) for all of the user's campaigns.",
    authScopes: { user: true },
    args: { campaignId: t.arg.globalID({ for: CampaignNode }) },
    resolve: (_root, { campaignId }, ctx) =>
      campaignId ? campaignSpend(ctx.db, requireViewer(ctx).id, campaignId.id) : userSpend(ctx.db, requireViewer(ctx).id),
  }),
  alerts: t.prismaField({
    type: ["Alert"],
    description: "Problems that need a person (revoked Gmail token, provider out of credit, wrong key). Unresolved first.",
    authScopes: { user: true },
    args: { includeResolved: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _root, { includeResolved }, ctx) =>
      ctx.db.alert.findMany({
        ...query,
        where: { userId: requireViewer(ctx).id, ...(includeResolved ? {} : { resolvedAt: null }) },
        orderBy: { createdAt: "desc" },
        take: 100,
      }),
  }),
}));

builder.mutationField("resolveAlert", (t) =>
  t.field({
    type: AlertNode,
    authScopes: { user: true },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ required: true, for: AlertNode }) },
    resolve: (_root, { id }, ctx) => resolveAlert(ctx.db, requireViewer(ctx).id, id.id),
  }),
);
