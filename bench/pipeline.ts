/**
 * Pipeline throughput: prospects per second through discover -> enrich -> score (a real worker
 * process, WORKER_CONCURRENCY 4, every provider faked with zero latency; drafting is kept out by a
 * minimum score no site reaches), against a BullMQ no-op job baseline on the same Redis (no-op jobs
 * per second with the same concurrency), measured in the same run.
 */
import { randomUUID } from "node:crypto";
import { createEventBus, loadEnv } from "@outreach/contracts";
import { closeQueues, createQueues, startJob } from "@outreach/core/jobs";
import { createDb } from "@outreach/db";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL } from "@outreach/testkit";
import { spawnWorker } from "@outreach/testkit/worker";
import { startSandbox } from "@outreach/fakes";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const KEYWORDS = ["ceramics magazine", "printmaking blog", "textile art open call", "sculpture gallery", "photography zine", "painting residency", "glass art journal", "illustration blog"];
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

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

export async function benchPipeline(opts: { keywords?: number; depth?: number } = {}) {
  const keywords = KEYWORDS.slice(0, opts.keywords ?? Number(process.env.BENCH_PIPELINE_KEYWORDS ?? 5));
  const depth = opts.depth ?? Number(process.env.BENCH_PIPELINE_DEPTH ?? 50);
  const database = await createTestDatabase("benchpipe");
  const prefix = `bench-${randomUUID()}`;
  const sandbox = await startSandbox({ env: {} });
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
    env: { ...sandbox.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: "bench-pipeline-secret-0123456789abcdef-0123", PUBLIC_URL: "http://127.0.0.1:4000", WORKER_CONCURRENCY: "4" },
    readyTimeoutMs: 120_000,
  });

  const start = performance.now();
  const row = await startJob(deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords } });
  let status = "pending";
  const end = Date.now() + 600_000;
  while (status !== "completed" && status !== "failed" && Date.now() < end) {
    await sleep(100);
    status = (await db.job.findUniqueOrThrow({ where: { id: row.id } })).status;
  }
  const seconds = (performance.now() - start) / 1000;
  if (status !== "completed") throw new Error(`discovery ${status}: ${worker.output().slice(-2000)}`);
  const prospects = await db.prospect.count({ where: { campaignId: campaign.id } });
  const scored = await db.prospect.count({ where: { campaignId: campaign.id, score: { not: null } } });
  await worker.stop();

  const noop = await noopJobsPerSecond(`${prefix}-noop`);
  const perSecond = scored / seconds;
  const result = { keywords: keywords.length, depth, prospects, scored, seconds, perSecond, noopPerSecond: noop, ratio: perSecond / noop };
  console.log(
    `Pipeline: ${scored} of ${prospects} prospects discovered, enriched and scored in ${seconds.toFixed(1)} s = ${perSecond.toFixed(2)}/s ` +
      `(${keywords.length} keywords x depth ${depth}) | BullMQ no-op jobs ${noop.toFixed(0)}/s | ratio ${result.ratio.toFixed(4)}`,
  );
  await closeQueues(queues);
  await bus.close();
  await db.$disconnect();
  await database.drop();
  await sandbox.close();
  await deleteRedisPrefix(prefix);
  await deleteRedisPrefix(`${prefix}-noop`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPipeline();
  process.exit(0);
}
