import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import type { Agent as HttpAgent } from "node:http";
import { isIP, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from "request-filtering-agent";
import { forbiddenReason, isLoopbackLiteral } from "./address.ts";

/**
 * The SSRF guard. Three checks, each one enough on its own to stop a request to an internal
 * address:
 * 1. `checkUrl` (before any socket): scheme, port, credentials, and every address the host name
 *    resolves to. A refused URL is never connected to.
 * 2. At connect time the same resolver runs again inside the socket's own `lookup`, and every
 *    address is judged again before the socket may use it: a DNS answer that changes between the
 *    check and the connect (DNS rebinding) is refused there.
 * 3. The agents are request-filtering-agent's, which refuse IP-literal hosts and resolved
 *    addresses outside the global unicast range once more, independently of our own code.
 * Redirects are followed by the caller one hop at a time, and every hop goes through all three.
 */

/** Resolves a host name to every address it has (tests pass a stub; no real DNS in tests). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type RefusalReason =
  | "invalid_url"
  | "scheme_not_allowed"
  | "credentials_in_url"
  | "port_not_allowed"
  | "forbidden_host"
  | "forbidden_address"
  | "dns_failed";

export interface ConnectTarget {
  protocol: "http:" | "https:";
  /** Host name or IP literal (no brackets) the socket goes to. */
  host: string;
  port: number;
  /** Host header: the site's own name (in sandbox mode the fake host routes on it). */
  hostHeader: string;
  path: string;
  /** True when a fake *.example URL was rewritten to the sandbox web host. */
  sandbox: boolean;
}

export type GuardDecision =
  | { allowed: true; url: string; target: ConnectTarget; addresses: string[] }
  | { allowed: false; url: string; reason: RefusalReason; detail: string; addresses: string[] };

export interface GuardOptions {
  lookup?: Resolver;
  /**
   * Sandbox web host origin (loopback only, e.g. http://127.0.0.1:4010). When set, URLs on fake
   * `*.example` hosts are sent there with their own Host header. That origin is the only
   * non-public address ever allowed, and only for such rewritten requests.
   */
  sandboxWebHostUrl?: string;
  /** Ports a public URL may use (default 80 and 443). */
  allowedPorts?: number[];
}

export const FAKE_SITE_SUFFIX = ".example";
const DEFAULT_PORTS = [80, 443];

export class SandboxConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxConfigError";
  }
}

export interface SandboxOrigin {
  host: string;
  port: number;
}

/** Parses and validates the sandbox web host URL: http on a loopback address, nothing else. */
export function parseSandboxOrigin(url: string | undefined): SandboxOrigin | null {
  if (!url) return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SandboxConfigError(`sandbox web host URL ${JSON.stringify(url)} is not a URL`);
  }
  if (u.protocol !== "http:") throw new SandboxConfigError("sandbox web host must be an http:// URL");
  let host = u.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost") host = "127.0.0.1";
  if (!isLoopbackLiteral(host)) throw new SandboxConfigError(`sandbox web host must be on a loopback address, not ${u.hostname}`);
  return { host, port: Number(u.port || 80) };
}

export function isFakeSiteHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h.endsWith(FAKE_SITE_SUFFIX) && h.length > FAKE_SITE_SUFFIX.length;
}

function refuse(url: string, reason: RefusalReason, detail: string, addresses: string[] = []): GuardDecision {
  return { allowed: false, url, reason, detail, addresses };
}

/**
 * Decides whether a URL may be fetched, before anything is connected. Resolves the host (through
 * `opts.lookup`) and refuses when any of its addresses is not public.
 */
