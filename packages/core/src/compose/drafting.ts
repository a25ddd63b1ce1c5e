import { publishProspectUpdated, type EventBus } from "@outreach/contracts";
import type { Campaign, Db } from "@outreach/db";
import { raiseProviderAlert, type Providers } from "@outreach/providers";
import { findSuppression } from "../suppression/index.ts";
import type { DraftInput, DraftOutput, Drafter } from "./drafter.ts";
import type { FallbackReason } from "./fallback.ts";

/**
 * Drafting: the first email (EmailLog step 0) for prospects that have an address and a score at
 * or above the campaign's minimum. One row per (prospect, step) — the database's unique key —
 * so running it again never duplicates, and a draft a person edited or approved is never
 * overwritten. Clean drafts (no flags) at or above campaign.autoApproveScore are approved at once;
 * a template that stood in for Gemini carries the template_fallback flag, so it never is.
 */

/** draftSource values the pipeline writes; anything else (e.g. "manual", "edited") came from a person. */
export const AUTO_DRAFT_SOURCES = ["gemini", "template"];

export type DraftCampaignRow = Pick<
  Campaign,
  "id" | "userId" | "minScore" | "autoApproveScore" | "artistName" | "portfolioUrl" | "statement" | "medium" | "keywords" | "sampleWorks" | "fromName" | "fromEmail" | "subjectTemplate" | "bodyTemplate"
>;

export interface DraftingOptions {
  userId: string;
  campaignId: string;
  prospectIds: string[];
  onProspect?: (done: number, total: number) => Promise<void>;
}

export type DraftOutcome =
  | { prospectId: string; status: "drafted" | "approved"; flags: string[]; source: string; fallbackReason?: FallbackReason }
  | { prospectId: string; status: "skipped"; reason: string };

export interface DraftingResult {
  total: number;
  drafted: number;
  approved: number;
  skipped: number;
  flagged: number;
  /** Template drafts that stood in for Gemini, by reason ({ gemini_rate_limited: 10 }). */
  fallbacks: Partial<Record<FallbackReason, number>>;
  outcomes: DraftOutcome[];
}

export async function loadDraftCampaign(db: Db, userId: string, campaignId: string): Promise<DraftCampaignRow> {
  const c = await db.campaign.findFirst({
    where: { id: campaignId, userId },
    select: {
      id: true, userId: true, minScore: true, autoApproveScore: true, artistName: true, portfolioUrl: true, statement: true,
      medium: true, keywords: true, sampleWorks: true, fromName: true, fromEmail: true, subjectTemplate: true, bodyTemplate: true,
    },
  });
  if (!c) throw new Error(`Campaign ${campaignId} was not found`);
  return c;
}

/** Why a prospect gets no draft, or null when it qualifies. */
export function draftBlock(c: Pick<DraftCampaignRow, "minScore">, p: { contactEmail: string | null; score: number | null; stage: string }): string | null {
  if (!p.contactEmail) return "no email address to write to";
  if (p.score == null) return "not scored yet; score it first";
  if (c.minScore != null && p.score < c.minScore) return `score ${p.score} below minimum ${c.minScore}`;
  if (!["scored", "drafted", "approved"].includes(p.stage)) return `stage is ${p.stage}`;
  return null;
}

/**
 * Why a prospect's first email cannot be (re)drafted now, or null: the draft rules plus the first
 * email's own state (one a person approved, sent or edited is theirs, not the generator's).
 */
export function composeRefusal(
  c: Pick<DraftCampaignRow, "minScore">,
  p: { contactEmail: string | null; score: number | null; stage: string },
  existing: { status: string; draftSource: string } | undefined,
): string | null {
  const block = draftBlock(c, p);
  if (block) return block;
  if (existing && existing.status !== "draft") return `the first email is already ${existing.status}`;
  if (existing && !AUTO_DRAFT_SOURCES.includes(existing.draftSource)) return "the draft was edited by a person; kept as is";
  return null;
}

/** Auto-approve when the campaign sets a threshold, the score reaches it and nothing is flagged. */
export function shouldAutoApprove(c: Pick<DraftCampaignRow, "autoApproveScore">, score: number, flags: string[]): boolean {
  return c.autoApproveScore != null && score >= c.autoApproveScore && flags.length === 0;
}

