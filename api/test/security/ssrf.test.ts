import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkUrl, createGuardedAgents, fetchPage, isForbiddenAddress, parseSandboxOrigin, type Resolver } from "@outreach/core/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * SSRF through the crawler guard, by its decision functions only: nothing here connects anywhere
 * but loopback. DNS is a stub; the one server is a loopback "site" that redirects to internal
 * addresses, and the connect spy proves no socket was ever opened to them.
 */

const INTERNAL_V4 = [
  ["loopback", "127.0.0.1"],
  ["loopback (other)", "127.255.255.254"],
  ["this network", "0.0.0.0"],
  ["private 10/8", "10.0.0.1"],
  ["private 172.16/12", "172.16.5.4"],
  ["private 172.31", "172.31.255.255"],
  ["private 192.168/16", "192.168.1.1"],
  ["link-local", "169.254.1.1"],
  ["metadata (AWS/GCP/Azure)", "169.254.169.254"],
  ["metadata (Alibaba, CGNAT)", "100.100.100.200"],
  ["CGNAT", "100.64.0.1"],
  ["multicast", "224.0.0.1"],
  ["broadcast", "255.255.255.255"],
  ["benchmarking", "198.18.0.1"],
  ["documentation", "192.0.2.1"],
] as const;

const INTERNAL_V6 = [
  ["loopback", "::1"],
  ["unspecified", "::"],
  ["link-local", "fe80::1"],
  ["link-local with zone", "fe80::1%eth0"],
  ["unique-local", "fc00::1"],
  ["metadata (AWS IPv6)", "fd00:ec2::254"],
  ["IPv4-mapped loopback", "::ffff:127.0.0.1"],
  ["IPv4-mapped metadata", "::ffff:169.254.169.254"],
  ["IPv4-mapped private (hex form)", "::ffff:a00:1"],
  ["IPv4-compatible loopback", "::127.0.0.1"],
  ["NAT64 of metadata", "64:ff9b::a9fe:a9fe"],
  ["6to4 of private", "2002:c0a8:0101::1"],
  ["Teredo", "2001:0000:4136:e378:8000:63bf:3fff:fdd2"],
  ["multicast", "ff02::1"],
] as const;

describe("address decisions", () => {
  it.each(INTERNAL_V4)("[ssrf] IPv4 %s address %s is forbidden", (_label, ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });

  it.each(INTERNAL_V6)("[ssrf] IPv6 %s address %s is forbidden", (_label, ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
    expect(isForbiddenAddress(`[${ip}]`)).toBe(true);
  });

  it("[ssrf] public addresses stay allowed (control)", () => {
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"]) expect(isForbiddenAddress(ip)).toBe(false);
  });
});

const noDns: Resolver = async (host) => {
  throw new Error(`no DNS in tests (asked for ${host})`);
};

