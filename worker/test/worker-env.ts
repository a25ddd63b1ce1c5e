import type { FakeServer, GmailControl } from "@outreach/fakes";
import type { JobTestEnv } from "@outreach/testkit/jobs";
import { REDIS_URL } from "@outreach/testkit";

/** Environments for `spawnWorker` (@outreach/testkit/worker) in the worker process suites. */

export const SECRET = "delivery-process-test-secret-0123456789abcdef";

/** Delivery suites: a test prefix, the fake Gmail, short locks and a fast reconcile tick. */
export function workerEnv(t: JobTestEnv, fake: FakeServer<GmailControl>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: t.database.url,
    REDIS_URL,
    REDIS_PREFIX: t.prefix,
    GMAIL_API_URL: fake.url,
    GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
    GMAIL_CLIENT_ID: "",
    GMAIL_CLIENT_SECRET: "",
    GMAIL_REFRESH_TOKEN: "",
    JWT_SECRET_KEY: SECRET,
    PUBLIC_URL: "http://127.0.0.1:4000",
    WORKER_CONCURRENCY: "2",
    WORKER_LOCK_DURATION_MS: "1500",
    WORKER_STALLED_INTERVAL_MS: "500",
    WORKER_MAX_STALLED_COUNT: "100",
    WORKER_SHUTDOWN_GRACE_MS: "300",
    JOB_ATTEMPTS: "5",
    JOB_BACKOFF_MS: "100",
    DELIVERY_RECONCILE_EVERY_MS: "500",
    DELIVERY_FOLLOWUP_EVERY_MS: "60000",
    DELIVERY_SYNC_EVERY_MS: "60000",
    SEND_STUCK_AFTER_MS: "1500",
    SEND_RECONCILE_GRACE_MS: "2500",
    ...extra,
  };
}

/** Shutdown suites: the given database, Redis and lock time. */
export function lockedWorkerEnv(opts: { databaseUrl: string; redisUrl: string; prefix: string; lockMs: number }): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: opts.prefix,
    WORKER_CONCURRENCY: "2",
    WORKER_LOCK_DURATION_MS: String(opts.lockMs),
    WORKER_STALLED_INTERVAL_MS: "1000",
    WORKER_SHUTDOWN_GRACE_MS: "500",
  };
}
