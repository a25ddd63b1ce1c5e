import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "@outreach/db";
import { migrate } from "@outreach/db/migrate";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A fresh, migrated database of its own for one test file; drop() removes it. */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `outreach_test_${label.replace(/\W/g, "").slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A test database with a Prisma client on it; close() disconnects and drops it. */
export interface DatabaseEnv {
  db: Db;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createDatabaseEnv(label: string, options: { max?: number } = {}): Promise<DatabaseEnv> {
  const database = await createTestDatabase(label);
  const db = createDb(database.url, { max: options.max ?? 12 });
  return {
    db,
    database,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
