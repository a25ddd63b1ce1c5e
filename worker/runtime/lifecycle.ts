import { jobRowIdFromQueueJobId, parsePayload, type JobPayload, type QueueName } from "@outreach/contracts";
import { Prisma, type Job as JobRow, type LogLevel } from "@outreach/db";
import { DelayedError, UnrecoverableError, WaitingChildrenError, WaitingError, type Job as BullJob } from "bullmq";
import { isCancelRequested, JobCancelledError, publishJob, WorkerShutdownError, type JobDeps } from "@outreach/core/jobs";
import { WAIT_BUDGETS, type CallerWaits } from "@outreach/providers";

/** Abort reasons a worker passes to Worker#cancelJob / cancelAllJobs. */
export const ABORT_CANCELLED = "cancelled";
export const ABORT_SHUTDOWN = "shutdown";

/** What a processor gets: its validated payload, its Job row, and the reporting/cancel hooks. */
export interface RunningJob<Q extends QueueName = QueueName> {
  queue: Q;
  /** Job row id. */
  id: string;
  payload: JobPayload<Q>;
  /** The Job row as it was when this attempt started (status running). */
  row: JobRow;
  /** 1-based attempt number. */
  attempt: number;
  bull: BullJob;
  /** The worker's lock token (BullMQ's moveToWaitingChildren / moveToDelayed need it). */
  token: string | undefined;
  /**
   * Set when a flow parent comes back after waiting for its children: the step it stored in
   * bull.data.flowStep (see FLOW_STEP_KEY). Undefined on a first start.
   */
  flowStep: string | undefined;
  /** Aborted when the user cancels the job or the worker is shutting down. */
  signal: AbortSignal;
  /**
   * Records progress (0-100): updates the row, appends a JobEvent, calls job.updateProgress and
   * publishes jobProgress + jobUpdated. Call it between batches; it also notices cancellation.
   */
  report(progress: number, message?: string, level?: LogLevel): Promise<void>;
  /** Appends a JobEvent without changing progress, published live like a report. */
  log(message: string, level?: LogLevel): Promise<void>;
  /**
   * How this job's provider calls wait: each wait becomes a JobEvent line (published live), and no
   * call waits longer in total than the job's lock time (WAIT_BUDGETS.job).
   */
  providerWaits: CallerWaits;
  /** Throws JobCancelledError / WorkerShutdownError when the job must stop. Cheap: call it often. */
  throwIfCancelled(): Promise<void>;
}

/** A processor: a pure function of (job, deps) returning the JSON result stored on the row. */
export type JobProcessor<Q extends QueueName = QueueName> = (job: RunningJob<Q>, deps: JobDeps) => Promise<unknown>;

/** The function handed to a BullMQ Worker. Three parameters: BullMQ then passes an AbortSignal. */
export type BullProcessor = (bull: BullJob, token: string | undefined, signal: AbortSignal | undefined) => Promise<unknown>;

const FLAG_CHECK_INTERVAL_MS = 500;
/** BullMQ's own default lock time, for a processor wrapped without the worker's settings. */
const DEFAULT_LOCK_DURATION_MS = 30_000;

/**
 * A flow parent (BullMQ "process step jobs" pattern) stores its next step under this key of its
 * BullMQ job data before it throws WaitingChildrenError. When it is processed again the lifecycle
 * treats it as a continuation: the row stays running, its progress is kept.
 */
export const FLOW_STEP_KEY = "flowStep";

function flowStepOf(bull: BullJob): string | undefined {
  const v = (bull.data as Record<string, unknown> | undefined)?.[FLOW_STEP_KEY];
  return typeof v === "string" && v ? v : undefined;
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 2000) || "Unknown error";
}

/**
 * Wraps a processor with the Job row lifecycle: running -> completed | pending (another attempt
 * follows) | failed | cancelled, with a JobEvent and published events at every step.
 */
