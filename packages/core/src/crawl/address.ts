import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * Which IP addresses the crawler may connect to.
 *
 * Rule: only globally routable unicast addresses. Everything ipaddr.js puts in a special range is
 * refused: loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16), link-local (169.254/16,
 * fe80::/10, which holds the cloud metadata address 169.254.169.254), unique-local (fc00::/7, which
 * holds AWS's fd00:ec2::254), CGNAT (100.64/10, which holds Alibaba's 100.100.100.200),
 * "this network" 0/8, multicast, broadcast, documentation and benchmarking ranges, and every IPv6
 * form that carries an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96 NAT64, 2002::/16
 * 6to4, 2001::/32 Teredo). Anything that is not a plain IPv4 or IPv6 literal is refused too
 * (fail closed): callers resolve names first and ask about each address.
 */
export function isForbiddenAddress(ip: string): boolean {
  const reason = forbiddenReason(ip);
  return reason !== null;
}

/** null when the address may be connected to, else the range it falls in (for logs and errors). */
export function forbiddenReason(input: string): string | null {
  let ip = input.trim();
  if (ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  // A zone id (fe80::1%eth0) only appears on link-local addresses; drop it and judge the rest.
  const zone = ip.indexOf("%");
  if (zone >= 0) ip = ip.slice(0, zone);
  // net.isIP accepts only canonical dotted quads and IPv6 text; ipaddr.js alone would also take
  // "127.1" or "0x7f.0.0.1". Anything else is not an address we can vouch for.
  if (isIP(ip) === 0) return "not_an_ip_address";
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip);
  } catch {
    return "not_an_ip_address";
  }
  if (addr.kind() === "ipv6") {
    const v6 = addr as ipaddr.IPv6;
    const range = v6.range();
    if (range === "unicast") return null;
    // Name the embedded IPv4 target when there is one: "ipv4Mapped:loopback" reads better in a log.
    const embedded = embeddedIpv4(v6, range);
    return embedded ? `${range}:${embedded.range()}` : range;
  }
  const range = (addr as ipaddr.IPv4).range();
  return range === "unicast" ? null : range;
}

function embeddedIpv4(v6: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = v6.parts;
  const fromWords = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  switch (range) {
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return fromWords(p[6]!, p[7]!);
    case "6to4":
      return fromWords(p[1]!, p[2]!);
    case "unspecified":
    case "loopback":
      return null;
    default:
      // ::a.b.c.d (deprecated IPv4-compatible) falls in ipaddr's "reserved" ::/8 range.
      if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return fromWords(p[6]!, p[7]!);
      return null;
  }
}

/** Loopback literals the sandbox web host may listen on. */
export function isLoopbackLiteral(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "");
  if (isIP(h) === 0) return false;
  const addr = ipaddr.process(h);
  return addr.range() === "loopback";
}
