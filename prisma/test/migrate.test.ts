import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate, readMigrations } from "../src/migrate.ts";
import { afterAll, describe, expect, it } from "vitest";
import { prisma, standInMissing } from "./prisma-cli.ts";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const created: string[] = [];

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** An empty database (createTestDatabase would migrate it already). */
async function emptyDatabase(label: string): Promise<string> {
  const name = `outreach_test_${label}_${randomBytes(4).toString("hex")}`;
  await sql(ADMIN_URL, `CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of created) await sql(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

const tables = (url: string) =>
  sql<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").then((r) =>
    r.map((x) => x.t),
  );

describe("the offline migration runner (pnpm db:migrate)", () => {
  it("applies every migration once; a second run applies nothing", async () => {
    const url = await emptyDatabase("mig");
    const all = (await readMigrations()).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);
    const first = await migrate(url);
    expect(first).toEqual({ applied: all, alreadyApplied: 0 });
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: all.length });
    const rows = await sql<{ migration_name: string; n: string }>(
      url,
      `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual(all.map((name) => ({ migration_name: name, n: "1" })));
    expect(await tables(url)).toEqual(expect.arrayContaining(["users", "campaigns", "prospects", "email_logs"]));
  });

  it("bookkeeps like Prisma: sha256 checksums of the files, finished, one step each", async () => {
    const url = await emptyDatabase("mig");
    await migrate(url);
    const files = await readMigrations();
    const rows = await sql<{ migration_name: string; checksum: string; finished: boolean; applied_steps_count: number; rolled_back_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count, rolled_back_at
         FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      files.map((f) => ({ migration_name: f.name, checksum: f.checksum, finished: true, applied_steps_count: 1, rolled_back_at: null })),
    );
  });

  it("lets only one of two concurrent starters apply the migrations", async () => {
    const url = await emptyDatabase("migrace");
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    const total = (await readMigrations()).length;
    expect(a.applied.length + b.applied.length).toBe(total);
    const [{ n }] = (await sql<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`)) as [{ n: string }];
    expect(Number(n)).toBe(total);
  });

  it("rolls a failing migration back completely and does not record it", async () => {
    const url = await emptyDatabase("migfail");
    // A table in the way makes the first migration fail halfway through its statements.
    await sql(url, `CREATE TABLE "email_logs" (x int)`);
    const [first] = await readMigrations();
    await expect(migrate(url)).rejects.toThrow(new RegExp(`Migration ${first!.name} failed and was rolled back`));
    expect(await tables(url)).toEqual(["_prisma_migrations", "email_logs"]); // nothing else was left behind
    expect(await sql(url, `SELECT * FROM "_prisma_migrations"`)).toEqual([]);
    // Once the obstacle is gone, the same migration applies.
    await sql(url, `DROP TABLE "email_logs"`);
    expect((await migrate(url)).applied).toContain(first!.name);
  });

  it("refuses to continue after a migration that started but never finished", async () => {
    const url = await emptyDatabase("migstuck");
    await migrate(url);
    await sql(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, '29990101000000_half_done', now(), 0)`,
      [randomBytes(16).toString("hex"), "0".repeat(64)],
    );
    await expect(migrate(url)).rejects.toThrow(/29990101000000_half_done started but never finished.*prisma migrate resolve/);
  });

  it.skipIf(standInMissing)("agrees with Prisma: `prisma migrate status` says the database is up to date", async () => {
    const url = await emptyDatabase("migstatus");
    const before = await prisma(["migrate", "status"], url);
    expect(before.code).not.toBe(0);
    expect(before.output).toMatch(/have not yet been applied/);
    await migrate(url);
    const after = await prisma(["migrate", "status"], url);
    expect(after.output).toContain("Database schema is up to date!");
    expect(after.code).toBe(0);
    // …and Prisma's own deploy finds nothing left to apply.
    const deploy = await prisma(["migrate", "deploy"], url);
    expect(deploy.output).toMatch(/No pending migrations to apply/);
    expect(deploy.code).toBe(0);
  }, 240_000); // three Prisma CLI runs: each starts Node, the CLI and the wasm schema engine
});
