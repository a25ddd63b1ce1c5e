import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../lib/net.ts";
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from "../lib/postgres.ts";

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const tmp = mkdtempSync(path.join(os.tmpdir(), "outreach-pg-test-"));
chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the folder
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("ensureDatabase", () => {
  it("creates a missing database once and then just connects to it", async () => {
    const name = `outreach_test_ensure_${randomBytes(4).toString("hex")}`;
    const url = withDatabase(ADMIN_URL, name);
    try {
      expect(await ensureDatabase(url)).toEqual({ created: true });
      expect(await ensureDatabase(url)).toEqual({ created: false });
      expect(await query(url, "SELECT current_database() AS db")).toEqual([{ db: name }]);
    } finally {
      await query(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it("explains an unreachable server and hides the password", async () => {
    const port = await findFreePort();
    await expect(ensureDatabase(`postgresql://postgres:s3cret@127.0.0.1:${port}/outreach`)).rejects.toThrow(
      /Cannot connect to PostgreSQL at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1.*Set DATABASE_URL/,
    );
  });
});

describe("embedded PostgreSQL", () => {
  it("initialises a cluster in the data folder, keeps data across restarts, and stops", async () => {
    const dir = path.join(tmp, "postgres");
    const first = await startEmbeddedPostgres({ dir, preferredPort: await findFreePort() });
    const url = withDatabase(first.adminUrl, "outreach");
    try {
      expect(await ensureDatabase(url)).toEqual({ created: true });
      await query(url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dir, "postmaster.pid"))).toBe(false); // a clean shutdown
    await expect(query(first.adminUrl, "SELECT 1")).rejects.toThrow();

    const second = await startEmbeddedPostgres({ dir, preferredPort: await findFreePort() });
    try {
      const again = withDatabase(second.adminUrl, "outreach");
      expect(await ensureDatabase(again)).toEqual({ created: false });
      expect(await query(again, "SELECT v FROM kept")).toEqual([{ v: "still here" }]);
      // Password auth is on: the generated password is required.
      const noPassword = new URL(second.adminUrl);
      noPassword.password = "";
      await expect(query(noPassword.toString(), "SELECT 1")).rejects.toThrow();
    } finally {
      await second.stop();
    }
  });
});
