import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "@outreach/contracts";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { createProviders } from "../src/index.ts";
import type { LedgerRow } from "../src/ledger.ts";
import { testRedis } from "./helpers.ts";

/**
 * providers.gmailFor: one limiter bucket per mailbox (Gmail's per-user quota is per account).
 * The limit here is one send (100 units) per 2 s per mailbox: a second send from mailbox A waits
 * for its slot while mailbox B's first send goes at once.
 */

const r = testRedis("gmail-mailboxes");
let fake: FakeServer<GmailControl>;
beforeAll(async () => {
  fake = await startFakeGmail();
});
afterAll(async () => {
  await fake.close();
  await r.cleanup();
});

const raw = (from: string, subject: string) => `From: ${from}\r\nTo: ada@gallery.example\r\nSubject: ${subject}\r\n\r\nhello`;

describe("gmailFor", () => {
  it("two mailboxes have separate limiter buckets: exhausting one does not hold the other", async () => {
    const env = loadEnv({ NODE_ENV: "test", REDIS_PREFIX: r.prefix, GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl });
    const rows: LedgerRow[] = [];
    const p = createProviders({ env, redis: r.redis, retry: { maxAttempts: 1 }, limits: { gmail: { limits: [{ points: 100, durationSec: 2 }] } }, onRecord: (x) => rows.push(x) });
    try {
      const mailboxA = { id: "mbx-a", refreshToken: fake.control.issueRefreshToken("a@studio.example") };
      const mailboxB = { id: "mbx-b", refreshToken: fake.control.issueRefreshToken("b@studio.example") };
      const a = p.gmailFor(mailboxA);
      await a.sendRaw(raw("a@studio.example", "a1")); // A's bucket is now full for ~2 s

      const order: string[] = [];
      const a2 = p
        .withContext({ jobId: "job-2" })
        .gmailFor(mailboxA) // another client of the same mailbox shares its bucket
        .sendRaw(raw("a@studio.example", "a2"))
        .then(() => order.push("a2"));
      const b1 = p
        .gmailFor(mailboxB)
        .sendRaw(raw("b@studio.example", "b1"))
        .then(() => order.push("b1"));
      await Promise.all([a2, b1]);
      expect(order).toEqual(["b1", "a2"]);
      expect(fake.control.sent("a@studio.example").map((s) => s.subject)).toEqual(["a1", "a2"]);
      expect(fake.control.sent("b@studio.example").map((s) => s.subject)).toEqual(["b1"]);
      expect(rows.filter((x) => x.operation === "messages.send").map((x) => x.status)).toEqual(["ok", "ok", "ok"]);

      const keys = await r.redis.keys(`${r.prefix}:providers:rl:gmail:*`);
      expect(keys.sort()).toEqual([`${r.prefix}:providers:rl:gmail:mbx-a:0:k`, `${r.prefix}:providers:rl:gmail:mbx-b:0:k`]);
      // one token refresh per mailbox: the OAuth2 client (its cached access token) is shared across clients
      expect(fake.control.stats().byPath["/token"]).toBe(2);
    } finally {
      await p.close();
    }
  });
});
