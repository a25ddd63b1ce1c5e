import type { Prisma } from "@outreach/db";

/** What REST returns for a prospect: the GraphQL Prospect fields, with raw UUIDs. */
export const prospectSelect = {
  id: true,
  campaignId: true,
  domain: true,
  pageUrl: true,
  pageTitle: true,
  pageDescription: true,
  contactEmail: true,
  contactMethod: true,
  daEst: true,
  score: true,
  scoreBreakdown: true,
  stage: true,
  outreachStatus: true,
  lastSent: true,
  followupsSent: true,
  skipReason: true,
  source: true,
  createdAt: true,
  updatedAt: true,
  contacts: {
    select: { id: true, email: true, name: true, position: true, type: true, confidence: true, verification: true, source: true },
    orderBy: [{ confidence: { sort: "desc", nulls: "last" } }, { email: "asc" }],
  },
  emailLogs: {
    select: { id: true, step: true, status: true, toEmail: true, subject: true, body: true, flags: true, draftSource: true, fallbackReason: true, sentAt: true, gmailThreadId: true, error: true, createdAt: true },
    orderBy: { step: "asc" },
  },
} satisfies Prisma.ProspectSelect;

export const prospectDetailSelect = {
  ...prospectSelect,
  dataforseoPayload: true,
  hunterPayload: true,
  crawlData: true,
} satisfies Prisma.ProspectSelect;

export const jobSelect = {
  id: true,
  jobType: true,
  status: true,
  progress: true,
  attempts: true,
  campaignId: true,
  parentId: true,
  params: true,
  result: true,
  errorMessage: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.JobSelect;

export function toProspectView<T extends { emailLogs: unknown[] }>(row: T) {
  const { emailLogs, ...rest } = row;
  return { ...rest, emails: emailLogs, lastEmail: emailLogs.at(-1) ?? null };
}

/** A placement as REST returns it (the GraphQL Placement's fields, ids raw). */
export const placementSelect = {
  id: true,
  prospectId: true,
  campaignId: true,
  url: true,
  site: true,
  title: true,
  foundAt: true,
  match: true,
  source: true,
  rel: true,
  previousRel: true,
  relChangedAt: true,
  anchorText: true,
  excerpt: true,
  status: true,
  lostAt: true,
  lostReason: true,
  lastCheckedAt: true,
  checkedCount: true,
  lastCheckNote: true,
} satisfies Prisma.PlacementSelect;
