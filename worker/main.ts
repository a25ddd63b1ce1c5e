import { QUEUE_NAMES, createEventBus, loadEnv } from "@outreach/contracts";
import { createQueues, closeQueues } from "@outreach/core/jobs/queues";
import { loadWorkerSettings, startWorkers } from "@outreach/core/jobs/runner";
import { startDeliverySchedulers } from "@outreach/core/delivery/schedulers";
import { createDb } from "@outreach/db";
import { processors } from "./processors/index.ts";

/**
 * The worker process: one BullMQ Worker per queue that has a processor. SIGTERM/SIGINT stop
 * taking jobs, let running ones finish (or hand them back) within the lock time, close
 * everything and exit 0.
 */
const env = loadEnv();
const settings = loadWorkerSettings();
const db = createDb(env.DATABASE_URL, { max: Math.max(4, env.WORKER_CONCURRENCY + 2) });
const bus = createEventBus(env.REDIS_URL, env.REDIS_PREFIX);
const queues = createQueues(env.REDIS_URL, env.REDIS_PREFIX);
const deps = { db, bus, queues, env };

// Handlers go in before anything starts, so a signal during start-up (or right after "ready"
// is printed) still shuts down cleanly instead of killing the process.
let stopping = false;
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

async function start() {
  const pool = await startWorkers(deps, processors, settings);
  await pool.ready();
  // Job schedulers (reconcile stuck sends, follow-up sweep, reply sync): upserted at every boot.
  const schedulers = await startDeliverySchedulers(deps);
  return { pool, schedulers };
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`worker: ${signal} received, finishing running jobs`);
  try {
    const { pool, schedulers } = await started;
    await pool.close();
    await schedulers.close();
    await closeQueues(queues);
    await bus.close();
    await db.$disconnect();
    console.log("worker stopped");
    process.exit(0);
  } catch (err) {
    console.error(`worker: shutdown failed: ${(err as Error).message}`);
    process.exit(1);
  }
}

const started = start();
const { pool } = await started;
const idle = QUEUE_NAMES.filter((q) => !pool.queues.includes(q));
if (!stopping) console.log(`worker ready: ${pool.queues.join(", ")}${idle.length ? ` (no processor yet: ${idle.join(", ")})` : ""}`);
