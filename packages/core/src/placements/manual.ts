import { ValidationError } from "../errors.ts";
import { hostOf, isOnSite } from "./match.ts";
import { recordPlacement } from "./record.ts";
import { checkPage, readerFor, type PlacementDeps } from "./watch.ts";

/** The field errors name ("Feature page URL" on the form). */
export const PLACEMENT_URL_FIELD = "url";

/**
 * A person says "the feature is here": the URL must be on the prospect's domain (or a subdomain)
 * and is read and checked like a page the watch found. Refused, with the reason, when it is
 * elsewhere, cannot be read, or neither links to the portfolio nor names the artist.
 */
export async function addManualPlacement(deps: PlacementDeps, prospectId: string, rawUrl: string) {
  const p = await deps.db.prospect.findUniqueOrThrow({
    where: { id: prospectId },
    select: { id: true, domain: true, campaignId: true, campaign: { select: { userId: true, artistName: true, portfolioUrl: true } } },
  });
  const url = parseUrl(rawUrl.trim());
  const host = url ? hostOf(url) : null;
  if (!url || !host) throw ValidationError.field(PLACEMENT_URL_FIELD, "must be the page’s full address, starting with https://");
  if (!isOnSite(host, p.domain)) {
    throw ValidationError.field(PLACEMENT_URL_FIELD, `must be on ${p.domain} or one of its subdomains (${host} is another site)`);
  }
  const reader = readerFor(deps);
  let checked: Awaited<ReturnType<typeof checkPage>>;
  try {
    checked = await checkPage(reader, url, { artistName: p.campaign.artistName, portfolioUrl: p.campaign.portfolioUrl });
  } finally {
    reader.close();
  }
  if (!checked.ok) throw ValidationError.field(PLACEMENT_URL_FIELD, `could not be read: ${checked.detail}`);
  if (!checked.match) {
    throw ValidationError.field(PLACEMENT_URL_FIELD, `is a page that neither links to ${p.campaign.portfolioUrl ?? "your portfolio"} nor names ${p.campaign.artistName}`);
  }
  const now = deps.now ? deps.now() : new Date();
  const { placement } = await recordPlacement(deps, { prospectId: p.id, campaignId: p.campaignId, userId: p.campaign.userId }, { url: checked.url, title: checked.title, match: checked.match }, "manual", now);
  return placement;
}

function parseUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}
