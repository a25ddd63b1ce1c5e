import { gzipSync } from "node:zlib";
import { serpSitesForKeyword, startFakeWebHost, type FakeServer, type SerpSite, type WebHostControl } from "@outreach/fakes";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { crawlSite } from "../../src/crawl/crawl.ts";
import { SandboxConfigError, type ConnectHookInfo, type GuardDecision } from "../../src/crawl/guard.ts";
import { socketWitness, stubResolver, tinyHost, trapListener } from "./net-helpers.ts";

// Every site here is a fake *.example site served by the fake web host on loopback. The resolver
// is a stub with no answers: a request that tried real DNS would fail the test, not leave the box.
const noDns = stubResolver({});

let wh: FakeServer<WebHostControl>;
let witness: ReturnType<typeof socketWitness>;
const serp = serpSitesForKeyword("ceramics");
const find = (pred: (s: SerpSite, m: ReturnType<WebHostControl["site"]>) => boolean): SerpSite => {
  const s = serp.find((x) => pred(x, wh.control.site(x.domain)));
  if (!s) throw new Error("no fake site with that property");
  return s;
};

beforeAll(async () => {
  wh = await startFakeWebHost({ slowDelayMs: 30_000 });
  witness = socketWitness();
});
afterAll(async () => {
  witness.stop();
  await wh.close();
});
afterEach(() => {
  wh.control.reset();
  expect(witness.violations).toEqual([]);
  expect(noDns.calls).toEqual([]);
});

const crawl = (url: string, extra: Parameters<typeof crawlSite>[1] = {}) => crawlSite(url, { sandboxWebHostUrl: wh.url, lookup: noDns.resolve, ...extra });

