import { isIP } from "node:net";

/**
 * The client's address for per-client limits. With no trusted proxy (the default) it is the TCP
 * peer: X-Forwarded-For is ignored because any client can write it. Behind `trustedProxyHops`
 * proxies that each append the address they saw (Render, a load balancer), the client is the entry
 * that many places from the right; entries further left were written by the client and are ignored.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null, trustedProxyHops: number): string | null {
  if (trustedProxyHops <= 0 || !forwardedFor) return peer;
  const hops = forwardedFor.split(",").map((s) => s.trim());
  const entry = hops[hops.length - trustedProxyHops];
  return entry && isIP(entry) ? entry : peer;
}
