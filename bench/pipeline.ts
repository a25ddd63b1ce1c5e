/**
 * Pipeline throughput: prospects per second through discover -> enrich -> score (a real worker
 * process, WORKER_CONCURRENCY 4, every provider faked with zero latency; drafting is kept out by a
 * minimum score no site reaches), against a BullMQ no-op job baseline on the same Redis (no-op jobs
 * per second with the same concurrency), measured in the same run.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEventBus, loadEnv } from "@outreach/contracts";
import { closeQueues, createQueues } from "@outreach/core/jobs/queues";
import { startJob } from "@outreach/core/jobs/service";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/db/test-database";
import { startSandbox } from "@outreach/fakes";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const KEYWORDS = ["ceramics magazine", "printmaking blog", "textile art open call", "sculpture gallery", "photography zine", "painting residency", "glass art journal", "illustration blog"];
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function deletePrefix(prefix: string) {
  const redis = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
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

  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: root,
    env: { ...process.env, ...sandbox.env, NODE_ENV: "test", DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: "bench-pipeline-secret-0123456789abcdef-0123", PUBLIC_URL: "http://127.0.0.1:4000", WORKER_CONCURRENCY: "4" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise((r) => child.once("exit", r));
  const readyBy = Date.now() + 120_000;
  while (!out.includes("worker ready")) {
    if (child.exitCode !== null || Date.now() > readyBy) throw new Error(`pipeline worker did not start:\n${out}`);
    await sleep(50);
  }

  const start = performance.now();
  const row = await startJob(deps, { type: "discover", userId: user.id, campaignId: campaign.id, params: { keywords } });
  let status = "pending";
  const end = Date.now() + 600_000;
  while (status !== "completed" && status !== "failed" && Date.now() < end) {
    await sleep(100);
    status = (await db.job.findUniqueOrThrow({ where: { id: row.id } })).status;
  }
  const seconds = (performance.now() - start) / 1000;
  if (status !== "completed") throw new Error(`discovery ${status}: ${out.slice(-2000)}`);
  const prospects = await db.prospect.count({ where: { campaignId: campaign.id } });
  const scored = await db.prospect.count({ where: { campaignId: campaign.id, score: { not: null } } });
  child.kill("SIGTERM");
  await exited;

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
  await deletePrefix(prefix);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPipeline();
  process.exit(0);
}
