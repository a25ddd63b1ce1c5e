import { QUEUE_NAMES, createEventBus, loadEnv, settlesWithin } from "@outreach/contracts";
import { createQueues, closeQueues } from "@outreach/core/jobs";
import { loadWorkerSettings, startWorkers, type WorkerPool } from "./runtime/runner.ts";
import { shutdownTimeline } from "./runtime/shutdown.ts";
import { startDeliverySchedulers, type DeliverySchedulers } from "./runtime/ticks.ts";
import { createDb } from "@outreach/db";
import { checkMailboxKey } from "@outreach/core/mailboxes";
import { processors } from "./processors/index.ts";

/**
 * The worker process: one BullMQ Worker per queue that has a processor. SIGTERM/SIGINT stop
 * taking jobs, let running ones finish (or hand them back), close everything and exit 0, all
 * within the lock time counted from the signal (WorkerPool#close).
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

// Set as soon as each part runs, so a signal during start-up closes what already takes jobs.
let pool: WorkerPool | undefined;
let schedulers: DeliverySchedulers | undefined;

async function start() {
  await checkMailboxKey(db, env);
  pool = await startWorkers(deps, processors, settings);
  await pool.ready();
  // Job schedulers (reconcile stuck sends, follow-up sweep, reply sync): upserted at every boot.
  if (!stopping) schedulers = await startDeliverySchedulers(deps);
  return pool;
}

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  const since = Date.now();
  const lockMs = settings.WORKER_LOCK_DURATION_MS;
  const graceMs = settings.WORKER_SHUTDOWN_GRACE_MS ?? Math.floor(lockMs / 2);
  const { forceAtMs, exitByMs } = shutdownTimeline(lockMs, graceMs);
  // Last resort if a close below hangs in a way nothing here bounds: another worker may take
  // this one's jobs once the lock time is over, so the process must not outlive it.
  setTimeout(() => {
    console.error(`worker: shutdown still busy ${exitByMs} ms after ${signal}; exiting before the lock time (${lockMs} ms) ends`);
    process.exit(1);
  }, exitByMs).unref();
  console.log(`worker: ${signal} received, finishing running jobs`);
  const phases: string[] = [];
  const phase = async (name: string, work: () => Promise<unknown>) => {
    const t = Date.now();
    await work();
    phases.push(`${name} ${Date.now() - t} ms`);
  };
  try {
    // A start-up still waiting for Redis gets until the jobs' deadline; whatever is up by then is closed.
    await settlesWithin(started, since + forceAtMs - Date.now());
    let abandoned = false;
    await phase("jobs", async () => {
      const [closed] = await Promise.all([pool?.close(graceMs, since), schedulers?.close(since + forceAtMs)]);
      abandoned = closed?.abandoned ?? false;
    });
    // Closing connections gets what is left of the lock, less a margin for the process exit; a
    // processor that was abandoned may still hold a database connection, so that wait is short.
    const left = () => since + exitByMs - 150 - Date.now();
    await phase("queues", () => closeQueues(queues, Math.min(500, left())));
    await phase("events", () => bus.close());
    await phase("database", () => settlesWithin(db.$disconnect(), Math.min(abandoned ? 100 : 1000, left())));
    console.log(`worker stopped in ${Date.now() - since} ms (${phases.join(", ")})${abandoned ? "; jobs that did not stop in time go back to the queue when their locks expire" : ""}`);
    process.exit(0);
  } catch (err) {
    console.error(`worker: shutdown failed: ${(err as Error).message}`);
    process.exit(1);
  }
}

const started = start().catch((err: Error) => {
  console.error(`worker: cannot start: ${err.message}`);
  process.exit(1);
});
await started;
const idle = QUEUE_NAMES.filter((q) => !pool!.queues.includes(q));
if (!stopping) console.log(`worker ready: ${pool!.queues.join(", ")}${idle.length ? ` (no processor yet: ${idle.join(", ")})` : ""}`);
