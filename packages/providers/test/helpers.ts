import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { expect } from "vitest";
import type { FakeServer, GmailControl } from "@outreach/fakes";
import { isProviderError, type ProviderError } from "../src/errors.ts";
import { createGmailClient } from "../src/gmail.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A Redis connection and a key prefix of this test's own; cleanup() deletes the keys. */
export function testRedis(label: string) {
  const prefix = `test:${label}:${randomBytes(4).toString("hex")}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  return {
    redis,
    prefix,
    async cleanup() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** Awaits a rejection and returns it as a ProviderError (fails the test otherwise). */
export async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (!isProviderError(err)) throw err;
    return err;
  }
  expect.fail("expected a ProviderError, the call succeeded");
}

/** A loopback HTTP server answering with `handler`; for shapes the fakes never produce. */
export async function inlineServer(
  handler: (req: http.IncomingMessage, body: string) => { status: number; body: unknown; headers?: Record<string, string> },
) {
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const r = handler(req, body);
      const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);
      res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, rateLimitDelayMs: 5 };

/** The Gmail client on the fake Gmail's default account: one attempt per call, 3 s timeout. */
export function fakeGmailClient(fake: FakeServer<GmailControl>, over: Partial<Parameters<typeof createGmailClient>[0]> = {}) {
  return createGmailClient({
    clientId: "fake-client-id",
    clientSecret: "fake-client-secret",
    refreshToken: "fake-refresh-token",
    rootUrl: fake.url,
    tokenUrl: fake.control.tokenUrl,
    retry: { ...fastRetry, maxAttempts: 1 },
    timeoutMs: 3000,
    ...over,
  });
}
