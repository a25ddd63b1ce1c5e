import { publishProspectUpdated, type EventBus } from "@outreach/contracts";
import { Prisma, type Db, type ProspectStage } from "@outreach/db";
import { isProviderError, ProviderErrorCode, type DomainSearchResult, type Providers } from "@outreach/providers";
import type { CrawlResult, SiteCrawler } from "../crawl/index.ts";
import { addSuppression, loadSuppressionMatcher } from "../suppression/index.ts";
import { candidatesFromCrawl, candidatesFromHunter, isUsable, rankContacts, type ContactCandidate } from "./contacts.ts";

/**
 * Enrichment of a batch of prospects: domain rank (one bulk call), Hunter domain search, a crawl
 * of the page (contact page, submission form, open call), and the best contact.
 * Provider errors propagate: the processor decides retry / alert / fail with decideRetry.
 */

/** Stages enrichment may refresh; later stages (drafted, sent, ...) are left alone. */
export const ENRICHABLE_STAGES: ProspectStage[] = ["discovered", "enriched", "scored"];
/** Hunter addresses read per domain at most (pages of 10). */
export const HUNTER_MAX_RESULTS = 30;
/** Addresses checked with the email verifier per prospect at most. */
const MAX_VERIFICATIONS = 3;

export const DO_NOT_CONTACT_NOTE = "Hunter: this person asked not to be processed (HTTP 451); never contact";

export interface SiteFacts {
  domain: string;
  /** The contacts found (do-not-contact addresses are never among them). */
  contacts: ContactCandidate[];
  chosen: ContactCandidate | null;
  contactMethod: "email" | "form" | null;
  /** Why no contact was chosen, or notes about the choice. */
  notes: string[];
  /** Addresses Hunter says must never be contacted (451). */
  doNotContact: string[];
  crawlData: CrawlResult & { crawledAt: string };
  hunter: DomainSearchResult | null;
  daEst: number | null;
}

/** What enrichment needs: providers (Hunter, DataForSEO ranks), a site crawler and, in sandbox mode, the fake web host. */
export interface EnrichDeps {
  db: Db;
  bus: EventBus;
  providers: Providers;
  crawl: SiteCrawler;
  /** Loopback URL of the sandbox web host: fake *.example sites are read from there. */
  sandboxWebHostUrl?: string;
}

type FactDeps = Pick<EnrichDeps, "db" | "providers" | "crawl" | "sandboxWebHostUrl">;

async function crawlPage(crawl: SiteCrawler, url: string, sandboxWebHostUrl: string | undefined, signal?: AbortSignal) {
  let result: CrawlResult;
  try {
    result = await crawl(url, { sandboxWebHostUrl, signal });
  } catch (err) {
    // crawlSite reports site problems in the result; this is a configuration or programming error.
    const now = new Date().toISOString();
    result = {
      version: 1, startUrl: url, finalUrl: null, site: "", fetchedAt: now, durationMs: 0, status: "failed", sandbox: false,
      title: null, description: null, pages: [], emails: [], contactPageUrl: null, submissionForm: null, openCall: null,
      postalAddress: null, outboundLinks: [], siteLinks: [], suspectedInstructions: [],
      errors: [{ url, reason: "network", detail: (err as Error).message }], bytes: 0,
    };
  }
  return { ...result, crawledAt: result.fetchedAt };
}

/**
 * Everything enrichment learns about one site, without writing prospects or contacts. A 451 from
 * the verifier adds the address to the user's suppression list (so no campaign ever uses it).
 */
export async function gatherSiteFacts(
  deps: FactDeps,
  input: { userId: string; domain: string; pageUrl: string | null; daEst?: number | null; signal?: AbortSignal; recordDoNotContact?: boolean },
): Promise<SiteFacts> {
  const { providers } = deps;
  const notes: string[] = [];
  const [hunter, crawlData] = await Promise.all([
    providers.hunter.domainSearchAll({ domain: input.domain, limit: 10, maxResults: HUNTER_MAX_RESULTS }).catch((err: unknown) => {
      if (isProviderError(err) && (err.kind === "do_not_contact" || err.kind === "invalid_request")) {
        notes.push(`Hunter: ${err.message}`);
        return null;
      }
      throw err;
    }),
    crawlPage(deps.crawl, input.pageUrl ?? `https://${input.domain}/`, deps.sandboxWebHostUrl, input.signal),
  ]);

  const fromHunter = hunter ? candidatesFromHunter(hunter) : [];
  const known = new Set(fromHunter.map((c) => c.email));
  let contacts = [...fromHunter, ...candidatesFromCrawl(crawlData.emails, input.domain, known)];
  const suppressed = await loadSuppressionMatcher(deps.db, input.userId, contacts.map((c) => ({ email: c.email })));
  const doNotContact: string[] = [];

  let chosen: ContactCandidate | null = null;
  let verifications = 0;
  for (const c of rankContacts(contacts)) {
    if (!isUsable(c)) continue;
    const match = suppressed({ email: c.email });
    if (match) {
      notes.push(`${c.email} skipped: on the suppression list (${match.value})`);
      continue;
    }
    // Hunter already verified these; others (crawl finds, unknown) are checked before use.
    if (c.verification !== "valid" && c.verification !== "accept_all" && verifications < MAX_VERIFICATIONS) {
      verifications++;
      try {
        const v = await providers.hunter.emailVerifier(c.email);
        c.verification = v.status;
      } catch (err) {
        if (isProviderError(err) && err.kind === "do_not_contact") {
          doNotContact.push(c.email);
          notes.push(`${c.email} asked not to be processed (Hunter 451): suppressed`);
          if (input.recordDoNotContact !== false) await addSuppression(deps.db, input.userId, c.email, "manual", DO_NOT_CONTACT_NOTE);
          continue;
        }
        if (!(isProviderError(err) && err.code === ProviderErrorCode.VERIFICATION_PENDING)) throw err;
        c.verification = "unknown";
      }
      if (!isUsable(c)) {
        notes.push(`${c.email} skipped: verification says ${c.verification}`);
        continue;
      }
    }
    chosen = c;
    break;
  }
  contacts = contacts.filter((c) => !doNotContact.includes(c.email));
  const contactMethod = chosen ? "email" : crawlData.submissionForm ? "form" : null;
  if (!chosen) notes.push(contactMethod === "form" ? "No usable address; the site has a submission form" : "No usable address or contact form found");

  let daEst = input.daEst;
  if (daEst === undefined) daEst = (await providers.dataforseo.backlinksRanks([input.domain]))[0]?.rank ?? null;
  return { domain: input.domain, contacts, chosen, contactMethod, notes, doNotContact, crawlData, hunter, daEst: daEst ?? null };
}

