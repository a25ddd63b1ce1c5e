import { randomUUID } from "node:crypto";
import type { Db } from "@outreach/db";

/** An artist account (no password a test could log in with: tests that log in sign up through the API). */
export async function seedUser(db: Db) {
  return db.user.create({ data: { email: `u-${randomUUID()}@example.test`, passwordHash: "x", name: "Ada Potter" } });
}
