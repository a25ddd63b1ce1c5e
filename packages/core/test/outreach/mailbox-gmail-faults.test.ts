import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { gmailDailyResetAt } from "@outreach/providers";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withDelivery, type DeliveryDeps } from "../../src/outreach/deps.ts";
import { sendEmailLog } from "../../src/outreach/send.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { SENDS_ANY_TIME, seedEmailLog, seedMailbox, seedProspect, seedSendingCampaign, seedUser } from "@outreach/testkit/scenarios";

/**
 * What a send does with each answer Gmail gives for one mailbox (providers.md "Google OAuth"):
 * a 401 is refreshed and retried, a 403 is classified by its reason, and only a token or
 * permission problem pauses, and then only that mailbox's campaigns.
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;
const NOW = new Date("2026-12-02T10:00:00Z");

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("gmail_faults", { GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl, PUBLIC_URL: "http://127.0.0.1:4000" });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => fake.control.clearGmailErrors());

const run = <T>(fn: (d: DeliveryDeps) => Promise<T>) => withDelivery({ ...t.deps, now: () => NOW } as typeof t.deps, {}, fn);

let n = 0;
async function oneEmail() {
  const address = `artist${++n}@gmail.example`;
  const user = await seedUser(t.deps.db);
  const mailbox = await seedMailbox(t.deps.db, user.id, { address, refreshToken: fake.control.issueRefreshToken(address) });
  const campaign = await seedSendingCampaign(t.deps.db, user.id, { ...SENDS_ANY_TIME, mailboxId: mailbox.id });
  const prospect = await seedProspect(t.deps.db, campaign.id);
  const log = await seedEmailLog(t.deps.db, prospect.id);
  return { user, mailbox, campaign, log, address };
}
const sentBy = (address: string, id: string) => fake.control.sent(address).filter((s) => s.headers["x-outreach-send-id"] === id).length;
const db = () => t.deps.db;

describe("Gmail's answers to a send", () => {
  it("401 (the access token expired on Google's side) then success: refreshed once, sent once, no alert", async () => {
    const x = await oneEmail();
    await run((d) => d.gmailFor(x.mailbox.id).then((g) => g.getProfile())); // an access token is cached
    fake.control.expireAccessTokens(x.address);
    expect(await run((d) => sendEmailLog(d, x.log.id))).toMatchObject({ outcome: "sent" });
    expect(sentBy(x.address, x.log.id)).toBe(1);
    expect(await db().alert.count({ where: { userId: x.user.id } })).toBe(0);
    expect((await db().mailbox.findUniqueOrThrow({ where: { id: x.mailbox.id } })).status).toBe("connected");
  });

  it.each(["rateLimitExceeded", "userRateLimitExceeded"])("403 %s: waits what Retry-After says, nothing paused", async (reason) => {
    const x = await oneEmail();
    fake.control.injectGmailError({ reason, path: "/messages/send", account: x.address, retryAfter: 90 });
    const out = await run((d) => sendEmailLog(d, x.log.id));
    expect(out).toMatchObject({ outcome: "deferred", reason: "rate_limited", retryAt: new Date(NOW.getTime() + 90_000).toISOString() });
    expect((await db().emailLog.findUniqueOrThrow({ where: { id: x.log.id } })).status).toBe("approved");
    expect((await db().campaign.findUniqueOrThrow({ where: { id: x.campaign.id } })).sendingPausedReason).toBeNull();
    expect(sentBy(x.address, x.log.id)).toBe(0);
  });

  it.each(["dailyLimitExceeded", "quotaExceeded"])("403 %s: the mailbox waits for Gmail's daily reset, nothing paused", async (reason) => {
    const x = await oneEmail();
    fake.control.injectGmailError({ reason, path: "/messages/send", account: x.address });
    const out = await run((d) => sendEmailLog(d, x.log.id));
    const reset = gmailDailyResetAt(NOW);
    expect(out).toMatchObject({ outcome: "deferred", reason: "quota", retryAt: reset.toISOString() });
    expect((await db().mailbox.findUniqueOrThrow({ where: { id: x.mailbox.id } })).quotaResetAt).toEqual(reset);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: x.campaign.id } })).sendingPausedReason).toBeNull();
  });

  it("403 insufficientPermissions: the mailbox needs reconnecting, naming the missing permission; only its campaign pauses", async () => {
    const x = await oneEmail();
    const other = await oneEmail();
    fake.control.injectGmailError({ reason: "insufficientPermissions", path: "/messages/send", account: x.address });
    expect(await run((d) => sendEmailLog(d, x.log.id))).toMatchObject({ outcome: "auth_failed" });
    const mailbox = await db().mailbox.findUniqueOrThrow({ where: { id: x.mailbox.id } });
    expect(mailbox).toMatchObject({ status: "needs_reconnect", statusReason: expect.stringContaining("gmail.send") });
    expect(await db().alert.findMany({ where: { mailboxId: x.mailbox.id } })).toHaveLength(1);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: other.campaign.id } })).sendingPausedReason).toBeNull();
    expect(await run((d) => sendEmailLog(d, other.log.id))).toMatchObject({ outcome: "sent" });
  });

  it("any other 403 (domainPolicy): tried again later, never a pause", async () => {
    const x = await oneEmail();
    fake.control.injectGmailError({ reason: "domainPolicy", path: "/messages/send", account: x.address });
    const out = await run((d) => sendEmailLog(d, x.log.id));
    expect(out).toMatchObject({ outcome: "deferred", reason: "unreachable" });
    expect((await db().emailLog.findUniqueOrThrow({ where: { id: x.log.id } })).status).toBe("approved");
    expect((await db().mailbox.findUniqueOrThrow({ where: { id: x.mailbox.id } })).status).toBe("connected");
    expect((await db().campaign.findUniqueOrThrow({ where: { id: x.campaign.id } })).sendingPausedReason).toBeNull();
  });
});
