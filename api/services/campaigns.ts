import { CAMPAIGN_FIELD_LABELS, campaignCreateInput, campaignMergedRules, campaignUpdateInput } from "@outreach/contracts";
import { NotFoundError, ValidationError, type FieldError } from "@outreach/core";
import type { Queues } from "@outreach/core/jobs";
import { replanCampaign } from "@outreach/core/outreach";
import type { Campaign, Db } from "@outreach/db";
import { audit } from "./audit.ts";
import { ownedMailboxId } from "./mailboxes.ts";
import { parseInput } from "./validation.ts";

type Deps = { db: Db };
type ReplanDeps = Deps & { queues: Queues };

export async function findOwnedCampaign(db: Db, userId: string, campaignId: string): Promise<Campaign> {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, userId } });
  if (!campaign) throw new NotFoundError("Campaign");
  return campaign;
}

type MailboxArg = { mailboxId?: { typename: string; id: string } | null };

/** The mailbox a campaign names must be one of the user's; GraphQL passes it as a global id. */
async function mailboxChoice(db: Db, userId: string, raw: unknown): Promise<{ rest: unknown; mailboxId: string | undefined }> {
  if (!raw || typeof raw !== "object" || !("mailboxId" in raw)) return { rest: raw, mailboxId: undefined };
  const { mailboxId, ...rest } = raw as MailboxArg & Record<string, unknown>;
  if (!mailboxId) return { rest, mailboxId: undefined };
  // Another user's mailbox looks exactly like one that does not exist.
  if (mailboxId.typename !== "Mailbox") throw new NotFoundError("Mailbox");
  return { rest, mailboxId: await ownedMailboxId({ db }, userId, mailboxId.id) };
}

/** A new campaign sends from the mailbox chosen, else the user's first connected one (none: it waits for one). */
export async function createCampaign({ db }: Deps, userId: string, raw: unknown): Promise<Campaign> {
  const choice = await mailboxChoice(db, userId, raw);
  const input = parseInput(campaignCreateInput, choice.rest, [], CAMPAIGN_FIELD_LABELS);
  const mailboxId =
    choice.mailboxId ?? (await db.mailbox.findFirst({ where: { userId, status: "connected" }, orderBy: { createdAt: "asc" }, select: { id: true } }))?.id ?? null;
  const campaign = await db.campaign.create({ data: { ...input, userId, mailboxId } });
  await audit(db, userId, "campaign.create", campaign.id);
  return campaign;
}

/** Saving re-plans the send queue at once: a new cap, window or gap applies to the next send. */
export async function updateCampaign({ db, queues }: ReplanDeps, userId: string, campaignId: string, raw: unknown): Promise<Campaign> {
  const choice = await mailboxChoice(db, userId, raw);
  const changes = parseInput(campaignUpdateInput, choice.rest, [], CAMPAIGN_FIELD_LABELS);
  const current = await findOwnedCampaign(db, userId, campaignId);
  parseInput(campaignMergedRules, { ...pickRuleFields(current), ...changes }, [], CAMPAIGN_FIELD_LABELS);
  const campaign = await db.campaign.update({ where: { id: current.id }, data: { ...changes, ...(choice.mailboxId ? { mailboxId: choice.mailboxId } : {}) } });
  await audit(db, userId, "campaign.update", campaign.id, { fields: Object.keys(changes) });
  await replanCampaign({ queues }, campaign.id);
  return campaign;
}

/** Pausing stops the next send at once (the dispatcher and every send check the status); resuming re-plans. */
export async function setCampaignStatus(
  { db, queues }: ReplanDeps,
  userId: string,
  campaignId: string,
  status: "active" | "paused",
): Promise<Campaign> {
  const current = await findOwnedCampaign(db, userId, campaignId);
  const campaign = await db.campaign.update({
    where: { id: current.id },
    // Resuming also clears a pause the system set (e.g. a revoked Gmail token) once the user acts on it.
    data: status === "active" ? { status, sendingPausedReason: null } : { status },
  });
  await audit(db, userId, status === "active" ? "campaign.resume" : "campaign.pause", campaign.id);
  if (status === "active") await replanCampaign({ queues }, campaign.id);
  return campaign;
}

export async function stageCounts(db: Db, campaignId: string) {
  const rows = await db.prospect.groupBy({ by: ["stage"], where: { campaignId }, _count: { _all: true } });
  return rows.map((r) => ({ stage: r.stage, count: r._count._all }));
}

/**
 * Stored values that today's rules refuse (e.g. sample works saved before a link was required), in
 * the words a failed save would use, so the settings form loads them and shows each for fixing.
 */
export function storedCampaignProblems(c: Campaign): FieldError[] {
  const stored = Object.fromEntries(Object.keys(campaignUpdateInput.shape).map((k) => [k, c[k as keyof Campaign]]));
  const result = campaignMergedRules.safeParse(stored);
  return result.success ? [] : ValidationError.fromZod(result.error, [], CAMPAIGN_FIELD_LABELS).fieldErrors;
}

function pickRuleFields(c: Campaign) {
  return {
    sendWindowStart: c.sendWindowStart,
    sendWindowEnd: c.sendWindowEnd,
    minGapSeconds: c.minGapSeconds,
    maxGapSeconds: c.maxGapSeconds,
    maxFollowUps: c.maxFollowUps,
    followUpDelaysDays: c.followUpDelaysDays,
  };
}