export interface EnrichOptions {
  userId: string;
  campaignId: string;
  prospectIds: string[];
  /** Prospects worked on at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  /** After each prospect; throw from it to stop (cancellation). */
  onProspect?: (done: number, total: number, domain: string) => Promise<void>;
}

export interface EnrichResult {
  total: number;
  enriched: number;
  /** Prospects not in an enrichable stage (skipped, drafted, sent, ...). */
  untouched: number;
  withEmail: number;
  withFormOnly: number;
  doNotContact: number;
  openCalls: number;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, run));
}

export async function enrichProspects(deps: EnrichDeps, opts: EnrichOptions): Promise<EnrichResult> {
  const { db, bus } = deps;
  const prospects = await db.prospect.findMany({
    where: { id: { in: opts.prospectIds }, campaignId: opts.campaignId, campaign: { userId: opts.userId } },
    select: { id: true, domain: true, pageUrl: true, pageTitle: true, pageDescription: true, stage: true },
    orderBy: { domain: "asc" },
  });
  const todo = prospects.filter((p) => ENRICHABLE_STAGES.includes(p.stage));
  const result: EnrichResult = { total: prospects.length, enriched: 0, untouched: prospects.length - todo.length, withEmail: 0, withFormOnly: 0, doNotContact: 0, openCalls: 0 };
  if (todo.length === 0) return result;

  // One bulk call for the batch's domain ranks (0-100).
  const ranks = new Map((await deps.providers.dataforseo.backlinksRanks(todo.map((p) => p.domain))).map((r) => [r.target, r.rank]));
  let done = 0;
  await pool(todo, opts.concurrency ?? 4, async (p) => {
    const facts = await gatherSiteFacts(deps, { userId: opts.userId, domain: p.domain, pageUrl: p.pageUrl, daEst: ranks.get(p.domain) ?? null, signal: opts.signal });
    await db.$transaction([
      ...facts.contacts.map((c) =>
        db.contact.upsert({
          where: { prospectId_email: { prospectId: p.id, email: c.email } },
          create: { prospectId: p.id, email: c.email, name: c.name, position: c.position, type: c.type, confidence: c.confidence, verification: c.verification, source: c.source },
          update: { name: c.name, position: c.position, type: c.type, confidence: c.confidence, verification: c.verification },
        }),
      ),
      // A do-not-contact address never stays on the prospect, even from an earlier run.
      db.contact.deleteMany({ where: { prospectId: p.id, email: { in: facts.doNotContact } } }),
      db.prospect.update({
        where: { id: p.id },
        data: {
          contactEmail: facts.chosen?.email ?? null,
          contactMethod: facts.contactMethod,
          daEst: facts.daEst,
          crawlData: facts.crawlData as unknown as Prisma.InputJsonValue,
          hunterPayload: facts.hunter ? (facts.hunter as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
          pageTitle: p.pageTitle ?? facts.crawlData.title,
          pageDescription: p.pageDescription ?? facts.crawlData.description,
          ...(p.stage === "discovered" ? { stage: "enriched" as const } : {}),
        },
      }),
    ]);
    result.enriched++;
    if (facts.chosen) result.withEmail++;
    else if (facts.contactMethod === "form") result.withFormOnly++;
    result.doNotContact += facts.doNotContact.length;
    if (facts.crawlData.openCall) result.openCalls++;
    publishProspectUpdated(bus, { id: p.id, campaignId: opts.campaignId, userId: opts.userId });
    await opts.onProspect?.(++done, todo.length, p.domain);
  });
  return result;
}

