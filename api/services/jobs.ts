import type { QueueName } from "@outreach/contracts";
import { NotFoundError } from "@outreach/core";
import * as jobService from "@outreach/core/jobs";
import type { Job, Prisma } from "@outreach/db";
import type { AppDeps } from "../context.ts";
import { findOwnedCampaign } from "./campaigns.ts";
import { listMembership } from "./membership.ts";

// Job machinery errors extend core's NotFoundError / ConflictError / ValidationError, so the
// GraphQL errors plugin and the REST routes map them like any other domain error.

export async function startCampaignJob(
  deps: AppDeps,
  userId: string,
  campaignId: string,
  type: QueueName,
  params: Record<string, unknown> = {},
): Promise<Job> {
  const campaign = await findOwnedCampaign(deps.db, userId, campaignId);
  return jobService.startJob(deps, { type, userId, campaignId: campaign.id, params });
}

export const cancelJob = (deps: AppDeps, userId: string, jobId: string) => jobService.cancelJob(deps, userId, jobId);

export const retryJob = (deps: AppDeps, userId: string, jobId: string) => jobService.retryJob(deps, userId, jobId);

export async function findOwnedJob(deps: Pick<AppDeps, "db">, userId: string, jobId: string): Promise<Job> {
  const job = await deps.db.job.findFirst({ where: { id: jobId, userId } });
  if (!job) throw new NotFoundError("Job");
  return job;
}

export interface JobFilter {
  types?: QueueName[] | null;
  statuses?: Job["status"][] | null;
  campaignId?: string | null;
}

export function jobWhere(userId: string, filter: JobFilter = {}): Prisma.JobWhereInput {
  return {
    userId,
    ...(filter.types?.length ? { jobType: { in: filter.types } } : {}),
    ...(filter.statuses?.length ? { status: { in: filter.statuses } } : {}),
    ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
  };
}

/** For each of the user's jobs, whether the `jobs` list with each filter holds it, by the where that list uses. */
export function jobMembership({ db }: Pick<AppDeps, "db">, userId: string, jobIds: readonly string[], filters: readonly JobFilter[]) {
  return listMembership(
    db,
    jobIds,
    filters,
    (filter) => jobWhere(userId, filter),
    (where, ids) => db.job.findMany({ where: { AND: [where, { id: { in: ids } }] }, select: { id: true } }),
  );
}
