import { DraftSchema } from "@outreach/core/compose";
import { startJob } from "@outreach/core/jobs";
import { createGeminiClient } from "@outreach/providers";
import { fakesEnv, startFakeDataForSeo, startFakeGemini, startFakeHunter, startFakeWebHost, type FakeServer, type GeminiControl } from "@outreach/fakes";
import { collect, createJobTestEnv, fastWorkerSettings, JOB_PROGRESS_PROBE, type JobTestEnv } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { type StageExtras } from "../runtime/stage-deps.ts";
import { processors } from "../processors/index.ts";

/**
 * Compose jobs in a real worker with the real Gemini client against the fake Gemini's fault
 * controls: a draft waits for Gemini at most once and only within 5 s, and a template that stands
 * in for Gemini says why, is flagged and is never auto-approved.
 */

const COMPOSE_BUDGET_MS = 5_000;

let t: JobTestEnv;
let pool: WorkerPool | undefined;
let gemini: FakeServer<GeminiControl>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  gemini = await startFakeGemini();
  const dfs = await startFakeDataForSeo();
  const hunter = await startFakeHunter();
  const web = await startFakeWebHost();
  closers.push(gemini.close, dfs.close, hunter.close, web.close);
  t = await createJobTestEnv("composefallback", {
    ...fakesEnv({ dataforseo: dfs, hunter, gemini }),
    WORKER_CONCURRENCY: "4",
  });
  Object.assign(t.deps, { sandboxWebHostUrl: web.url } satisfies StageExtras);
  pool = await startWorkers(t.deps, processors, fastWorkerSettings);
  await pool.ready();
}, 60_000);

afterEach(() => gemini.control.reset());

afterAll(async () => {
  await pool?.close(0);
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});

/** A campaign that auto-approves clean drafts scoring 50 or more, and `count` prospects scoring 90, ready to draft. */
async function seedReadyToDraft(count: number) {
  const { user, campaign } = await seedCampaign(t.deps.db, { autoApproveScore: 50, minScore: 40 });
  const prospects = [];
  for (let i = 0; i < count; i++) {
    const domain = `site-${String(i).padStart(2, "0")}.example`;
    prospects.push(
      await t.deps.db.prospect.create({
        data: { campaignId: campaign.id, domain, pageTitle: `Ceramics journal ${i}`, contactEmail: `editor@${domain}`, score: 90, stage: "scored" },
      }),
    );
  }
  return { user, campaign, prospectIds: prospects.map((p) => p.id) };
}

async function runCompose(userId: string, campaignId: string, prospectIds: string[]) {
  const row = await startJob(t.deps, { type: "compose", userId, campaignId, params: { prospectIds } });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  await progress.waitFor((e) => e.status === "completed" || e.status === "failed", 60_000);
  await progress.stop();
  const job = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { seq: "asc" } } } });
  const emails = await t.deps.db.emailLog.findMany({ where: { prospect: { campaignId } }, include: { prospect: true }, orderBy: { prospect: { domain: "asc" } } });
  return { job, emails };
}

/** The time of one Gemini call that answers at once, through the same real client the worker uses. */
async function oneCallMs(): Promise<number> {
  const client = createGeminiClient({ baseUrl: gemini.url, apiKey: "fake-gemini-key", model: "gemini-2.5-flash" });
  gemini.control.nextRateLimited("20s");
  const started = performance.now();
  await client.generateJson({ prompt: "ping", schema: DraftSchema, retry: { maxAttempts: 1 } }).catch(() => {});
  const ms = performance.now() - started;
  gemini.control.reset();
  return ms;
}

