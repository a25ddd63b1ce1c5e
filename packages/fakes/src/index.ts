export type { FakeServer, FaultSpec, FakeStats, BaseControl } from "./common.ts";
export { startFakeDataForSeo, type DataForSeoControl, type DataForSeoTaskError, type FakeDataForSeoOptions } from "./dataforseo.ts";
export { startFakeHunter, type HunterControl, type FakeHunterOptions, type TargetFault } from "./hunter.ts";
export { startFakeGemini, extractFacts, type GeminiControl, type GeminiResponseMode, type GeminiRecordedRequest, type FakeGeminiOptions } from "./gemini.ts";
export {
  startFakeGmail,
  type GmailControl,
  type SentRecord,
  type DeliveredMessage,
  type InboundKind,
  type FakeGmailOptions,
  type GmailAccountInput,
  type GmailAliasInput,
  type GmailAccountInfo,
  type GmailErrorReason,
  type GmailErrorSpec,
  type AuthorizeInput,
  type RevokedToken,
} from "./gmail.ts";
export { startFakeWebHost, type WebHostControl, type FakeWebHostOptions } from "./webhost.ts";
export type { Feature, FeatureSpec, FeatureEdit, FeatureLinkStyle } from "./features.ts";
export { fakesEnv, startSandbox, type Sandbox, type SandboxProvider } from "./sandbox.ts";
export { siteModel, serpSitesForKeyword, isFakeArtDomain, type SiteModel, type SerpSite } from "./sites.ts";