describe("URL decisions", () => {
  it.each([
    ["http://127.0.0.1/"],
    ["http://[::1]/"],
    ["http://169.254.169.254/latest/meta-data/"],
    ["http://[fd00:ec2::254]/"],
    ["http://[::ffff:169.254.169.254]/"],
    ["http://[::ffff:7f00:1]/"],
    ["http://10.1.2.3/"],
    ["http://192.168.0.1/"],
    ["http://0.0.0.0/"],
    ["http://100.100.100.200/"],
  ])("[ssrf] an IP-literal URL %s is refused", async (url) => {
    const d = await checkUrl(url, { lookup: noDns });
    expect(d.allowed).toBe(false);
  });

  // The WHATWG URL parser turns these into dotted quads before the guard sees them: each must land
  // on the forbidden address, never on a different public one.
  it.each([
    ["decimal", "http://2130706433/"],
    ["decimal metadata", "http://2852039166/"],
    ["octal", "http://0177.0.0.1/"],
    ["octal metadata", "http://0251.0376.0251.0376/"],
    ["hex", "http://0x7f.0x0.0x0.0x1/"],
    ["hex whole", "http://0x7f000001/"],
    ["hex metadata", "http://0xa9fea9fe/"],
    ["short form", "http://127.1/"],
    ["short form private", "http://10.1/"],
    ["mixed", "http://0x7f.1/"],
    ["trailing dot", "http://127.0.0.1./"],
  ])("[ssrf] %s IP form %s is refused", async (_label, url) => {
    const d = await checkUrl(url, { lookup: noDns });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toBe("forbidden_address");
  });

  it.each([
    ["localhost", "http://localhost/"],
    ["localhost subdomain", "http://admin.localhost/"],
    ["single label", "http://intranet/"],
    ["file scheme", "file:///etc/passwd"],
    ["gopher scheme", "gopher://127.0.0.1:6379/_FLUSHALL"],
    ["ftp scheme", "ftp://example.com/"],
    ["credentials", "http://user:pass@example.com/"],
    ["Redis port on a public host", "http://example.com:6379/"],
    ["PostgreSQL port", "http://example.com:5432/"],
  ])("[ssrf] %s (%s) is refused", async (_label, url) => {
    const d = await checkUrl(url, { lookup: async () => [{ address: "93.184.216.34", family: 4 }] });
    expect(d.allowed).toBe(false);
  });

  it.each([
    ["loopback", [{ address: "127.0.0.1", family: 4 }]],
    ["metadata", [{ address: "169.254.169.254", family: 4 }]],
    ["private", [{ address: "10.0.0.7", family: 4 }]],
    ["IPv6 loopback", [{ address: "::1", family: 6 }]],
    ["IPv6 metadata", [{ address: "fd00:ec2::254", family: 6 }]],
    ["IPv4-mapped IPv6", [{ address: "::ffff:10.0.0.1", family: 6 }]],
    ["one public and one private answer", [{ address: "93.184.216.34", family: 4 }, { address: "192.168.1.10", family: 4 }]],
  ])("[ssrf] a DNS name resolving to %s is refused", async (_label, answers) => {
    const d = await checkUrl("http://innocent-looking.example.org/", { lookup: async () => answers });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toBe("forbidden_address");
  });

  it("[ssrf] a name that resolves publicly is allowed (control)", async () => {
    const d = await checkUrl("https://gallery.example.org/open-call", { lookup: async () => [{ address: "93.184.216.34", family: 4 }] });
    expect(d.allowed).toBe(true);
  });

  it("[ssrf] the sandbox web host may only be a loopback http origin", () => {
    expect(() => parseSandboxOrigin("http://169.254.169.254:80")).toThrow();
    expect(() => parseSandboxOrigin("http://10.0.0.1:4010")).toThrow();
    expect(() => parseSandboxOrigin("https://127.0.0.1:4010")).toThrow();
    expect(parseSandboxOrigin("http://127.0.0.1:4010")).toEqual({ host: "127.0.0.1", port: 4010 });
  });
});

describe("redirects and rebinding (one loopback server, connect spy)", () => {
  let server: Server;
  let origin: string;
  const targets: Record<string, string> = {
    "/to-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "/to-loopback": "http://127.0.0.1:6379/",
    "/to-v6-metadata": "http://[fd00:ec2::254]/",
    "/to-mapped": "http://[::ffff:10.0.0.1]/",
    "/to-decimal": "http://2130706433/",
    "/to-internal-name": "http://rebind.example.org/",
    "/to-file": "file:///etc/passwd",
  };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const to = targets[req.url ?? ""];
      if (to) res.writeHead(302, { location: to }).end();
      else res.writeHead(200, { "content-type": "text/html" }).end("<title>ok</title>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchVia = async (path: string, lookup: Resolver) => {
    const connects: string[] = [];
    const sandbox = parseSandboxOrigin(origin);
    const agents = createGuardedAgents({ sandbox, onConnect: (c) => connects.push(`${c.host}:${c.port}`) });
    try {
      const result = await fetchPage(`http://redirector.example${path}`, {
        agents,
        sandboxWebHostUrl: origin,
        lookup,
        maxBytes: 100_000,
        maxRedirects: 5,
        signal: AbortSignal.timeout(10_000),
        userAgent: "security-test",
      });
      return { result, connects };
    } finally {
      agents.destroy();
    }
  };

  it.each(Object.keys(targets))("[ssrf] a redirect %s is refused and never connected to", async (path) => {
    const { result, connects } = await fetchVia(path, async () => [{ address: "10.0.0.5", family: 4 }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/refused|bad_redirect/);
    const port = new URL(origin).port;
    expect(connects.every((c) => c === `127.0.0.1:${port}`)).toBe(true);
    expect(connects).toHaveLength(1);
  });

  it("[ssrf] the loopback sandbox site itself is reachable (control)", async () => {
    const { result } = await fetchVia("/", noDns);
    expect(result.ok).toBe(true);
  });
});
