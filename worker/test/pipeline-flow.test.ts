import { startWorkers, type WorkerPool } from "../runtime/runner.ts";
import { type StageExtras } from "../runtime/stage-deps.ts";
import { startJob } from "@outreach/core/jobs";
import { collect, createJobTestEnv, fastWorkerSettings, type JobTestEnv, JOB_PROGRESS_PROBE } from "@outreach/testkit/jobs";
import { seedCampaign } from "@outreach/testkit/scenarios";
import {
  serpSitesForKeyword,
  siteModel,
  startFakeDataForSeo,
  startFakeGemini,
  startFakeHunter,
  startFakeWebHost,
  type DataForSeoControl,
  type FakeServer,
  type HunterControl,
  fakesEnv,
} from "@outreach/fakes";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processors } from "../processors/index.ts";

/**
 * The discovery flow end to end in one worker: real PostgreSQL and Redis, providers pointed at
 * the in-process fakes, fake *.example sites read from the fake web host.
 */

const KEYWORDS = ["ceramics", "stoneware glaze", "pottery magazine"];
const DEPTH = 8;
const MIN_SCORE = 50;
const AUTO_APPROVE = 75;

let t: JobTestEnv;
let pool: WorkerPool | undefined;
let dfs: FakeServer<DataForSeoControl>;
let hunter: FakeServer<HunterControl>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dfs = await startFakeDataForSeo();
  hunter = await startFakeHunter();
  const gemini = await startFakeGemini();
  const web = await startFakeWebHost();
  closers.push(dfs.close, hunter.close, gemini.close, web.close);
  t = await createJobTestEnv("pipeflow", {
    ...fakesEnv({ dataforseo: dfs, hunter, gemini }),
    JOB_ATTEMPTS: "3",
    WORKER_CONCURRENCY: "4",
  });
  Object.assign(t.deps, { sandboxWebHostUrl: web.url } satisfies StageExtras);
  pool = await startWorkers(t.deps, processors, fastWorkerSettings);
  await pool.ready();
}, 60_000);

afterAll(async () => {
  await pool?.close(0);
  await t?.close();
  await Promise.allSettled(closers.map((c) => c()));
});


/** The domains the fake SERP returns for our keywords, in order (first keyword first). */
function expectedDomains(): string[] {
  return [...new Set(KEYWORDS.flatMap((k) => serpSitesForKeyword(k).slice(0, DEPTH).map((s) => s.domain)))];
}

async function runDiscovery(userId: string, campaignId: string, keywords = KEYWORDS) {
  const row = await startJob(t.deps, { type: "discover", userId, campaignId, params: { keywords } });
  const progress = await collect(t.listenerBus, t.deps.bus, "jobProgress", row.id, JOB_PROGRESS_PROBE);
  const last = await progress.waitFor((e) => e.status === "completed" || e.status === "failed" || e.status === "cancelled", 240_000);
  await progress.stop();
  return { row, last, events: progress.events };
}