export function wrapProcessor<Q extends QueueName>(
  queue: Q,
  processor: JobProcessor<Q>,
  deps: JobDeps,
  opts: { lockDurationMs?: number } = {},
): BullProcessor {
  const waitBudget = WAIT_BUDGETS.job(opts.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS);
  const { db } = deps;

  async function finish(rowId: string, data: Prisma.JobUpdateManyMutationInput, event: { level: LogLevel; message: string }) {
    const { count } = await db.job.updateMany({ where: { id: rowId, status: { in: ["pending", "running"] } }, data });
    const row = await db.job.findUnique({ where: { id: rowId } });
    if (count === 1 && row) {
      await db.jobEvent.create({ data: { jobId: rowId, level: event.level, message: event.message, progress: row.progress } });
      await publishJob(deps, row, event.message);
    }
    return row;
  }

  async function markCancelled(rowId: string) {
    await finish(rowId, { status: "cancelled", finishedAt: new Date() }, { level: "warn", message: "Cancelled by the user" });
  }

  return async (bull, token, signalArg) => {
    const signal = signalArg ?? new AbortController().signal;
    let payload: JobPayload<Q>;
    try {
      payload = parsePayload(queue, bull.data);
    } catch (err) {
      const rowId = jobRowIdFromQueueJobId(bull.id ?? "");
      if (rowId) {
        await finish(rowId, { status: "failed", errorMessage: `Invalid job payload: ${errorMessage(err)}`, finishedAt: new Date() }, {
          level: "error",
          message: "Invalid job payload",
        });
      }
      throw new UnrecoverableError(`Invalid job payload: ${errorMessage(err)}`);
    }
    const rowId = payload.jobRowId;
    const before = await db.job.findUnique({ where: { id: rowId } });
    // The row is gone (its campaign was deleted) or already settled (a duplicate delivery): no work.
    if (!before) return { skipped: "job row no longer exists" };
    if (before.status === "completed") return before.result;
    if (before.status === "cancelled" || before.status === "failed") {
      throw new UnrecoverableError(`Job row is already ${before.status}`);
    }
    if (await isCancelRequested(deps, rowId)) {
      await markCancelled(rowId);
      throw new UnrecoverableError("Cancelled by the user");
    }

    const attempt = bull.attemptsMade + 1;
    const maxAttempts = bull.opts.attempts ?? 1;
    const flowStep = flowStepOf(bull);
    const continued = before.status === "running" && flowStep !== undefined;
    const resumed = before.status === "running" && !continued;
    const startMessage = continued
      ? "Child jobs finished; continuing"
      : resumed
      ? `Picked up again after the previous worker stopped responding (attempt ${attempt} of ${maxAttempts})`
      : attempt > 1
        ? `Retrying (attempt ${attempt} of ${maxAttempts})`
        : "Started";
    const { count } = await db.job.updateMany({
      where: { id: rowId, status: { in: ["pending", "running"] } },
      data: { status: "running", startedAt: before.startedAt ?? new Date(), attempts: attempt, progress: continued ? before.progress : 0, errorMessage: null },
    });
    if (count !== 1) throw new UnrecoverableError("Job row was settled while starting");
    let row = await db.job.findUniqueOrThrow({ where: { id: rowId } });
    await db.jobEvent.create({ data: { jobId: rowId, level: resumed ? "warn" : "info", message: startMessage, progress: row.progress } });
    await publishJob(deps, row, startMessage);

    let lastFlagCheck = Date.now();
    const throwIfCancelled = async () => {
      if (signal.aborted) throw signal.reason === ABORT_SHUTDOWN ? new WorkerShutdownError() : new JobCancelledError();
      if (Date.now() - lastFlagCheck >= FLAG_CHECK_INTERVAL_MS) {
        lastFlagCheck = Date.now();
        // Catches a cancel message this worker missed (e.g. it was reconnecting).
        if (await isCancelRequested(deps, rowId)) throw new JobCancelledError();
      }
    };
    const running: RunningJob<Q> = {
      queue,
      id: rowId,
      payload,
      row,
      attempt,
      bull,
      token,
      flowStep,
      signal,
      async report(progress, message, level = "info") {
        await throwIfCancelled();
        const value = Math.max(0, Math.min(100, Math.round(progress)));
        const text = message ?? `${value}%`;
        [row] = await db.$transaction([
          db.job.update({ where: { id: rowId }, data: { progress: value } }),
          db.jobEvent.create({ data: { jobId: rowId, level, message: text, progress: value } }),
        ]);
        await bull.updateProgress(value);
        await publishJob(deps, row, text);
      },
      async log(message, level = "info") {
        await db.jobEvent.create({ data: { jobId: rowId, level, message, progress: row.progress } });
        await publishJob(deps, row, message);
      },
      providerWaits: {
        onWait: (wait) => running.log(wait.message, "warn"),
        retry: waitBudget,
      },
      throwIfCancelled,
    };

    try {
      const result = await processor(running, deps);
      if (signal.aborted && signal.reason === ABORT_CANCELLED) throw new JobCancelledError();
      const json = (result ?? null) as Prisma.InputJsonValue;
      await finish(
        rowId,
        { status: "completed", progress: 100, result: result == null ? Prisma.DbNull : json, finishedAt: new Date(), errorMessage: null },
        { level: "info", message: "Completed" },
      );
      return result;
    } catch (err) {
      if (err instanceof WaitingChildrenError || (err as Error)?.name === "WaitingChildrenError") {
        // A flow parent moved itself to waiting-children: the row stays running until it returns.
        await db.jobEvent.create({ data: { jobId: rowId, level: "info", message: "Waiting for child jobs", progress: row.progress } });
        throw err;
      }
      if (err instanceof DelayedError || (err as Error)?.name === "DelayedError") {
        // A flow parent looks again later (waitForChildRows): the row stays running, no attempt used.
        throw err;
      }
      const cancelled = err instanceof JobCancelledError || (signal.aborted && signal.reason === ABORT_CANCELLED);
      if (cancelled) {
        await markCancelled(rowId);
        throw new UnrecoverableError("Cancelled by the user");
      }
      const shutdown = err instanceof WorkerShutdownError || (signal.aborted && signal.reason === ABORT_SHUTDOWN);
      if (shutdown && token) {
        // Hand the job back untouched: it waits for the next worker, no attempt is used up.
        await finish(rowId, { status: "pending" }, { level: "warn", message: "Worker shut down; the job went back to the queue" });
        await bull.moveToWait(token);
        throw new WaitingError();
      }
      const message = errorMessage(err);
      const final = err instanceof UnrecoverableError || attempt >= maxAttempts;
      if (final) {
        await finish(rowId, { status: "failed", errorMessage: message, finishedAt: new Date() }, {
          level: "error",
          message: `Failed: ${message}`,
        });
      } else {
        await finish(rowId, { status: "pending", errorMessage: message }, {
          level: "warn",
          message: `Attempt ${attempt} of ${maxAttempts} failed: ${message}. Retrying after a backoff.`,
        });
      }
      throw err;
    }
  };
}

/**
 * Safety net for failures the wrapper never saw (a job that stalled too often, a worker that
 * could not even start it): called from the Worker's `failed` event, settles a row still open.
 */
export async function settleFailedQueueJob(deps: JobDeps, bull: BullJob | undefined, err: Error): Promise<void> {
  if (!bull) return;
  const rowId = (bull.data as { jobRowId?: string } | undefined)?.jobRowId ?? jobRowIdFromQueueJobId(bull.id ?? "");
  if (!rowId) return;
  const final = err instanceof UnrecoverableError || err.name === "UnrecoverableError" || bull.attemptsMade >= (bull.opts.attempts ?? 1);
  if (!final) return;
  const message = errorMessage(err);
  const { count } = await deps.db.job.updateMany({
    where: { id: rowId, status: { in: ["pending", "running"] } },
    data: { status: "failed", errorMessage: message, finishedAt: new Date() },
  });
  if (count !== 1) return;
  const row = await deps.db.job.findUniqueOrThrow({ where: { id: rowId } });
  await deps.db.jobEvent.create({ data: { jobId: rowId, level: "error", message: `Failed: ${message}`, progress: row.progress } });
  await publishJob(deps, row, `Failed: ${message}`);
}
