import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A running fake: its base URL, an in-process control object and a way to stop it. */
export interface FakeServer<C> {
  url: string;
  control: C;
  close(): Promise<void>;
}

export interface FaultSpec {
  /** HTTP status the fake answers with (in the provider's own error format). */
  status?: number;
  /** Probability 0..1 that a request fails (seeded, deterministic). */
  rate?: number;
  /** Fail only the next N requests. */
  count?: number;
  /** Never answer: hold the connection open until the client gives up. */
  timeout?: boolean;
  /** Only requests whose path contains this (e.g. "/messages/send"); the others are answered normally. */
  path?: string;
}

export interface FakeStats {
  requests: number;
  byPath: Record<string, number>;
  rateLimited: number;
  faultsInjected: number;
}

/** The control every fake offers, in process and over HTTP under /__control/. */
export interface BaseControl {
  /** Base URL of the HTTP control API, e.g. http://127.0.0.1:PORT/__control */
  readonly controlUrl: string;
  setLatency(ms: number): void;
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  rateLimit(opts: { perSecond: number } | null): void;
  stats(): FakeStats;
  reset(): void;
}

export interface RequestContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  method: string;
  body: Buffer;
  json<T = unknown>(): T | undefined;
}

export interface FakeCoreOptions {
  name: string;
  port?: number;
  /** Path prefix of the public URL (e.g. "/v2" for Hunter). */
  basePath?: string;
  seed?: string;
  handle(ctx: RequestContext): Promise<void> | void;
  /** Answer exactly as the provider does when over its rate limit. */
  rateLimited(ctx: RequestContext): void;
  /** Answer in the provider's error format for an injected fault. */
  fault(ctx: RequestContext, status: number): void;
  /** Provider-specific control actions reachable at POST /__control/<action>. */
  actions?: Record<string, (body: Record<string, unknown>) => unknown>;
  /** Called by reset() after the common state is cleared. */
  onReset?(): void;
}

export function hashString(input: string): number {
  // FNV-1a 32-bit, then a murmur-style finaliser for better spread.
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Deterministic pseudo-random numbers in [0, 1) from a string seed (mulberry32). */
export function seededRandom(seed: string): () => number {
  let a = hashString(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: http.ServerResponse, status: number, body: string, contentType = "text/html; charset=utf-8", headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface FakeCore {
  server: http.Server;
  url: string;
  origin: string;
  control: BaseControl;
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 with the shared behaviour of every fake:
 * stats, latency, injected faults, a rate limit and the /__control/ HTTP API.
 * The fakes only ever listen; none of them opens an outbound connection.
 */
export async function startFakeCore(opts: FakeCoreOptions): Promise<FakeCore> {
  let latency = 0;
  let faults: FaultSpec | null = null;
  let perSecond: number | null = null;
  let window: number[] = [];
  let random = seededRandom(`${opts.seed ?? "fake"}:${opts.name}:faults`);
  let stats: FakeStats = { requests: 0, byPath: {}, rateLimited: 0, faultsInjected: 0 };
  const sockets = new Set<Socket>();
  const hanging = new Set<http.ServerResponse>();
  let origin = "";

  const control: BaseControl = {
    get controlUrl() {
      return `${origin}/__control`;
    },
    setLatency(ms) {
      latency = Math.max(0, Number(ms) || 0);
    },
    injectFaults(spec) {
      faults = { ...spec };
    },
    clearFaults() {
      faults = null;
    },
    rateLimit(o) {
      perSecond = o && Number(o.perSecond) > 0 ? Number(o.perSecond) : null;
      window = [];
    },
    stats() {
      return { ...stats, byPath: { ...stats.byPath } };
    },
    reset() {
      latency = 0;
      faults = null;
      perSecond = null;
      window = [];
      random = seededRandom(`${opts.seed ?? "fake"}:${opts.name}:faults`);
      stats = { requests: 0, byPath: {}, rateLimited: 0, faultsInjected: 0 };
      opts.onReset?.();
    },
  };

  const commonActions: Record<string, (body: Record<string, unknown>) => unknown> = {
    latency: (b) => control.setLatency(Number(b.ms ?? 0)),
    faults: (b) => (b && Object.keys(b).length ? control.injectFaults(b as FaultSpec) : control.clearFaults()),
    "clear-faults": () => control.clearFaults(),
    "rate-limit": (b) => control.rateLimit(b.perSecond == null ? null : { perSecond: Number(b.perSecond) }),
    reset: () => control.reset(),
    stats: () => control.stats(),
  };

  async function handleControl(ctx: RequestContext, action: string): Promise<void> {
    if (ctx.method === "GET" && (action === "stats" || action === "")) {
      sendJson(ctx.res, 200, control.stats());
      return;
    }
    const fn = commonActions[action] ?? opts.actions?.[action];
    if (!fn) {
      sendJson(ctx.res, 404, { error: `unknown control action '${action}'`, actions: [...Object.keys(commonActions), ...Object.keys(opts.actions ?? {})] });
      return;
    }
    try {
      const result = await fn(ctx.json<Record<string, unknown>>() ?? {});
      sendJson(ctx.res, 200, { ok: true, result: result ?? null });
    } catch (err) {
      sendJson(ctx.res, 400, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  function shouldFault(pathname: string): FaultSpec | null {
    if (!faults) return null;
    if (faults.path && !pathname.includes(faults.path)) return null;
    if (faults.count != null) {
      if (faults.count <= 0) {
        faults = null;
        return null;
      }
      const spec = { ...faults };
      faults.count -= 1;
      if (faults.count <= 0) faults = null;
      return spec;
    }
    if (faults.rate != null) return random() < faults.rate ? faults : null;
    return faults;
  }

  function overLimit(): boolean {
    if (perSecond == null) return false;
    const now = Date.now();
    window = window.filter((t) => now - t < 1000);
    if (window.length >= perSecond) return true;
    window.push(now);
    return false;
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", origin || "http://127.0.0.1");
      const body = await readBody(req);
      let parsed: unknown;
      let parsedDone = false;
      const ctx: RequestContext = {
        req,
        res,
        url,
        method: (req.method ?? "GET").toUpperCase(),
        body,
        json<T>() {
          if (!parsedDone) {
            parsedDone = true;
            try {
              parsed = body.length ? JSON.parse(body.toString("utf8")) : undefined;
            } catch {
              parsed = undefined;
            }
          }
          return parsed as T | undefined;
        },
      };
      if (url.pathname.startsWith("/__control")) {
        await handleControl(ctx, url.pathname.replace(/^\/__control\/?/, ""));
        return;
      }
      stats.requests += 1;
      stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
      if (latency > 0) await sleep(latency);
      if (overLimit()) {
        stats.rateLimited += 1;
        opts.rateLimited(ctx);
        return;
      }
      const fault = shouldFault(url.pathname);
      if (fault) {
        stats.faultsInjected += 1;
        if (fault.timeout) {
          hanging.add(res);
          res.on("close", () => hanging.delete(res));
          return; // never answer
        }
        opts.fault(ctx, fault.status ?? 500);
        return;
      }
      await opts.handle(ctx);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: err instanceof Error ? err.message : String(err) } });
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    server,
    origin,
    url: `${origin}${opts.basePath ?? ""}`,
    control,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
