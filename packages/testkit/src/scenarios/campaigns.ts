import type { Db, Prisma } from "@outreach/db";
import { seedMailbox } from "./mailboxes.ts";
import { seedUser } from "./users.ts";

type CampaignData = Partial<Prisma.CampaignUncheckedCreateInput>;

/**
 * A ceramicist's campaign (with the default send rules of a new campaign) and its owner, new unless
 * `userId` is given. It sends from the owner's fake-Gmail mailbox unless `mailboxId` says otherwise
 * (null: no mailbox).
 */
export async function seedCampaign(db: Db, data: CampaignData = {}) {
  const user = data.userId ? await db.user.findUniqueOrThrow({ where: { id: data.userId } }) : await seedUser(db);
  const mailboxId = data.mailboxId !== undefined ? data.mailboxId : (await seedMailbox(db, user.id)).id;
  const campaign = await db.campaign.create({
    data: {
      name: "Ceramics 2026",
      artistName: "Ada Potter",
      medium: "ceramics",
      statement: "Wood-fired stoneware vessels, ash glazes and the slow rhythm of the anagama kiln.",
      keywords: ["ceramics", "glaze", "stoneware"],
      fromName: "Ada",
      fromEmail: "ada@example.test",
      ...data,
      mailboxId,
      userId: user.id,
    },
  });
  return { user, campaign };
}
