import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { ProviderErrorCode } from "../src/errors.ts";
import { createGmailClient, gmailDailyResetAt, mapGmailError } from "../src/gmail.ts";
import { createCallRunner, type LedgerRow } from "../src/ledger.ts";
import { decideRetry } from "../src/retry.ts";
import { fakeGmailClient, fastRetry, providerError } from "./helpers.ts";

const SEND = "https://www.googleapis.com/auth/gmail.send";
const READ = "https://www.googleapis.com/auth/gmail.readonly";

let fake: FakeServer<GmailControl>;
beforeAll(async () => {
  fake = await startFakeGmail();
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

function client(over: Partial<Parameters<typeof createGmailClient>[0]> = {}) {
  const rows: LedgerRow[] = [];
  const c = fakeGmailClient(fake, { run: createCallRunner({ provider: "gmail", onRecord: (r) => rows.push(r) }), ...over });
  return Object.assign(c, { rows });
}

const raw = (subject = "Ceramics") => `From: artist@sandbox-gmail.example\r\nTo: ada@gallery-nord.example\r\nSubject: ${subject}\r\n\r\nHello Ada`;
const sendPath = "/gmail/v1/users/me/messages/send";
const sends = () => fake.control.stats().byPath[sendPath] ?? 0;

describe("401: refresh the access token once and try once more", () => {
  it("a server-side expired access token: the send goes out exactly once, no error, both attempts in the ledger", async () => {
    const c = client();
    await c.sendRaw(raw("first"));
    fake.control.expireAccessTokens();
    const sent = await c.sendRaw(raw("second"));
    expect(sent.id).toBeTruthy();
    expect(fake.control.sent().map((s) => s.subject)).toEqual(["first", "second"]);
    expect(sends()).toBe(3); // first, the refused 401, the retry
    expect(c.rows.map((r) => [r.operation, r.status])).toEqual([
      ["messages.send", "ok"],
      ["messages.send", "auth"],
      ["messages.send", "ok"],
    ]);
    fake.control.expireAccessTokens();
    expect((await c.getProfile()).emailAddress).toBe("artist@sandbox-gmail.example");
  });

  it("a 401 that survives the refresh is kind auth, code unauthorized; nothing is sent and there is no third try", async () => {
    const c = client();
    fake.control.injectFaults({ status: 401, count: 5, path: "/messages/send" });
    const e = await providerError(c.sendRaw(raw()));
    expect([e.kind, e.code, e.status]).toEqual(["auth", ProviderErrorCode.UNAUTHORIZED, 401]);
    expect(sends()).toBe(2);
    expect(fake.control.sent()).toHaveLength(0);
  });

  it("invalid_grant at the refresh after a 401 is kind auth, code invalid_grant (reconnect)", async () => {
    const c = client();
    await c.getProfile();
    fake.control.revokeRefreshToken();
    const e = await providerError(c.sendRaw(raw()));
    expect([e.kind, e.code]).toEqual(["auth", "invalid_grant"]);
    expect(e.message).toMatch(/reconnect/);
    expect(fake.control.sent()).toHaveLength(0);
  });

  it("a token endpoint that does not answer: the refresh times out and the send says nothing was sent (not OUTCOME_UNKNOWN)", async () => {
    fake.control.injectFaults({ timeout: true, path: "/token" });
    const e = await providerError(client({ timeoutMs: 300 }).sendRaw(raw()));
    fake.control.clearFaults();
    expect([e.kind, e.code]).toEqual(["transient", ProviderErrorCode.UNREACHABLE]);
    expect(e.message).toMatch(/nothing was sent/);
    expect(sends()).toBe(0);
  });

  it("no refresh token: NOT_CONNECTED before any traffic", async () => {
    const e = await providerError(client({ refreshToken: "" }).sendRaw(raw()));
    expect([e.kind, e.code]).toEqual(["auth", ProviderErrorCode.NOT_CONNECTED]);
    expect(fake.control.stats().requests).toBe(0);
  });
});

describe("403 and 429 by reason", () => {
  it("rate limits: rate_limited with Retry-After (header seconds, HTTP-date, or the message), else 5 s; a send is not repeated", async () => {
    const c = client();
    fake.control.injectGmailError({ reason: "userRateLimitExceeded", retryAfter: 7, path: "/messages/send" });
    const a = await providerError(c.sendRaw(raw()));
    expect([a.kind, a.code, a.status, a.retryAfterMs]).toEqual(["rate_limited", "userRateLimitExceeded", 403, 7000]);
    expect(sends()).toBe(1);
    expect(fake.control.sent()).toHaveLength(0);
    // the worker's retry decision waits what Gmail asked (plus jitter)
    const d = decideRetry(a, 1, {}, () => 0);
    expect(d).toMatchObject({ action: "retry", delayMs: 7000 });

    fake.control.injectGmailError({ reason: "rateLimitExceeded" });
    const b = await providerError(c.getProfile());
    expect([b.kind, b.code, b.retryAfterMs]).toEqual(["rate_limited", "rateLimitExceeded", 5000]);

    const at = new Date(Date.now() + 90_000);
    fake.control.injectGmailError({ reason: "rateLimitExceeded", status: 429, retryAfterInMessage: at });
    const m = await providerError(c.sendRaw(raw()));
    expect([m.kind, m.status]).toEqual(["rate_limited", 429]);
    expect(m.retryAfterMs).toBeGreaterThan(85_000);
    expect(m.retryAfterMs).toBeLessThanOrEqual(90_000);

    fake.control.injectGmailError({ reason: "rateLimitExceeded", status: 429, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    const h = await providerError(c.getProfile());
    expect(h.retryAfterMs).toBeGreaterThan(55_000);
    expect(h.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("a read under a rate limit is retried by our policy and then succeeds", async () => {
    fake.control.injectGmailError({ reason: "userRateLimitExceeded", retryAfter: 1, count: 1 });
    const p = await client({ retry: fastRetry }).getProfile();
    expect(p.emailAddress).toBe("artist@sandbox-gmail.example");
  });

  it("daily limits: quota, retryAfterMs until midnight Pacific", async () => {
    const c = client();
    for (const reason of ["dailyLimitExceeded", "quotaExceeded"]) {
      fake.control.injectGmailError({ reason });
      const before = Date.now();
      const e = await providerError(c.sendRaw(raw()));
      const expected = gmailDailyResetAt(new Date(before)).getTime() - before;
      expect([e.kind, e.code]).toEqual(["quota", reason]);
      expect(Math.abs(e.retryAfterMs! - expected)).toBeLessThan(5_000);
      expect(e.retryAfterMs).toBeGreaterThan(0);
      expect(e.retryAfterMs).toBeLessThanOrEqual(25 * 3_600_000);
    }
    expect(fake.control.sent()).toHaveLength(0);
  });

  it("a missing scope: auth insufficient_permissions naming the scope the operation needs", async () => {
    const readOnly = client({ refreshToken: fake.control.issueRefreshToken("reader@example.org", [READ]) });
    const s = await providerError(readOnly.sendRaw(raw()));
    expect([s.kind, s.code, s.status]).toEqual(["auth", ProviderErrorCode.INSUFFICIENT_PERMISSIONS, 403]);
    expect(s.message).toContain(SEND);
    const sendOnly = client({ refreshToken: fake.control.issueRefreshToken("sender@example.org", [SEND]) });
    const r = await providerError(sendOnly.listSendAs());
    expect([r.kind, r.code]).toEqual(["auth", ProviderErrorCode.INSUFFICIENT_PERMISSIONS]);
    expect(r.message).toContain(READ);
    expect(fake.control.sent("reader@example.org")).toHaveLength(0);
  });

  it("any other 403 (domainPolicy, forbidden, unknown) is transient with the reason as code, never auth", async () => {
    const c = client();
    for (const reason of ["domainPolicy", "forbidden", "somethingNew"]) {
      fake.control.injectGmailError({ reason });
      const e = await providerError(c.getProfile());
      expect([e.kind, e.code, e.status]).toEqual(["transient", reason, 403]);
    }
  });

  it("reads the reason from error.details (ErrorInfo) or error.status when errors[] is absent; headers as a plain object", () => {
    const err = (status: number, error: unknown, headers: unknown = {}) => ({ response: { status, data: { error }, headers } });
    const details = mapGmailError(
      err(403, { code: 403, status: "PERMISSION_DENIED", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT" }] }),
      1000,
      { operation: "send" },
    );
    expect([details.kind, details.code]).toEqual(["auth", "insufficient_permissions"]);
    expect(details.message).toContain(SEND);
    const byStatus = mapGmailError(err(403, { code: 403, status: "RESOURCE_EXHAUSTED" }, { "Retry-After": "3" }));
    expect([byStatus.kind, byStatus.retryAfterMs]).toEqual(["rate_limited", 3000]);
    const other = mapGmailError(err(403, { code: 403, status: "PERMISSION_DENIED" }));
    expect([other.kind, other.code]).toEqual(["transient", "PERMISSION_DENIED"]);
    const tooMany = mapGmailError(err(429, { code: 429, message: "Too many concurrent requests for user." }));
    expect([tooMany.kind, tooMany.retryAfterMs]).toEqual(["rate_limited", 5000]);
    const server = mapGmailError(err(503, { code: 503, errors: [{ reason: "backendError" }] }));
    expect([server.kind, server.code]).toEqual(["transient", "backendError"]);
  });
});

describe("gmailDailyResetAt: the next midnight in America/Los_Angeles", () => {
  it.each([
    ["an ordinary winter day (PST, UTC-8)", "2024-01-15T12:00:00Z", "2024-01-16T08:00:00.000Z"],
    ["an ordinary summer day (PDT, UTC-7)", "2024-07-01T06:59:59Z", "2024-07-01T07:00:00.000Z"],
    ["the day before spring forward", "2024-03-09T12:00:00Z", "2024-03-10T08:00:00.000Z"],
    ["exactly midnight is not 'next': spring-forward day has 23 hours", "2024-03-10T08:00:00Z", "2024-03-11T07:00:00.000Z"],
    ["after the clocks went forward", "2024-03-10T12:00:00Z", "2024-03-11T07:00:00.000Z"],
    ["fall back day (25 hours), before 02:00", "2024-11-03T07:30:00Z", "2024-11-04T08:00:00.000Z"],
    ["fall back day, during the repeated hour", "2024-11-03T09:30:00Z", "2024-11-04T08:00:00.000Z"],
    ["New Year's Eve in Los Angeles", "2025-01-01T07:59:59Z", "2025-01-01T08:00:00.000Z"],
  ])("%s", (_label, now, expected) => {
    expect(gmailDailyResetAt(new Date(now)).toISOString()).toBe(expected);
  });

  it("is always in the future, at most 25 hours away, and 00:00 in Los Angeles", () => {
    const fmt = new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 5 * 3_600_000 + 17 * 60_000) {
      const r = gmailDailyResetAt(new Date(t)).getTime();
      expect(r).toBeGreaterThan(t);
      expect(r - t).toBeLessThanOrEqual(25 * 3_600_000);
      expect(fmt.format(new Date(r))).toBe("00:00:00");
    }
  });
});

describe("listSendAs", () => {
  it("the primary address first, then aliases with their verification", async () => {
    fake.control.addAccount({
      email: "artist@sandbox-gmail.example",
      displayName: "Ana Ferreira",
      aliases: [
        { email: "Studio@Ana-Ceramics.example", displayName: "Ana Ceramics Studio" },
        { email: "shop@ana-ceramics.example", verified: false },
      ],
    });
    expect(await client().listSendAs()).toEqual([
      { email: "artist@sandbox-gmail.example", displayName: "Ana Ferreira", isPrimary: true, verified: true },
      { email: "studio@ana-ceramics.example", displayName: "Ana Ceramics Studio", isPrimary: false, verified: true },
      { email: "shop@ana-ceramics.example", displayName: "Ana Ferreira", isPrimary: false, verified: false },
    ]);
  });
});
