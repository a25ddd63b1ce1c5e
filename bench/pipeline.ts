/**
 * Pipeline throughput: prospects per second through discover -> enrich -> score (a real worker
 * process, WORKER_CONCURRENCY 4; drafting is kept out by a minimum score no site reaches).
 * - Providers faked with zero latency: against a BullMQ no-op job baseline on the same Redis (no-op
 *   jobs per second with the same concurrency), measured in the same run. Target: 10 prospects/s.
 * - `realistic`: the fakes answer after a provider's usual latency, and the figure is compared with
 *   the bound the providers' limits and those latencies allow for this run's own calls. Target: 0.9
 *   of that bound.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createEventBus, loadEnv } from "@outreach/contracts";
import { closeQueues, createQueues, startJob } from "@outreach/core/jobs";
import { createDb } from "@outreach/db";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL } from "@outreach/testkit";
import { spawnWorker } from "@outreach/testkit/worker";
import { startSandbox } from "@outreach/fakes";
import { DEFAULT_LIMITS } from "@outreach/providers";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const KEYWORDS = ["ceramics magazine", "printmaking blog", "textile art open call", "sculpture gallery", "photography zine", "painting residency", "glass art journal", "illustration blog"];
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
export const PIPELINE_TARGET = { perSecond: 10, fractionOfBound: 0.9 };
/** Latency per call at `realistic` (providers.md; DataForSEO's live SERP takes 2-6 s). */
export const REALISTIC_LATENCY_MS = { dataforseo: 4000, hunter: 300, web: 200 };

type Stats = { requests: number; byPath: Record<string, number> };
const calls = (stats: Stats, path: string) => stats.byPath[path] ?? 0;

/** Shortest time `n` calls can take under a provider's limits (each window may start full). */
function limitedSeconds(n: number, limits: Array<{ points: number; durationSec: number }>): number {
  return Math.max(0, ...limits.map((l) => (Math.ceil(n / l.points) - 1) * l.durationSec));
}

/**
 * What the providers allow for this run's calls: the keywords' SERP calls at once (DataForSEO
 * allows 30 at a time) and one rank call after them, each a DataForSEO latency; then the slowest
 * of the Hunter buckets at its documented limits; then one prospect's own chain of calls (domain
 * search beside the crawl, then its verifications). Limits from packages/providers DEFAULT_LIMITS.
 */
export function pipelineBound(
  run: { scored: number; keywords: number; hunterSearches: number; verifications: number; pagesPerProspect: number; verificationsPerProspect: number },
  latencyMs: typeof REALISTIC_LATENCY_MS,
  limits: Record<string, { limits: Array<{ points: number; durationSec: number }>; concurrency?: number }>,
) {
  const serpRounds = Math.ceil(run.keywords / (limits.dataforseo!.concurrency ?? 1));
  const dataforseo = ((serpRounds + 1) * latencyMs.dataforseo) / 1000;
  const search = limitedSeconds(run.hunterSearches, limits.hunter!.limits);
  const verify = limitedSeconds(run.verifications, limits["hunter.verifier"]!.limits);
  const oneProspect = (Math.max(latencyMs.hunter, run.pagesPerProspect * latencyMs.web) + run.verificationsPerProspect * latencyMs.hunter) / 1000;
  const seconds = dataforseo + Math.max(search, verify) + oneProspect;
  return {
    seconds,
    perSecond: run.scored / seconds,
    explanation:
      `DataForSEO ${serpRounds} round(s) of SERP calls and one rank call at ${latencyMs.dataforseo} ms (${dataforseo.toFixed(1)} s), ` +
      `then the slower of ${run.hunterSearches} Hunter domain searches (${search.toFixed(1)} s at its limits) and ${run.verifications} verifications (${verify.toFixed(1)} s at its limits), ` +
      `then one prospect's own calls (${oneProspect.toFixed(2)} s): ${seconds.toFixed(1)} s for ${run.scored} prospects`,
  };
}

