import type { Db, Prisma } from "@outreach/db";

/** `count` prospects with a spread of titles, descriptions, addresses and domain ranks (what scoring reads). */
export async function seedProspects(db: Db, campaignId: string, count: number) {
  const rows: Prisma.ProspectCreateManyInput[] = Array.from({ length: count }, (_, i) => ({
    campaignId,
    domain: `site-${i}.example`,
    pageTitle: i % 3 === 0 ? "Contemporary ceramics and glaze journal" : i % 3 === 1 ? "Stoneware gallery" : "Cooking blog",
    pageDescription: i % 2 === 0 ? "We feature stoneware and kiln work" : null,
    contactEmail: i % 4 === 0 ? null : i % 4 === 1 ? `info@site-${i}.example` : `jane@site-${i}.example`,
    daEst: i % 101,
  }));
  await db.prospect.createMany({ data: rows });
  return db.prospect.findMany({ where: { campaignId }, orderBy: { domain: "asc" } });
}

/** Prospects just found at these domains (stage discovered, page = the home page), as discovery leaves them. */
export async function seedDiscovered(db: Db, campaignId: string, domains: string[], data: Partial<Prisma.ProspectCreateManyInput> = {}) {
  await db.prospect.createMany({ data: domains.map((domain) => ({ campaignId, domain, pageUrl: `https://${domain}/`, ...data })) });
  return db.prospect.findMany({ where: { campaignId, domain: { in: domains } }, orderBy: { domain: "asc" } });
}
