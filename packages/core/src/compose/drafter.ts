import type { Campaign } from "@outreach/db";
import type { Providers } from "@outreach/providers";
import type { CrawlResult } from "../crawl/index.ts";
import { composeDraft } from "./compose.ts";
import type { FallbackReason } from "./fallback.ts";

/**
 * The drafting port the pipeline calls: by default composeDraft
 * (grounded Gemini draft, template fallback, checkDraft flags). Tests may pass another one.
 */

export type DraftCampaign = Pick<
  Campaign,
  "artistName" | "portfolioUrl" | "statement" | "medium" | "keywords" | "sampleWorks" | "fromName" | "fromEmail" | "subjectTemplate" | "bodyTemplate"
>;

export interface DraftInput {
  campaign: DraftCampaign;
  prospect: { domain: string; pageUrl: string | null; pageTitle: string | null; pageDescription: string | null; crawlData: unknown };
  contact: { email: string; name: string | null; position: string | null } | null;
}

export interface DraftOutput {
  subject: string;
  body: string;
  /** Problems a person must look at before this can be sent (empty = clean). */
  flags: string[];
  /** Where the text came from: "gemini" or "template". */
  source: "gemini" | "template";
  /** Set when the template stood in for a Gemini that failed (EmailLog.fallbackReason). */
  fallbackReason?: FallbackReason;
  /** Gemini's own words for that failure, and the provider error kind behind it ("auth"/"quota" need a person). */
  failureReason?: string;
  failureKind?: string;
}

export type Drafter = (input: DraftInput, providers: Providers) => Promise<DraftOutput>;

/** crawlData as stored by enrichment is a CrawlResult (plus crawledAt); anything else counts as no crawl. */
function crawlOf(data: unknown): CrawlResult | null {
  const d = data as Partial<CrawlResult> | null;
  return d && typeof d === "object" && d.version === 1 && Array.isArray(d.pages) ? (d as CrawlResult) : null;
}

export const composeDrafter: Drafter = async (input, providers) => {
  const d = await composeDraft(
    { gemini: providers.gemini },
    {
      campaign: input.campaign,
      prospect: {
        domain: input.prospect.domain,
        pageUrl: input.prospect.pageUrl,
        pageTitle: input.prospect.pageTitle,
        contactName: input.contact?.name ?? null,
        contactEmail: input.contact?.email ?? null,
      },
      crawl: crawlOf(input.prospect.crawlData),
      step: 0,
    },
  );
  return { subject: d.subject, body: d.body, flags: d.flags, source: d.source, fallbackReason: d.fallbackReason, failureReason: d.failureReason, failureKind: d.failureKind };
};

/** Template only (no Gemini call): composeDraft without a Gemini client. */
export const templateDrafter: Drafter = async (input, providers) => composeDrafter(input, { ...providers, gemini: null } as unknown as Providers);
