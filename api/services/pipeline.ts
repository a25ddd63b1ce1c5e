import { z } from "zod";
import { ConflictError, ValidationError } from "@outreach/core";
import { AUTO_DRAFT_SOURCES, composeRefusal } from "@outreach/core/compose";
import type { Job } from "@outreach/db";
import type { AppDeps } from "../context.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { startCampaignJob } from "./jobs.ts";
import { findOwnedProspect } from "./prospects.ts";
import { parseInput } from "./validation.ts";

const keywordList = z.array(z.string().trim().min(1).max(80)).max(50).optional();

/** Discovery for the campaign's keywords, or for the keywords given (which must not be empty). */
export async function startDiscovery(deps: AppDeps, userId: string, campaignId: string, rawKeywords?: unknown): Promise<Job> {
  const campaign = await findOwnedCampaign(deps.db, userId, campaignId);
  const given = parseInput(keywordList, rawKeywords ?? undefined, ["keywords"]);
  const keywords = given?.length ? given : campaign.keywords;
  if (!keywords.length) throw ValidationError.field("keywords", "The campaign has no keywords: give at least one.");
  return startCampaignJob(deps, userId, campaign.id, "discover", { keywords });
}

export async function requestCompose(deps: AppDeps, userId: string, prospectIds: string[]): Promise<Job> {
  if (!prospectIds.length) throw ValidationError.field("prospectIds", "needs at least one prospect");
  const prospects = await Promise.all(prospectIds.map((id) => findOwnedProspect(deps.db, userId, id)));
  const campaignIds = new Set(prospects.map((p) => p.campaignId));
  if (campaignIds.size > 1) throw ValidationError.field("prospectIds", "must all belong to one campaign");
  return startCampaignJob(deps, userId, prospects[0]!.campaignId, "compose", { prospectIds: prospects.map((p) => p.id) });
}

/**
 * Draft (or redraft) one prospect's first email now. Refused at once, with the reason, when it
 * cannot be drafted (not scored, no address, below the minimum score, or a first email that a
 * person approved, sent or edited); a generated, unapproved draft is replaced.
 */
export async function composeOne(deps: AppDeps, userId: string, prospectId: string): Promise<Job> {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  const campaign = await deps.db.campaign.findUniqueOrThrow({ where: { id: prospect.campaignId }, select: { minScore: true } });
  const existing = await deps.db.emailLog.findFirst({ where: { prospectId: prospect.id, step: 0 }, select: { id: true, status: true, draftSource: true } });
  const refusal = composeRefusal(campaign, prospect, existing ?? undefined);
  if (refusal) throw new ConflictError(`${prospect.domain} cannot be drafted: ${refusal}`);
  if (existing) await deps.db.emailLog.deleteMany({ where: { id: existing.id, status: "draft", draftSource: { in: AUTO_DRAFT_SOURCES } } });
  return requestCompose(deps, userId, [prospect.id]);
}

/**
 * "Send now": the prospect's next approved email, at once, ahead of the queue and without waiting
 * for the random gap. Every other rule still applies in the worker (suppression, one thread per
 * domain, the cap and the window); when one of those holds it, it keeps its place in the plan.
 */
export async function requestSend(deps: AppDeps, userId: string, prospectId: string): Promise<Job> {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  const email = await deps.db.emailLog.findFirst({
    where: { prospectId: prospect.id, status: "approved" },
    orderBy: { step: "asc" },
  });
  if (!email) throw new ConflictError("This prospect has no approved email to send; approve its draft first");
  return startCampaignJob(deps, userId, prospect.campaignId, "send", { emailLogId: email.id, manual: true });
}
