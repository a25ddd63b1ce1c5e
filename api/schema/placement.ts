import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { addPlacement, assertOwnedFilter, placementOutcome, placementWhere, publishSandboxFeature, type PlacementOutcome } from "../services/placements.ts";
import { CampaignNode } from "./campaign.ts";
import { ProspectNode } from "./prospect.ts";
import { AlertNode } from "./provider.ts";

const PlacementStatusEnum = builder.enumType("PlacementStatus", {
  values: {
    live: { description: "The page still links to the portfolio (or names the artist)" },
    lost: { description: "The page is gone (404/410) or the link was removed" },
  },
});
const PlacementMatchEnum = builder.enumType("PlacementMatch", {
  values: {
    links_to_portfolio: { description: "The page links to the portfolio's site (tracking parameters, www. and same-site redirects included)" },
    names_artist: { description: "The page names the artist (whole words) without a link" },
  },
});
const PlacementSourceEnum = builder.enumType("PlacementSource", {
  values: {
    watch: { description: "The site's sitemap or feed listed the page" },
    search: { description: "The weekly search site:<domain> \"<artist>\" found it" },
    manual: { description: "A person added the URL" },
  },
});
const SandboxLinkStyleEnum = builder.enumType("SandboxLinkStyle", {
  values: ["direct", "tracking", "www", "redirect", "name"] as const,
  description: "How the sandbox's fake feature links to the portfolio",
});

export const PlacementNode = builder.prismaNode("Placement", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, campaign: { userId: requireViewer(ctx).id } }),
  description: "A published feature: a page on the prospect's site that links to the portfolio or names the artist",
  fields: (t) => ({
    prospect: t.relation("prospect"),
    campaign: t.relation("campaign"),
    url: t.exposeString("url"),
    site: t.exposeString("site", { description: "The page's host without www." }),
    title: t.exposeString("title", { nullable: true }),
    foundAt: t.expose("foundAt", { type: "DateTime" }),
    match: t.expose("match", { type: PlacementMatchEnum }),
    source: t.expose("source", { type: PlacementSourceEnum }),
    rel: t.exposeString("rel", { nullable: true, description: "follow, or the link's nofollow / ugc / sponsored tokens; null when the page names the artist without a link" }),
    previousRel: t.exposeString("previousRel", { nullable: true }),
    relChangedAt: t.expose("relChangedAt", { type: "DateTime", nullable: true }),
    anchorText: t.exposeString("anchorText", { nullable: true }),
    excerpt: t.exposeString("excerpt", { description: "The page's text around the link or the name (untrusted page text)" }),
    status: t.expose("status", { type: PlacementStatusEnum }),
    lostAt: t.expose("lostAt", { type: "DateTime", nullable: true }),
    lostReason: t.exposeString("lostReason", { nullable: true }),
    lastCheckedAt: t.expose("lastCheckedAt", { type: "DateTime" }),
    checkedCount: t.exposeInt("checkedCount"),
    lastCheckNote: t.exposeString("lastCheckNote", { nullable: true, description: "Why the last re-check could not tell (the placement keeps its status)" }),
  }),
});

const PlacementOutcomeRef = builder.objectRef<PlacementOutcome>("PlacementOutcome").implement({
  description: "What a campaign's outreach brought: the funnel and what each live placement cost",
  fields: (t) => ({
    contacted: t.exposeInt("contacted", { description: "Prospects written to" }),
    replied: t.exposeInt("replied", { description: "Prospects that replied (accepted and rejected included)" }),
    accepted: t.exposeInt("accepted"),
    published: t.exposeInt("published", { description: "Prospects with a placement (live or lost)" }),
    livePlacements: t.exposeInt("livePlacements"),
    lostPlacements: t.exposeInt("lostPlacements"),
    spend: t.exposeFloat("spend", { description: "Provider spend of the campaign, from the ledger" }),
    costPerPlacement: t.exposeFloat("costPerPlacement", { nullable: true, description: "spend / live placements; null without a live placement" }),
  }),
});