describe("compose under Gemini faults", () => {
  it("429 asking for 20 s on every call: a batch of 10 never waits, and every draft is a flagged template that says gemini_rate_limited", { timeout: 120_000 }, async () => {
    const call = await oneCallMs();
    const { user, campaign, prospectIds } = await seedReadyToDraft(10);
    gemini.control.nextRateLimited("20s", 1_000);

    const { job, emails } = await runCompose(user.id, campaign.id, prospectIds);

    expect(job.status).toBe("completed");
    // Our own Gemini rate limit (60 a minute) spaces the ten calls about 1 s apart; that is all the waiting there is.
    const ranMs = job.finishedAt!.getTime() - job.startedAt!.getTime();
    expect(ranMs).toBeLessThan(10 * (call + COMPOSE_BUDGET_MS));
    // One request per draft: no retry, so none of the 5 s budget was waited (Gemini asked for more).
    expect(gemini.control.requests()).toHaveLength(10);

    expect(emails).toHaveLength(10);
    for (const e of emails) {
      expect(e, e.prospect.domain).toMatchObject({ draftSource: "template", fallbackReason: "gemini_rate_limited", status: "draft", approvedAt: null });
      expect(e.flags).toContain("template_fallback");
      expect(e.prospect.stage).toBe("drafted");
    }
    expect(job.result).toMatchObject({ total: 10, drafted: 10, approved: 0, flagged: 10, fallbacks: { gemini_rate_limited: 10 } });
  });

  it("429 asking for 2 s on the first call only: exactly one retry, and the draft is Gemini's", { timeout: 60_000 }, async () => {
    const { user, campaign, prospectIds } = await seedReadyToDraft(1);
    gemini.control.nextRateLimited("2s", 1);

    const { job, emails } = await runCompose(user.id, campaign.id, prospectIds);

    expect(job.status).toBe("completed");
    expect(gemini.control.requests()).toHaveLength(2);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ draftSource: "gemini", fallbackReason: null });
    expect(emails[0]!.flags).not.toContain("template_fallback");
    expect(job.result).toMatchObject({ total: 1, fallbacks: {} });
    expect(job.finishedAt!.getTime() - job.startedAt!.getTime()).toBeGreaterThanOrEqual(2_000);
  });

  it("MAX_TOKENS, SAFETY and invalid JSON: a flagged template draft each with its reason, none auto-approved", { timeout: 60_000 }, async () => {
    const { user, campaign, prospectIds } = await seedReadyToDraft(3);
    // Drafting goes through the prospects by domain: site-00, site-01, site-02.
    gemini.control.nextFinishMaxTokens();
    gemini.control.nextFinishSafety();
    gemini.control.nextInvalidJson();

    const { job, emails } = await runCompose(user.id, campaign.id, prospectIds);

    expect(job.status).toBe("completed");
    expect(gemini.control.requests()).toHaveLength(3);
    expect(emails.map((e) => [e.prospect.domain, e.draftSource, e.fallbackReason, e.status, e.flags.includes("template_fallback")])).toEqual([
      ["site-00.example", "template", "gemini_max_tokens", "draft", true],
      ["site-01.example", "template", "gemini_safety", "draft", true],
      ["site-02.example", "template", "gemini_invalid_json", "draft", true],
    ]);
    expect(job.result).toMatchObject({ approved: 0, drafted: 3, fallbacks: { gemini_max_tokens: 1, gemini_safety: 1, gemini_invalid_json: 1 } });
  });

  it("a discovery run's summary counts its compose children's fallbacks", { timeout: 180_000 }, async () => {
    const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["ceramics"], searchDepth: 6, minScore: 0, autoApproveScore: 0 });
    gemini.control.nextRateLimited("20s", 1_000);
    const row = await startJob(t.deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords: ["ceramics"] } });
    const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
    const last = await progress.waitFor((e) => e.status === "completed" || e.status === "failed", 150_000);
    await progress.stop();
    expect(last.status).toBe("completed");

    const drafts = await t.deps.db.emailLog.findMany({ where: { prospect: { campaignId: campaign.id } } });
    expect(drafts.length, "discovery drafted something").toBeGreaterThan(0);
    expect(drafts.every((d) => d.fallbackReason === "gemini_rate_limited" && d.status === "draft")).toBe(true);
    const final = await t.deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    expect(final.result).toMatchObject({ compose: { drafted: drafts.length, approved: 0, fallbacks: { gemini_rate_limited: drafts.length } } });
  });
});
