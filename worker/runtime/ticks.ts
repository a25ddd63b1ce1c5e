import { DISPATCH_QUEUE, closeRedis, createRedis, settlesWithin } from "@outreach/contracts";
import { Queue, Worker, type Job as BullJob } from "bullmq";
import { z } from "zod";
import { providersForJob, queuePrefix, type JobDeps } from "@outreach/core/jobs";
import { PLACEMENT_DEFAULTS, sweepPlacements, type PlacementDeps } from "@outreach/core/placements";
import { armDispatch, campaignsToDispatch, reconcileStuckSends, sweepFollowUps, mailboxesToSync, syncReplies, withDelivery } from "@outreach/core/outreach";
import dispatch from "../processors/dispatch.ts";

/**
 * The clock of delivery: BullMQ job schedulers (upsertJobScheduler, idempotent, upserted by every
 * worker at boot) on a small queue of their own. A tick is housekeeping, not a user's job: it has
 * no Job row (a row every 30 s would bury the jobs list). Work a user should see (each
 * follow-up, each requeued send) becomes a proper job with a Job row and a deterministic id.
 * - reconcile-sends (every minute): rows stuck in `sending` are looked up in Gmail;
 * - followup-sweep (every minute): due follow-ups are queued as `followup` jobs;
 * - reply-sync (every 30 s): Gmail history per mailbox with recent sends;
 * - dispatch-sweep (every minute): arms the dispatcher of every campaign with approved email, so
 *   nothing waits on a wake-up that was lost (Redis down when it was armed, a crash);
 * - placement-watch (every 6 hours): looks for published features on the sites of prospects that
 *   replied or accepted, and re-checks live placements monthly (core/placements).
 * BullMQ runs one job of a scheduler at a time, so two worker processes never tick twice at once.
 * The same start-up runs the dispatcher's worker (queue `dispatch`, processors/dispatch.ts).
 */
export const DELIVERY_TICK_QUEUE = "delivery-ticks";

