import { closeRedis, createRedis } from "@outreach/contracts";
import { createProviders, type Providers } from "@outreach/providers";
import type { Redis } from "ioredis";
import { DateTime } from "luxon";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDelivery } from "../../src/outreach/deps.ts";
import { dispatchCampaign } from "../../src/outreach/dispatch.ts";
import { previewSendQueue } from "../../src/outreach/plan.ts";
import { enqueueDeferredSend, sendEmailLog } from "../../src/outreach/send.ts";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedSendable } from "@outreach/testkit/scenarios";

/**
 * The dispatcher against a real database, Redis and the fake Gmail, with a fixed clock that jumps
 * to each instant the dispatcher arms itself for: what goes out, when, and that the Send queue
 * preview made beforehand said exactly that.
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;
let redis: Redis;
let providers: Providers;
let clock = new Date();
const deps = () => ({ ...t.deps, providers, now: () => clock });

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("dispatch", {
    GMAIL_API_URL: fake.url,
    GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
    JWT_SECRET_KEY: "dispatch-test-secret-0123456789abcdef-0123456789",
    PUBLIC_URL: "http://127.0.0.1:4000",
  });
  // The real client against the fake, without Gmail's 15,000 units a minute (2.4 sends a second):
  // these days of sends happen in a few seconds of real time.
  redis = createRedis("cache", t.deps.env.REDIS_URL);
  providers = createProviders({ env: t.deps.env, db: t.deps.db, redis, limits: { gmail: { limits: [{ points: 1_000_000, durationSec: 1 }] } } });
}, 60_000);
afterAll(async () => {
  await providers?.close();
  if (redis) await closeRedis(redis);
  await t?.close();
  await fake?.close();
});

const send = (emailLogId: string, opts: { manual?: boolean } = {}) => withDelivery(deps(), {}, (d) => sendEmailLog(d, emailLogId, opts));
/** What the worker's lifecycle does when a send job ends. */
const finishJob = (id: string) => t.deps.db.job.update({ where: { id }, data: { status: "completed", finishedAt: clock } });

/** Runs the dispatcher like the worker would, jumping the clock to each armed instant, until `until` or nothing is left. */
async function dispatchUntil(campaignId: string, until: Date) {
  const sends: { emailLogId: string; at: Date }[] = [];
  for (let step = 0; step < 1000; step++) {
    const r = await dispatchCampaign(deps(), campaignId);
    if (r.action === "queued") {
      expect(r.plannedAt).toEqual(clock);
      expect(await send(r.emailLogId)).toMatchObject({ outcome: "sent" });
      await finishJob(r.jobRowId);
      sends.push({ emailLogId: r.emailLogId, at: clock });
    } else if (r.action === "waiting") {
      if (r.at > until) break;
      expect(r.at.getTime()).toBeGreaterThan(clock.getTime());
      clock = r.at;
    } else if (r.action === "idle") {
      break;
    } else {
      throw new Error(`unexpected ${JSON.stringify(r)}`);
    }
  }
  return sends;
}

const sendJobs = (campaignId: string) => t.deps.db.job.findMany({ where: { campaignId, jobType: "send" } });
const berlin = (d: Date) => DateTime.fromJSDate(d, { zone: "Europe/Berlin" });

