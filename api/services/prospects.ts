import {
  addProspectInput,
  InvalidDomainError,
  normalizeDomain,
  prospectFilterInput,
  publishProspectUpdated,
  type EventBus,
  type ProspectFilterInput,
} from "@outreach/contracts";
import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import type { Db, OutreachStatus, Prisma, Prospect, ProspectStage } from "@outreach/db";
import { Prisma as PrismaNs } from "@outreach/db";
import { personContact } from "@outreach/core/enrich";
import type { JobDeps } from "@outreach/core/jobs";
import { audit } from "./audit.ts";
import { enrichNewProspects } from "./enrich.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { listMembership } from "./membership.ts";
import { parseInput } from "./validation.ts";

type Deps = { db: Db; bus: EventBus };

export function prospectWhere(userId: string, rawFilter: unknown = {}): Prisma.ProspectWhereInput {
  const f: ProspectFilterInput = parseInput(prospectFilterInput, rawFilter ?? {}, ["filter"]);
  const where: Prisma.ProspectWhereInput = { campaign: { userId } };
  if (f.campaignId) where.campaignId = f.campaignId;
  if (f.stages?.length) where.stage = { in: f.stages };
  if (f.outreachStatuses?.length) where.outreachStatus = { in: f.outreachStatuses };
  if (f.minScore !== undefined || f.maxScore !== undefined) where.score = { gte: f.minScore, lte: f.maxScore };
  if (f.hasEmail !== undefined) where.contactEmail = f.hasEmail ? { not: null } : null;
  if (f.search) {
    where.OR = [
      { domain: { contains: f.search, mode: "insensitive" } },
      { pageTitle: { contains: f.search, mode: "insensitive" } },
    ];
  }
  return where;
}

/**
 * For each of the user's prospects, whether the `prospects` list with each filter holds it, by the
 * very where that list uses. Another user's prospect is in none of them.
 */
export function prospectMembership(db: Db, userId: string, prospectIds: readonly string[], filters: readonly unknown[]) {
  return listMembership(
    db,
    prospectIds,
    filters,
    (filter) => prospectWhere(userId, filter),
    (where, ids) => db.prospect.findMany({ where: { AND: [where, { id: { in: ids } }] }, select: { id: true } }),
  );
}

export type ProspectOrderField = "SCORE" | "CREATED_AT" | "LAST_SENT";

export function prospectOrderBy(
  field: ProspectOrderField = "CREATED_AT",
  direction: "ASC" | "DESC" = "DESC",
): Prisma.ProspectOrderByWithRelationInput[] {
  const sort = direction === "ASC" ? "asc" : "desc";
  const primary: Prisma.ProspectOrderByWithRelationInput =
    field === "SCORE"
      ? { score: { sort, nulls: "last" } }
      : field === "LAST_SENT"
        ? { lastSent: { sort, nulls: "last" } }
        : { createdAt: sort };
  // The id tie-breaker keeps cursor pages stable when many rows share a value.
  return [primary, { id: sort }];
}

export async function findOwnedProspect(db: Db, userId: string, prospectId: string): Promise<Prospect> {
  const prospect = await db.prospect.findFirst({ where: { id: prospectId, campaign: { userId } } });
  if (!prospect) throw new NotFoundError("Prospect");
  return prospect;
}

export function domainOrFieldError(value: string, field: string): string {
  try {
    return normalizeDomain(value);
  } catch (err) {
    if (err instanceof InvalidDomainError) throw ValidationError.field(field, err.message);
    throw err;
  }
}

/** One prospect added by hand; a job enriches and scores it (Prospect.enrichJob until it is done). */
export async function addProspect(deps: JobDeps, userId: string, campaignId: string, raw: unknown): Promise<Prospect> {
  const input = parseInput(addProspectInput, raw);
  const campaign = await findOwnedCampaign(deps.db, userId, campaignId);
  const domain = domainOrFieldError(input.domainOrUrl, "domainOrUrl");
  const pageUrl = /^https?:\/\//i.test(input.domainOrUrl) ? input.domainOrUrl : `https://${domain}/`;
  try {
    const prospect = await deps.db.prospect.create({
      data: {
        campaignId: campaign.id,
        domain,
        pageUrl,
        pageTitle: input.pageTitle ?? null,
        contactEmail: input.contactEmail ?? null,
        contactMethod: input.contactEmail ? "email" : null,
        source: "manual",
        ...(input.contactEmail ? { contacts: { create: personContact(input.contactEmail) } } : {}),
      },
    });
    await audit(deps.db, userId, "prospect.add", prospect.id, { domain });
    publishProspectUpdated(deps.bus, { id: prospect.id, campaignId: prospect.campaignId, userId });
    await enrichNewProspects(deps, userId, campaign.id, [prospect.id]);
    return prospect;
  } catch (err) {
    if (err instanceof PrismaNs.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new ConflictError(`${domain} is already a prospect in this campaign`);
    }
    throw err;
  }
}

const STAGE_FOR_STATUS: Partial<Record<OutreachStatus, ProspectStage>> = {
  replied: "replied",
  accepted: "accepted",
  rejected: "rejected",
};

export async function setOutreachStatus(
  deps: Deps,
  userId: string,
  prospectId: string,
  status: OutreachStatus,
): Promise<Prospect> {
  const current = await findOwnedProspect(deps.db, userId, prospectId);
  // A published prospect stays on the Published column when someone marks it accepted again.
  const stage = current.stage === "published" && status === "accepted" ? undefined : STAGE_FOR_STATUS[status];
  const prospect = await deps.db.prospect.update({
    where: { id: current.id },
    data: { outreachStatus: status, ...(stage ? { stage } : {}) },
  });
  await audit(deps.db, userId, "prospect.setOutreachStatus", prospect.id, { from: current.outreachStatus, to: status });
  publishProspectUpdated(deps.bus, { id: prospect.id, campaignId: prospect.campaignId, userId });
  return prospect;
}

