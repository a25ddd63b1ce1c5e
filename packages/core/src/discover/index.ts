/** Discovery: DataForSEO organic results for a campaign's keywords -> one prospect per (campaign, domain). */
export {
  discoverProspects,
  searchKeywords,
  planCandidates,
  type DiscoverDeps,
  type DiscoverOptions,
  type DiscoveryResult,
  type DiscoveryPlan,
  type DiscoveryCampaign,
  type Candidate,
  type KeywordResult,
  type SearchOptions,
} from "./discover.ts";
