import type { ChildProcess } from "node:child_process";
import { armDispatch } from "@outreach/core/outreach";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@outreach/testkit";
import { seedSendable } from "@outreach/testkit/scenarios";
import { spawnWorker, type WorkerProcess } from "@outreach/testkit/worker";
import { workerEnv } from "./worker-env.ts";

/**
 * Two worker processes (`node --import tsx worker/main.ts`) on one Redis prefix and database, with
 * the dispatcher sending by itself: nothing is sent twice, no cap is passed together, nothing is
 * lost, a pause stops the next send, and a revoked Gmail token stops sending after one failed job.
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;
const children = new Set<ChildProcess>();
let workers: WorkerProcess[] = [];

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("delivery2w");
  const env = workerEnv(t, fake, { DELIVERY_SYNC_EVERY_MS: "3600000" });
  workers = await Promise.all([spawnWorker({ env, children }), spawnWorker({ env, children })]);
}, 120_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await t?.close();
  await fake?.close();
});

const sentFor = (ids: string[]) => fake.control.sent().filter((s) => ids.includes(s.headers["x-outreach-send-id"] ?? ""));
const openSendJobs = (campaignId: string) => t.deps.db.job.count({ where: { campaignId, status: { in: ["pending", "running"] }, jobType: "send" } });
const statuses = async (ids: string[]) => {
  const rows = await t.deps.db.emailLog.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
};
/** What approving (or resuming) does: wake the campaign's dispatcher. */
const approveAll = (campaignIds: string[]) => Promise.all(campaignIds.map((id) => armDispatch(t.deps, id)));

