import { z } from "zod";
import "./messages.ts";

/** Input schemas shared by the API (GraphQL + REST) and the web app's forms. */

const noLineBreaks = (s: string) => !/[\r\n]/.test(s);
const headerSafe = (max: number) =>
  z.string().trim().min(1, "is required").max(max).refine(noLineBreaks, "must not contain line breaks (CR or LF)");

export const emailAddress = z
  .string()
  .trim()
  .max(254)
  .refine(noLineBreaks, "must not contain line breaks (CR or LF)")
  .pipe(z.email("must be a valid email address"))
  .transform((s) => s.toLowerCase());

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.includes("/") || tz === "UTC";
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      return ["http:", "https:"].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

const keyword = z.string().trim().min(1).max(80).refine(noLineBreaks, "must not contain line breaks");
const template = z.string().max(10_000).nullable();
const percent = z.number().int().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100");

const campaignFields = {
  name: z.string().trim().min(1, "is required").max(120),
  artistName: headerSafe(120),
  portfolioUrl: httpUrl.nullable(),
  statement: z.string().max(5000),
  // One line: the template puts it in the subject ("Mia Berg, ceramics for ...").
  medium: z.string().trim().max(200).refine(noLineBreaks, "must not contain line breaks"),
  keywords: z.array(keyword).min(1, "needs at least one keyword").max(50),
  sampleWorks: z.array(z.object({ title: z.string().trim().min(1).max(200), url: httpUrl })).max(20),
  fromName: headerSafe(120),
  fromEmail: emailAddress,
  locationCode: z.number().int().min(1).max(9_999_999),
  languageCode: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "must be a language code like en or pt-BR"),
  searchDepth: z.number().int().min(10, "must be between 10 and 200").max(200, "must be between 10 and 200"),
  dailyCap: z.number().int().min(1, "must be between 1 and 2000").max(2000, "must be between 1 and 2000"),
  sendWindowStart: z.number().int().min(0, "must be an hour from 0 to 23").max(23, "must be an hour from 0 to 23"),
  sendWindowEnd: z.number().int().min(1, "must be an hour from 1 to 24").max(24, "must be an hour from 1 to 24"),
  timeZone: z.string().refine(isTimeZone, "must be a time zone from the list, such as Europe/Berlin"),
  minGapSeconds: z.number().int().min(0).max(86_400),
  maxGapSeconds: z.number().int().min(0).max(86_400),
  followUpDelaysDays: z.array(z.number().int().min(1, "must be 1 to 90 days").max(90, "must be 1 to 90 days")).max(10),
  maxFollowUps: z.number().int().min(0).max(10),
  minScore: percent.nullable(),
  autoApproveScore: percent.nullable(),
  cooldownDays: z.number().int().min(0).max(3650),
  subjectTemplate: template,
  bodyTemplate: template,
  followUpTemplate: template,
  placementSearch: z.boolean(),
};

type CampaignShape = { [K in keyof typeof campaignFields]: z.infer<(typeof campaignFields)[K]> };

function crossFieldRules(c: Partial<CampaignShape>, ctx: z.RefinementCtx) {
  if (c.sendWindowStart !== undefined && c.sendWindowEnd !== undefined && c.sendWindowEnd <= c.sendWindowStart) {
    ctx.addIssue({ code: "custom", path: ["sendWindowEnd"], message: "must be later than the send window start" });
  }
  if (c.minGapSeconds !== undefined && c.maxGapSeconds !== undefined && c.maxGapSeconds < c.minGapSeconds) {
    ctx.addIssue({ code: "custom", path: ["maxGapSeconds"], message: "must be at least the minimum gap" });
  }
  if (c.maxFollowUps !== undefined && c.followUpDelaysDays !== undefined && c.maxFollowUps > c.followUpDelaysDays.length) {
    ctx.addIssue({ code: "custom", path: ["maxFollowUps"], message: "needs a follow-up delay for each follow-up" });
  }
}

export const campaignCreateInput = z
  .object({
    ...campaignFields,
    portfolioUrl: campaignFields.portfolioUrl.optional(),
    statement: campaignFields.statement.default(""),
    medium: campaignFields.medium.default(""),
    sampleWorks: campaignFields.sampleWorks.default([]),
    locationCode: campaignFields.locationCode.default(2840),
    languageCode: campaignFields.languageCode.default("en"),
    searchDepth: campaignFields.searchDepth.default(20),
    dailyCap: campaignFields.dailyCap.default(20),
    sendWindowStart: campaignFields.sendWindowStart.default(9),
    sendWindowEnd: campaignFields.sendWindowEnd.default(17),
    timeZone: campaignFields.timeZone.default("UTC"),
    minGapSeconds: campaignFields.minGapSeconds.default(120),
    maxGapSeconds: campaignFields.maxGapSeconds.default(600),
    followUpDelaysDays: campaignFields.followUpDelaysDays.default([4, 7]),
    maxFollowUps: campaignFields.maxFollowUps.default(2),
    minScore: campaignFields.minScore.optional(),
    autoApproveScore: campaignFields.autoApproveScore.optional(),
    cooldownDays: campaignFields.cooldownDays.default(90),
    subjectTemplate: template.optional(),
    bodyTemplate: template.optional(),
    followUpTemplate: template.optional(),
    placementSearch: campaignFields.placementSearch.default(false),
  })
  .superRefine(crossFieldRules);
export type CampaignCreateInput = z.infer<typeof campaignCreateInput>;

/** Partial update: absent fields stay as they are; cross-field rules are checked on the merged result. */
export const campaignUpdateInput = z.object(campaignFields).partial();
export type CampaignUpdateInput = z.infer<typeof campaignUpdateInput>;
export const campaignMergedRules = z.object(campaignFields).partial().superRefine(crossFieldRules);

export const PROSPECT_STAGES = [
  "discovered", "enriched", "scored", "drafted", "approved", "sent", "replied", "accepted", "published", "rejected", "skipped",
] as const;
/** Stages of a prospect whose outreach is decided: nothing more is sent to it. */
export const DECIDED_STAGES = ["replied", "accepted", "published", "rejected"] as const;
export const OUTREACH_STATUSES = ["pending", "sent", "replied", "accepted", "rejected"] as const;

export const prospectFilterInput = z
  .object({
    campaignId: z.string().uuid().optional(),
    stages: z.array(z.enum(PROSPECT_STAGES)).max(PROSPECT_STAGES.length).optional(),
    outreachStatuses: z.array(z.enum(OUTREACH_STATUSES)).max(OUTREACH_STATUSES.length).optional(),
    minScore: z.number().min(0).max(100).optional(),
    maxScore: z.number().min(0).max(100).optional(),
    hasEmail: z.boolean().optional(),
    search: z.string().trim().max(200).optional(),
  })
  .refine((f) => f.minScore === undefined || f.maxScore === undefined || f.minScore <= f.maxScore, {
    path: ["maxScore"],
    message: "must be at least the minimum score",
  });
export type ProspectFilterInput = z.infer<typeof prospectFilterInput>;

export const addProspectInput = z.object({
  domainOrUrl: z.string().trim().min(1, "is required").max(2000),
  pageTitle: z.string().trim().max(500).refine(noLineBreaks, "must not contain line breaks").optional(),
  contactEmail: emailAddress.optional(),
});

export const credentialsInput = z.object({
  email: emailAddress,
  password: z.string().min(10, "must be at least 10 characters").max(200),
});
export const signUpInput = credentialsInput.extend({ name: z.string().trim().min(1, "is required").max(120) });
export const logInInput = z.object({ email: emailAddress, password: z.string().min(1, "is required").max(200) });