/** BullMQ no-op jobs per second: `count` jobs added in bulk, then one Worker (concurrency 4) drains them. */
export async function noopJobsPerSecond(prefix: string, count = 3000) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue("noop", { connection, prefix });
  for (let i = 0; i < count; i += 500) {
    await queue.addBulk(Array.from({ length: Math.min(500, count - i) }, (_, j) => ({ name: "noop", data: { i: i + j }, opts: { jobId: `noop.${i + j}`, removeOnComplete: true } })));
  }
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const start = performance.now();
  const worker = new Worker("noop", async () => undefined, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: 4 });
  worker.on("completed", () => ++done === count && finished());
  await all;
  const seconds = (performance.now() - start) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return count / seconds;
}

export async function benchPipeline(opts: { keywords?: number; depth?: number; realistic?: boolean } = {}) {
  const keywords = KEYWORDS.slice(0, opts.keywords ?? Number(process.env.BENCH_PIPELINE_KEYWORDS ?? 5));
  const depth = opts.depth ?? Number(process.env.BENCH_PIPELINE_DEPTH ?? 50);
  const database = await createTestDatabase("benchpipe");
  const prefix = `bench-${randomUUID()}`;
  const sandbox = await startSandbox({ env: {} });
  const controls = JSON.parse(sandbox.env.FAKE_CONTROL_URLS!) as Record<string, string>;
  const control = async (fake: string, action: string, body: unknown = {}) =>
    (await (await fetch(`${controls[fake]}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as { result: Stats };
  if (opts.realistic) {
    await control("dataforseo", "latency", { ms: REALISTIC_LATENCY_MS.dataforseo });
    await control("hunter", "latency", { ms: REALISTIC_LATENCY_MS.hunter });
    await control("webhost", "latency", { ms: REALISTIC_LATENCY_MS.web });
  }
  const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix });
  const db = createDb(database.url, { max: 3 });
  const bus = createEventBus(REDIS_URL, prefix);
  const queues = createQueues(REDIS_URL, prefix);
  const deps = { db, bus, queues, env };
  const user = await db.user.create({ data: { email: `pipe-${randomUUID()}@example.org`, name: "Bench", passwordHash: "x" } });
  const campaign = await db.campaign.create({
    data: { userId: user.id, name: "Bench", artistName: "Mia Clay", fromName: "Mia", fromEmail: "mia@example.org", keywords, searchDepth: depth, minScore: 1000, cooldownDays: 0 },
  });

  const worker = await spawnWorker({
    env: {
      ...sandbox.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: "bench-pipeline-secret-0123456789abcdef-0123", PUBLIC_URL: "http://127.0.0.1:4000", WORKER_CONCURRENCY: "4",
      // A CPU profile of the worker process, written when it stops (BENCH_CPU_PROF names the folder).
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--import tsx --import ${fileURLToPath(new URL("./cpu-profile.ts", import.meta.url))}` } : {}),
    },
    readyTimeoutMs: 120_000,
  });

  const transactions = async () => {
    const [row] = await db.$queryRaw<Array<{ n: bigint }>>`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`;
    return Number(row!.n);
  };
  const transactionsBefore = await transactions();
  const start = performance.now();
  const row = await startJob(deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords } });
  let status = "pending";
  const end = Date.now() + 600_000;
  while (status !== "completed" && status !== "failed" && Date.now() < end) {
    await sleep(100);
    status = (await db.job.findUniqueOrThrow({ where: { id: row.id } })).status;
  }
  const seconds = (performance.now() - start) / 1000;
  // PostgreSQL's own count of transactions in this database: every statement outside a transaction is one.
  const transactionsDuring = (await transactions()) - transactionsBefore;
  if (status !== "completed") throw new Error(`discovery ${status}: ${worker.output().slice(-2000)}`);
  // Where the time went, from the discovery's own events: search, enrichment, scoring.
  const events = await db.jobEvent.findMany({ where: { jobId: row.id }, orderBy: { seq: "asc" }, select: { message: true, createdAt: true } });
  const at = (prefix: string) => events.find((e) => e.message.startsWith(prefix))?.createdAt.getTime();
  const [searched, enriched, finished] = [at("Found "), at("Enrichment finished"), events.at(-1)?.createdAt.getTime()];
  const phase = (from: number | undefined, to: number | undefined) => (from && to ? `${((to - from) / 1000).toFixed(1)} s` : "?");
  const phases = `search ${phase(row.createdAt.getTime(), searched)}, enrichment ${phase(searched, enriched)}, scoring and finish ${phase(enriched, finished)}`;
  const prospects = await db.prospect.count({ where: { campaignId: campaign.id } });
  const scored = await db.prospect.count({ where: { campaignId: campaign.id, score: { not: null } } });
  await worker.stop();

  const stats = { dataforseo: (await control("dataforseo", "stats")).result, hunter: (await control("hunter", "stats")).result, webhost: (await control("webhost", "stats")).result };
  const hunterSearches = calls(stats.hunter, "/v2/domain-search");
  const verifications = calls(stats.hunter, "/v2/email-verifier");
  const callsText =
    `DataForSEO ${stats.dataforseo.requests} (SERP ${calls(stats.dataforseo, "/v3/serp/google/organic/live/advanced")}, ranks ${calls(stats.dataforseo, "/v3/backlinks/bulk_ranks/live")}), ` +
    `Hunter domain search ${hunterSearches}, verifier ${verifications}, site pages ${stats.webhost.requests}`;

  const noop = opts.realistic ? NaN : await noopJobsPerSecond(`${prefix}-noop`);
  const perSecond = scored / seconds;
  const bound = pipelineBound(
    {
      scored, keywords: keywords.length, hunterSearches, verifications,
      pagesPerProspect: stats.webhost.requests / Math.max(1, prospects), verificationsPerProspect: verifications / Math.max(1, prospects),
    },
    REALISTIC_LATENCY_MS,
    DEFAULT_LIMITS,
  );
  const fraction = bound.seconds / seconds;
  const result = {
    realistic: !!opts.realistic, keywords: keywords.length, depth, prospects, scored, seconds, perSecond, noopPerSecond: noop, ratio: perSecond / noop,
    transactionsPerProspect: transactionsDuring / Math.max(1, prospects), callsText, phases, latencyMs: REALISTIC_LATENCY_MS, bound, fraction,
    target: opts.realistic ? `≥ ${PIPELINE_TARGET.fractionOfBound} of the bound` : `≥ ${PIPELINE_TARGET.perSecond} prospects/s`,
    met: opts.realistic ? fraction >= PIPELINE_TARGET.fractionOfBound : perSecond >= PIPELINE_TARGET.perSecond,
  };
  console.log(
    `Pipeline${opts.realistic ? " at provider latencies" : ""}: ${scored} of ${prospects} prospects discovered, enriched and scored in ${seconds.toFixed(1)} s = ${perSecond.toFixed(2)}/s ` +
      `(${keywords.length} keywords x depth ${depth}) | ${phases} | ${result.transactionsPerProspect.toFixed(1)} SQL transactions per prospect | calls: ${callsText}` +
      (opts.realistic ? ` | bound ${bound.perSecond.toFixed(2)}/s (${bound.explanation}) | fraction ${fraction.toFixed(2)}` : ` | BullMQ no-op jobs ${noop.toFixed(0)}/s | ratio ${result.ratio.toFixed(4)}`) +
      ` | target ${result.target}: ${result.met ? "met" : "MISSED"}`,
  );
  await closeQueues(queues);
  await bus.close();
  await db.$disconnect();
  await database.drop();
  await sandbox.close();
  await deleteRedisPrefix(prefix);
  if (!opts.realistic) await deleteRedisPrefix(`${prefix}-noop`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPipeline({ realistic: process.argv.includes("--realistic") });
  process.exit(0);
}
