import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createStaticHandler } from "../static.ts";

const dist = mkdtempSync(path.join(tmpdir(), "dist-"));
mkdirSync(path.join(dist, "assets"));
writeFileSync(path.join(dist, "index.html"), "<!doctype html><div id=root></div>");
writeFileSync(path.join(dist, "assets", "app-123.js"), "console.log(1)");
writeFileSync(path.join(tmpdir(), "secret.txt"), "nope");
const serve = createStaticHandler(dist);
const get = (p: string) => serve(new Request(`http://127.0.0.1${p}`));

describe("the API serving the built web app", () => {
  it("serves assets with long caching and app routes with index.html", async () => {
    const asset = (await get("/assets/app-123.js"))!;
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(await (await get("/campaigns/abc/board"))!.text()).toContain("id=root");
  });

  it("leaves API paths to the API and never serves files outside the folder", async () => {
    expect(await get("/graphql")).toBeNull();
    expect(await get("/api/prospects")).toBeNull();
    expect(await get("/unsubscribe/token")).toBeNull();
    expect((await get("/../secret.txt"))!.status).toBe(404);
    expect((await get("/%2e%2e/secret.txt"))!.status).toBe(404);
    expect((await get("/missing.js"))!.status).toBe(404);
  });
});
