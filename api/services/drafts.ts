import { publishProspectUpdated } from "@outreach/contracts";
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { replanCampaign } from "@outreach/core/outreach";
import type { Db, EmailLog } from "@outreach/db";
import type { AppDeps } from "../context.ts";
import { audit } from "./audit.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { requestCompose } from "./pipeline.ts";
import { findOwnedProspect } from "./prospects.ts";
import { parseInput } from "./validation.ts";

const draftEdit = z.object({
  subject: z.string().trim().min(1, "is required").max(250).refine((s) => !/[\r\n]/.test(s), "must not contain line breaks (CR or LF)").optional(),
  body: z.string().trim().min(1, "is required").max(20_000).optional(),
});

const EDITABLE = new Set<EmailLog["status"]>(["draft", "approved"]);

export async function findOwnedEmailLog(db: Db, userId: string, id: string) {
  const email = await db.emailLog.findFirst({ where: { id, prospect: { campaign: { userId } } }, include: { prospect: true } });
  if (!email) throw new NotFoundError("Email");
  return email;
}

/**
 * A person's edit. An approved email goes back to draft (it must be approved again as edited);
 * flags from the generator stay visible until the person approves.
 */
export async function updateDraft(deps: Pick<AppDeps, "db" | "bus">, userId: string, id: string, raw: unknown) {
  const changes = parseInput(draftEdit, raw);
  const current = await findOwnedEmailLog(deps.db, userId, id);
  if (!EDITABLE.has(current.status)) throw new ConflictError(`This email is ${current.status} and can no longer be edited`);
  const updated = await deps.db.emailLog.updateMany({
    where: { id: current.id, status: { in: ["draft", "approved"] } },
    data: { ...changes, status: "draft", approvedAt: null, draftSource: "manual" },
  });
  if (updated.count === 0) throw new ConflictError("This email changed while you were editing it; reload it");
  if (current.prospect.stage === "approved") {
    await deps.db.prospect.update({ where: { id: current.prospectId }, data: { stage: "drafted" } });
  }
  await audit(deps.db, userId, "emailLog.edit", current.id, { fields: Object.keys(changes) });
  publishProspectUpdated(deps.bus, { id: current.prospectId, campaignId: current.prospect.campaignId, userId });
  return deps.db.emailLog.findUniqueOrThrow({ where: { id: current.id } });
}

/** A person approves: flagged drafts may be approved by a human (the flags were shown), never automatically. */
export async function approveDraft(deps: Pick<AppDeps, "db" | "bus" | "queues">, userId: string, id: string) {
  const current = await findOwnedEmailLog(deps.db, userId, id);
  const approved = await approveOwnedDraft(deps, userId, current);
  if (approved) await replanCampaign(deps, current.prospect.campaignId);
  return deps.db.emailLog.findUniqueOrThrow({ where: { id: current.id } });
}

export const MAX_BULK_APPROVE = 200;

/**
 * A person approves a selection of their drafts (an id that is not theirs refuses the whole call, as
 * not found): each draft is approved or refused on its own with the reason a single approval would
 * give, and every campaign touched is replanned once.
 */
export async function approveDrafts(deps: Pick<AppDeps, "db" | "bus" | "queues">, userId: string, ids: string[]) {
  if (ids.length > MAX_BULK_APPROVE) throw ValidationError.field("ids", `Select at most ${MAX_BULK_APPROVE} drafts at a time.`);
  const unique = [...new Set(ids)];
  const owned = await deps.db.emailLog.count({ where: { id: { in: unique }, prospect: { campaign: { userId } } } });
  if (owned !== unique.length) throw new NotFoundError("Email");
  const approved: EmailLog[] = [];
  const refused: { id: string; reason: string }[] = [];
  const campaigns = new Set<string>();
  for (const id of unique) {
    try {
      const current = await findOwnedEmailLog(deps.db, userId, id);
      if (await approveOwnedDraft(deps, userId, current)) campaigns.add(current.prospect.campaignId);
      approved.push(await deps.db.emailLog.findUniqueOrThrow({ where: { id: current.id } }));
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error;
      refused.push({ id, reason: error instanceof ValidationError ? error.fieldErrors[0]!.message : error.message });
    }
  }
  for (const campaignId of campaigns) await replanCampaign(deps, campaignId);
  return { approved, refused };
}

