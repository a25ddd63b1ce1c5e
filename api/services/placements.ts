import { ConflictError } from "@outreach/core";
import { addManualPlacement, type PlacementDeps } from "@outreach/core/placements";
import type { Db, PlacementStatus, Prisma } from "@outreach/db";
import { spendByCampaign } from "@outreach/providers";
import type { AppDeps } from "../context.ts";
import { audit } from "./audit.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { findOwnedProspect } from "./prospects.ts";

export interface PlacementFilter {
  campaignId?: string | null;
  prospectId?: string | null;
  status?: PlacementStatus | null;
}

export function placementWhere(userId: string, filter: PlacementFilter = {}): Prisma.PlacementWhereInput {
  return {
    campaign: { userId },
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
    ...(filter.prospectId ? { prospectId: filter.prospectId } : {}),
    ...(filter.status ? { status: filter.status } : {}),
  };
}

/** A campaign or prospect named in a filter must be the user's (NotFoundError otherwise, as for a missing one). */
export async function assertOwnedFilter(db: Db, userId: string, filter: PlacementFilter): Promise<void> {
  if (filter.campaignId) await findOwnedCampaign(db, userId, filter.campaignId);
  if (filter.prospectId) await findOwnedProspect(db, userId, filter.prospectId);
}

/** The watch's reach from the API (manual placements): the same guard, caps and robots rules as the worker. */
export function apiPlacementDeps(deps: Pick<AppDeps, "db" | "bus" | "env">): PlacementDeps {
  return { db: deps.db, bus: deps.bus, sandboxWebHostUrl: deps.env.SANDBOX_WEB_HOST_URL };
}

export async function addPlacement(deps: Pick<AppDeps, "db" | "bus" | "env">, userId: string, prospectId: string, url: string) {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  const placement = await addManualPlacement(apiPlacementDeps(deps), prospect.id, url);
  await audit(deps.db, userId, "placement.add", placement.id, { prospectId: prospect.id, url: placement.url });
  return placement;
}

export interface PlacementOutcome {
  contacted: number;
  replied: number;
  accepted: number;
  published: number;
  livePlacements: number;
  lostPlacements: number;
  spend: number;
  costPerPlacement: number | null;
}

/**
 * The campaign's outcome: the funnel (prospects written to → replied → accepted → with a
 * published feature), placements live and lost, and provider spend per live placement.
 */
export async function placementOutcome(db: Db, userId: string, campaignId: string): Promise<PlacementOutcome> {
  await findOwnedCampaign(db, userId, campaignId);
  const [[funnel], spendRows] = await Promise.all([
    db.$queryRaw<{ contacted: bigint; replied: bigint; accepted: bigint; published: bigint; live: bigint; lost: bigint }[]>`
      SELECT
        (SELECT count(*) FROM prospects WHERE campaign_id = ${campaignId}::uuid AND outreach_status <> 'pending') AS contacted,
        (SELECT count(*) FROM prospects WHERE campaign_id = ${campaignId}::uuid AND outreach_status IN ('replied', 'accepted', 'rejected')) AS replied,
        (SELECT count(*) FROM prospects WHERE campaign_id = ${campaignId}::uuid AND outreach_status = 'accepted') AS accepted,
        (SELECT count(DISTINCT prospect_id) FROM placements WHERE campaign_id = ${campaignId}::uuid) AS published,
        (SELECT count(*) FROM placements WHERE campaign_id = ${campaignId}::uuid AND status = 'live') AS live,
        (SELECT count(*) FROM placements WHERE campaign_id = ${campaignId}::uuid AND status = 'lost') AS lost`,
    spendByCampaign(db, userId, campaignId),
  ]);
  const spend = spendRows.reduce((sum, r) => sum + r.cost, 0);
  const live = Number(funnel!.live);
  return {
    contacted: Number(funnel!.contacted),
    replied: Number(funnel!.replied),
    accepted: Number(funnel!.accepted),
    published: Number(funnel!.published),
    livePlacements: live,
    lostPlacements: Number(funnel!.lost),
    spend,
    costPerPlacement: live > 0 ? spend / live : null,
  };
}

export type SandboxLinkStyle = "direct" | "tracking" | "www" | "redirect" | "name";

/**
 * Test tools, sandbox only: the prospect's fake site publishes a feature about the artist (with a
 * sitemap and feed entry), so the watch finds it at its next check. Refused without the sandbox
 * web host (SANDBOX_WEB_HOST_URL), and by the host for a domain that is not one of its fake sites.
 */
export async function publishSandboxFeature(
  deps: Pick<AppDeps, "db" | "env">,
  userId: string,
  prospectId: string,
  opts: { linkStyle?: SandboxLinkStyle; rel?: string | null },
): Promise<{ url: string }> {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  const webHost = deps.env.SANDBOX_WEB_HOST_URL;
  if (!webHost) {
    throw new ConflictError("Publishing a feature is a sandbox test tool: without the sandbox web host the prospect's real site publishes it.");
  }
  const campaign = await deps.db.campaign.findUniqueOrThrow({ where: { id: prospect.campaignId }, select: { artistName: true, portfolioUrl: true } });
  const res = await fetch(new URL("/__control/publish-feature", webHost), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ domain: prospect.domain, artistName: campaign.artistName, portfolioUrl: campaign.portfolioUrl, linkStyle: opts.linkStyle, rel: opts.rel ?? undefined }),
  });
  const body = (await res.json().catch(() => null)) as { ok?: boolean; result?: { url?: string }; error?: string } | null;
  if (!res.ok || !body?.ok || !body.result?.url) throw new ConflictError(`The sandbox web host refused: ${body?.error ?? `HTTP ${res.status}`}`);
  await audit(deps.db, userId, "sandbox.publishFeature", prospect.id, { url: body.result.url });
  return { url: body.result.url };
}

