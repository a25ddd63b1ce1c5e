import type { RetryPolicy } from "@outreach/providers/retry";
import type { z } from "zod";
import type { CrawlResult } from "../crawl/index.ts";

/** The campaign fields drafting uses (a Prisma Campaign row fits). */
export interface ComposeCampaign {
  artistName: string;
  portfolioUrl?: string | null;
  statement?: string | null;
  /** What the artist makes ("ceramics"); empty when not given. */
  medium?: string | null;
  keywords?: string[] | null;
  /** Campaign.sampleWorks JSON: strings (URLs or titles) or objects with title/url. */
  sampleWorks?: unknown;
  fromName?: string | null;
  fromEmail?: string | null;
  subjectTemplate?: string | null;
  bodyTemplate?: string | null;
  followUpTemplate?: string | null;
}

/** The prospect fields drafting uses (a Prisma Prospect row plus the chosen contact's name). */
export interface ComposeProspect {
  domain: string;
  pageUrl?: string | null;
  pageTitle?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
}

export interface PreviousEmail {
  subject: string;
  body: string;
}

export interface ComposeInput {
  campaign: ComposeCampaign;
  prospect: ComposeProspect;
  /** Prospect.crawlData (null when the site could not be crawled). */
  crawl: CrawlResult | null;
  /** 0 = first email, 1..n = follow-ups. */
  step: number;
  /** The first email of the thread, for follow-ups. */
  previous?: PreviousEmail | null;
}

export interface Draft {
  subject: string;
  body: string;
}

/** Structurally the providers Gemini client (createGeminiClient), so the processor passes it as is. */
export interface GeminiLike {
  generateJson<T>(input: {
    system?: string;
    prompt: string;
    schema: z.ZodType<T>;
    maxOutputTokens?: number;
    temperature?: number;
    operation?: string;
    /** The caller's retries and wait budget (WAIT_BUDGETS), over the client's own. */
    retry?: Partial<RetryPolicy>;
  }): Promise<{ data: T; finishReason?: string | null }>;
}

export type DraftSource = "gemini" | "template";
