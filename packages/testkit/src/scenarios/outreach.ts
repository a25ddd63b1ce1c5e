import { randomUUID } from "node:crypto";
import type { Db, Prisma } from "@outreach/db";
import { seedCampaign } from "./campaigns.ts";
import { seedUser } from "./users.ts";

/** Sending allowed at any hour with no gap and no cool-down: where delivery tests start. */
export const SENDS_ANY_TIME = { sendWindowStart: 0, sendWindowEnd: 24, minGapSeconds: 0, maxGapSeconds: 0, cooldownDays: 0 } as const;

/** A campaign of `userId` that may send around the clock with no gap (cap 50, the default cool-down), unless told otherwise. */
export async function seedSendingCampaign(db: Db, userId: string, data: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  const { campaign } = await seedCampaign(db, {
    userId,
    name: "Ceramics",
    statement: "",
    keywords: ["ceramics"],
    fromName: "Ada Potter",
    fromEmail: "ada@studio.example",
    sendWindowStart: 0,
    sendWindowEnd: 24,
    minGapSeconds: 0,
    maxGapSeconds: 0,
    dailyCap: 50,
    ...data,
  });
  return campaign;
}

let n = 0;
/** A prospect ready to write to: an editor's address, score 70, stage approved. */
export async function seedProspect(db: Db, campaignId: string, data: Partial<Prisma.ProspectUncheckedCreateInput> = {}) {
  const i = ++n;
  const domain = data.domain ?? `gallery-${i}-${randomUUID().slice(0, 6)}.example`;
  return db.prospect.create({
    data: { campaignId, domain, contactEmail: `editor@${domain}`, score: 70, stage: "approved", ...data },
  });
}

/** An approved first email unless told otherwise. */
export async function seedEmailLog(db: Db, prospectId: string, data: Partial<Prisma.EmailLogUncheckedCreateInput> = {}) {
  return db.emailLog.create({
    data: { prospectId, step: 0, status: "approved", subject: "Wood-fired vessels for your spring issue", body: "Hello,\n\nI make stoneware.", ...data },
  });
}

/** User, campaign, prospect and one approved first email. */
export async function seedApproved(
  db: Db,
  opts: {
    campaign?: Partial<Prisma.CampaignUncheckedCreateInput>;
    prospect?: Partial<Prisma.ProspectUncheckedCreateInput>;
    log?: Partial<Prisma.EmailLogUncheckedCreateInput>;
    userId?: string;
  } = {},
) {
  const userId = opts.userId ?? (await seedUser(db)).id;
  const campaign = await seedSendingCampaign(db, userId, opts.campaign);
  const prospect = await seedProspect(db, campaign.id, opts.prospect);
  const log = await seedEmailLog(db, prospect.id, opts.log);
  return { userId, campaign, prospect, log };
}

/** A prospect already written to at `at` (a previous send in the campaign's history). */
export async function seedSent(db: Db, campaignId: string, at: Date, data: Partial<Prisma.ProspectUncheckedCreateInput> = {}) {
  const p = await seedProspect(db, campaignId, { outreachStatus: "sent", stage: "sent", lastSent: at, ...data });
  const { mailboxId } = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { mailboxId: true } });
  const log = await seedEmailLog(db, p.id, { status: "sent", sentAt: at, claimedAt: at, toEmail: p.contactEmail, mailboxId });
  return { prospect: p, log };
}

/** A campaign that may send at any hour, and `count` prospects each with an approved first email. */
export async function seedSendable(db: Db, count: number, campaign: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  const seeded = await seedCampaign(db, { fromName: "Ada Potter", fromEmail: "ada@studio.example", dailyCap: 1000, ...SENDS_ANY_TIME, ...campaign });
  const logs = [];
  for (let i = 0; i < count; i++) {
    const prospect = await seedProspect(db, seeded.campaign.id, { domain: `g${i}-${randomUUID().slice(0, 8)}.example` });
    logs.push(await seedEmailLog(db, prospect.id));
  }
  return { ...seeded, logs };
}