builder.prismaObjectField(CampaignNode, "outcome", (t) =>
  t.field({ type: PlacementOutcomeRef, resolve: (c, _args, ctx) => placementOutcome(ctx.db, requireViewer(ctx).id, c.id) }),
);

builder.prismaObjectField(ProspectNode, "placements", (t) =>
  t.relation("placements", { description: "Features found on the prospect's site, newest first (at most 20)", query: { orderBy: [{ foundAt: "desc" }, { id: "desc" }], take: 20 } }),
);

builder.prismaObjectField(AlertNode, "placement", (t) =>
  t.relation("placement", { nullable: true, description: "The placement the alert is about (found, or lost)" }),
);

const PlacementFilter = builder.inputType("PlacementFilter", {
  fields: (t) => ({
    // Not typed with `for`: an id of another type reads as not found, like another user's id.
    campaignId: t.globalID(),
    prospectId: t.globalID(),
    status: t.field({ type: PlacementStatusEnum }),
  }),
});

type GlobalId = { typename: string; id: string } | null | undefined;

function filterOf(filter: { campaignId?: GlobalId; prospectId?: GlobalId; status?: "live" | "lost" | null } | null | undefined) {
  const idOf = (g: GlobalId, type: string) => {
    if (!g) return undefined;
    if (g.typename !== type) throw new NotFoundError(type);
    return g.id;
  };
  return { campaignId: idOf(filter?.campaignId, "Campaign"), prospectId: idOf(filter?.prospectId, "Prospect"), status: filter?.status };
}

builder.queryField("placements", (t) =>
  t.prismaConnection(
    {
      type: "Placement",
      cursor: "id",
      defaultSize: 20,
      maxSize: 100,
      description: "Published features, newest first. A campaign or prospect in the filter that is not the viewer's is NOT_FOUND, like a missing one.",
      authScopes: { user: true },
      args: { filter: t.arg({ type: PlacementFilter }) },
      resolve: async (query, _root, { filter }, ctx) => {
        const userId = requireViewer(ctx).id;
        const where = filterOf(filter);
        await assertOwnedFilter(ctx.db, userId, where);
        return ctx.db.placement.findMany({ ...query, where: placementWhere(userId, where), orderBy: [{ foundAt: "desc" }, { id: "desc" }] });
      },
      totalCount: (_parent, { filter }, ctx) => ctx.db.placement.count({ where: placementWhere(requireViewer(ctx).id, filterOf(filter)) }),
    },
    { name: "PlacementConnection" },
  ),
);

const PublishedFeatureRef = builder.objectRef<{ url: string }>("SandboxFeature").implement({
  fields: (t) => ({ url: t.exposeString("url", { description: "The feature page on the fake site" }) }),
});

builder.mutationFields((t) => ({
  addPlacement: t.prismaField({
    type: "Placement",
    description: "The feature is at this URL: it must be on the prospect's domain (or a subdomain) and link to the portfolio or name the artist",
    authScopes: { user: true },
    errors: { types: [ValidationError, NotFoundError] },
    args: { prospectId: t.arg.globalID({ required: true, for: ProspectNode }), url: t.arg.string({ required: true }) },
    resolve: async (query, _root, { prospectId, url }, ctx) => {
      const placement = await addPlacement(ctx, requireViewer(ctx).id, prospectId.id, url);
      return ctx.db.placement.findUniqueOrThrow({ ...query, where: { id: placement.id } });
    },
  }),
  publishSandboxFeature: t.field({
    type: PublishedFeatureRef,
    description: "Test tools (sandbox): the prospect's fake site publishes a feature about the artist, listed in its sitemap and feed",
    authScopes: { user: true },
    errors: { types: [ConflictError, NotFoundError] },
    args: {
      prospectId: t.arg.globalID({ required: true, for: ProspectNode }),
      linkStyle: t.arg({ type: SandboxLinkStyleEnum, defaultValue: "direct" }),
      rel: t.arg.string({ description: "rel of the link, e.g. nofollow" }),
    },
    resolve: (_root, { prospectId, linkStyle, rel }, ctx) => publishSandboxFeature(ctx, requireViewer(ctx).id, prospectId.id, { linkStyle: linkStyle ?? "direct", rel }),
  }),
}));
