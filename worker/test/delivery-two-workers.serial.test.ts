import type { ChildProcess } from "node:child_process";
import { startJob } from "@outreach/core/jobs";
import { createJobTestEnv, type JobTestEnv } from "@outreach/testkit/jobs";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "@outreach/testkit";
import { seedSendable } from "@outreach/testkit/scenarios";
import { spawnWorker, type WorkerProcess } from "@outreach/testkit/worker";
import { workerEnv } from "./worker-env.ts";

/**
 * Two worker processes (`node --import tsx worker/main.ts`) on one Redis prefix and database:
 * the daily cap and the send window hold across them, and a revoked Gmail token stops sending
 * after one failed job, with an alert, paused campaigns and no further Gmail calls.
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
const jobsSettled = async (campaignId: string) => (await t.deps.db.job.count({ where: { campaignId, status: { in: ["pending", "running"] }, jobType: "send" } })) === 0;

describe("two worker processes", () => {
  it("a daily cap of 5 holds across both workers: 12 queued, 5 reach Gmail, the rest wait for tomorrow", { timeout: 120_000 }, async () => {
    expect(workers).toHaveLength(2);
    const CAP = 5;
    const { user, campaign, logs } = await seedSendable(t.deps.db, 12, { dailyCap: CAP, timeZone: "Pacific/Auckland" });
    await Promise.all(logs.map((l) => startJob(t.deps, { type: "send", userId: user.id, campaignId: campaign.id, params: { emailLogId: l.id } })));
    await until(
      async () => (await t.deps.db.job.count({ where: { campaignId: campaign.id, jobType: "send", status: "completed", parentId: null } })) === 12,
      60_000,
      "all 12 send jobs to finish",
    );
    const ids = logs.map((l) => l.id);
    expect(sentFor(ids)).toHaveLength(CAP);
    expect(await t.deps.db.emailLog.count({ where: { id: { in: ids }, status: "sent" } })).toBe(CAP);
    const waiting = await t.deps.db.emailLog.findMany({ where: { id: { in: ids }, status: "approved" } });
    expect(waiting).toHaveLength(12 - CAP);
    // Each waits for the next local midnight in the campaign's zone, in a delayed continuation job.
    for (const l of waiting) expect(l.scheduledAt!.getTime()).toBeGreaterThan(Date.now());
    // Every waiting email has a delayed continuation (under load a send may be deferred more than
    // once, e.g. by the gap and then the cap: what matters is that none is lost and none goes today).
    const continuations = await t.deps.db.job.findMany({ where: { campaignId: campaign.id, jobType: "send", parentId: { not: null } } });
    const waitingIds = new Set(waiting.map((l) => l.id));
    const continued = new Set(continuations.map((c) => (c.params as { emailLogId: string }).emailLogId));
    expect([...continued].sort()).toEqual([...waitingIds].sort());
    for (const c of continuations) {
      const state = await (await t.deps.queues.send.getJob(c.queueJobId!))?.getState();
      expect(["delayed", "completed"]).toContain(state ?? "completed");
    }
  });

  it("the send window in the campaign's time zone: closed now sends nothing, open now sends", { timeout: 120_000 }, async () => {
    const hour = new Date().getUTCHours();
    const closed = await seedSendable(t.deps.db, 3, { timeZone: "UTC", sendWindowStart: (hour + 3) % 24, sendWindowEnd: ((hour + 5) % 24) || 24 });
    const open = await seedSendable(t.deps.db, 3, { timeZone: "UTC", sendWindowStart: hour, sendWindowEnd: hour + 1 });
    for (const s of [closed, open]) {
      await Promise.all(s.logs.map((l) => startJob(t.deps, { type: "send", userId: s.user.id, campaignId: s.campaign.id, params: { emailLogId: l.id } })));
    }
    await until(async () => (await t.deps.db.emailLog.count({ where: { id: { in: open.logs.map((l) => l.id) }, status: "sent" } })) === 3, 60_000, "the open window's sends");
    await until(
      async () => (await t.deps.db.job.count({ where: { campaignId: closed.campaign.id, jobType: "send", status: "completed", parentId: null } })) === 3,
      60_000,
      "the closed window's jobs to finish",
    );
    expect(sentFor(closed.logs.map((l) => l.id))).toHaveLength(0);
    expect(sentFor(open.logs.map((l) => l.id))).toHaveLength(3);
    const deferred = await t.deps.db.emailLog.findMany({ where: { id: { in: closed.logs.map((l) => l.id) } } });
    for (const l of deferred) {
      expect(l.status).toBe("approved");
      expect(l.scheduledAt!.getUTCHours()).toBe((hour + 3) % 24);
    }
  });

  it("a revoked Gmail token: the send job fails once without retry, alert, sending paused, row approved, no more Gmail calls", { timeout: 120_000 }, async () => {
    const { user, campaign, logs } = await seedSendable(t.deps.db, 3);
    fake.control.revokeRefreshToken();
    const job = await startJob(t.deps, { type: "send", userId: user.id, campaignId: campaign.id, params: { emailLogId: logs[0]!.id } });
    await until(async () => (await t.deps.db.job.findUniqueOrThrow({ where: { id: job.id } })).status === "failed", 60_000, "the send job to fail");
    const row = await t.deps.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.attempts).toBe(1);
    expect(row.errorMessage).toMatch(/Gmail authorization failed/);
    expect(await t.deps.db.alert.count({ where: { userId: user.id, provider: "gmail", kind: "auth", resolvedAt: null } })).toBe(1);
    expect((await t.deps.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).sendingPausedReason).toMatch(/^gmail_auth/);
    expect((await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: logs[0]!.id } })).status).toBe("approved");

    // Further sends of that user are refused before Gmail; nothing asks Gmail any more.
    // (The reply sync of other tests' users may read Gmail; count this user's kind of calls.)
    const sendCalls = () => Object.entries(fake.control.stats().byPath).filter(([k]) => /messages\/send|token/.test(k)).reduce((a, [, n]) => a + n, 0);
    const calls = sendCalls();
    const more = await Promise.all(logs.slice(1).map((l) => startJob(t.deps, { type: "send", userId: user.id, campaignId: campaign.id, params: { emailLogId: l.id } })));
    await until(async () => (await t.deps.db.job.count({ where: { id: { in: more.map((j) => j.id) }, status: "completed" } })) === 2, 60_000, "the other sends to be skipped");
    for (const j of more) expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: j.id } })).result).toMatchObject({ outcome: "skipped", reason: "campaign_paused" });
    await new Promise((r) => setTimeout(r, 1500)); // a few reconcile ticks
    expect(sendCalls()).toBe(calls);
    expect(await jobsSettled(campaign.id)).toBe(true);
    fake.control.restoreRefreshToken();
  });
});
