import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma, standInMissing } from "./prisma-cli.ts";

if (standInMissing) console.warn(`prisma drift test skipped: ${standInMissing}`);

describe.skipIf(standInMissing)("prisma/migrations and schema.prisma", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("drift"); // the stand-in makes its shadow database beside this one
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("describe the same database (no drift: every schema change has its migration)", async () => {
    const result = await prisma(
      ["migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code"],
      database.url,
    );
    // Exit code 2 = drift: the output is the SQL a new migration needs
    // (create it with `prisma migrate dev --create-only --name <what>` and the stand-in engine, see docs/operations.md).
    expect(result.output).toContain("No difference detected");
    expect(result.code).toBe(0);
  }, 180_000);
});
