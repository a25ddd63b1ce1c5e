import { JOB_STATUSES, jobIds, QUEUE_NAMES } from "@outreach/contracts";
import { ValidationError } from "@outreach/core";
import { prospectOrderBy, prospectWhere, findOwnedProspect, type ProspectOrderField } from "../services/prospects.ts";
import { findOwnedJob, jobWhere } from "../services/jobs.ts";
import { composeOne, requestSend, startDiscovery } from "../services/pipeline.ts";
import { requestEnrichment } from "../services/enrich.ts";
import { placementWhere } from "../services/placements.ts";
import { json, optionalUuid, pageSize, readJson, uuidParam, type RouteHandler } from "./http.ts";
import { jobSelect, placementSelect, prospectDetailSelect, prospectSelect, toProspectView } from "./views.ts";

const list = (url: URL, name: string) => url.searchParams.getAll(name).flatMap((v) => v.split(",")).filter(Boolean);

/** A list parameter whose values must each be one of `allowed`. */
function listOf<T extends string>(url: URL, name: string, allowed: readonly T[]): T[] {
  const values = list(url, name);
  const wrong = values.filter((v) => !allowed.includes(v as T));
  if (wrong.length) throw ValidationError.field(name, `must be one or more of ${allowed.join(", ")} (got ${wrong.map((w) => JSON.stringify(w.slice(0, 40))).join(", ")})`);
  return values as T[];
}

function bool(url: URL, name: string): boolean | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  if (v === "true" || v === "false") return v === "true";
  throw ValidationError.field(name, "must be true or false");
}

function number(url: URL, name: string): number | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw ValidationError.field(name, "must be a number");
  return n;
}

