import type { Redis } from "ioredis";

/**
 * Shutdown timing. A worker told to stop (SIGTERM) must be gone within its lock time, counted
 * from the signal: after that another worker may take its jobs. The last part of the lock is
 * kept for closing connections and the process exit; jobs get the rest.
 */
export function shutdownTimeline(lockMs: number, graceMs: number) {
  /** Kept free at the end of the lock for closing connections and exiting. */
  const reserveMs = Math.min(2_000, Math.max(300, Math.round(lockMs * 0.25)));
  /** Jobs still running then are abandoned: their locks expire and the stalled check requeues them. */
  const forceAtMs = lockMs - reserveMs;
  /** Running jobs are asked to hand their job back (at their next checkpoint) no later than this. */
  const handBackAtMs = Math.max(0, Math.min(graceMs, forceAtMs - Math.round(lockMs / 4)));
  /** Nothing in the process may still be closing then (the process exits regardless). */
  const exitByMs = lockMs - Math.min(250, Math.round(reserveMs / 2));
  return { handBackAtMs, forceAtMs, exitByMs };
}

/** Resolves true when `work` settled within `ms`, false when the time ran out first (work keeps running). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes an ioredis connection without waiting for Redis to come back: QUIT (replies still
 * arrive first) only when it is up and answers within `ms`, else the socket is dropped. A QUIT
 * sent while Redis is down is queued behind pending commands and waits for the reconnect.
 */
export async function closeRedis(client: Redis, ms = 250): Promise<void> {
  if (client.status === "ready") await settlesWithin(client.quit(), ms);
  if ((client.status as string) !== "end") client.disconnect();
}
