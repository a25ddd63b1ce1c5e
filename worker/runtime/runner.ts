import { closeRedis, createRedis, settlesWithin, type QueueName } from "@outreach/contracts";
import { listenForCancels, queuePrefix, type JobDeps } from "@outreach/core/jobs";
import { Worker } from "bullmq";
import { z } from "zod";
import { ABORT_CANCELLED, ABORT_SHUTDOWN, settleFailedQueueJob, wrapProcessor, type JobProcessor } from "./lifecycle.ts";
import { sweepOrphanedJobs } from "./orphans.ts";
import { shutdownTimeline } from "./shutdown.ts";

/**
 * Worker timing. A job's lock lasts lockDuration and is renewed every lockDuration/2 while the
 * process lives; when a worker dies the lock expires and the next stalled check (every
 * stalledInterval, by any worker) puts the job back in the queue. Tests shrink these.
 */
export const workerSettingsSchema = z.object({
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(200).default(30_000),
  /** How often one job may stall before it fails ("stalled more than allowable limit"). */
  WORKER_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(100).default(2),
  /** On SIGTERM: how long running jobs may continue before they are handed back to the queue. */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).optional(),
  /** How often open Job rows are compared with their BullMQ jobs (orphans.ts; 0 = only at start). */
  WORKER_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
});
export type WorkerSettings = z.infer<typeof workerSettingsSchema>;

export function loadWorkerSettings(source: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const parsed = workerSettingsSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid worker configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export type Processors = Partial<{ [Q in QueueName]: JobProcessor<Q> }>;

export interface WorkerPool {
  workers: Worker[];
  queues: QueueName[];
  /** Resolves once every worker is connected and polling. */
  ready(): Promise<void>;
  /**
   * Stops taking jobs, lets running ones finish for up to graceMs, then asks them to hand their
   * job back to the queue (processors stop at their next checkpoint), then closes connections.
   * All of it within the lock time counted from `since` (the signal): jobs still running at
   * shutdownTimeline's forceAt are abandoned (their locks expire, the stalled check requeues them)
   * and the connections dropped, so a stuck processor or an unreachable Redis cannot hold it up.
   */
  close(graceMs?: number, since?: number): Promise<{ abandoned: boolean }>;
}

/** One BullMQ Worker per queue that has a processor, with the project's lifecycle around each. */
export async function startWorkers(deps: JobDeps, processors: Processors, settings: WorkerSettings = loadWorkerSettings()): Promise<WorkerPool> {
  const { env } = deps;
  const prefix = queuePrefix(deps.queues);
  const connection = createRedis("worker", env.REDIS_URL);
  const names = (Object.keys(processors) as QueueName[]).filter((q) => processors[q]);
  // BullMQ ids of the jobs this pool is running (a shutdown names the ones it had to abandon).
  const running = new Set<string>();
  const workers = names.map((queue) => {
    const wrapped = wrapProcessor(queue, processors[queue] as JobProcessor<typeof queue>, deps, { lockDurationMs: settings.WORKER_LOCK_DURATION_MS });
    const processor: typeof wrapped = async (bull, token, signal) => {
      running.add(bull.id ?? "");
      try {
        return await wrapped(bull, token, signal);
      } finally {
        running.delete(bull.id ?? "");
      }
    };
    const worker = new Worker(queue, processor, {
      connection,
      prefix,
      concurrency: env.WORKER_CONCURRENCY,
      lockDuration: settings.WORKER_LOCK_DURATION_MS,
      stalledInterval: settings.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: settings.WORKER_MAX_STALLED_COUNT,
    });
    worker.on("error", (err) => console.error(`[worker:${queue}] ${err.message}`));
    worker.on("stalled", (jobId) => console.warn(`[worker:${queue}] job ${jobId} stalled and went back to the queue`));
    worker.on("failed", (job, err) => {
      settleFailedQueueJob(deps, job, err).catch((e) => console.error(`[worker:${queue}] could not settle job ${job?.id}: ${(e as Error).message}`));
    });
    return worker;
  });

  const stopListening = await listenForCancels(env.REDIS_URL, prefix, (queueJobId) => {
    for (const w of workers) w.cancelJob(queueJobId, ABORT_CANCELLED);
  });

  // One sweep at a time: a slow one (Redis or PostgreSQL unreachable) is not stacked on.
  let sweeping: Promise<void> | undefined;
  const reconcile = () =>
    (sweeping ??= sweepOrphanedJobs(deps, names)
      .then((c) => {
        if (c.requeued || c.settled || c.childrenRequeued) console.warn(`[worker] orphan sweep: ${c.requeued} lost job(s) queued again, ${c.childrenRequeued} lost child job(s) queued again, ${c.settled} row(s) brought in line with the queue`);
      })
      .catch((e) => console.error(`[worker] orphan sweep failed: ${(e as Error).message}`))
      .finally(() => (sweeping = undefined)));
  await reconcile();
  const timer = settings.WORKER_RECONCILE_INTERVAL_MS > 0 ? setInterval(reconcile, settings.WORKER_RECONCILE_INTERVAL_MS) : undefined;
  timer?.unref();

  let closing: Promise<{ abandoned: boolean }> | undefined;
  return {
    workers,
    queues: names,
    async ready() {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    close(graceMs = settings.WORKER_SHUTDOWN_GRACE_MS ?? Math.floor(settings.WORKER_LOCK_DURATION_MS / 2), since = Date.now()) {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        const { handBackAtMs, forceAtMs } = shutdownTimeline(settings.WORKER_LOCK_DURATION_MS, graceMs);
        const handBack = setTimeout(() => workers.forEach((w) => w.cancelAllJobs(ABORT_SHUTDOWN)), since + handBackAtMs - Date.now());
        // Worker#close waits for running jobs; Worker#close(true) called later only returns that
        // same promise, so forcing means not waiting any longer and dropping the connections.
        const stopped = await settlesWithin(Promise.allSettled(workers.map((w) => w.close())), since + forceAtMs - Date.now());
        clearTimeout(handBack);
        const abandoned = !stopped && running.size > 0;
        if (abandoned) {
          console.warn(`[worker] still running ${forceAtMs} ms after the shutdown began, left to the stalled check (their locks expire): ${[...running].join(", ")}`);
        } else if (!stopped) {
          console.warn(`[worker] no job running, but the queue connections had not closed ${forceAtMs} ms after the shutdown began (Redis unreachable?): dropped`);
        }
        if (!stopped) for (const w of workers) void w.disconnect().catch(() => {});
        await stopListening();
        await closeRedis(connection);
        return { abandoned };
      })();
      return closing;
    },
  };
}
