/** Enrichment: contacts (Hunter + the crawled pages, the best one chosen), the crawl facts, domain rank. */
export {
  enrichProspects,
  gatherSiteFacts,
  type EnrichDeps,
  type EnrichOptions,
  type EnrichResult,
  type SiteFacts,
} from "./enrich.ts";
export { rankContacts, candidatesFromHunter, candidatesFromCrawl, verificationOf, personContact, PERSON_CONTACT_SOURCE, type ContactCandidate } from "./contacts.ts";
export { ENRICH_COOLDOWN_MS, enrichAvailableAt, enrichRefusal, type EnrichRefusal, type EnrichState } from "./cooldown.ts";
