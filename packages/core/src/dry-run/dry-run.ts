import { InvalidDomainError, normalizeDomain } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { OrganicItem, Providers } from "@outreach/providers";
import { composeDrafter, draftInputFor, loadDraftCampaign, shouldAutoApprove, type Drafter } from "../compose/index.ts";
import { crawlSite, type SiteCrawler } from "../crawl/index.ts";
import { planCandidates, searchKeywords, type KeywordResult } from "../discover/index.ts";
import { gatherSiteFacts, type ContactCandidate } from "../enrich/index.ts";
import { ValidationError } from "../errors.ts";
import { CampaignNotFoundError } from "../jobs/index.ts";
import { scoreProspect, type ScoreItem } from "../score/index.ts";

/**
 * Dry run: discover -> enrich -> score -> compose for ONE keyword (its first results) or ONE test
 * domain, entirely in memory. Providers are called (and their calls recorded in the ledger, so the
 * spend is visible), but no prospect, contact, email or suppression is written and nothing is sent.
 */

export const DRY_RUN_SITES = 5;

export interface DryRunInput {
  keyword?: string;
  domain?: string;
}

export interface DryRunSite {
  domain: string;
  pageUrl: string | null;
  pageTitle: string | null;
  /** The campaign already has a prospect for this domain (a real run would not create it again). */
  alreadyInCampaign: boolean;
  skipped: boolean;
  /** Why a real run would skip this site (suppression, cool-down), or why it stopped early. */
  skipReason: string | null;
  contacts: ContactCandidate[];
  chosenContact: ContactCandidate | null;
  contactMethod: "email" | "form" | null;
  notes: string[];
  /** Addresses Hunter says must never be contacted (a real run would add them to the suppression list). */
  doNotContact: string[];
  crawl: {
    status: string;
    title: string | null;
    contactPageUrl: string | null;
    submissionFormUrl: string | null;
    openCall: { title: string | null; deadline: string | null; fee: string | null } | null;
    emailsOnPages: string[];
    errors: string[];
  } | null;
  daEst: number | null;
  score: { score: number; breakdown: ScoreItem[]; minScore: number | null; passes: boolean } | null;
  draft: { subject: string; body: string; flags: string[]; source: string; wouldAutoApprove: boolean; to: string } | null;
  /** Why no draft was made. */
  draftSkippedReason: string | null;
}

export interface DryRunResult {
  mode: "keyword" | "domain";
  input: string;
  sites: DryRunSite[];
  /** Organic results the keyword had in total (keyword mode). */
  organicResults: number | null;
}

export interface DryRunDeps {
  db: Db;
  providers: Providers;
  crawl?: SiteCrawler;
  drafter?: Drafter;
  sandboxWebHostUrl?: string;
}

export async function dryRun(deps: DryRunDeps, userId: string, campaignId: string, input: DryRunInput): Promise<DryRunResult> {
  const keyword = input.keyword?.trim();
  const domainInput = input.domain?.trim();
  if (!keyword === !domainInput) throw ValidationError.field("keyword", "Give either a keyword or a test domain.");
  const { db, providers } = deps;
  const full = await db.campaign.findFirst({ where: { id: campaignId, userId } });
  if (!full) throw new CampaignNotFoundError(campaignId);
  const draftCampaign = await loadDraftCampaign(db, userId, campaignId);
  const crawl = deps.crawl ?? crawlSite;
  const drafter = deps.drafter ?? composeDrafter;

  let serp: KeywordResult[];
  if (keyword) {
    serp = await searchKeywords(providers, full, [keyword], { mode: "live", depth: Math.max(10, DRY_RUN_SITES * 2) });
    if (serp[0]?.error) throw ValidationError.field("keyword", serp[0].error);
  } else {
    let domain: string;
    try {
      domain = normalizeDomain(domainInput!);
    } catch (err) {
      if (err instanceof InvalidDomainError) throw ValidationError.field("domain", err.message);
      throw err;
    }
    const item: OrganicItem = { rankGroup: 1, rankAbsolute: 1, domain, title: null, url: `https://${domain}/`, description: null, breadcrumb: null };
    serp = [{ keyword: "(test domain)", items: [item], checkUrl: null, datetime: null }];
  }
  const plan = await planCandidates(db, full, serp);
  const candidates = plan.candidates.slice(0, DRY_RUN_SITES);
  const ranks = new Map(
    (await providers.dataforseo.backlinksRanks(candidates.filter((c) => !c.skipReason).map((c) => c.domain))).map((r) => [r.target, r.rank]),
  );

  const sites: DryRunSite[] = [];
  for (const c of candidates) {
    const site: DryRunSite = {
      domain: c.domain,
      pageUrl: c.item.url,
      pageTitle: c.item.title,
      alreadyInCampaign: c.existing !== null,
      skipped: c.skipReason !== null,
      skipReason: c.skipReason,
      contacts: [],
      chosenContact: null,
      contactMethod: null,
      notes: [],
      doNotContact: [],
      crawl: null,
      daEst: null,
      score: null,
      draft: null,
      draftSkippedReason: c.skipReason ? "skipped" : null,
    };
    sites.push(site);
    if (c.skipReason) continue;

    const facts = await gatherSiteFacts(
      { db, providers, crawl, sandboxWebHostUrl: deps.sandboxWebHostUrl },
      { userId, domain: c.domain, pageUrl: c.item.url, daEst: ranks.get(c.domain) ?? null, recordDoNotContact: false },
    );
    const cd = facts.crawlData;
    Object.assign(site, {
      pageTitle: site.pageTitle ?? cd.title,
      contacts: facts.contacts,
      chosenContact: facts.chosen,
      contactMethod: facts.contactMethod,
      notes: facts.notes,
      doNotContact: facts.doNotContact,
      daEst: facts.daEst,
      crawl: {
        status: cd.status,
        title: cd.title,
        contactPageUrl: cd.contactPageUrl,
        submissionFormUrl: cd.submissionForm?.pageUrl ?? null,
        openCall: cd.openCall ? { title: cd.openCall.title, deadline: cd.openCall.deadline, fee: cd.openCall.fee } : null,
        emailsOnPages: cd.emails.map((e) => e.email),
        errors: cd.errors.map((e) => `${e.url}: ${e.detail}`),
      },
    });
    const scored = scoreProspect(
      {
        domain: c.domain,
        pageTitle: site.pageTitle,
        pageDescription: c.item.description ?? cd.description,
        contactEmail: facts.chosen?.email ?? null,
        contactMethod: facts.contactMethod,
        daEst: facts.daEst,
        crawlData: cd,
        createdAt: new Date(),
        contacts: facts.contacts,
      },
      { keywords: full.keywords, statement: full.statement },
    );
    const passes = full.minScore == null || scored.score >= full.minScore;
    site.score = { ...scored, minScore: full.minScore, passes };
    if (!passes) site.draftSkippedReason = `score ${scored.score} below minimum ${full.minScore}`;
    else if (!facts.chosen) site.draftSkippedReason = "no email address to write to";
    else {
      const prospect = { domain: c.domain, pageUrl: c.item.url, pageTitle: site.pageTitle, pageDescription: c.item.description, crawlData: cd, contactEmail: facts.chosen.email };
      const draft = await drafter(draftInputFor(draftCampaign, prospect, facts.chosen), providers);
      site.draft = { ...draft, to: facts.chosen.email, wouldAutoApprove: shouldAutoApprove(draftCampaign, scored.score, draft.flags) };
    }
  }
  return { mode: keyword ? "keyword" : "domain", input: keyword ?? domainInput!, sites, organicResults: keyword ? plan.organicResults : null };
}
