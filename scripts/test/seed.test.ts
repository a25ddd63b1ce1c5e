import { verifyPassword } from "@outreach/core";
import { createDb, type Db } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMAIL, seed } from "../seed.ts";

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase("seed");
  db = createDb(database.url, { max: 4 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("first-run seed", () => {
  it("creates a demo user who can log in with the printed password, and a campaign with prospects", async () => {
    const result = await seed(db, { password: "demo-password-123" });
    expect(result).toMatchObject({ seeded: true, email: DEMO_EMAIL, password: "demo-password-123" });
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL }, include: { campaigns: true } });
    expect(await verifyPassword("demo-password-123", user.passwordHash)).toBe(true);
    expect(await verifyPassword("wrong", user.passwordHash)).toBe(false);
    expect(user.campaigns).toHaveLength(1);
    expect(user.campaigns[0]!.medium).toBe("abstract oil painting");
    const prospects = await db.prospect.findMany({ where: { campaignId: result.campaignId } });
    expect(prospects.length).toBeGreaterThanOrEqual(5);
    expect(prospects.every((p) => p.domain.endsWith(".example"))).toBe(true);
    const [feature] = await db.placement.findMany({ where: { campaignId: result.campaignId } });
    expect(feature).toMatchObject({ status: "live", rel: "follow", anchorText: "Demo Artist's paintings" });
    expect(prospects.find((p) => p.id === feature!.prospectId)).toMatchObject({ stage: "published", outreachStatus: "accepted" });
  });

  it("does nothing on a database that already has users", async () => {
    const before = await Promise.all([db.user.count(), db.campaign.count(), db.prospect.count()]);
    const again = await seed(db);
    expect(again).toEqual({ seeded: false, email: DEMO_EMAIL });
    expect(await Promise.all([db.user.count(), db.campaign.count(), db.prospect.count()])).toEqual(before);
  });

  it("two starters seeding a fresh database at once create one demo user and one campaign", async () => {
    const other = await createTestDatabase("seedrace");
    const otherDb = createDb(other.url, { max: 4 });
    try {
      const results = await Promise.all([seed(otherDb), seed(otherDb)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect(await otherDb.user.count()).toBe(1);
      expect(await otherDb.campaign.count()).toBe(1);
    } finally {
      await otherDb.$disconnect();
      await other.drop();
    }
  });
});
