import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { hashPassword } from "@outreach/core";
import { sealToken, type MailboxKey } from "@outreach/core/mailboxes";
import { createDb, type Db } from "@outreach/db";

export const DEMO_EMAIL = "demo@outreach.local";
const DEMO_CAMPAIGN = "Demo: painting open calls";

// Reserved .example domains (RFC 2606): nothing can ever be delivered to them.
const DEMO_PROSPECTS = [
  { domain: "contemporary-painting-blog.example", pageTitle: "Ten painters to watch this spring", stage: "discovered", score: null, contactEmail: null },
  { domain: "northlight-gallery.example", pageTitle: "Open call: small works 2026", stage: "enriched", score: null, contactEmail: "curator@northlight-gallery.example" },
  { domain: "studio-notes-magazine.example", pageTitle: "Studio visits: artists at work", stage: "scored", score: 72, contactEmail: "editor@studio-notes-magazine.example" },
  { domain: "abstract-quarterly.example", pageTitle: "Submissions: abstract painting", stage: "scored", score: 64, contactEmail: "submissions@abstract-quarterly.example" },
  { domain: "riverside-art-fair.example", pageTitle: "Artist applications", stage: "discovered", score: null, contactEmail: null },
] as const;
/** The demo's one published feature (a placement found by the watch). */
const DEMO_FEATURE = { domain: "harbour-light-journal.example", anchor: "Demo Artist's paintings" } as const;

export interface SeedResult {
  /** False when the database already had users: nothing was written. */
  seeded: boolean;
  email: string;
  /** Only when this call created the demo user. */
  password?: string;
  campaignId?: string;
}

/**
 * First-run demo data: a demo user and a campaign with a few prospects, one of which already
 * published a feature (so the board's Published column and the dashboard's Features panel show
 * what a placement looks like). Runs only on a database
 * without users, so it never touches a database that is already in use; running it again is a no-op.
 */
export async function seed(db: Db, opts: { password?: string } = {}): Promise<SeedResult> {
  if ((await db.user.count()) > 0) return { seeded: false, email: DEMO_EMAIL };
  const password = opts.password ?? randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // Two starters at once: the unique email makes the second one a no-op.
    const inserted = await tx.user.createManyAndReturn({
      data: [{ email: DEMO_EMAIL, name: "Demo Artist", passwordHash }],
      skipDuplicates: true,
    });
    const user = inserted[0];
    if (!user) return { seeded: false, email: DEMO_EMAIL };
    const campaign = await tx.campaign.create({
      data: {
        userId: user.id,
        name: DEMO_CAMPAIGN,
        artistName: "Demo Artist",
        medium: "abstract oil painting",
        portfolioUrl: "https://portfolio.example/demo-artist",
        statement: "Large abstract oil paintings about coastlines, light and erosion.",
        keywords: ["abstract painting open call", "contemporary painting blog", "emerging painters feature"],
        sampleWorks: [
          { title: "Low Tide, Grey", url: "https://portfolio.example/demo-artist/low-tide-grey" },
          { title: "Salt Line", url: "https://portfolio.example/demo-artist/salt-line" },
        ],
        fromName: "Demo Artist",
        fromEmail: DEMO_EMAIL,
        timeZone: "Europe/London",
      },
    });
    await tx.prospect.createMany({
      data: DEMO_PROSPECTS.map((p) => ({
        campaignId: campaign.id,
        domain: p.domain,
        pageUrl: `https://${p.domain}/`,
        pageTitle: p.pageTitle,
        stage: p.stage,
        score: p.score,
        contactEmail: p.contactEmail,
        contactMethod: p.contactEmail ? "email" : null,
        source: "manual",
      })),
      skipDuplicates: true,
    });
    const featured = await tx.prospect.create({
      data: {
        campaignId: campaign.id,
        domain: DEMO_FEATURE.domain,
        pageUrl: `https://${DEMO_FEATURE.domain}/`,
        pageTitle: "Harbour Light Journal: painting and the sea",
        stage: "published",
        outreachStatus: "accepted",
        score: 81,
        contactEmail: `editor@${DEMO_FEATURE.domain}`,
        contactMethod: "email",
        source: "manual",
      },
    });
    await tx.placement.create({
      data: {
        prospectId: featured.id,
        campaignId: campaign.id,
        url: `https://${DEMO_FEATURE.domain}/features/demo-artist`,
        site: DEMO_FEATURE.domain,
        title: "Studio visit: Demo Artist | Harbour Light Journal",
        foundAt: new Date(Date.now() - 3 * 24 * 3600_000),
        match: "links_to_portfolio",
        source: "watch",
        rel: "follow",
        anchorText: DEMO_FEATURE.anchor,
        excerpt: `This week we visited Demo Artist in the studio and talked about new work, materials and the year ahead. See more of ${DEMO_FEATURE.anchor}.`,
      },
    });
    return { seeded: true, email: DEMO_EMAIL, password, campaignId: campaign.id };
  });
}

/** The sandbox fake Gmail's own account (packages/fakes): the demo mailbox in sandbox mode. */
export const SANDBOX_GMAIL = { address: "artist@sandbox-gmail.example", refreshToken: "fake-refresh-token" } as const;

/**
 * Sandbox mode only: the demo user gets the fake Gmail's account as a connected mailbox (as if
 * "Connect Gmail" had been pressed), and their campaigns without one send from it. Runs on every
 * start; does nothing once the demo user has any mailbox.
 */
export async function ensureDemoMailbox(db: Db, key: MailboxKey): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true, _count: { select: { mailboxes: true } } } });
  if (!user || user._count.mailboxes > 0) return false;
  const mailbox = await db.mailbox.create({
    data: {
      userId: user.id,
      address: SANDBOX_GMAIL.address,
      displayName: "Demo Artist",
      sendAs: [{ email: SANDBOX_GMAIL.address, displayName: "Demo Artist", isPrimary: true, verified: true }],
      refreshTokenEnc: sealToken(key, SANDBOX_GMAIL.refreshToken),
      grantedScopes: ["https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly", "openid", "https://www.googleapis.com/auth/userinfo.email"],
    },
    select: { id: true },
  });
  await db.campaign.updateMany({ where: { userId: user.id, mailboxId: null }, data: { mailboxId: mailbox.id } });
  return true;
}

// `tsx scripts/seed.ts`: seeds the database at DATABASE_URL (migrate it first with `pnpm db:migrate`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. Example: postgresql://postgres@127.0.0.1:5432/outreach");
    process.exit(1);
  }
  const db = createDb(url, { max: 2 });
  try {
    const result = await seed(db, { password: process.env.DEMO_PASSWORD });
    console.log(
      result.seeded
        ? `Seeded demo data. Log in as ${result.email} / ${result.password}`
        : "The database already has users: nothing seeded.",
    );
  } finally {
    await db.$disconnect();
  }
}
