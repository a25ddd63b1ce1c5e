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
