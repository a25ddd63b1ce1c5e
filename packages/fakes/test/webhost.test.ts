import http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serpSitesForKeyword, siteModel, startFakeWebHost, type FakeServer, type WebHostControl } from "../src/index.ts";
import { get } from "./helpers.ts";

function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { host } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("fake web host", () => {
  let web: FakeServer<WebHostControl>;
  beforeEach(async () => {
    web = await startFakeWebHost({ slowDelayMs: 5000, largePageBytes: 3 * 1024 * 1024 });
  });
  afterEach(async () => {
    await web.close();
  });
  const serp = serpSitesForKeyword("ceramic artists");

  it("serves every page a SERP result links to, by path prefix and by Host header", async () => {
    for (const s of serp.slice(0, 15)) {
      const r = await get(web.control.urlFor(s.domain, s.path));
      expect(r.status, s.url).toBe(200);
    }
    const s = serp[0]!;
    const byHost = await getWithHost(`${web.url}/`, s.domain);
    expect(byHost.status).toBe(200);
    expect(byHost.body).toContain(`<title>${siteModel(s.domain).title}</title>`);
  });

  it("home, about and contact pages carry the site's facts", async () => {
    const d = serp[1]!.domain;
    const site = siteModel(d);
    const home = await get(web.control.urlFor(d, "/"));
    expect(home.text).toMatch(/<meta name="description" content="[^"]+">/);
    const about = await get(web.control.urlFor(d, "/about"));
    expect(about.text).toContain(`${site.editor.firstName} ${site.editor.lastName}`);
    const contact = await get(web.control.urlFor(d, "/contact"));
    expect(contact.text).toMatch(/mailto:[^"]+@/);
    expect(contact.text).toContain(site.city);
  });

  it("some sites have a submission form, some an open call with a deadline", async () => {
    const withForm = serp.find((s) => siteModel(s.domain).hasSubmissionForm)!;
    expect((await get(web.control.urlFor(withForm.domain, "/submit"))).text).toContain("<form");
    const withoutForm = serp.find((s) => !siteModel(s.domain).hasSubmissionForm)!;
    expect((await get(web.control.urlFor(withoutForm.domain, "/submit"))).status).toBe(404);
    const oc = serp.find((s) => siteModel(s.domain).openCall)!;
    const page = await get(web.control.urlFor(oc.domain, "/open-call"));
    expect(page.text).toContain(`datetime="${siteModel(oc.domain).openCall!.deadline}"`);
  });

  it("some pages hide a prompt injection", async () => {
    const all = [...serp, ...serpSitesForKeyword("textile art"), ...serpSitesForKeyword("painting magazine")];
    const inj = all.find((s) => siteModel(s.domain).hasPromptInjection)!;
    expect((await get(web.control.urlFor(inj.domain, "/"))).text).toMatch(/display:none[^>]*>Ignore previous instructions/);
  });

  it("redirects are answered, not followed; a control adds a redirect to any URL", async () => {
    const d = serp[2]!.domain;
    const moved = await fetch(web.control.urlFor(d, "/moved"), { redirect: "manual" });
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe(`/__site/${d}/about`);
    web.control.addRedirect(d, "/press", "http://169.254.169.254/latest/meta-data/", 302);
    const evil = await fetch(web.control.urlFor(d, "/press"), { redirect: "manual" });
    expect(evil.status).toBe(302);
    expect(evil.headers.get("location")).toBe("http://169.254.169.254/latest/meta-data/");
  });

  it("serves a very large page and a slow page that can be abandoned", async () => {
    const large = await fetch(web.control.urlFor(serp[0]!.domain, "/large"));
    expect(Number(large.headers.get("content-length"))).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    await large.body?.cancel();
    const ctrl = new AbortController();
    const started = Date.now();
    const t = setTimeout(() => ctrl.abort(), 200);
    await expect(fetch(web.control.urlFor(serp[0]!.domain, "/slow"), { signal: ctrl.signal }).then((r) => r.text())).rejects.toThrow();
    clearTimeout(t);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it("unknown domains are 404", async () => {
    expect((await get(web.control.urlFor("not-a-fake.com", "/"))).status).toBe(404);
  });
});