describe("discovery flow", () => {
  it(
    "finds, skips with reasons, enriches in child jobs, scores and drafts; progress follows the children; re-running adds nothing",
    { timeout: 300_000 },
    async () => {
      const { db } = t.deps;
      const { user, campaign } = await seedCampaign(t.deps.db, {
        keywords: KEYWORDS,
        searchDepth: DEPTH,
        minScore: MIN_SCORE,
        autoApproveScore: AUTO_APPROVE,
        cooldownDays: 30,
      });
      const domains = expectedDomains();
      // A site whose editor Hunter may not process: not among the domain-search results, but the
      // contact page shows the address; with no other people it would be the best contact.
      const blocked = domains.find((d) => {
        const s = siteModel(d);
        return s.hunterHasEmails && s.staff.length === 0 && !s.acceptAll;
      });
      expect(blocked, "the fake SERP has a site for the 451 case").toBeDefined();
      const blockedEmail = siteModel(blocked!).editor.email;
      hunter.control.blockAddress(blockedEmail);
      const rest = domains.filter((d) => d !== blocked);
      const [suppressedDomain, wildcardDomain, cooledDomain, otherUsersDomain] = rest.slice(-4);
      await db.suppression.createMany({
        data: [
          { userId: user.id, value: suppressedDomain!, reason: "unsubscribed" },
          { userId: user.id, value: `*.${wildcardDomain!}`, reason: "manual" },
        ],
      });
      // Contacted 10 days ago by another campaign of the same user: inside the 30-day cool-down.
      const other = await db.campaign.create({
        data: { userId: user.id, name: "Spring show", artistName: "Ada Potter", fromName: "Ada", fromEmail: "ada@example.test" },
      });
      await db.prospect.create({ data: { campaignId: other.id, domain: cooledDomain!, lastSent: new Date(Date.now() - 10 * 86400000), stage: "sent" } });
      // Another user's send does not count.
      const stranger = await seedCampaign(t.deps.db);
      await db.prospect.create({ data: { campaignId: stranger.campaign.id, domain: otherUsersDomain!, lastSent: new Date(), stage: "sent" } });

      const prospectEvents = await collect(t.listenerBus, t.deps.bus, "prospectUpdated", campaign.id, { prospectId: "probe", userId: "", campaignId: "" });
      const { row, last, events } = await runDiscovery(user.id, campaign.id);
      expect(last).toMatchObject({ status: "completed", progress: 100 });

      // Prospects: one per normalized domain, organic results only.
      const prospects = await db.prospect.findMany({ where: { campaignId: campaign.id }, include: { contacts: true, emailLogs: true } });
      expect(prospects.map((p) => p.domain).sort()).toEqual([...domains].sort());
      expect(prospects.every((p) => p.source === "serp" && p.pageUrl?.startsWith(`https://${p.domain}/`))).toBe(true);
      expect(prospects.every((p) => (p.dataforseoPayload as { type?: string }).type === "organic")).toBe(true);
      const byDomain = new Map(prospects.map((p) => [p.domain, p]));

      // Skipped with reasons a user can read; never enriched.
      expect(byDomain.get(suppressedDomain!)).toMatchObject({ stage: "skipped", contactEmail: null, crawlData: null });
      expect(byDomain.get(suppressedDomain!)!.skipReason).toMatch(/^suppressed: .* suppression list \(unsubscribed\)$/);
      expect(byDomain.get(wildcardDomain!)!.skipReason).toContain(`*.${wildcardDomain}`);
      expect(byDomain.get(cooledDomain!)!.skipReason).toMatch(/^contacted on \d{4}-\d{2}-\d{2} by campaign "Spring show": cool-down of 30 days/);
      expect(byDomain.get(otherUsersDomain!)!.skipReason ?? "").not.toMatch(/^contacted/);

      // Enrichment happened in child jobs with their own rows.
      const children = await db.job.findMany({ where: { parentId: row.id }, orderBy: { createdAt: "asc" } });
      const enrichChildren = children.filter((c) => c.jobType === "enrich");
      expect(enrichChildren.length).toBe(Math.ceil((domains.length - 4) / 25));
      expect(children.map((c) => [c.jobType, c.status, c.errorMessage, c.userId === user.id && c.campaignId === campaign.id])).toEqual(children.map((c) => [c.jobType, "completed", null, true]));

      const live = prospects.filter((p) => p.stage !== "skipped" || !p.skipReason?.match(/^(suppressed|contacted)/));
      for (const p of live) {
        const crawl = p.crawlData as { crawledAt?: string; openCall?: { title: string; deadline: string | null; fee: string | null } | null };
        expect(crawl?.crawledAt, p.domain).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        const site = siteModel(p.domain);
        expect(p.daEst, p.domain).toBe(site.rankHundred);
        if (site.openCall && site.hasSubmissionForm !== undefined) {
          // The fake site links its open call page from every page.
          expect(crawl.openCall?.deadline, p.domain).toBe(site.openCall.deadline);
          expect(crawl.openCall?.fee ?? null, p.domain).toBe(site.openCall.fee);
        }
        if (site.hunterHasEmails) {
          expect(p.contacts.length, p.domain).toBeGreaterThan(0);
          expect(p.contactMethod).toBe("email");
          // Personal over generic: the chosen address is a person's whenever one was usable.
          const chosen = p.contacts.find((c) => c.email === p.contactEmail);
          expect(chosen, p.domain).toBeDefined();
          if (p.contacts.some((c) => c.type === "personal" && ["valid", "accept_all"].includes(c.verification))) expect(chosen!.type).toBe("personal");
        }
        expect(p.hunterPayload === null || typeof p.hunterPayload === "object").toBe(true);
      }

      expect(live.filter((p) => siteModel(p.domain).openCall).length, "sites with an open call were checked").toBeGreaterThan(0);

      // The 451 address is suppressed and never a contact.
      const b = byDomain.get(blocked!)!;
      expect(b.contactEmail).not.toBe(blockedEmail);
      expect(b.contacts.map((c) => c.email)).not.toContain(blockedEmail);
      expect(b.contactEmail).toBe(siteModel(blocked!).genericEmail);
      expect(await db.suppression.findFirst({ where: { userId: user.id, value: blockedEmail } })).not.toBeNull();
      expect(prospects.some((p) => p.contactEmail === blockedEmail)).toBe(false);

      // Scored, and drafted for those at or above the minimum.
      const scoredOrLater = live.filter((p) => ["scored", "drafted", "approved"].includes(p.stage));
      const belowMin = live.filter((p) => p.stage === "skipped");
      expect(scoredOrLater.length + belowMin.length).toBe(live.length);
      expect(belowMin.every((p) => p.score! < MIN_SCORE && p.skipReason === `score ${p.score} below minimum ${MIN_SCORE}`)).toBe(true);
      expect(scoredOrLater.every((p) => p.score! >= MIN_SCORE && Array.isArray(p.scoreBreakdown))).toBe(true);
      expect(belowMin.length, "some sites fall below the minimum score").toBeGreaterThan(0);
      const shouldDraft = scoredOrLater.filter((p) => p.contactEmail);
      expect(shouldDraft.length).toBeGreaterThan(0);
      for (const p of shouldDraft) {
        expect(p.emailLogs, p.domain).toHaveLength(1);
        const log = p.emailLogs[0]!;
        expect(log).toMatchObject({ step: 0, toEmail: p.contactEmail });
        expect(log.subject.length).toBeGreaterThan(0);
        const auto = p.score! >= AUTO_APPROVE && log.flags.length === 0;
        expect(log.status, p.domain).toBe(auto ? "approved" : "draft");
        expect(p.stage).toBe(auto ? "approved" : "drafted");
        if (auto) expect(log.approvedAt).not.toBeNull();
      }

      // Parent progress: rises with the children, never goes back, ends completed at 100.
      const running = events.filter((e) => e.status === "running").map((e) => e.progress);
      expect(running).toEqual([...running].sort((a, b2) => a - b2));
      expect(running.some((v) => v > 20 && v <= 80)).toBe(true);
      expect(running.some((v) => v > 85 && v < 100)).toBe(true);
      const final = await db.job.findUniqueOrThrow({ where: { id: row.id }, include: { events: { orderBy: { seq: "asc" } } } });
      expect(final).toMatchObject({ status: "completed", progress: 100, attempts: 1 });
      expect(final.events.map((e) => e.message)).toContain("Waiting for child jobs");
      expect(final.events.map((e) => e.message)).toContain("Child jobs finished; continuing");
      const result = final.result as { discovery: { created: number; skipped: { suppressed: number; cooldown: number } }; compose: { drafted: number; approved: number } };
      expect(result.discovery.created).toBe(domains.length - 3);
      expect(result.discovery.skipped).toEqual({ suppressed: 2, cooldown: 1 });
      expect(result.compose.drafted + result.compose.approved).toBe(shouldDraft.length);

      // The board filled live: every prospect got at least one event.
      await prospectEvents.waitFor(() => new Set(prospectEvents.events.map((e) => e.prospectId)).size >= prospects.length);
      await prospectEvents.stop();

      // Running discovery again finds the same sites and creates nothing.
      const again = await runDiscovery(user.id, campaign.id);
      expect(again.last.status).toBe("completed");
      expect(await db.prospect.count({ where: { campaignId: campaign.id } })).toBe(domains.length);
      expect(await db.emailLog.count({ where: { prospect: { campaignId: campaign.id } } })).toBe(shouldDraft.length);
      const againRow = await db.job.findUniqueOrThrow({ where: { id: again.row.id } });
      expect(againRow.result).toMatchObject({ discovery: { created: 0, alreadyInCampaign: domains.length } });
    },
  );

  it("an enrich batch that fails for good (Hunter plan used up) raises an alert and the parent still completes", { timeout: 120_000 }, async () => {
    const { db } = t.deps;
    const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["collage"], searchDepth: 5 });
    hunter.control.setUsageExhausted(true);
    try {
      const { row, last } = await runDiscovery(user.id, campaign.id, ["collage"]);
      expect(last).toMatchObject({ status: "completed", progress: 100 });
      const children = await db.job.findMany({ where: { parentId: row.id } });
      expect(children.map((c) => [c.jobType, c.status, c.attempts])).toEqual([["enrich", "failed", 1]]);
      expect(children[0]!.errorMessage).toMatch(/429.*alert raised/);
      const alerts = await db.alert.findMany({ where: { userId: user.id } });
      expect(alerts.map((a) => [a.provider, a.kind, a.campaignId])).toEqual([["hunter", "quota", campaign.id]]);
      expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "discovered" } })).toBe(5);
      const final = await db.job.findUniqueOrThrow({ where: { id: row.id } });
      expect(final.result).toMatchObject({ enrichment: { batches: 1, failedBatches: 1, enriched: 0 }, compose: { batches: 0 } });

      // Once Hunter works again, the next run enriches what the failed batch left behind.
      hunter.control.setUsageExhausted(false);
      const again = await runDiscovery(user.id, campaign.id, ["collage"]);
      expect(again.last.status).toBe("completed");
      expect(await db.job.findUniqueOrThrow({ where: { id: again.row.id } })).toMatchObject({
        result: { discovery: { created: 0, toEnrich: 5 }, enrichment: { failedBatches: 0, enriched: 5 } },
      });
      expect(await db.prospect.count({ where: { campaignId: campaign.id, stage: "discovered" } })).toBe(0);
    } finally {
      hunter.control.setUsageExhausted(false);
    }
  });

  it("a DataForSEO auth failure raises an alert and fails the job at once, without retries", { timeout: 60_000 }, async () => {
    const { db } = t.deps;
    // Keywords nobody searched yet: a cached SERP would not reach the provider at all.
    const { user, campaign } = await seedCampaign(t.deps.db, { keywords: ["linocut"], searchDepth: DEPTH });
    dfs.control.injectFaults({ status: 401 });
    const before = dfs.control.stats().requests;
    try {
      const { row, last } = await runDiscovery(user.id, campaign.id, ["linocut"]);
      expect(last.status).toBe("failed");
      const final = await db.job.findUniqueOrThrow({ where: { id: row.id } });
      expect(final).toMatchObject({ status: "failed", attempts: 1 });
      expect(final.errorMessage).toMatch(/40100|not authorized/i);
      expect(dfs.control.stats().requests - before).toBe(1);
      const alerts = await db.alert.findMany({ where: { userId: user.id } });
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ provider: "dataforseo", kind: "auth", campaignId: campaign.id, resolvedAt: null });
      expect(await db.prospect.count({ where: { campaignId: campaign.id } })).toBe(0);
      expect(await db.job.count({ where: { parentId: row.id } })).toBe(0);
    } finally {
      dfs.control.clearFaults();
    }
  });
});
