import { createRedis, type QueueName } from "@outreach/contracts";
import { Worker } from "bullmq";
import { z } from "zod";
import type { JobDeps } from "./deps.ts";
import { ABORT_CANCELLED, ABORT_SHUTDOWN, settleFailedQueueJob, wrapProcessor, type JobProcessor } from "./lifecycle.ts";
import { queuePrefix } from "./queues.ts";
import { listenForCancels, publishJob } from "./signals.ts";

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
  /** How often open Job rows are compared with their BullMQ jobs (0 = only at start). */
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
   */
  close(graceMs?: number): Promise<void>;
}

/** One BullMQ Worker per queue that has a processor, with the project's lifecycle around each. */
export async function startWorkers(deps: JobDeps, processors: Processors, settings: WorkerSettings = loadWorkerSettings()): Promise<WorkerPool> {
  const { env } = deps;
  const prefix = queuePrefix(deps.queues);
  const connection = createRedis("worker", env.REDIS_URL);
  const names = (Object.keys(processors) as QueueName[]).filter((q) => processors[q]);
  const workers = names.map((queue) => {
    const processor = wrapProcessor(queue, processors[queue] as JobProcessor<typeof queue>, deps);
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

  const reconcile = () =>
    reconcileOpenJobs(deps, names).catch((e) => console.error(`[worker] reconcile failed: ${(e as Error).message}`));
  await reconcile();
  const timer = settings.WORKER_RECONCILE_INTERVAL_MS > 0 ? setInterval(reconcile, settings.WORKER_RECONCILE_INTERVAL_MS) : undefined;
  timer?.unref();

  let closing: Promise<void> | undefined;
  return {
    workers,
    queues: names,
    async ready() {
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    close(graceMs = settings.WORKER_SHUTDOWN_GRACE_MS ?? Math.floor(settings.WORKER_LOCK_DURATION_MS / 2)) {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        const handBack = setTimeout(() => workers.forEach((w) => w.cancelAllJobs(ABORT_SHUTDOWN)), graceMs);
        // A processor that never checks its signal must not keep the process alive past its lock:
        // force-close, and the stalled check on another worker picks the job up again.
        const force = setTimeout(() => workers.forEach((w) => void w.close(true)), Math.max(graceMs, settings.WORKER_LOCK_DURATION_MS - 250));
        await Promise.allSettled(workers.map((w) => w.close()));
        clearTimeout(handBack);
        clearTimeout(force);
        await stopListening();
        if (connection.status !== "end") await connection.quit().catch(() => connection.disconnect());
      })();
      return closing;
    },
  };
}

/**
 * Makes open Job rows agree with BullMQ, so that a row never stays `running` (or `pending`) after
 * its BullMQ job is gone, failed or finished: e.g. a worker died and the job later failed
 * elsewhere, or Redis lost its data. Active jobs are left to BullMQ's stalled checks.
 */
export async function reconcileOpenJobs(deps: JobDeps, queues: QueueName[]): Promise<number> {
  const rows = await deps.db.job.findMany({
    where: { status: { in: ["pending", "running"] }, jobType: { in: queues }, updatedAt: { lt: new Date(Date.now() - 5_000) } },
    take: 500,
  });
  let fixed = 0;
  for (const row of rows) {
    if (!row.queueJobId) continue;
    const bull = await deps.queues[row.jobType as QueueName].getJob(row.queueJobId);
    const state = bull ? await bull.getState() : "missing";
    let data: { status: "failed" | "pending" | "completed"; errorMessage?: string; finishedAt?: Date; progress?: number } | undefined;
    let message = "";
    if (state === "missing" || state === "unknown") {
      data = { status: "failed", errorMessage: "The queued job was lost (Redis no longer has it); retry the job", finishedAt: new Date() };
      message = `Failed: ${data.errorMessage}`;
    } else if (state === "failed") {
      data = { status: "failed", errorMessage: bull?.failedReason || "Failed in the queue", finishedAt: new Date() };
      message = `Failed: ${data.errorMessage}`;
    } else if (state === "completed") {
      data = { status: "completed", progress: 100, finishedAt: new Date() };
      message = "Completed";
    } else if (row.status === "running" && (state === "waiting" || state === "delayed" || state === "prioritized")) {
      data = { status: "pending" };
      message = "The worker stopped; the job is back in the queue";
    }
    if (!data) continue;
    const { count } = await deps.db.job.updateMany({ where: { id: row.id, status: row.status, updatedAt: row.updatedAt }, data });
    if (count !== 1) continue;
    fixed++;
    const updated = await deps.db.job.findUniqueOrThrow({ where: { id: row.id } });
    await deps.db.jobEvent.create({ data: { jobId: row.id, level: data.status === "failed" ? "error" : "warn", message, progress: updated.progress } });
    await publishJob(deps, updated, message);
  }
  return fixed;
}
