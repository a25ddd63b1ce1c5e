/** Enrichment: contacts (Hunter + the crawled pages, the best one chosen), the crawl facts, domain rank. */
export {
  enrichProspects,
  gatherSiteFacts,
  ENRICHABLE_STAGES,
  HUNTER_MAX_RESULTS,
  DO_NOT_CONTACT_NOTE,
  type EnrichDeps,
  type EnrichOptions,
  type EnrichResult,
  type SiteFacts,
} from "./enrich.ts";
export { rankContacts, contactRank, candidatesFromHunter, candidatesFromCrawl, verificationOf, isUsable, type ContactCandidate } from "./contacts.ts";