export function draftInputFor(c: DraftCampaignRow, p: { domain: string; pageUrl: string | null; pageTitle: string | null; pageDescription: string | null; crawlData: unknown; contactEmail: string | null }, contact: { name: string | null; position: string | null } | null): DraftInput {
  return {
    campaign: c,
    prospect: { domain: p.domain, pageUrl: p.pageUrl, pageTitle: p.pageTitle, pageDescription: p.pageDescription, crawlData: p.crawlData },
    contact: p.contactEmail ? { email: p.contactEmail, name: contact?.name ?? null, position: contact?.position ?? null } : null,
  };
}

/** What drafting needs: providers (Gemini) and the drafter that writes with them. */
export interface DraftingDeps {
  db: Db;
  bus: EventBus;
  providers: Providers;
  drafter: Drafter;
}

export async function draftProspects(deps: DraftingDeps, opts: DraftingOptions): Promise<DraftingResult> {
  const { db, bus } = deps;
  const c = await loadDraftCampaign(db, opts.userId, opts.campaignId);
  const prospects = await db.prospect.findMany({
    where: { id: { in: opts.prospectIds }, campaignId: c.id },
    select: {
      id: true, domain: true, pageUrl: true, pageTitle: true, pageDescription: true, crawlData: true, contactEmail: true, score: true, stage: true,
      contacts: { select: { email: true, name: true, position: true } },
      emailLogs: { where: { step: 0 }, select: { id: true, status: true, draftSource: true } },
    },
    orderBy: { domain: "asc" },
  });
  const result: DraftingResult = { total: prospects.length, drafted: 0, approved: 0, skipped: 0, flagged: 0, fallbacks: {}, outcomes: [] };
  let done = 0;
  let alerted = false;
  for (const p of prospects) {
    const skip = (reason: string) => {
      result.skipped++;
      result.outcomes.push({ prospectId: p.id, status: "skipped", reason });
    };
    const existing = p.emailLogs[0];
    const refusal = composeRefusal(c, p, existing);
    const suppression = !refusal && p.contactEmail ? await findSuppression(db, opts.userId, { email: p.contactEmail, domain: p.domain }) : null;
    if (refusal) skip(refusal);
    else if (suppression) skip(`${suppression.value} is on the suppression list`);
    else if (existing) {
      skip("already drafted");
    } else {
      const contact = p.contacts.find((x) => x.email === p.contactEmail) ?? null;
      const draft: DraftOutput = await deps.drafter(draftInputFor(c, p, contact), deps.providers);
      if ((draft.failureKind === "auth" || draft.failureKind === "quota") && !alerted) {
        // The template stood in; a person must fix the Gemini key or plan.
        alerted = true;
        await raiseProviderAlert(db, { userId: opts.userId, campaignId: c.id, provider: "gemini", kind: draft.failureKind, message: draft.failureReason ?? `Gemini ${draft.failureKind} error` });
      }
      const approve = shouldAutoApprove(c, p.score!, draft.flags);
      const data = {
        toEmail: p.contactEmail,
        subject: draft.subject,
        body: draft.body,
        flags: draft.flags,
        draftSource: draft.source,
        fallbackReason: draft.fallbackReason ?? null,
        status: approve ? ("approved" as const) : ("draft" as const),
        approvedAt: approve ? new Date() : null,
      };
      // The unique (prospect, step) key makes a concurrent second run a no-op, never a duplicate.
      const { count } = await db.emailLog.createMany({ data: [{ prospectId: p.id, step: 0, ...data }], skipDuplicates: true });
      if (count === 0) {
        skip("already drafted");
      } else {
        await db.prospect.updateMany({
          where: { id: p.id, stage: { in: ["scored", "drafted", "approved"] } },
          data: { stage: approve ? "approved" : "drafted" },
        });
        if (approve) result.approved++;
        else result.drafted++;
        if (draft.flags.length) result.flagged++;
        if (draft.fallbackReason) result.fallbacks[draft.fallbackReason] = (result.fallbacks[draft.fallbackReason] ?? 0) + 1;
        result.outcomes.push({ prospectId: p.id, status: approve ? "approved" : "drafted", flags: draft.flags, source: draft.source, ...(draft.fallbackReason ? { fallbackReason: draft.fallbackReason } : {}) });
        publishProspectUpdated(bus, { id: p.id, campaignId: c.id, userId: opts.userId });
      }
    }
    await opts.onProspect?.(++done, prospects.length);
  }
  return result;
}
