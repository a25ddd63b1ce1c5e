import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { type StageExtras } from "../runtime/stage-deps.ts";
import { startJob, storedJobEvents } from "@outreach/core/jobs";
import { createProviders } from "@outreach/providers";
import { collect, createJobTestEnv, fastWorkerSettings, JOB_PROGRESS_PROBE, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";
import { fakesEnv, startFakeDataForSeo, startFakeGemini, startFakeHunter, startFakeWebHost, type DataForSeoControl, type FakeServer } from "@outreach/fakes";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { processors } from "../processors/index.ts";

/**
 * A provider's wait inside a job is a line on the job page as it starts, and never longer than
 * the job's budget (its lock time). DataForSEO's 40202 ("rate limit per minute exceeded") asks
 * for a 10 s wait.
 */

let t: JobTestEnv;
let dfs: FakeServer<DataForSeoControl>;
let pool: WorkerPool | undefined;
/** When each 40202 answer reached the client (Date.now(), to compare with the stored events' times). */
const rateLimitAnswers: number[] = [];
const closers: Array<() => Promise<void>> = [];

const recordingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (String(input).includes("/v3/serp/")) {
    const body = (await res.clone().json().catch(() => null)) as { status_code?: number } | null;
    if (body?.status_code === 40202) rateLimitAnswers.push(Date.now());
  }
  return res;
};

beforeAll(async () => {
  dfs = await startFakeDataForSeo();
  const hunter = await startFakeHunter();
  const gemini = await startFakeGemini();
  const web = await startFakeWebHost();
  closers.push(dfs.close, hunter.close, gemini.close, web.close);
  t = await createJobTestEnv("waits", {
    ...fakesEnv({ dataforseo: dfs, hunter, gemini }),
  });
  const providers = createProviders({ env: t.deps.env, db: t.deps.db, fetch: recordingFetch });
  Object.assign(t.deps, { sandboxWebHostUrl: web.url, providers } satisfies StageExtras);
}, 60_000);

afterEach(async () => {
  await pool?.close(0);
  pool = undefined;
  dfs.control.reset();
  rateLimitAnswers.length = 0;
});

afterAll(async () => {
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

async function discoverWithOneRateLimit(lockDurationMs: number) {
  pool = await startWorkers(t.deps, processors, { ...fastWorkerSettings, WORKER_LOCK_DURATION_MS: lockDurationMs });
  await pool.ready();
  const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["ceramics"], searchDepth: 5 });
  dfs.control.injectFaults({ status: 429, count: 1, path: "/v3/serp/" });
  const row = await startJob(t.deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  const last = await progress.waitFor((e) => ["completed", "failed", "cancelled"].includes(e.status), 60_000);
  await progress.stop();
  // What the job page shows: the stored log, and the published events a late page replays.
  const logged = await t.deps.db.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { seq: "asc" } });
  const published = await storedJobEvents(t.deps, row.id, 0);
  return { last, logged, published };
}

describe("provider waits inside a job", () => {
  it("a DataForSEO 40202 wait is on the job's live events within a second of starting to wait, then the job goes on", async () => {
    const { last, logged, published } = await discoverWithOneRateLimit(15_000);
    expect(last.status).toBe("completed");
    const wait = logged.find((e) => /^DataForSEO rate limit: waiting 1\d(\.\d)? s \(try 2 of \d\)$/.test(e.message));
    expect(wait, logged.map((e) => e.message).join("\n")).toMatchObject({ level: "warn" });
    expect(rateLimitAnswers).toHaveLength(1);
    const lagMs = wait!.createdAt.getTime() - rateLimitAnswers[0]!;
    expect(lagMs).toBeGreaterThanOrEqual(-50);
    expect(lagMs).toBeLessThan(1_000);
    // Published live (jobProgress) as well as logged.
    expect(published.map((e) => e.message)).toContain(wait!.message);
  }, 90_000);

  it("a wait longer than the job's budget is not slept: the attempt ends and the job's own retry takes over", async () => {
    const started = performance.now();
    const { last, logged } = await discoverWithOneRateLimit(fastWorkerSettings.WORKER_LOCK_DURATION_MS);
    expect(last.status).toBe("completed");
    expect(logged.some((e) => /rate limit: waiting/.test(e.message))).toBe(false);
    expect(logged.some((e) => /^Retrying \(attempt 2 of 3\)$/.test(e.message))).toBe(true);
    expect(rateLimitAnswers).toHaveLength(1);
    // Nowhere near the 10 s DataForSEO asked for.
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 90_000);
});
