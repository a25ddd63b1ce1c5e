import { ConflictError, NotFoundError } from "@outreach/core";
import { jobProgressStream, STORED_JOB_EVENTS, type JobProgressItem } from "@outreach/core/jobs";
import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { findOwnedCampaign } from "../services/campaigns.ts";
import { cancelJob, findOwnedJob, jobMembership, jobWhere, retryJob, startCampaignJob, type JobFilter as JobFilterArgs } from "../services/jobs.ts";
import { batchMembership, MAX_MEMBERSHIP_FILTERS } from "../services/membership.ts";
import { CampaignNode } from "./campaign.ts";
import { JobStatusEnum, JobTypeEnum, LogLevelEnum } from "./enums.ts";
import { ownedBy } from "./prospect.ts";

export const JobNode = builder.prismaNode("Job", {
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, userId: requireViewer(ctx).id }),
  fields: (t) => ({
    jobType: t.expose("jobType", { type: JobTypeEnum }),
    status: t.expose("status", { type: JobStatusEnum }),
    progress: t.exposeInt("progress"),
    attempts: t.exposeInt("attempts"),
    params: t.expose("params", { type: "JSON" }),
    result: t.expose("result", { type: "JSON", nullable: true }),
    errorMessage: t.exposeString("errorMessage", { nullable: true }),
    campaign: t.relation("campaign", { nullable: true }),
    parent: t.relation("parent", { nullable: true }),
    children: t.relation("children", { query: { orderBy: { createdAt: "asc" } } }),
    events: t.relation("events", {
      args: { last: t.arg.int({ defaultValue: 200 }) },
      query: (args) => ({ orderBy: { seq: "desc" }, take: Math.min(Math.max(args.last ?? 200, 1), 1000) }),
      resolve: (query, job, _args, ctx) =>
        ctx.db.jobEvent.findMany({ ...query, where: { jobId: job.id } }).then((rows) => rows.reverse()),
    }),
    startedAt: t.expose("startedAt", { type: "DateTime", nullable: true }),
    finishedAt: t.expose("finishedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    matchesFilters: t.field({
      type: ["Boolean"],
      description: `For each filter, whether \`jobs(filter:)\` lists this job: the list's own rule, for clients keeping cached lists in step with live events. At most ${MAX_MEMBERSHIP_FILTERS} filters; one SQL statement per distinct filter for all the jobs of a result.`,
      args: { filters: t.arg({ type: [JobFilter], required: true }) },
      resolve: (job, { filters }, ctx) =>
        batchMembership(ctx, `Job ${JSON.stringify(filters)}`, job.id, (ids) =>
          jobMembership(ctx, requireViewer(ctx).id, ids, filters.map(jobFilterArgs)),
        ),
    }),
  }),
});

