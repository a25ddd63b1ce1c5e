export { isForbiddenAddress, forbiddenReason } from "./address.ts";
export {
  checkUrl,
  guardedLookup,
  createGuardedAgents,
  parseSandboxOrigin,
  isFakeSiteHost,
  systemResolver,
  ForbiddenConnectionError,
  SandboxConfigError,
} from "./guard.ts";
export type { Resolver, GuardDecision, GuardOptions, RefusalReason, ConnectTarget, ConnectHookInfo } from "./guard.ts";
export { fetchPage, TEXT_TYPES, XML_TYPES } from "./fetch.ts";
export type { FetchResult, FetchedPage, FetchFailure, FetchFailureReason, FetchPageOptions } from "./fetch.ts";
export type { GuardedAgents } from "./guard.ts";
export { crawlSite, classifyLink, CRAWL_DEFAULTS } from "./crawl.ts";
export type { SiteCrawler, CrawlResult, CrawlOptions, CrawledPage, CrawlError, SubmissionForm, OpenCall, FoundEmail, PageKind } from "./crawl.ts";
export { extractPage, parseDate, parseFee, parseDeadline, findEmails } from "./extract.ts";
export type { LinkFact, PageFacts } from "./extract.ts";
export { findInstructions, isInstructionLike, normaliseUrl, trigrams, words } from "./injection.ts";
export type { InstructionFinding } from "./injection.ts";
