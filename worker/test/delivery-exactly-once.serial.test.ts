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
 * Exactly once under SIGKILL: worker processes are killed with kill -9 right after the fake
 * Gmail accepted a message (at a random extra delay of 0-40 ms, so the kill lands before,
 * during or after recording), 20 times (within five minutes at most). Then one more worker
 * runs until everything settles: every email reached Gmail exactly once and every EmailLog
 * agrees with Gmail (rows left `sending` were reconciled from Gmail, never resent).
 */

let t: JobTestEnv;
let fake: FakeServer<GmailControl>;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  fake = await startFakeGmail();
  t = await createJobTestEnv("deliverykill");
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await t?.close();
  await fake?.close();
});

describe("send exactly once", () => {
  it("20 kill -9 at random points after Gmail accepted: every email sent once, every row agrees with Gmail", { timeout: 420_000 }, async () => {
    const N = 120;
    const { user, campaign, logs } = await seedSendable(t.deps.db, N);
    for (const l of logs) await startJob(t.deps, { type: "send", userId: user.id, campaignId: campaign.id, params: { emailLogId: l.id } });
    const env = workerEnv(t, fake);

    const MAX_KILLS = 20;
    const budgetEnd = Date.now() + 300_000;
    let kills = 0;
    // Two workers at a time; each accepted message kills one of them at once (kill -9) and a
    // replacement starts in the background, so kills are not paced by process start-up.
    const alive: WorkerProcess[] = [];
    const starting = new Set<Promise<void>>();
    const startOne = () => {
      const p: Promise<void> = spawnWorker({ env, children }).then((w) => {
        alive.push(w);
        starting.delete(p);
      });
      starting.add(p);
    };
    startOne();
    startOne();
    const allSent = async () => (await t.deps.db.emailLog.count({ where: { id: { in: logs.map((l) => l.id) }, status: "sent" } })) === N;
    while (kills < MAX_KILLS && Date.now() < budgetEnd && !(await allSent())) {
      if (!alive.length) await Promise.race(starting);
      fake.control.setLatency(Math.floor(Math.random() * 30));
      const before = fake.control.sent().length;
      // Wait for the next accepted message (the fake runs in this process: watch its record).
      const accepted = await new Promise<boolean>((resolve) => {
        const end = Date.now() + 20_000;
        const tick = () => {
          if (fake.control.sent().length > before) return resolve(true);
          if (Date.now() > end) return resolve(false);
          setImmediate(tick);
        };
        tick();
      });
      if (!accepted) break; // nothing left to send right now: finish below
      const extra = Math.floor(Math.random() * 40);
      if (extra) await new Promise((r) => setTimeout(r, extra));
      const victim = alive.splice(Math.floor(Math.random() * alive.length), 1)[0];
      if (!victim) continue;
      victim.child.kill("SIGKILL");
      await victim.exited;
      kills++;
      if (alive.length + starting.size < 2) startOne();
    }
    await Promise.allSettled([...starting]);
    for (const w of alive.splice(0)) {
      w.child.kill("SIGKILL");
      await w.exited;
    }
    console.log(`exactly-once: ${kills} SIGKILLs after accepted sends; ${fake.control.sent().length} messages accepted so far`);
    expect(kills).toBe(MAX_KILLS);

    // A last worker runs until every row is settled (stalled jobs come back, stuck rows reconcile).
    fake.control.setLatency(0);
    const w = await spawnWorker({ env, children });
    await until(
      async () => (await t.deps.db.emailLog.count({ where: { id: { in: logs.map((l) => l.id) }, status: "sent" } })) === N,
      90_000,
      "every email to be recorded as sent",
      250,
    );

    const sent = fake.control.sent();
    for (const l of logs) {
      const records = sent.filter((s) => s.headers["x-outreach-send-id"] === l.id);
      expect(records, `email ${l.id} reached Gmail ${records.length} times`).toHaveLength(1);
      const row = await t.deps.db.emailLog.findUniqueOrThrow({ where: { id: l.id } });
      expect(row).toMatchObject({ status: "sent", gmailMessageId: records[0]!.id, gmailThreadId: records[0]!.threadId, rfcMessageId: records[0]!.messageId });
    }
    expect(sent.length).toBe(N);
    const prospects = await t.deps.db.prospect.findMany({ where: { campaignId: campaign.id } });
    expect(prospects.every((p) => p.outreachStatus === "sent" && p.stage === "sent")).toBe(true);
    w.child.kill("SIGTERM");
    await w.exited;
  });
});