/** Approves one draft the caller owns; false when it already was approved. */
async function approveOwnedDraft(
  deps: Pick<AppDeps, "db" | "bus">,
  userId: string,
  current: Awaited<ReturnType<typeof findOwnedEmailLog>>,
): Promise<boolean> {
  if (current.status === "approved") return false;
  if (current.status !== "draft") throw new ConflictError(`This email is ${current.status}; only drafts can be approved`);
  if (!current.prospect.contactEmail && !current.toEmail) {
    throw ValidationError.field("toEmail", "The prospect has no email address to send to.");
  }
  const { count } = await deps.db.emailLog.updateMany({
    where: { id: current.id, status: "draft" },
    data: { status: "approved", approvedAt: new Date() },
  });
  if (count === 0) throw new ConflictError("This email changed while you were approving it; reload it");
  if (["drafted", "scored", "enriched"].includes(current.prospect.stage)) {
    await deps.db.prospect.update({ where: { id: current.prospectId }, data: { stage: "approved" } });
  }
  await audit(deps.db, userId, "emailLog.approve", current.id);
  publishProspectUpdated(deps.bus, { id: current.prospectId, campaignId: current.prospect.campaignId, userId });
  return true;
}

/** Approves every unflagged draft whose prospect scores at or above the campaign's auto-approve score. */
export async function autoApproveDrafts(deps: Pick<AppDeps, "db" | "bus" | "queues">, userId: string, campaignId: string) {
  const campaign = await findOwnedCampaign(deps.db, userId, campaignId);
  if (campaign.autoApproveScore === null) {
    throw ValidationError.field("autoApproveScore", "Set the campaign’s auto-approve score first.");
  }
  const eligible = await deps.db.emailLog.findMany({
    where: {
      status: "draft",
      flags: { isEmpty: true },
      prospect: { campaignId: campaign.id, score: { gte: campaign.autoApproveScore }, contactEmail: { not: null } },
    },
    select: { id: true, prospectId: true },
  });
  const now = new Date();
  const { count } = await deps.db.emailLog.updateMany({
    where: { id: { in: eligible.map((e) => e.id) }, status: "draft" },
    data: { status: "approved", approvedAt: now },
  });
  const prospectIds = [...new Set(eligible.map((e) => e.prospectId))];
  await deps.db.prospect.updateMany({ where: { id: { in: prospectIds }, stage: "drafted" }, data: { stage: "approved" } });
  for (const id of prospectIds) publishProspectUpdated(deps.bus, { id, campaignId: campaign.id, userId });
  await audit(deps.db, userId, "campaign.autoApprove", campaign.id, { approved: count, threshold: campaign.autoApproveScore });
  if (count > 0) await replanCampaign(deps, campaign.id);
  return { approved: count, threshold: campaign.autoApproveScore };
}

/** Throws away the unsent first-email draft and asks Gemini again (template if it fails). */
export async function regenerateDraft(deps: AppDeps, userId: string, prospectId: string) {
  const prospect = await findOwnedProspect(deps.db, userId, prospectId);
  const sentOrSending = await deps.db.emailLog.count({
    where: { prospectId: prospect.id, step: 0, status: { in: ["sending", "sent", "bounced"] } },
  });
  if (sentOrSending) throw new ConflictError("The first email was already sent; it cannot be regenerated");
  await deps.db.emailLog.deleteMany({ where: { prospectId: prospect.id, step: 0, status: { in: ["draft", "approved", "failed"] } } });
  await audit(deps.db, userId, "emailLog.regenerate", prospect.id);
  return requestCompose(deps, userId, [prospect.id]);
}
