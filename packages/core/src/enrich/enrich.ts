import { publishProspectUpdated, type EventBus } from "@outreach/contracts";
import { Prisma, type Db, type ProspectStage } from "@outreach/db";
import { limited, pool } from "../pool.ts";
import { isProviderError, type DomainSearchResult, type Providers } from "@outreach/providers";
import type { CrawlResult, SiteCrawler } from "../crawl/index.ts";
import { addSuppression, loadSuppressionMatcher } from "../suppression/index.ts";
import { candidateFromStored, candidatesFromCrawl, candidatesFromHunter, isUsable, PERSON_CONTACT_SOURCE, rankContacts, type ContactCandidate } from "./contacts.ts";
import { faultInWords, isProspectsOwnFailure, stopsTheBatch } from "./faults.ts";

/**
 * Enrichment of a batch of prospects: domain rank (one bulk call), Hunter domain search, a crawl
 * of the page (contact page, submission form, open call), and the best contact.
 * A provider fault stays with what it touched (an address, a domain, a rank, one prospect) and is
 * written in the prospect's enrichNotes; only auth / quota errors (faults.ts) stop the batch and
 * propagate, for the processor to raise an alert.
 */

/** Stages enrichment may refresh; later stages (drafted, sent, ...) are left alone. */
export const ENRICHABLE_STAGES: ProspectStage[] = ["discovered", "enriched", "scored"];
/** Hunter addresses read per domain at most (pages of 10). */
export const HUNTER_MAX_RESULTS = 30;
/** Addresses checked with the email verifier per prospect at most. */
const MAX_VERIFICATIONS = 3;

/**
 * Prospects one batch works on at once. Each waits on the network most of the time (a Hunter
 * search beside a crawl of a few pages, then verifications that may be "still verifying" for
 * seconds), so it takes this many per batch for a worker to keep Hunter's limit busy rather than
 * wait on latency; the shared limiter, not this number, paces the calls.
 */
export const ENRICH_CONCURRENCY = 25;

/**
 * Crawls one batch runs at once, in the order its prospects started. All at once, a batch's
 * crawls share the CPU and each ends late, holding back the verifications after it; and a CPU
 * burst makes the calls waiting for a rate-limit slot miss it (the limiter then gives them a later one).
 */
const CRAWLS_AT_ONCE = 8;

export const DO_NOT_CONTACT_NOTE = "Hunter: this person asked not to be processed (HTTP 451); never contact";