builder.prismaObject("JobEvent", {
  fields: (t) => ({
    id: t.exposeID("id"),
    level: t.expose("level", { type: LogLevelEnum }),
    message: t.exposeString("message"),
    progress: t.exposeInt("progress", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const JobFilter = builder.inputType("JobFilter", {
  fields: (t) => ({
    types: t.field({ type: [JobTypeEnum] }),
    statuses: t.field({ type: [JobStatusEnum] }),
    campaignId: t.globalID({ for: CampaignNode }),
  }),
});

/** The JobFilter input as the service takes it (campaign global id -> row id). */
function jobFilterArgs(filter: { campaignId?: { id: string } | null } & Omit<JobFilterArgs, "campaignId"> | null | undefined): JobFilterArgs {
  return { ...filter, campaignId: filter?.campaignId?.id };
}

const JobProgressKindEnum = builder.enumType("JobProgressKind", {
  values: {
    CURRENT: { value: "current", description: "The job's state when the subscription started (always the first event); seq is its latest event" },
    REPLAY: { value: "replay", description: "A stored event after afterSeq, replayed in order" },
    LIVE: { value: "live", description: "An event as it happens" },
  } as const,
});

const JobProgress = builder.objectRef<JobProgressItem>("JobProgress").implement({
  fields: (t) => ({
    kind: t.field({ type: JobProgressKindEnum, resolve: (e) => e.kind ?? "live" }),
    job: t.prismaField({
      type: "Job",
      resolve: (query, event, _args, ctx) =>
        ctx.db.job.findFirstOrThrow({ ...query, where: { id: event.jobId, userId: requireViewer(ctx).id } }),
    }),
    status: t.field({ type: JobStatusEnum, resolve: (e) => e.status }),
    progress: t.exposeInt("progress"),
    message: t.exposeString("message", { nullable: true }),
    seq: t.exposeInt("seq"),
  }),
});

builder.queryFields((t) => ({
  jobs: t.prismaConnection({
    type: "Job",
    cursor: "id",
    defaultSize: 50,
    maxSize: 100,
    authScopes: { user: true },
    args: { filter: t.arg({ type: JobFilter }) },
    resolve: (query, _root, { filter }, ctx) =>
      ctx.db.job.findMany({
        ...query,
        where: jobWhere(requireViewer(ctx).id, jobFilterArgs(filter)),
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
    totalCount: (_parent, { filter }, ctx) =>
      ctx.db.job.count({ where: jobWhere(requireViewer(ctx).id, jobFilterArgs(filter)) }),
  }, { name: "JobConnection" }),
  job: t.prismaField({
    type: "Job",
    authScopes: { user: true },
    args: { id: t.arg.globalID({ required: true, for: JobNode }) },
    resolve: async (query, _root, { id }, ctx) => {
      const owned = await findOwnedJob(ctx, requireViewer(ctx).id, id.id);
      return ctx.db.job.findUniqueOrThrow({ ...query, where: { id: owned.id } });
    },
  }),
}));

builder.mutationFields((t) => ({
  cancelJob: t.field({
    type: JobNode,
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { id: t.arg.globalID({ required: true, for: JobNode }) },
    resolve: (_root, { id }, ctx) => cancelJob(ctx, requireViewer(ctx).id, id.id),
  }),
  retryJob: t.field({
    type: JobNode,
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { id: t.arg.globalID({ required: true, for: JobNode }) },
    resolve: (_root, { id }, ctx) => retryJob(ctx, requireViewer(ctx).id, id.id),
  }),
  startScoring: t.field({
    type: JobNode,
    description: "Scores every prospect of the campaign and moves them to the scored stage.",
    authScopes: { user: true },
    errors: { types: [NotFoundError, ConflictError] },
    args: { campaignId: t.arg.globalID({ required: true, for: CampaignNode }) },
    resolve: (_root, { campaignId }, ctx) => startCampaignJob(ctx, requireViewer(ctx).id, campaignId.id, "score"),
  }),
}));

builder.subscriptionFields((t) => ({
  jobProgress: t.field({
    type: JobProgress,
    description:
      "One job's progress. The first event is always the job's current state (kind CURRENT, seq = its latest event), so a subscriber that starts late still sees where the job is. With afterSeq, the stored events after that seq follow (kind REPLAY; a job keeps its latest " +
      `${STORED_JOB_EVENTS}), then live ones (kind LIVE). After the first event, seqs only increase and never repeat. ` +
      "Progress is state, not a log: while a subscriber's connection is behind (the frames sent to it are not yet taken), a LIVE event waiting for it gives way to a newer one of the same status. So every status the job goes through still arrives, in order, each with its latest progress, message and seq, and CURRENT and REPLAY events are never dropped; a subscriber that keeps up gets every event. " +
      "A jump in seq between two events means the ones in between were coalesced: job.events, or a new subscription with afterSeq, gives them. Resubscribing with afterSeq = the last seq seen continues where a dropped connection stopped.",
    authScopes: { user: true },
    args: {
      jobId: t.arg.globalID({ required: true, for: JobNode }),
      afterSeq: t.arg.int({ description: "Replay the stored events after this seq before the live ones" }),
    },
    subscribe: (_root, { jobId, afterSeq }, ctx) => jobProgressStream(ctx, { id: jobId.id, userId: requireViewer(ctx).id }, afterSeq),
    resolve: (event) => event as JobProgressItem,
  }),
  jobUpdated: t.prismaField({
    type: "Job",
    description: "A job of the campaign was created or changed status or progress.",
    authScopes: { user: true },
    args: { campaignId: t.arg.globalID({ required: true, for: CampaignNode }) },
    subscribe: async (_root, { campaignId }, ctx) => {
      const viewer = requireViewer(ctx);
      await findOwnedCampaign(ctx.db, viewer.id, campaignId.id);
      return ctx.bus.subscribe("jobUpdated", campaignId.id, ownedBy(viewer.id));
    },
    resolve: (query, event, _args, ctx) =>
      ctx.db.job.findFirstOrThrow({
        ...query,
        where: { id: (event as { jobId: string }).jobId, userId: requireViewer(ctx).id },
      }),
  }),
}));
