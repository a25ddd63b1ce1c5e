import type { JobDeps } from "@outreach/core/jobs";
import type { RunningJob } from "../runtime/lifecycle.ts";
import { syncUserMailboxes, withDelivery } from "@outreach/core/outreach";

/**
 * "Check for replies now" for one user: each of their connected mailboxes (the scheduled
 * reply-sync tick syncs every mailbox with recent sends, without a Job row).
 */
export default async function sync(job: RunningJob<"sync">, deps: JobDeps) {
  const { userId, campaignId } = job.payload;
  await job.throwIfCancelled();
  const result = await withDelivery(deps, { userId, campaignId, jobId: job.id }, (d) => syncUserMailboxes(d, userId));
  const n = Object.values(result.applied).reduce((a, b) => a + (b ?? 0), 0);
  await job.report(99, `Read ${result.scanned} new message(s) (${result.mode} sync); ${n} changed a prospect`);
  return result;
}
