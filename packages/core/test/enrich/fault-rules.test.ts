import { Prisma } from "@outreach/db";
import { ProviderError } from "@outreach/providers";
import { describe, expect, it } from "vitest";
import { isProspectsOwnFailure } from "../../src/enrich/faults.ts";

const dbError = (code: string, sqlState?: string) =>
  new Prisma.PrismaClientKnownRequestError("Database error", {
    code,
    clientVersion: "7",
    meta: sqlState ? { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "postgres", code: sqlState, originalCode: sqlState } } } : undefined,
  });

describe("whose failure it is", () => {
  it("a prospect's own: its data refused by PostgreSQL, its row gone, a bug on its site's data, a provider fault that is not auth / quota", () => {
    expect(isProspectsOwnFailure(dbError("P2010", "22P05"))).toBe(true); // NUL in a text
    expect(isProspectsOwnFailure(dbError("P2039", "23503"))).toBe(true); // foreign key: prospect deleted
    expect(isProspectsOwnFailure(dbError("P2025"))).toBe(true);
    expect(isProspectsOwnFailure(new TypeError("Cannot read properties of undefined"))).toBe(true);
    expect(isProspectsOwnFailure(new ProviderError({ provider: "hunter", kind: "transient", message: "HTTP 500" }))).toBe(true);
  });

  it("not its own, so the whole job is retried or fails with an alert: a dropped connection, a network error, auth, quota", () => {
    expect(isProspectsOwnFailure(dbError("P2039", "57P01"))).toBe(false); // terminating connection due to administrator command
    expect(isProspectsOwnFailure(dbError("P1001"))).toBe(false);
    expect(isProspectsOwnFailure(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }))).toBe(false);
    expect(isProspectsOwnFailure(new ProviderError({ provider: "hunter", kind: "auth", message: "HTTP 401" }))).toBe(false);
    expect(isProspectsOwnFailure(new ProviderError({ provider: "dataforseo", kind: "quota", message: "40210" }))).toBe(false);
  });
});
