import { createTestDatabase, type TestDatabase } from "@outreach/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../src/index.ts";
import { createStatementNamer } from "../src/statement-names.ts";

const select = (n: number) => ({ sql: `SELECT "id" FROM "prospects" WHERE "id" IN (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(",")})` });

it("gives the same SQL text the same name every time, and different texts different names", () => {
  const name = createStatementNamer();
  const first = name(select(1));
  expect(first).toBeTruthy();
  expect(name(select(1))).toBe(first);
  expect(name(select(2))).not.toBe(first);
  expect(name({ sql: "  with x as (select 1) select * from x" })).toBeTruthy();
  expect(name({ sql: 'UPDATE "prospects" SET "score" = $1' })).toBeTruthy();
});

it("leaves transaction control and session statements unnamed", () => {
  const name = createStatementNamer();
  for (const sql of ["BEGIN", "COMMIT", "ROLLBACK", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "SAVEPOINT s1"]) {
    expect(name({ sql })).toBeUndefined();
  }
});

it("names only the first texts up to its cap, so a connection never holds more prepared statements", () => {
  const name = createStatementNamer(3);
  const names = [1, 2, 3].map((n) => name(select(n)));
  expect(new Set(names).size).toBe(3);
  expect(name(select(4))).toBeUndefined();
  expect(name(select(2))).toBe(names[1]);
});

describe("createDb", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("prepared");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("prepares a query Prisma repeats once per connection, and keeps answering it after the table changes", async () => {
    const statements: string[] = [];
    const db = createDb(database.url, { max: 1, onQuery: (sql) => statements.push(sql) });
    try {
      const user = await db.user.create({ data: { email: "prepared@example.org", name: "P", passwordHash: "x" } });
      for (let i = 0; i < 3; i++) expect((await db.user.findUnique({ where: { id: user.id } }))?.email).toBe("prepared@example.org");
      const prepared = await db.$queryRawUnsafe<{ statement: string }[]>("SELECT statement FROM pg_prepared_statements");
      expect(prepared.filter((p) => /FROM "public"\."users"/.test(p.statement))).toHaveLength(1);
      expect(statements.filter((sql) => /FROM "public"\."users"/.test(sql))).toHaveLength(3);

      // A migration that adds a column while the connection holds the prepared statement.
      await db.$executeRawUnsafe('ALTER TABLE "users" ADD COLUMN "prepared_probe" text');
      expect((await db.user.findUnique({ where: { id: user.id } }))?.email).toBe("prepared@example.org");
    } finally {
      await db.$disconnect();
    }
  });
});
