import { randomUUID } from "node:crypto";
import { type JobProcessor } from "../runtime/lifecycle.ts";
import { startWorkers } from "../runtime/runner.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipelineStep } from "../processors/pipeline-step.ts";

/**
 * A pipeline step waiting on something slow (a draft waiting for a Gemini rate-limit slot) when
 * its worker shuts down: the job is handed back to the queue at once, not left to its lock.
 */

let t: JobTestEnv;
beforeAll(async () => {
  t = await createJobTestEnv("pipestop");
}, 60_000);
afterAll(async () => {
  await t?.close();
});


describe("pipeline step at shutdown", () => {
  it("a step that is waiting is handed back within the shutdown, its row pending and its job waiting", { timeout: 60_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db);
    const row = await startJob(t.deps, { type: "compose", userId: user.id, campaignId: campaign.id, params: { prospectIds: [randomUUID()] } });
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    const compose: JobProcessor<"compose"> = (job, deps) =>
      runPipelineStep(job, deps, () => {
        started();
        return new Promise<never>(() => {}); // a rate-limit slot that does not come in time
      });
    const settings = { ...fastWorkerSettings, WORKER_LOCK_DURATION_MS: 2000, WORKER_SHUTDOWN_GRACE_MS: 200 };
    const pool = await startWorkers(t.deps, { compose }, settings);
    await waiting;

    const since = Date.now();
    expect(await pool.close(undefined, since)).toEqual({ abandoned: false });
    expect(Date.now() - since).toBeLessThan(settings.WORKER_LOCK_DURATION_MS);
    await progress.waitFor((e) => e.status === "pending");
    await progress.stop();
    expect(await (await t.deps.queues.compose.getJob(row.queueJobId!))!.getState()).toBe("waiting");
    const events = await t.deps.db.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { seq: "asc" } });
    expect(events.at(-1)?.message).toBe("Worker shut down; the job went back to the queue");
    expect((await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending");
  });
});
