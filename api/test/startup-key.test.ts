import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "@outreach/testkit";

/** The real entry point refuses to start without a usable MAILBOX_ENCRYPTION_KEY, and says why. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase("startup-key");
});
afterAll(() => database?.drop());

function start(extra: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "api/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: "0",
        PUBLIC_URL: "https://outreach.example",
        DATABASE_URL: database.url,
        REDIS_URL,
        REDIS_PREFIX: `test-${randomUUID()}`,
        JWT_SECRET_KEY: randomBytes(32).toString("hex"),
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("MAILBOX_ENCRYPTION_KEY at start-up", () => {
  it("missing in production: exits 1 with a sentence, no stack trace", { timeout: 90_000 }, async () => {
    const r = await start({});
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/api: cannot start: MAILBOX_ENCRYPTION_KEY is required in production/);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  it("not 32 bytes: exits 1 naming the expected form", { timeout: 90_000 }, async () => {
    const r = await start({ MAILBOX_ENCRYPTION_KEY: "too-short-a-key" });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/MAILBOX_ENCRYPTION_KEY must be exactly 32 bytes/);
  });
});