describe("facts from the fake web host", () => {
  it("finds the contact page, its email and postal address, with every URL on the site's own host", async () => {
    const s = find((x, m) => x.path.startsWith("/articles/") && m.hunterHasEmails && !m.hasPromptInjection);
    const m = wh.control.site(s.domain);
    const r = await crawl(s.url);
    expect(r.status).toBe("ok");
    expect(r.sandbox).toBe(true);
    expect(r.finalUrl).toBe(s.url);
    expect(r.contactPageUrl).toBe(`https://${s.domain}/contact`);
    expect(r.emails.map((e) => e.email)).toEqual(expect.arrayContaining([m.editor.email, m.genericEmail]));
    expect(r.emails.find((e) => e.email === m.editor.email)).toMatchObject({ via: "mailto", pageUrl: `https://${s.domain}/contact` });
    expect(r.postalAddress).toBe(m.postalAddress);
    expect(r.title).toBe(`${s.path.split("/").pop()!.replace(/-\d+$/, "").replace(/\b\w/g, (c) => c.toUpperCase())} | ${m.name}`);
    expect(r.pages.map((p) => p.kind)).toEqual(expect.arrayContaining(["start", "contact", "about"]));
    // Ordinary pages ("Please include a short statement...") are not taken for injections.
    expect(r.suspectedInstructions).toEqual([]);
    // Stored URLs are the site's, never the sandbox host's.
    expect(JSON.stringify(r)).not.toContain("127.0.0.1");
    // JSON-serialisable as is (it goes into Prospect.crawlData).
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(Date.parse(r.fetchedAt)).not.toBeNaN();
  });

  it("reads the submission form: action and field names", async () => {
    const s = find((_x, m) => m.hasSubmissionForm);
    const r = await crawl(`https://${s.domain}/`);
    expect(r.submissionForm).toEqual({
      pageUrl: `https://${s.domain}/submit`,
      action: `https://${s.domain}/submit`,
      method: "POST",
      fields: ["name", "email", "portfolio", "statement", "images"],
      requiredFields: ["name", "email"],
      hasFileUpload: true,
    });
  });

  it("has no submission form where the site has none", async () => {
    const s = find((_x, m) => !m.hasSubmissionForm);
    const r = await crawl(`https://${s.domain}/`);
    expect(r.submissionForm).toBeNull();
  });

  it.each([
    ["a fee in euros", (m: ReturnType<WebHostControl["site"]>) => m.openCall?.fee === "€25"],
    ["a fee in dollars", (m: ReturnType<WebHostControl["site"]>) => m.openCall?.fee === "$15"],
    ["no stated fee", (m: ReturnType<WebHostControl["site"]>) => !!m.openCall && m.openCall.fee === null],
  ])("reads an open call with %s: title, ISO deadline and fee", async (_label, pred) => {
    const s = find((_x, m) => pred(m));
    const oc = wh.control.site(s.domain).openCall!;
    const r = await crawl(`https://${s.domain}/`);
    expect(r.openCall).toMatchObject({ pageUrl: `https://${s.domain}/open-call`, title: oc.title, deadline: oc.deadline, fee: oc.fee, free: oc.fee ? false : null });
  });

  it("keeps hidden prompt-injection text out of the excerpts and emails, and reports it", async () => {
    const s = find((_x, m) => m.hasPromptInjection);
    const r = await crawl(`https://${s.domain}/`);
    const text = r.pages.map((p) => p.excerpt).join("\n");
    expect(text).not.toMatch(/ignore previous instructions/i);
    expect(r.emails.map((e) => e.email)).not.toContain(`payments@${s.domain}`);
    expect(r.suspectedInstructions.length).toBeGreaterThan(0);
    expect(r.suspectedInstructions[0]).toMatchObject({ hidden: true });
    expect(r.suspectedInstructions.flatMap((i) => i.payloads)).toEqual(expect.arrayContaining([`payments@${s.domain}`, "5000 usd"]));
  });

  it("stores text only: no markup, scripts or styles", async () => {
    const host = await tinyHost((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<html><head><title>T</title><style>.x{color:red}</style><script>var secret="S3CR3T"</script></head>
<body><main><h2>Hello &amp; welcome</h2><p>Plain <b>bold</b> text.</p><script>alert("x")</script><noscript>NOSCRIPT</noscript>
<p style="display: none">HIDDEN</p><p hidden>ALSOHIDDEN</p></main></body></html>`);
    });
    try {
      const r = await crawlSite("https://plain-text-site.example/", { sandboxWebHostUrl: host.url, lookup: noDns.resolve });
      expect(r.pages[0]!.excerpt).toBe("Hello & welcome\nPlain bold text.");
    } finally {
      await host.close();
    }
  });
});

describe("redirects", () => {
  it("follows the site's own redirects and records where it ended", async () => {
    const s = find(() => true);
    const r = await crawl(`https://${s.domain}/moved`, { maxPages: 1 });
    expect(r.finalUrl).toBe(`https://${s.domain}/about`);
    expect(r.pages[0]!.kind).toBe("about");
  });

  it("stops after 5 redirects", async () => {
    const s = find(() => true);
    for (let i = 0; i < 7; i++) wh.control.addRedirect(s.domain, `/r${i}`, `/r${i + 1}`);
    const r = await crawl(`https://${s.domain}/r0`, { maxPages: 1 });
    expect(r.errors[0]).toMatchObject({ reason: "too_many_redirects" });
    expect(wh.control.stats().requests).toBe(6);
  });

  describe("a redirect from the fake host to an internal address is refused without connecting", () => {
    let trap: Awaited<ReturnType<typeof trapListener>>;
    beforeAll(async () => {
      trap = await trapListener();
    });
    afterAll(() => trap.close());

    const targets = (port: number, sandboxUrl: string): Array<[string, string]> => [
      ["another loopback port", `http://127.0.0.1:${port}/admin`],
      ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/"],
      ["IPv6 loopback", `http://[::1]:${port}/`],
      ["IPv4-mapped loopback", `http://[::ffff:127.0.0.1]:${port}/`],
      ["a private address", "http://10.0.0.1/"],
      ["the sandbox host itself, not through a rewrite", `${sandboxUrl}/__site/other.example/`],
      ["a name that resolves to an internal address", "https://intranet.corp.test/"],
    ];

    it.each([0, 1, 2, 3, 4, 5, 6])("target #%i", async (i) => {
      const [label, location] = targets(trap.port, wh.url)[i]!;
      const s = find(() => true);
      wh.control.addRedirect(s.domain, "/", location);
      const dns = stubResolver({ "intranet.corp.test": "10.20.30.40" });
      const connects: ConnectHookInfo[] = [];
      const decisions: GuardDecision[] = [];
      const socketsBefore = witness.created.length;
      const r = await crawlSite(`https://${s.domain}/`, {
        sandboxWebHostUrl: wh.url,
        lookup: dns.resolve,
        onConnect: (c) => connects.push(c),
        onDecision: (d) => decisions.push(d),
        maxPages: 1,
      });
      expect(r.status, label).toBe("failed");
      expect(r.errors[0]).toMatchObject({ reason: "refused", url: new URL(location).href });
      // The guard decided on the redirect target and refused it.
      expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
      // Exactly one socket: the one to the fake host that answered with the redirect.
      expect(connects).toEqual([{ host: "127.0.0.1", port: new URL(wh.url).port ? Number(new URL(wh.url).port) : 80, sandbox: true }]);
      expect(witness.created.length - socketsBefore).toBe(1);
      expect(trap.connections()).toBe(0);
      expect(dns.calls).toEqual(location.includes("intranet") ? ["intranet.corp.test"] : []);
    });
  });
});

describe("caps", () => {
  it("stops reading a page at the byte cap and keeps what it read", async () => {
    const s = find(() => true);
    wh.control.setLargePageBytes(5 * 1024 * 1024);
    const r = await crawl(`https://${s.domain}/large`, { maxBytesPerPage: 64 * 1024, maxPages: 1 });
    expect(r.pages[0]).toMatchObject({ truncated: true, title: `Large page | ${wh.control.site(s.domain).name}` });
    expect(r.bytes).toBe(64 * 1024);
    expect(r.pages[0]!.excerpt.length).toBeLessThanOrEqual(1501);
  });

  it("applies the byte cap to decompressed bytes (a gzip bomb does not get through)", async () => {
    const bomb = gzipSync(Buffer.from(`<html><body><p>${"a".repeat(20 * 1024 * 1024)}</p></body></html>`));
    const host = await tinyHost((_req, res) => {
      res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
      res.end(bomb);
    });
    try {
      const r = await crawlSite("https://bomb-site.example/", { sandboxWebHostUrl: host.url, lookup: noDns.resolve, maxBytesPerPage: 100_000, maxPages: 1 });
      expect(bomb.length).toBeLessThan(100_000);
      expect(r.bytes).toBe(100_000);
      expect(r.pages[0]!.truncated).toBe(true);
    } finally {
      await host.close();
    }
  });

  it("gives up on a slow page at the time cap and closes the connection", async () => {
    const s = find(() => true);
    const t0 = Date.now();
    const r = await crawl(`https://${s.domain}/slow`, { timeoutMs: 400, maxPages: 1 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe("failed");
    expect(r.errors[0]).toMatchObject({ reason: "timeout" });
    await vi.waitFor(() => expect(wh.control.slowInFlight()).toBe(0));
  });

  it("a slow candidate page costs only its own budget; the rest of the crawl is kept", async () => {
    const s = find((_x, m) => m.hunterHasEmails);
    wh.control.addRedirect(s.domain, "/about", "/slow");
    const r = await crawl(`https://${s.domain}/`, { pageTimeoutMs: 300 });
    expect(r.status).toBe("partial");
    expect(r.errors).toEqual([expect.objectContaining({ reason: "timeout", url: `https://${s.domain}/slow` })]);
    expect(r.contactPageUrl).toBe(`https://${s.domain}/contact`);
  });

  it("fetches at most maxPages pages", async () => {
    const s = find((_x, m) => m.hasSubmissionForm && !!m.openCall);
    const r = await crawl(`https://${s.domain}/`, { maxPages: 2 });
    expect(r.pages).toHaveLength(2);
    expect(wh.control.stats().requests).toBe(2);
  });

  it("refuses content that is not HTML or text", async () => {
    const host = await tinyHost((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.alloc(1000));
    });
    try {
      const r = await crawlSite("https://image-site.example/", { sandboxWebHostUrl: host.url, lookup: noDns.resolve });
      expect(r.errors[0]).toMatchObject({ reason: "unsupported_content_type" });
      expect(r.pages).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it("accepts only a loopback http sandbox host", async () => {
    await expect(crawlSite("https://x.example/", { sandboxWebHostUrl: "http://10.0.0.5:8080", lookup: noDns.resolve })).rejects.toBeInstanceOf(SandboxConfigError);
    await expect(crawlSite("https://x.example/", { sandboxWebHostUrl: "https://127.0.0.1:1", lookup: noDns.resolve })).rejects.toBeInstanceOf(SandboxConfigError);
  });
});
