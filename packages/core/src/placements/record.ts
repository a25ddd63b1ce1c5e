import { publishProspectUpdated, type EventBus } from "@outreach/contracts";
import type { Db, Placement, PlacementSource } from "@outreach/db";
import type { PageMatch } from "./match.ts";
import { hostOf } from "./match.ts";

export const PLACEMENT_FOUND_ALERT = "placement_found";
export const PLACEMENT_LOST_ALERT = "placement_lost";

export interface PlacementOwner {
  prospectId: string;
  campaignId: string;
  userId: string;
}

export interface FoundPage {
  url: string;
  title: string | null;
  match: PageMatch;
}

/**
 * The one place a feature becomes a placement: the row (one per prospect and URL), the prospect
 * moved to `published` and outreach `accepted`, an alert "Featured on <site>" and a live board
 * update. Finding the same page again only refreshes it (a lost one is live again).
 */
export async function recordPlacement(
  deps: { db: Db; bus: EventBus },
  owner: PlacementOwner,
  page: FoundPage,
  source: PlacementSource,
  now: Date,
): Promise<{ placement: Placement; created: boolean }> {
  const site = hostOf(page.url) ?? page.url;
  const fields = {
    title: page.title?.slice(0, 300) ?? null,
    match: page.match.match,
    rel: page.match.rel,
    anchorText: page.match.anchorText?.slice(0, 300) ?? null,
    excerpt: page.match.excerpt.slice(0, 600),
    lastCheckedAt: now,
    lastCheckNote: null,
  };
  const result = await deps.db.$transaction(async (tx) => {
    const existing = await tx.placement.findUnique({ where: { prospectId_url: { prospectId: owner.prospectId, url: page.url } } });
    if (existing) {
      const placement = await tx.placement.update({
        where: { id: existing.id },
        data: { ...fields, status: "live", lostAt: null, lostReason: null, checkedCount: { increment: 1 } },
      });
      return { placement, created: false };
    }
    const placement = await tx.placement.create({
      data: { ...fields, prospectId: owner.prospectId, campaignId: owner.campaignId, url: page.url, site, source, foundAt: now },
    });
    await tx.prospect.update({ where: { id: owner.prospectId }, data: { stage: "published", outreachStatus: "accepted" } });
    await tx.alert.create({
      data: { userId: owner.userId, campaignId: owner.campaignId, placementId: placement.id, kind: PLACEMENT_FOUND_ALERT, message: `Featured on ${site}: ${page.url}` },
    });
    return { placement, created: true };
  });
  publishProspectUpdated(deps.bus, { id: owner.prospectId, campaignId: owner.campaignId, userId: owner.userId });
  return result;
}

/** Live → lost, once: the alert is raised only by the check that made the change. */
export async function markPlacementLost(deps: { db: Db; bus: EventBus }, placement: Placement, userId: string, reason: string, now: Date): Promise<boolean> {
  const changed = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.placement.updateMany({
      where: { id: placement.id, status: "live" },
      data: { status: "lost", lostAt: now, lostReason: reason, lastCheckedAt: now, lastCheckNote: null, checkedCount: { increment: 1 } },
    });
    if (count === 0) return false;
    await tx.alert.create({
      data: { userId, campaignId: placement.campaignId, placementId: placement.id, kind: PLACEMENT_LOST_ALERT, message: `The feature on ${placement.site} was lost: ${reason} (${placement.url})` },
    });
    return true;
  });
  if (changed) publishProspectUpdated(deps.bus, { id: placement.prospectId, campaignId: placement.campaignId, userId });
  return changed;
}
