import { domainToASCII } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.ts";
import { addSuppression, findSuppression, isSuppressed, normalizeSuppressionValue } from "../../src/suppression/suppression.ts";
import { createDatabaseEnv, type DatabaseEnv } from "@outreach/testkit";
import { seedUser } from "@outreach/testkit/scenarios";

let t: DatabaseEnv;
beforeAll(async () => {
  t = await createDatabaseEnv("suppr");
});
afterAll(async () => {
  await t?.close();
});

describe("suppression values", () => {
  it("normalises emails, domains and wildcards, case-insensitively", () => {
    expect(normalizeSuppressionValue("  Ann.Lee@Gallery.ORG ")).toEqual({ kind: "email", value: "ann.lee@gallery.org" });
    expect(normalizeSuppressionValue("mailto:Ann@Gallery.org")).toEqual({ kind: "email", value: "ann@gallery.org" });
    expect(normalizeSuppressionValue("https://WWW.Gallery.org/contact")).toEqual({ kind: "domain", value: "gallery.org" });
    expect(normalizeSuppressionValue("*.Example.ORG")).toEqual({ kind: "wildcard", value: "*.example.org" });
    expect(normalizeSuppressionValue("müller-galerie.de")).toEqual({ kind: "domain", value: domainToASCII("müller-galerie.de") });
  });

  it.each([
    ["", "is required"],
    ["ann@gallery.org\r\nBcc: x@y.z", "line breaks"],
    ["gallery.org\n", "line breaks"],
    ["*.*.example.org", "wildcard"],
    ["ex*ample.org", "wildcard"],
    ["not a domain", "not a valid domain"],
    ["ann@", "email address"],
    ["localhost", "top-level"],
  ])("rejects %j naming the field", (value, message) => {
    let err: unknown;
    try {
      normalizeSuppressionValue(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors[0]!.path).toEqual(["value"]);
    expect((err as ValidationError).message).toContain(message);
  });
});

describe("isSuppressed / addSuppression (real PostgreSQL)", () => {
  it("matches the address, its exact domain, and wildcards over it and its parents", async () => {
    const { db } = t;
    const user = await seedUser(db);
    const other = await seedUser(db);
    await addSuppression(db, user.id, "Ann@Studio-One.example", "manual");
    await addSuppression(db, user.id, "blocked.example", "bounced");
    await addSuppression(db, user.id, "*.Network.example", "complained");

    // Email entry: exact address only, any case.
    expect(await isSuppressed(db, user.id, "ANN@studio-one.example")).toBe(true);
    expect(await isSuppressed(db, user.id, "bob@studio-one.example")).toBe(false);
    // Domain entry: every address at that domain, not subdomains.
    expect(await isSuppressed(db, user.id, "anyone@Blocked.example")).toBe(true);
    expect(await isSuppressed(db, user.id, "anyone@sub.blocked.example")).toBe(false);
    // Wildcard: the domain itself and subdomains at any depth, not look-alikes.
    expect(await isSuppressed(db, user.id, "x@network.example")).toBe(true);
    expect(await isSuppressed(db, user.id, "x@paris.network.example")).toBe(true);
    expect(await isSuppressed(db, user.id, "x@a.b.network.example")).toBe(true);
    expect(await isSuppressed(db, user.id, "x@othernetwork.example")).toBe(false);
    // Lists are per user.
    expect(await isSuppressed(db, other.id, "anyone@blocked.example")).toBe(false);

    // The site's domain is checked too, and the most specific entry is reported.
    const bySite = await findSuppression(db, user.id, { email: "info@gmail.example", domain: "www.blocked.example" });
    expect(bySite).toMatchObject({ value: "blocked.example", matched: "domain", reason: "bounced" });
    await addSuppression(db, user.id, "x@paris.network.example", "unsubscribed");
    expect(await findSuppression(db, user.id, { email: "x@paris.network.example" })).toMatchObject({ value: "x@paris.network.example", matched: "email" });
  });

  it("is idempotent, keeps the first reason, and survives two concurrent adds", async () => {
    const { db } = t;
    const user = await seedUser(db);
    const first = await addSuppression(db, user.id, "Ann@Gallery.example", "unsubscribed", "clicked the link");
    const again = await addSuppression(db, user.id, "ann@gallery.example", "manual");
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ id: first.id, created: false, reason: "unsubscribed", note: "clicked the link" });

    const racing = await Promise.all(Array.from({ length: 8 }, () => addSuppression(db, user.id, "*.race.example", "manual")));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.id)).size).toBe(1);
    expect(await db.suppression.count({ where: { userId: user.id } })).toBe(2);
  });
});