export async function checkUrl(rawUrl: string, opts: GuardOptions = {}): Promise<GuardDecision> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(rawUrl, "invalid_url", "not a URL");
  }
  const href = url.href;
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(href, "scheme_not_allowed", `${url.protocol} is not http or https`);
  if (url.username || url.password) return refuse(href, "credentials_in_url", "URLs with user:password@ are not fetched");
  const hostname = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  const path = `${url.pathname || "/"}${url.search}`;
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));

  const sandbox = parseSandboxOrigin(opts.sandboxWebHostUrl);
  if (sandbox && isFakeSiteHost(hostname)) {
    return {
      allowed: true,
      url: href,
      addresses: [sandbox.host],
      target: { protocol: "http:", host: sandbox.host, port: sandbox.port, hostHeader: hostname, path, sandbox: true },
    };
  }

  if (!(opts.allowedPorts ?? DEFAULT_PORTS).includes(port)) return refuse(href, "port_not_allowed", `port ${port} is not allowed`);
  const target: ConnectTarget = { protocol: url.protocol as "http:" | "https:", host: hostname, port, hostHeader: url.host, path, sandbox: false };

  if (isIP(hostname) !== 0) {
    const why = forbiddenReason(hostname);
    if (why) return refuse(href, "forbidden_address", `${hostname} is a ${why} address`, [hostname]);
    return { allowed: true, url: href, target, addresses: [hostname] };
  }
  if (hostname === "localhost" || hostname.endsWith(".localhost") || !hostname.includes(".")) {
    return refuse(href, "forbidden_host", `${hostname} is not a public host name`);
  }

  let answers: Array<{ address: string; family: number }>;
  try {
    answers = await (opts.lookup ?? systemResolver)(hostname);
  } catch (err) {
    return refuse(href, "dns_failed", `${hostname} did not resolve: ${(err as Error).message}`);
  }
  const addresses = answers.map((a) => a.address);
  if (addresses.length === 0) return refuse(href, "dns_failed", `${hostname} has no addresses`);
  for (const a of addresses) {
    const why = forbiddenReason(a);
    if (why) return refuse(href, "forbidden_address", `${hostname} resolves to ${a}, a ${why} address`, addresses);
  }
  return { allowed: true, url: href, target, addresses };
}

export class ForbiddenConnectionError extends Error {
  readonly code = "ERR_FORBIDDEN_ADDRESS";
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenConnectionError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets: resolves through the resolver and refuses the connection when any
 * answer is not public. This is what makes DNS rebinding harmless.
 */
export function guardedLookup(resolver: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolver(hostname).then(
      (answers) => {
        if (answers.length === 0) return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }));
        for (const a of answers) {
          const why = forbiddenReason(a.address);
          if (why) return callback(new ForbiddenConnectionError(`connect refused: ${hostname} resolves to ${a.address} (${why})`));
        }
        const family = options?.family === 4 || options?.family === 6 ? options.family : 0;
        const usable = family ? answers.filter((a) => a.family === family) : answers;
        if (usable.length === 0) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: "ENOTFOUND" }));
        if (options?.all) return callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
        callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err),
    );
  };
}

export interface ConnectHookInfo {
  host: string;
  port: number;
  sandbox: boolean;
}

type CreateConnection = (options: Record<string, unknown>, cb?: (err: Error | null, socket: Duplex) => void) => Duplex;

function failedSocket(err: Error, cb?: (err: Error | null, socket: Duplex) => void): Duplex {
  // As request-filtering-agent does: a socket that was never connected and fails at once.
  const socket = new Socket();
  if (cb) cb(err, socket);
  else process.nextTick(() => socket.destroy(err));
  return socket;
}

/**
 * The agents a crawl uses. Public requests get agents that allow only global unicast addresses;
 * sandbox requests get one that additionally allows exactly the sandbox web host's address and
 * port. `onConnect` sees every socket right before it is opened (tests use it as a spy).
 */
export function createGuardedAgents(opts: { sandbox: SandboxOrigin | null; onConnect?: (info: ConnectHookInfo) => void }) {
  const wrap = <A extends HttpAgent>(agent: A, sandbox: boolean): A => {
    const original = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
    (agent as unknown as { createConnection: CreateConnection }).createConnection = (options, cb) => {
      const host = String(options.host ?? "").replace(/^\[|\]$/g, "");
      const port = Number(options.port);
      if (sandbox) {
        if (!opts.sandbox || host !== opts.sandbox.host || port !== opts.sandbox.port) {
          return failedSocket(new ForbiddenConnectionError(`connect refused: ${host}:${port} is not the sandbox web host`), cb);
        }
      } else if (isIP(host) !== 0) {
        const why = forbiddenReason(host);
        if (why) return failedSocket(new ForbiddenConnectionError(`connect refused: ${host} is a ${why} address`), cb);
      } else if (typeof options.lookup !== "function") {
        return failedSocket(new ForbiddenConnectionError(`connect refused: no guarded lookup for ${host}`), cb);
      }
      opts.onConnect?.({ host, port, sandbox });
      return original(options, cb);
    };
    return agent;
  };
  const common = { keepAlive: false, maxSockets: 4 };
  const http = wrap(new RequestFilteringHttpAgent({ ...common }), false);
  const https = wrap(new RequestFilteringHttpsAgent({ ...common }), false);
  const sandbox = opts.sandbox ? wrap(new RequestFilteringHttpAgent({ ...common, allowIPAddressList: [opts.sandbox.host] }), true) : null;
  return {
    http,
    https,
    sandbox,
    destroy() {
      http.destroy();
      https.destroy();
      sandbox?.destroy();
    },
  };
}

export type GuardedAgents = ReturnType<typeof createGuardedAgents>;