export interface SiteFacts {
  domain: string;
  /** The contacts found (do-not-contact addresses are never among them). */
  contacts: ContactCandidate[];
  chosen: ContactCandidate | null;
  contactMethod: "email" | "form" | null;
  /** Why no contact was chosen, notes about the choice, and the faults below: the prospect's enrichNotes. */
  notes: string[];
  /** What could not be done because a provider or the site failed (also in notes). */
  faults: string[];
  /** Addresses Hunter says must never be contacted (451). */
  doNotContact: string[];
  crawlData: CrawlResult & { crawledAt: string };
  hunter: DomainSearchResult | null;
  /** Hunter's domain search failed this time (the stored payload is kept). */
  hunterFailed: boolean;
  daEst: number | null;
  /** DataForSEO could not give the rank this time (the stored one is kept). */
  rankFailed: boolean;
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

export interface DomainRanks {
  ranks: Map<string, number | null>;
  /** Why DataForSEO gave no ranks this time, in words; null when it answered. */
  fault: string | null;
}

/** Domain ranks (0-100) in one bulk call; a fault that is not auth / quota leaves them unknown with the reason. */
export async function domainRanks(providers: Providers, domains: string[]): Promise<DomainRanks> {
  try {
    const ranks = await providers.dataforseo.backlinksRanks(domains);
    return { ranks: new Map(ranks.map((r) => [r.target, r.rank])), fault: null };
  } catch (err) {
    if (stopsTheBatch(err) || !isProviderError(err)) throw err;
    return { ranks: new Map(), fault: `DataForSEO could not give the domain rank: ${faultInWords(err)}; asked again at the next enrichment` };
  }
}

/**
 * Everything enrichment learns about one site, without writing prospects or contacts. A 451 from
 * the verifier adds the address to the user's suppression list (so no campaign ever uses it).
 * `earlierContacts` (Hunter's addresses from a previous enrichment) stand in when the domain
 * search fails this time.
 */
export async function gatherSiteFacts(
  deps: FactDeps,
  input: {
    userId: string;
    domain: string;
    pageUrl: string | null;
    daEst?: number | null;
    /** The batch's rank call failed: this says why (daEst is then left as stored). */
    rankFault?: string | null;
    /**
     * The batch's rank call still under way (it takes as long as a SERP call): awaited only once
     * the rest is gathered, so the site's own calls do not wait for it. Wins over daEst/rankFault.
     */
    rank?: Promise<{ daEst: number | null; fault: string | null }>;
    earlierContacts?: ContactCandidate[];
    signal?: AbortSignal;
    recordDoNotContact?: boolean;
  },
): Promise<SiteFacts> {
  const { providers } = deps;
  const notes: string[] = [];
  const faults: string[] = [];
  const fault = (note: string) => {
    faults.push(note);
    notes.push(note);
  };
  let hunterFailed = false;
  const [hunter, crawlData] = await Promise.all([
    providers.hunter.domainSearchAll({ domain: input.domain, limit: 10, maxResults: HUNTER_MAX_RESULTS }).catch((err: unknown) => {
      if (isProviderError(err) && (err.kind === "do_not_contact" || err.kind === "invalid_request")) {
        notes.push(`Hunter: ${err.message}`);
        return null;
      }
      if (stopsTheBatch(err) || !isProviderError(err)) throw err;
      hunterFailed = true;
      const earlier = input.earlierContacts?.length ? " and the addresses Hunter gave at the previous enrichment" : "";
      fault(`Hunter could not search ${input.domain}: ${faultInWords(err)}; contacts come from the site's own pages${earlier}; asked again at the next enrichment`);
      return null;
    }),
    crawlPage(deps.crawl, input.pageUrl ?? `https://${input.domain}/`, deps.sandboxWebHostUrl, input.signal),
  ]);
  if (crawlData.status === "failed") {
    const why = crawlData.errors[0];
    fault(`The site could not be read${why ? `: ${why.detail}` : ""}; contacts come from Hunter only`);
  }

  const fromHunter = hunter ? candidatesFromHunter(hunter) : hunterFailed ? (input.earlierContacts ?? []) : [];
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
        delete c.verificationNote;
      } catch (err) {
        if (isProviderError(err) && err.kind === "do_not_contact") {
          doNotContact.push(c.email);
          notes.push(`${c.email} asked not to be processed (Hunter 451): suppressed`);
          if (input.recordDoNotContact !== false) await addSuppression(deps.db, input.userId, c.email, "manual", DO_NOT_CONTACT_NOTE);
          continue;
        }
        if (stopsTheBatch(err) || !isProviderError(err)) throw err;
        if (err.kind === "invalid_request") {
          notes.push(`${c.email} skipped: Hunter refused to verify it (${faultInWords(err)})`);
          continue;
        }
        // Usable like Hunter's own "unknown" (docs/decisions.md); the next enrichment asks again.
        const why = `${faultInWords(err)}; asked again at the next enrichment`;
        c.verification = "unknown";
        c.verificationNote = `Hunter could not verify this address: ${why}`;
        fault(`Hunter could not verify ${c.email}: ${why}`);
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
  let rankFault = input.rankFault ?? null;
  if (input.rank) ({ daEst, fault: rankFault } = await input.rank);
  else if (daEst === undefined && !rankFault) {
    const own = await domainRanks(providers, [input.domain]);
    daEst = own.ranks.get(input.domain) ?? null;
    rankFault = own.fault;
  }
  if (rankFault) fault(rankFault);
  return {
    domain: input.domain, contacts, chosen, contactMethod, notes, faults, doNotContact, crawlData, hunter, hunterFailed,
    daEst: rankFault ? null : (daEst ?? null), rankFailed: rankFault !== null,
  };
}

export interface EnrichOptions {
  userId: string;
  campaignId: string;
  prospectIds: string[];
  /** Prospects worked on at once (default ENRICH_CONCURRENCY). */
  concurrency?: number;
  signal?: AbortSignal;
  /** After each prospect; throw from it to stop (cancellation). */
  onProspect?: (done: number, total: number, domain: string) => Promise<void>;
}

export interface EnrichResult {
  total: number;
  /** Prospects enriched (enrichedAt set), faults or not. */
  enriched: number;
  /** Prospects not in an enrichable stage (skipped, drafted, sent, ...). */
  untouched: number;
  withEmail: number;
  withFormOnly: number;
  doNotContact: number;
  openCalls: number;
  /** Enriched, but a provider or the site failed for part of it (the prospect's enrichNotes say what). */
  withFaults: number;
  /** Not enriched: an error stopped this prospect alone (it keeps its stage; enrichNotes say why). */
  failed: number;
}

type BatchProspect = { id: string; pageTitle: string | null; pageDescription: string | null; stage: ProspectStage; personEmail: string | null };

/**
 * The prospect's address after enrichment: one a person gave stays (unless the person behind it
 * asked not to be processed), otherwise the best one enrichment found.
 */
function addressAfter(p: BatchProspect, facts: SiteFacts): { contactEmail: string | null; contactMethod: string | null; note?: string } {
  const given = p.personEmail && !facts.doNotContact.includes(p.personEmail) ? p.personEmail : null;
  if (!given) return { contactEmail: facts.chosen?.email ?? null, contactMethod: facts.contactMethod };
  const other = facts.chosen && facts.chosen.email !== given ? facts.chosen.email : null;
  return { contactEmail: given, contactMethod: "email", note: other ? `Kept the address you gave (${given}); enrichment also found ${other}` : undefined };
}

function saveFacts(db: Db, p: BatchProspect, facts: SiteFacts, now: Date) {
  const address = addressAfter(p, facts);
  return db.$transaction([
    ...facts.contacts.map((c) => {
      const fields = { name: c.name, position: c.position, type: c.type, confidence: c.confidence, verification: c.verification, verificationNote: c.verificationNote ?? null };
      return db.contact.upsert({
        where: { prospectId_email: { prospectId: p.id, email: c.email } },
        create: { prospectId: p.id, email: c.email, source: c.source, ...fields },
        update: fields,
      });
    }),
    // A do-not-contact address never stays on the prospect, even from an earlier run.
    db.contact.deleteMany({ where: { prospectId: p.id, email: { in: facts.doNotContact } } }),
    db.prospect.update({
      where: { id: p.id },
      data: {
        contactEmail: address.contactEmail,
        contactMethod: address.contactMethod,
        // A provider that failed this time leaves what an earlier enrichment stored.
        ...(facts.rankFailed ? {} : { daEst: facts.daEst }),
        ...(facts.hunterFailed ? {} : { hunterPayload: facts.hunter ? (facts.hunter as unknown as Prisma.InputJsonValue) : Prisma.DbNull }),
        crawlData: facts.crawlData as unknown as Prisma.InputJsonValue,
        pageTitle: p.pageTitle ?? facts.crawlData.title,
        pageDescription: p.pageDescription ?? facts.crawlData.description,
        enrichedAt: now,
        enrichNotes: address.note ? [...facts.notes, address.note] : facts.notes,
        ...(p.stage === "discovered" ? { stage: "enriched" as const } : {}),
      },
    }),
  ]);
}

export async function enrichProspects(deps: EnrichDeps, opts: EnrichOptions): Promise<EnrichResult> {
  const { db, bus } = deps;
  const prospects = await db.prospect.findMany({
    where: { id: { in: opts.prospectIds }, campaignId: opts.campaignId, campaign: { userId: opts.userId } },
    select: {
      id: true, domain: true, pageUrl: true, pageTitle: true, pageDescription: true, stage: true,
      contactEmail: true,
      contacts: { where: { source: { in: ["hunter", PERSON_CONTACT_SOURCE] } }, select: { email: true, name: true, position: true, type: true, confidence: true, verification: true, verificationNote: true, source: true } },
    },
    orderBy: { domain: "asc" },
  });
  const todo = prospects.filter((p) => ENRICHABLE_STAGES.includes(p.stage));
  const result: EnrichResult = {
    total: prospects.length, enriched: 0, untouched: prospects.length - todo.length,
    withEmail: 0, withFormOnly: 0, doNotContact: 0, openCalls: 0, withFaults: 0, failed: 0,
  };
  if (todo.length === 0) return result;

  // One bulk rank call for the batch, under way while the sites are searched and crawled. A fault
  // that stops the batch (auth, quota) surfaces at the first prospect that needs its rank.
  const ranks = domainRanks(deps.providers, todo.map((p) => p.domain));
  const rankError: { error?: unknown } = {};
  ranks.catch((error: unknown) => (rankError.error = error));
  let done = 0;
  const crawl = limited(CRAWLS_AT_ONCE, deps.crawl);
  await pool(todo, opts.concurrency ?? ENRICH_CONCURRENCY, async (p) => {
    opts.signal?.throwIfAborted();
    // Handled here too: a prospect that fails before it asks for its rank leaves it unread.
    const rank = ranks.then((r) => ({ daEst: r.ranks.get(p.domain) ?? null, fault: r.fault }));
    rank.catch(() => {});
    try {
      const facts = await gatherSiteFacts({ ...deps, crawl }, {
        userId: opts.userId,
        domain: p.domain,
        pageUrl: p.pageUrl,
        rank,
        earlierContacts: p.contacts.filter((c) => c.source === "hunter").map(candidateFromStored),
        signal: opts.signal,
      });
      opts.signal?.throwIfAborted();
      const personEmail = p.contacts.some((c) => c.source === PERSON_CONTACT_SOURCE && c.email === p.contactEmail) ? p.contactEmail : null;
      await saveFacts(db, { ...p, personEmail }, facts, new Date());
      result.enriched++;
      if (facts.faults.length) result.withFaults++;
      if (facts.chosen) result.withEmail++;
      else if (facts.contactMethod === "form") result.withFormOnly++;
      result.doNotContact += facts.doNotContact.length;
      if (facts.crawlData.openCall) result.openCalls++;
    } catch (err) {
      if (err === rankError.error || !isProspectsOwnFailure(err) || opts.signal?.aborted) throw err;
      await db.prospect.updateMany({ where: { id: p.id }, data: { enrichNotes: [`Enrichment failed: ${faultInWords(err)}; tried again at the next enrichment`] } });
      result.failed++;
    }
    publishProspectUpdated(bus, { id: p.id, campaignId: opts.campaignId, userId: opts.userId });
    await opts.onProspect?.(++done, todo.length, p.domain);
  });
  return result;
}
