import { checkPage, readerFor, type PlacementDeps } from "./watch.ts";
import { markPlacementLost } from "./record.ts";

export type RecheckOutcome = "live" | "lost" | "unknown";

/**
 * The monthly look at a live placement: a 404/410 or a page that no longer links to the portfolio
 * (or, for a placement found by name, no longer names the artist) is lost, with the date, and the
 * user is told once; a changed rel is recorded (previousRel, relChangedAt); a check that cannot
 * tell (timeout, server error, robots.txt) keeps the status and says why in lastCheckNote.
 */
export async function recheckPlacement(deps: PlacementDeps, placementId: string): Promise<RecheckOutcome> {
  const now = deps.now ? deps.now() : new Date();
  const placement = await deps.db.placement.findUniqueOrThrow({
    where: { id: placementId },
    include: { campaign: { select: { userId: true, artistName: true, portfolioUrl: true } } },
  });
  if (placement.status !== "live") return placement.status;
  const reader = readerFor(deps);
  let checked: Awaited<ReturnType<typeof checkPage>>;
  try {
    checked = await checkPage(reader, placement.url, { artistName: placement.campaign.artistName, portfolioUrl: placement.campaign.portfolioUrl });
  } finally {
    reader.close();
  }
  const userId = placement.campaign.userId;
  if (!checked.ok) {
    if (checked.reason === "http_error" && (checked.status === 404 || checked.status === 410)) {
      await markPlacementLost(deps, placement, userId, `the page is gone (HTTP ${checked.status})`, now);
      return "lost";
    }
    await deps.db.placement.update({
      where: { id: placement.id },
      data: { lastCheckedAt: now, checkedCount: { increment: 1 }, lastCheckNote: `Could not check: ${checked.detail}` },
    });
    return "unknown";
  }
  const m = checked.match;
  const stillThere = placement.match === "links_to_portfolio" ? m?.match === "links_to_portfolio" : m !== null;
  if (!stillThere) {
    const reason = placement.match === "links_to_portfolio" ? "the link to the portfolio was removed" : "the page no longer names the artist";
    await markPlacementLost(deps, placement, userId, reason, now);
    return "lost";
  }
  const relChanged = m!.rel !== null && placement.rel !== null && m!.rel !== placement.rel;
  await deps.db.placement.update({
    where: { id: placement.id },
    data: {
      lastCheckedAt: now,
      checkedCount: { increment: 1 },
      lastCheckNote: null,
      ...(relChanged ? { rel: m!.rel, previousRel: placement.rel, relChangedAt: now } : {}),
      ...(m!.anchorText ? { anchorText: m!.anchorText.slice(0, 300) } : {}),
    },
  });
  return "live";
}