describe("the dispatcher, on a fixed clock", () => {
  it("50 approved, cap 20, 09:00-17:00 Europe/Berlin, gap 60-180 s: 20 a day inside the window, every gap in bounds, exactly as previewed", async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 50, {
      timeZone: "Europe/Berlin",
      sendWindowStart: 9,
      sendWindowEnd: 17,
      dailyCap: 20,
      minGapSeconds: 60,
      maxGapSeconds: 180,
    });
    // Scores from 1 to 99, not in creation order: the highest goes first.
    for (const [i, l] of logs.entries()) await t.deps.db.prospect.update({ where: { id: l.prospectId }, data: { score: ((i * 37) % 99) + 1 } });
    clock = new Date("2026-06-15T06:30:00Z"); // Monday, 08:30 in Berlin: the window is not open yet

    const preview = await previewSendQueue(t.deps.db, user.id, campaign.id, clock);
    expect(preview.queue).toHaveLength(50);
    expect(preview.nextSendAt).toEqual(new Date("2026-06-15T07:00:00Z"));
    expect(preview.queue[0]!.waitingFor).toBe("outside_window");
    const scores = preview.queue.map((q) => q.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const sends = await dispatchUntil(campaign.id, new Date("2026-06-30T00:00:00Z"));
    expect(sends).toHaveLength(50);
    // The preview said exactly this: the same emails, in the same order, at the same instants.
    expect(sends.map((s) => [s.emailLogId, s.at.toISOString()])).toEqual(preview.queue.map((q) => [q.emailLogId, q.estimatedAt.toISOString()]));

    const byDay = new Map<string, Date[]>();
    for (const s of sends) byDay.set(berlin(s.at).toISODate()!, [...(byDay.get(berlin(s.at).toISODate()!) ?? []), s.at]);
    expect([...byDay].map(([day, at]) => [day, at.length])).toEqual([
      ["2026-06-15", 20],
      ["2026-06-16", 20],
      ["2026-06-17", 10],
    ]);
    for (const [, times] of byDay) {
      expect(berlin(times[0]!).toFormat("HH:mm:ss")).toBe("09:00:00");
      for (const at of times) expect(berlin(at).hour).toBeGreaterThanOrEqual(9);
      for (const at of times) expect(berlin(at).hour).toBeLessThan(17);
      for (let i = 1; i < times.length; i++) {
        const gap = (times[i]!.getTime() - times[i - 1]!.getTime()) / 1000;
        expect(gap).toBeGreaterThanOrEqual(60);
        expect(gap).toBeLessThanOrEqual(180);
      }
    }
    // Gmail got each email once; one send job per email sent, nothing deferred.
    const ids = new Set(logs.map((l) => l.id));
    const atGmail = fake.control.sent().filter((s) => ids.has(s.headers["x-outreach-send-id"] ?? ""));
    expect(atGmail).toHaveLength(50);
    expect(new Set(atGmail.map((s) => s.headers["x-outreach-send-id"])).size).toBe(50);
    expect((await sendJobs(campaign.id)).length).toBeLessThanOrEqual(50 + byDay.size);
  });

  it("the DST change day (last Sunday of October, Europe/Berlin) keeps the window in local time", async () => {
    const { campaign } = await seedSendable(t.deps.db, 6, {
      timeZone: "Europe/Berlin",
      sendWindowStart: 9,
      sendWindowEnd: 17,
      dailyCap: 2,
      minGapSeconds: 600,
      maxGapSeconds: 600,
    });
    clock = new Date("2026-10-24T05:00:00Z"); // Saturday 07:00 CEST; clocks go back on Sunday 25 October
    const sends = await dispatchUntil(campaign.id, new Date("2026-11-01T00:00:00Z"));
    expect(sends.map((s) => s.at.toISOString())).toEqual([
      "2026-10-24T07:00:00.000Z", // 09:00 CEST (UTC+2)
      "2026-10-24T07:10:00.000Z",
      "2026-10-25T08:00:00.000Z", // 09:00 CET (UTC+1), the day the clocks went back
      "2026-10-25T08:10:00.000Z",
      "2026-10-26T08:00:00.000Z",
      "2026-10-26T08:10:00.000Z",
    ]);
    for (const s of sends) expect(berlin(s.at).hour).toBe(9);
  });

  it("an email that is not due waits in the plan: no send job until its time, and none for a closed window", async () => {
    const { campaign } = await seedSendable(t.deps.db, 3, { timeZone: "Asia/Tokyo", sendWindowStart: 10, sendWindowEnd: 12 });
    clock = new Date("2026-06-15T00:00:00Z"); // 09:00 in Tokyo
    for (let i = 0; i < 5; i++) expect(await dispatchCampaign(deps(), campaign.id)).toMatchObject({ action: "waiting", at: new Date("2026-06-15T01:00:00Z") });
    expect(await sendJobs(campaign.id)).toHaveLength(0);
    // The armed wake-up is one delayed job, for 10:00 Tokyo time.
    const delayed = (await t.deps.queues.dispatch.getDelayed()).filter((j) => j.data.campaignId === campaign.id);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.delay).toBe(3_600_000);
  });

  it("pausing stops the next send at once, even one already queued; resuming continues where it stopped", async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 6, { minGapSeconds: 60, maxGapSeconds: 60 });
    clock = new Date("2026-06-15T10:00:00Z");
    const before = await dispatchUntil(campaign.id, new Date("2026-06-15T10:01:30Z"));
    expect(before).toHaveLength(2);
    clock = new Date("2026-06-15T10:02:00Z");
    const queued = await dispatchCampaign(deps(), campaign.id);
    expect(queued.action).toBe("queued");

    await t.deps.db.campaign.update({ where: { id: campaign.id }, data: { status: "paused" } });
    const gmailBefore = fake.control.sent().length;
    expect(await send((queued as { emailLogId: string }).emailLogId)).toMatchObject({ outcome: "skipped", reason: "campaign_paused" });
    await finishJob((queued as { jobRowId: string }).jobRowId);
    clock = new Date("2026-06-15T12:00:00Z");
    expect(await dispatchCampaign(deps(), campaign.id)).toEqual({ action: "idle" });
    expect(fake.control.sent().length).toBe(gmailBefore);
    const paused = await previewSendQueue(t.deps.db, user.id, campaign.id, clock);
    expect(paused.nextSendAt).toBeNull();
    expect(paused.blocked.map((b) => b.reason)).toEqual(Array(4).fill("campaign_paused"));

    await t.deps.db.campaign.update({ where: { id: campaign.id }, data: { status: "active" } });
    const after = await dispatchUntil(campaign.id, new Date("2026-06-16T00:00:00Z"));
    expect(after).toHaveLength(4);
    expect(after[0]!.at).toEqual(new Date("2026-06-15T12:00:00Z"));
    expect(await t.deps.db.emailLog.count({ where: { id: { in: logs.map((l) => l.id) }, status: "sent" } })).toBe(6);
  });

  it("a Gmail 429 is tried once more at its new time, and the campaign's other emails wait behind it", async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 3);
    clock = new Date("2026-06-15T10:00:00Z");
    const first = await dispatchCampaign(deps(), campaign.id);
    expect(first.action).toBe("queued");
    const { emailLogId, jobRowId } = first as { emailLogId: string; jobRowId: string };
    fake.control.injectFaults({ status: 429, count: 1, path: "/messages/send" });
    const refused = await send(emailLogId);
    expect(refused).toMatchObject({ outcome: "deferred", reason: "rate_limited" });
    // What the send processor does with it: one delayed retry, then its own job ends.
    const retryAt = new Date((refused as { retryAt: string }).retryAt);
    const retryJob = await enqueueDeferredSend(t.deps, { emailLogId, userId: user.id, campaignId: campaign.id, afterJobRowId: jobRowId, retryAt, reason: "rate limited", now: clock });
    await finishJob(jobRowId);

    const plan = await previewSendQueue(t.deps.db, user.id, campaign.id, clock);
    expect(plan.queue[0]).toMatchObject({ emailLogId, estimatedAt: retryAt, waitingFor: "retry", sendJobId: retryJob });
    for (const q of plan.queue.slice(1)) expect(q.estimatedAt.getTime()).toBeGreaterThanOrEqual(retryAt.getTime());
    expect(await dispatchCampaign(deps(), campaign.id)).toMatchObject({ action: "in_flight", emailLogId });
    const delayed = await t.deps.queues.send.getJob(`send.${retryJob}`);
    expect(delayed!.delay).toBe(retryAt.getTime() - clock.getTime());

    clock = retryAt;
    expect(await send(emailLogId)).toMatchObject({ outcome: "sent" });
    await finishJob(retryJob);
    const rest = await dispatchUntil(campaign.id, new Date("2026-06-16T00:00:00Z"));
    expect(rest).toHaveLength(2);
    const jobs = await sendJobs(campaign.id);
    expect(jobs.filter((j) => (j.params as { emailLogId: string }).emailLogId === emailLogId)).toHaveLength(2);
    expect(jobs).toHaveLength(4);
    expect(await t.deps.db.emailLog.count({ where: { id: { in: logs.map((l) => l.id) }, status: "sent" } })).toBe(3);
  });

  it("\"Send now\" skips the gap (and only the gap): the window still holds it, in its place in the plan", async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 3, { minGapSeconds: 600, maxGapSeconds: 600, timeZone: "UTC", sendWindowStart: 8, sendWindowEnd: 18 });
    clock = new Date("2026-06-15T10:00:00Z");
    expect(await send(logs[0]!.id)).toMatchObject({ outcome: "sent" });
    clock = new Date("2026-06-15T10:00:10Z");
    expect(await send(logs[1]!.id)).toMatchObject({ outcome: "waiting", reason: "too_soon" });
    expect(await send(logs[1]!.id, { manual: true })).toMatchObject({ outcome: "sent" });
    clock = new Date("2026-06-15T19:00:00Z");
    expect(await send(logs[2]!.id, { manual: true })).toMatchObject({ outcome: "waiting", reason: "outside_window", until: "2026-06-16T08:00:00.000Z" });
    const plan = await previewSendQueue(t.deps.db, user.id, campaign.id, clock);
    expect(plan.queue).toMatchObject([{ emailLogId: logs[2]!.id, estimatedAt: new Date("2026-06-16T08:00:00Z"), waitingFor: "outside_window" }]);
  });
});