describe("two worker processes, sending by itself", () => {
  it("200 approved emails in 4 campaigns with a cap of 15: 60 sent, each once, no cap passed, the other 140 waiting for tomorrow", { timeout: 180_000 }, async () => {
    expect(workers).toHaveLength(2);
    const CAP = 15;
    const seeded = await Promise.all([0, 1, 2, 3].map(() => seedSendable(t.deps.db, 50, { dailyCap: CAP, timeZone: "Pacific/Auckland" })));
    const campaignIds = seeded.map((s) => s.campaign.id);
    const ids = seeded.flatMap((s) => s.logs.map((l) => l.id));
    await approveAll(campaignIds);

    await until(async () => (await t.deps.db.emailLog.count({ where: { id: { in: ids }, status: "sent" } })) === 4 * CAP, 150_000, "each campaign's 15 sends");
    // Every campaign now waits for the next local midnight: its dispatcher is armed for then.
    await until(
      async () => {
        const delayed = await t.deps.queues.dispatch.getDelayed();
        return campaignIds.every((id) => delayed.some((j) => j.data.campaignId === id && j.delay > 60_000));
      },
      30_000,
      "every dispatcher armed for tomorrow",
    );
    for (const id of campaignIds) expect(await openSendJobs(id)).toBe(0);

    const atGmail = sentFor(ids);
    expect(atGmail).toHaveLength(4 * CAP);
    expect(new Set(atGmail.map((s) => s.headers["x-outreach-send-id"])).size).toBe(4 * CAP); // no duplicate
    expect(await statuses(ids)).toEqual({ sent: 4 * CAP, approved: 200 - 4 * CAP }); // none lost, none stuck
    for (const s of seeded) {
      expect(sentFor(s.logs.map((l) => l.id))).toHaveLength(CAP);
      // One send job per email sent (plus at most one per campaign and day).
      expect(await t.deps.db.job.count({ where: { campaignId: s.campaign.id, jobType: "send" } })).toBeLessThanOrEqual(CAP + 1);
    }
  });

  it("a closed send window sends nothing and queues no send job: the plan holds the emails until it opens", { timeout: 60_000 }, async () => {
    const hour = new Date().getUTCHours();
    const closed = await seedSendable(t.deps.db, 3, { timeZone: "UTC", sendWindowStart: (hour + 3) % 24, sendWindowEnd: ((hour + 5) % 24) || 24 });
    await approveAll([closed.campaign.id]);
    await until(
      async () => (await t.deps.queues.dispatch.getDelayed()).some((j) => j.data.campaignId === closed.campaign.id),
      30_000,
      "the dispatcher armed for the window's opening",
    );
    const armed = (await t.deps.queues.dispatch.getDelayed()).find((j) => j.data.campaignId === closed.campaign.id)!;
    expect(new Date(armed.timestamp + armed.delay).getUTCHours()).toBe((hour + 3) % 24);
    expect(await t.deps.db.job.count({ where: { campaignId: closed.campaign.id, jobType: "send" } })).toBe(0);
    expect(sentFor(closed.logs.map((l) => l.id))).toHaveLength(0);
  });

  it("pausing in the middle: nothing goes after the pause but a send already claimed; resuming sends the rest", { timeout: 120_000 }, async () => {
    const { campaign, logs } = await seedSendable(t.deps.db, 10, { minGapSeconds: 1, maxGapSeconds: 1 });
    const ids = logs.map((l) => l.id);
    await approveAll([campaign.id]);
    await until(async () => (await t.deps.db.emailLog.count({ where: { id: { in: ids }, status: "sent" } })) >= 3, 60_000, "three sends");
    await t.deps.db.campaign.update({ where: { id: campaign.id }, data: { status: "paused" } });
    const claimedAtPause = await t.deps.db.emailLog.count({ where: { id: { in: ids }, status: { in: ["sending", "sent"] } } });
    // Longer than the gap: had the pause not held, the next email would have gone meanwhile.
    await until(async () => (await openSendJobs(campaign.id)) === 0, 30_000, "no send job open");
    await new Promise((r) => setTimeout(r, 2500));
    const sentDuringPause = sentFor(ids).length;
    expect(sentDuringPause).toBeLessThanOrEqual(claimedAtPause);
    expect(sentDuringPause).toBeLessThan(10);

    await t.deps.db.campaign.update({ where: { id: campaign.id }, data: { status: "active" } });
    await approveAll([campaign.id]);
    await until(async () => (await t.deps.db.emailLog.count({ where: { id: { in: ids }, status: "sent" } })) === 10, 60_000, "the rest after resuming");
    expect(sentFor(ids)).toHaveLength(10);
  });

  it("a revoked Gmail token: one send job fails without retry, alert, sending paused, row approved, no more Gmail calls", { timeout: 120_000 }, async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 3);
    fake.control.revokeRefreshToken();
    await approveAll([campaign.id]);
    await until(async () => (await t.deps.db.job.count({ where: { campaignId: campaign.id, jobType: "send", status: "failed" } })) === 1, 60_000, "the send job to fail");
    const row = await t.deps.db.job.findFirstOrThrow({ where: { campaignId: campaign.id, jobType: "send", status: "failed" } });
    expect(row.attempts).toBe(1);
    expect(row.errorMessage).toMatch(/needs reconnecting|authorization failed/);
    expect(await t.deps.db.alert.count({ where: { userId: user.id, provider: "gmail", kind: "mailbox_reconnect", mailboxId: campaign.mailboxId, resolvedAt: null } })).toBe(1);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).sendingPausedReason).toMatch(/^mailbox_reconnect/);
    expect(await statuses(logs.map((l) => l.id))).toEqual({ approved: 3 });

    // Waking the dispatcher again sends nothing and asks Gmail nothing.
    const sendCalls = () => Object.entries(fake.control.stats().byPath).filter(([k]) => /messages\/send|token/.test(k)).reduce((a, [, n]) => a + n, 0);
    const calls = sendCalls();
    await approveAll([campaign.id]);
    await new Promise((r) => setTimeout(r, 1500)); // a few dispatcher runs and reconcile ticks
    expect(sendCalls()).toBe(calls);
    expect(await t.deps.db.job.count({ where: { campaignId: campaign.id, jobType: "send" } })).toBe(1);
    expect(await openSendJobs(campaign.id)).toBe(0);
    fake.control.restoreRefreshToken();
  });
});