/** Keyset paging on id like the GraphQL connections: `cursor` is the last id of the previous page. */
function page<T extends { id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

const discover: RouteHandler = async ({ request, deps, viewer }) => {
  const body = await readJson(request);
  const campaignId = uuidParam(body.campaignId as string, "Campaign");
  const job = await startDiscovery(deps, viewer.id, campaignId, body.keywords);
  return json(202, { job: { id: job.id, status: job.status, jobType: job.jobType, queueJobId: jobIds.forRow("discover", job.id) } });
};

const jobStatus: RouteHandler = async ({ params, deps, viewer }) => {
  const owned = await findOwnedJob(deps, viewer.id, uuidParam(params.id, "Job"));
  const job = await deps.db.job.findUniqueOrThrow({
    where: { id: owned.id },
    select: { ...jobSelect, events: { orderBy: { seq: "desc" }, take: 50, select: { level: true, message: true, progress: true, createdAt: true } } },
  });
  return json(200, { job: { ...job, events: job.events.reverse() } });
};

const jobs: RouteHandler = async ({ url, deps, viewer }) => {
  const limit = pageSize(url);
  const cursor = optionalUuid(url.searchParams.get("cursor"), "cursor");
  const rows = await deps.db.job.findMany({
    where: jobWhere(viewer.id, {
      types: listOf(url, "type", QUEUE_NAMES),
      statuses: listOf(url, "status", JOB_STATUSES),
      campaignId: optionalUuid(url.searchParams.get("campaignId"), "campaignId"),
    }),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: jobSelect,
  });
  const { items, nextCursor } = page(rows, limit);
  return json(200, { jobs: items, nextCursor });
};

const ORDER_FIELDS: Record<string, ProspectOrderField> = { score: "SCORE", created: "CREATED_AT", lastSent: "LAST_SENT" };

const prospects: RouteHandler = async ({ url, deps, viewer }) => {
  const limit = pageSize(url);
  const cursor = optionalUuid(url.searchParams.get("cursor"), "cursor");
  const orderKey = url.searchParams.get("orderBy") ?? "created";
  const field = ORDER_FIELDS[orderKey];
  if (!field) throw ValidationError.field("orderBy", "must be score, created or lastSent");
  const direction = (url.searchParams.get("direction") ?? "desc").toUpperCase();
  if (direction !== "ASC" && direction !== "DESC") throw ValidationError.field("direction", "must be asc or desc");
  const where = prospectWhere(viewer.id, {
    campaignId: optionalUuid(url.searchParams.get("campaignId"), "campaignId"),
    stages: list(url, "stage").length ? list(url, "stage") : undefined,
    outreachStatuses: list(url, "outreachStatus").length ? list(url, "outreachStatus") : undefined,
    minScore: number(url, "minScore"),
    maxScore: number(url, "maxScore"),
    hasEmail: bool(url, "hasEmail"),
    search: url.searchParams.get("search") ?? undefined,
  });
  const [rows, totalCount] = await Promise.all([
    deps.db.prospect.findMany({
      where,
      orderBy: prospectOrderBy(field, direction),
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: prospectSelect,
    }),
    deps.db.prospect.count({ where }),
  ]);
  const { items, nextCursor } = page(rows, limit);
  return json(200, { prospects: items.map(toProspectView), totalCount, nextCursor });
};

const prospect: RouteHandler = async ({ params, deps, viewer }) => {
  const owned = await findOwnedProspect(deps.db, viewer.id, uuidParam(params.id, "Prospect"));
  const row = await deps.db.prospect.findUniqueOrThrow({ where: { id: owned.id }, select: prospectDetailSelect });
  return json(200, { prospect: toProspectView(row) });
};

const compose: RouteHandler = async ({ params, deps, viewer }) => {
  const job = await composeOne(deps, viewer.id, uuidParam(params.id, "Prospect"));
  return json(202, { job: { id: job.id, status: job.status, jobType: job.jobType } });
};

const send: RouteHandler = async ({ params, deps, viewer }) => {
  const job = await requestSend(deps, viewer.id, uuidParam(params.id, "Prospect"));
  return json(202, { job: { id: job.id, status: job.status, jobType: job.jobType } });
};

/** Enrich (then score) one prospect: 202 with the job (the one already pending or running, if any), 409 with the reason. */
const enrich: RouteHandler = async ({ params, deps, viewer }) => {
  const now = new Date();
  const { jobs, refused } = await requestEnrichment(deps, viewer.id, [uuidParam(params.id, "Prospect")], now);
  const job = jobs[0];
  if (job) return json(202, { job: { id: job.id, status: job.status, jobType: job.jobType } });
  const { reason, availableAt } = refused[0]!;
  const res = json(409, { error: { code: "CONFLICT", message: reason, availableAt } });
  if (availableAt) res.headers.set("retry-after", String(Math.max(1, Math.ceil((availableAt.getTime() - now.getTime()) / 1000))));
  return res;
};

const PLACEMENT_STATUSES = ["live", "lost"] as const;

/** Published features, newest first, with the same filters as GraphQL `placements`. */
const placements: RouteHandler = async ({ url, deps, viewer }) => {
  const limit = pageSize(url);
  const cursor = optionalUuid(url.searchParams.get("cursor"), "cursor");
  const statuses = listOf(url, "status", PLACEMENT_STATUSES);
  if (statuses.length > 1) throw ValidationError.field("status", "must be live or lost (one of them)");
  const where = placementWhere(viewer.id, {
    campaignId: optionalUuid(url.searchParams.get("campaignId"), "campaignId"),
    prospectId: optionalUuid(url.searchParams.get("prospectId"), "prospectId"),
    status: statuses[0],
  });
  const [rows, totalCount] = await Promise.all([
    deps.db.placement.findMany({
      where,
      orderBy: [{ foundAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: placementSelect,
    }),
    deps.db.placement.count({ where }),
  ]);
  const { items, nextCursor } = page(rows, limit);
  return json(200, { placements: items, totalCount, nextCursor });
};

export const ROUTES: { method: string; pattern: RegExp; handler: RouteHandler }[] = [
  { method: "POST", pattern: /^\/api\/jobs\/discover$/, handler: discover },
  { method: "GET", pattern: /^\/api\/jobs\/(?<id>[^/]+)\/status$/, handler: jobStatus },
  { method: "GET", pattern: /^\/api\/jobs$/, handler: jobs },
  { method: "GET", pattern: /^\/api\/prospects$/, handler: prospects },
  { method: "GET", pattern: /^\/api\/prospects\/(?<id>[^/]+)$/, handler: prospect },
  { method: "POST", pattern: /^\/api\/prospects\/(?<id>[^/]+)\/compose$/, handler: compose },
  { method: "POST", pattern: /^\/api\/prospects\/(?<id>[^/]+)\/send$/, handler: send },
  { method: "POST", pattern: /^\/api\/prospects\/(?<id>[^/]+)\/enrich$/, handler: enrich },
  { method: "GET", pattern: /^\/api\/placements$/, handler: placements },
];
