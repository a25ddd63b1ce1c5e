import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { forbiddenReason, isForbiddenAddress } from "../../src/crawl/address.ts";
import { crawlSite } from "../../src/crawl/crawl.ts";
import { checkUrl, guardedLookup, type ConnectHookInfo, type GuardDecision } from "../../src/crawl/guard.ts";
import { socketWitness, stubResolver, trapListener } from "./net-helpers.ts";

// NETWORK RULE: nothing here connects anywhere but loopback. Internal and public addresses are
// only ever answers from a stubbed resolver or URL literals that the guard must refuse; a
// socket witness destroys any socket about to connect off loopback and records it.

describe("isForbiddenAddress", () => {
  const forbidden = [
    "127.0.0.1", "127.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1",
    "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.100.100.200", "0.0.0.0", "0.1.2.3", "224.0.0.1",
    "239.255.255.250", "255.255.255.255", "192.0.2.10", "198.18.0.1",
    "::1", "[::1]", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1", "fd00:ec2::254", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:7f00:1", "[::ffff:127.0.0.1]", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
    "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:db8::1",
    "localhost", "127.1", "0x7f000001", "2130706433", "", "not an ip",
  ];
  const allowed = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"];

  it.each(forbidden)("refuses %j", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(true);
  });
  it.each(allowed)("allows the public address %s", (ip) => {
    expect(isForbiddenAddress(ip)).toBe(false);
  });
  it("names the range, including the IPv4 hidden in a mapped IPv6 address", () => {
    expect(forbiddenReason("::ffff:127.0.0.1")).toBe("ipv4Mapped:loopback");
    expect(forbiddenReason("169.254.169.254")).toBe("linkLocal");
    expect(forbiddenReason("fd00:ec2::254")).toBe("uniqueLocal");
  });
});

describe("the guard refuses before any connection", () => {
  const dns = stubResolver({
    "internal.test": "10.0.0.1",
    "metadata.test": "169.254.169.254",
    "v6loop.test": "::1",
    "mapped.test": "::ffff:127.0.0.1",
    "loop.test": "127.0.0.1",
    "mixed.test": ["93.184.216.34", "10.1.2.3"],
    "public.test": "93.184.216.34",
  });
  let witness: ReturnType<typeof socketWitness>;
  beforeAll(() => {
    witness = socketWitness();
  });
  afterAll(() => witness.stop());

  const cases: Array<[string, string]> = [
    ["http://127.0.0.1/", "forbidden_address"],
    ["http://10.0.0.1/", "forbidden_address"],
    ["http://169.254.169.254/latest/meta-data/iam/security-credentials/", "forbidden_address"],
    ["http://[::1]/", "forbidden_address"],
    ["http://[::ffff:127.0.0.1]/", "forbidden_address"],
    ["http://[fd00:ec2::254]/latest/meta-data/", "forbidden_address"],
    ["http://2130706433/", "forbidden_address"],
    ["http://0x7f.1/", "forbidden_address"],
    ["https://internal.test/", "forbidden_address"],
    ["https://metadata.test/latest/meta-data/", "forbidden_address"],
    ["https://v6loop.test/", "forbidden_address"],
    ["https://mapped.test/", "forbidden_address"],
    ["https://loop.test/", "forbidden_address"],
    ["https://mixed.test/", "forbidden_address"],
    ["http://localhost/", "forbidden_host"],
    ["http://printer/", "forbidden_host"],
    ["https://public.test:8080/", "port_not_allowed"],
    ["https://user:secret@public.test/", "credentials_in_url"],
    ["ftp://public.test/file", "scheme_not_allowed"],
    ["file:///etc/passwd", "scheme_not_allowed"],
    ["gopher://public.test:70/", "scheme_not_allowed"],
    ["https://no-such-name.test/", "dns_failed"],
  ];

  it.each(cases)("%s -> %s", async (url, reason) => {
    const decision = await checkUrl(url, { lookup: dns.resolve });
    expect(decision.allowed).toBe(false);
    expect((decision as Extract<GuardDecision, { allowed: false }>).reason).toBe(reason);

    const connects: ConnectHookInfo[] = [];
    const socketsBefore = witness.created.length;
    const result = await crawlSite(url, { lookup: dns.resolve, onConnect: (i) => connects.push(i) });
    expect(result.status).toBe("failed");
    expect(result.pages).toEqual([]);
    expect(result.errors[0]!.reason).toBe("refused");
    expect(connects).toEqual([]);
    expect(witness.created.length).toBe(socketsBefore);
    expect(witness.violations).toEqual([]);
  });

  it("resolves a name once per check and reports every address it saw", async () => {
    dns.calls.length = 0;
    const d = await checkUrl("https://mixed.test/page", { lookup: dns.resolve });
    expect(dns.calls).toEqual(["mixed.test"]);
    expect(d).toMatchObject({ allowed: false, reason: "forbidden_address", addresses: ["93.184.216.34", "10.1.2.3"] });
    expect((d as { detail: string }).detail).toContain("10.1.2.3");
  });

  it("allows a public name without connecting to it (decision only)", async () => {
    const d = await checkUrl("https://public.test/about", { lookup: dns.resolve });
    expect(d).toMatchObject({ allowed: true, addresses: ["93.184.216.34"], target: { host: "public.test", port: 443, sandbox: false } });
  });
});

describe("connect-time check (DNS rebinding)", () => {
  let trap: Awaited<ReturnType<typeof trapListener>>;
  let witness: ReturnType<typeof socketWitness>;
  beforeAll(async () => {
    trap = await trapListener();
    witness = socketWitness();
  });
  afterAll(async () => {
    witness.stop();
    await trap.close();
  });
  afterEach(() => {
    expect(witness.violations).toEqual([]);
  });

  it("the socket's own lookup refuses an answer that changed to loopback after the check", async () => {
    // First answer (the pre-check) is public; every later answer is 127.0.0.1, where a listener
    // counts connections. The trap's port is allowed so that a missed check would land there.
    const dns = stubResolver({ "rebind.test": (n) => (n === 1 ? "93.184.216.34" : "127.0.0.1") });
    const connects: ConnectHookInfo[] = [];
    const result = await crawlSite(`http://rebind.test:${trap.port}/`, { lookup: dns.resolve, allowedPorts: [trap.port], onConnect: (i) => connects.push(i) });
    expect(dns.calls).toEqual(["rebind.test", "rebind.test"]);
    expect(result.status).toBe("failed");
    expect(result.errors[0]).toMatchObject({ reason: "refused" });
    expect(result.errors[0]!.detail).toMatch(/127\.0\.0\.1/);
    // The socket was handed to the guarded lookup, which refused it: nothing reached the trap.
    expect(connects).toEqual([{ host: "rebind.test", port: trap.port, sandbox: false }]);
    expect(trap.connections()).toBe(0);
  });

  it("guardedLookup refuses when any address is forbidden, in both lookup forms", async () => {
    const dns = stubResolver({ "x.test": ["93.184.216.34", "::ffff:10.0.0.1"] });
    const lookup = guardedLookup(dns.resolve);
    for (const all of [true, false]) {
      const err = await new Promise<Error | null>((resolve) => lookup("x.test", { all }, (e) => resolve(e)));
      expect(err?.name).toBe("ForbiddenConnectionError");
    }
  });
});
