import { randomUUID } from "node:crypto";
import { createDb, type Db, type Prisma } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/db/test-database";

/** One migrated throw-away database per test file, and small seeders for the send rules. */
export interface SendTestEnv {
  db: Db;
  tdb: TestDatabase;
  close(): Promise<void>;
}

export async function createSendTestEnv(label: string): Promise<SendTestEnv> {
  const tdb = await createTestDatabase(label);
  const db = createDb(tdb.url, { max: 12 });
  return {
    db,
    tdb,
    async close() {
      await db.$disconnect();
      await tdb.drop();
    },
  };
}

export async function seedUser(db: Db) {
  return db.user.create({ data: { email: `u-${randomUUID()}@example.test`, passwordHash: "x", name: "Ada Potter" } });
}

/** A campaign that may send around the clock, with no gap, unless told otherwise. */
export async function seedCampaign(db: Db, userId: string, data: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  return db.campaign.create({
    data: {
      userId,
      name: "Ceramics",
      artistName: "Ada Potter",
      medium: "ceramics",
      keywords: ["ceramics"],
      fromName: "Ada Potter",
      fromEmail: "ada@studio.example",
      sendWindowStart: 0,
      sendWindowEnd: 24,
      minGapSeconds: 0,
      maxGapSeconds: 0,
      dailyCap: 50,
      ...data,
    },
  });
}

let n = 0;
export async function seedProspect(db: Db, campaignId: string, data: Partial<Prisma.ProspectUncheckedCreateInput> = {}) {
  const i = ++n;
  const domain = data.domain ?? `gallery-${i}-${randomUUID().slice(0, 6)}.example`;
  return db.prospect.create({
    data: { campaignId, domain, contactEmail: `editor@${domain}`, score: 70, stage: "approved", ...data },
  });
}

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
  const campaign = await seedCampaign(db, userId, opts.campaign);
  const prospect = await seedProspect(db, campaign.id, opts.prospect);
  const log = await seedEmailLog(db, prospect.id, opts.log);
  return { userId, campaign, prospect, log };
}

/** Marks a row as sent at `at` (a previous send in the campaign's history). */
export async function seedSent(db: Db, campaignId: string, at: Date, data: Partial<Prisma.ProspectUncheckedCreateInput> = {}) {
  const p = await seedProspect(db, campaignId, { outreachStatus: "sent", stage: "sent", lastSent: at, ...data });
  const log = await seedEmailLog(db, p.id, { status: "sent", sentAt: at, claimedAt: at, toEmail: p.contactEmail });
  return { prospect: p, log };
}