export const deliverySettingsSchema = z.object({
  DELIVERY_RECONCILE_EVERY_MS: z.coerce.number().int().min(200).default(60_000),
  DELIVERY_FOLLOWUP_EVERY_MS: z.coerce.number().int().min(200).default(60_000),
  DELIVERY_SYNC_EVERY_MS: z.coerce.number().int().min(200).default(30_000),
  DELIVERY_DISPATCH_SWEEP_EVERY_MS: z.coerce.number().int().min(200).default(60_000),
  /** The watch interval: how often the sites of replied or accepted prospects are checked for the feature. */
  PLACEMENT_WATCH_EVERY_MS: z.coerce.number().int().min(200).default(6 * 3600_000),
  /** A live placement is re-checked this long after its last check. */
  PLACEMENT_RECHECK_AFTER_MS: z.coerce.number().int().min(0).default(PLACEMENT_DEFAULTS.recheckAfterMs),
  /** A `sending` row older than this is looked up in Gmail. */
  SEND_STUCK_AFTER_MS: z.coerce.number().int().min(0).default(2 * 60_000),
  /** Gmail search is not instant: a miss is believed this long after the claim (then requeued). */
  SEND_RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(2 * 60_000),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

export function loadDeliverySettings(source: NodeJS.ProcessEnv = process.env): DeliverySettings {
  return deliverySettingsSchema.parse(source);
}

export type TickName = "reconcile-sends" | "followup-sweep" | "reply-sync" | "dispatch-sweep" | "placement-watch";

/** What the placement watch runs with: the job's database, bus and sandbox web host; providers attributed per campaign. */
export function placementDeps(deps: JobDeps & Partial<Pick<PlacementDeps, "sandboxWebHostUrl" | "lookup" | "now">>): PlacementDeps {
  return {
    db: deps.db,
    bus: deps.bus,
    sandboxWebHostUrl: deps.sandboxWebHostUrl ?? deps.env.SANDBOX_WEB_HOST_URL,
    lookup: deps.lookup,
    now: deps.now,
    providersFor: (context) => providersForJob(deps, context),
  };
}

/** What one tick does (also called directly by tests). */
export async function runTick(deps: JobDeps, name: TickName, settings: DeliverySettings): Promise<unknown> {
  switch (name) {
    case "reconcile-sends":
      return withDelivery(deps, {}, (d) => reconcileStuckSends(d, { stuckAfterMs: settings.SEND_STUCK_AFTER_MS, graceMs: settings.SEND_RECONCILE_GRACE_MS }));
    case "followup-sweep":
      return sweepFollowUps(deps);
    case "dispatch-sweep": {
      const campaigns = await campaignsToDispatch(deps);
      for (const id of campaigns) await armDispatch(deps, id);
      return { armed: campaigns.length };
    }
    case "placement-watch":
      return sweepPlacements(placementDeps(deps), { ...PLACEMENT_DEFAULTS, recheckAfterMs: settings.PLACEMENT_RECHECK_AFTER_MS });
    case "reply-sync": {
      const mailboxes = await mailboxesToSync(deps);
      const out: Record<string, unknown> = {};
      for (const m of mailboxes) {
        try {
          out[m.id] = await withDelivery(deps, { userId: m.userId }, (d) => syncReplies(d, m.id));
        } catch (err) {
          out[m.id] = { error: (err as Error).message };
          console.error(`[reply-sync] mailbox ${m.id}: ${(err as Error).message}`);
        }
      }
      return out;
    }
  }
}

export interface DeliverySchedulers {
  queue: Queue;
  worker: Worker;
  dispatcher: Worker;
  /**
   * Lets a running tick finish until `by` (epoch ms; default: no limit), then drops the
   * connections: an unfinished tick stalls and runs again later (every tick is idempotent).
   */
  close(by?: number): Promise<void>;
}

/** Upserts the job schedulers and starts the tick worker (call once per worker process). */
export async function startDeliverySchedulers(deps: JobDeps, settings: DeliverySettings = loadDeliverySettings()): Promise<DeliverySchedulers> {
  const prefix = queuePrefix(deps.queues);
  const producer = createRedis("producer", deps.env.REDIS_URL);
  const connection = createRedis("worker", deps.env.REDIS_URL);
  const queue = new Queue(DELIVERY_TICK_QUEUE, { connection: producer, prefix });
  queue.on("error", (err) => console.error(`[queue:${DELIVERY_TICK_QUEUE}] ${err.message}`));
  const every: Record<TickName, number> = {
    "reconcile-sends": settings.DELIVERY_RECONCILE_EVERY_MS,
    "followup-sweep": settings.DELIVERY_FOLLOWUP_EVERY_MS,
    "reply-sync": settings.DELIVERY_SYNC_EVERY_MS,
    "dispatch-sweep": settings.DELIVERY_DISPATCH_SWEEP_EVERY_MS,
    "placement-watch": settings.PLACEMENT_WATCH_EVERY_MS,
  };
  for (const [name, ms] of Object.entries(every) as [TickName, number][]) {
    await queue.upsertJobScheduler(name, { every: ms }, { name, data: {}, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 200 }, attempts: 1 } });
  }
  const worker = new Worker(DELIVERY_TICK_QUEUE, async (job: BullJob) => runTick(deps, job.name as TickName, settings), {
    connection,
    prefix,
    concurrency: 4,
  });
  worker.on("error", (err) => console.error(`[worker:${DELIVERY_TICK_QUEUE}] ${err.message}`));
  worker.on("failed", (job, err) => console.error(`[worker:${DELIVERY_TICK_QUEUE}] ${job?.name} failed: ${err.message}`));
  const dispatcher = new Worker(DISPATCH_QUEUE, async (job: BullJob) => dispatch(job, deps), { connection, prefix, concurrency: 8 });
  dispatcher.on("error", (err) => console.error(`[worker:${DISPATCH_QUEUE}] ${err.message}`));
  dispatcher.on("failed", (job, err) => console.error(`[worker:${DISPATCH_QUEUE}] campaign ${job?.data?.campaignId} failed: ${err.message}`));
  await Promise.all([worker.waitUntilReady(), dispatcher.waitUntilReady()]);
  return {
    queue,
    worker,
    dispatcher,
    async close(by = Infinity) {
      const closed = Promise.all([worker.close(), dispatcher.close()]);
      if (by === Infinity) await closed;
      else if (!(await settlesWithin(closed, by - Date.now()))) for (const w of [worker, dispatcher]) void w.disconnect().catch(() => {});
      await settlesWithin(queue.close(), 250);
      await Promise.all([connection, producer].map((c) => closeRedis(c)));
    },
  };
}
