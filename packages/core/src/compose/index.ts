/** Compose: grounded Gemini drafts with a template fallback, the draft checks, and drafting a campaign's first emails. */
export { composeDraft } from "./compose.ts";
export type { ComposeDeps, ComposedDraft } from "./compose.ts";
export { FALLBACK_REASONS, fallbackReasonOf, asFallbackReason } from "./fallback.ts";
export type { FallbackReason } from "./fallback.ts";
export { buildComposePrompt, DraftSchema, WORD_LIMITS } from "./prompt.ts";
export type { ComposePrompt } from "./prompt.ts";
export { checkDraft, isAutoApprovable, allowedUrls, DRAFT_FLAGS } from "./check.ts";
export type { DraftFlag, DraftSources } from "./check.ts";
export { templateDraft, renderTemplate, templateVariables, TEMPLATE_VARIABLES, DEFAULT_BODY, DEFAULT_SUBJECT, DEFAULT_FOLLOW_UP } from "./template.ts";
export type { TemplateDraft, TemplateVariable } from "./template.ts";
export { composeFacts, siteNameOf } from "./facts.ts";
export type { ComposeFacts } from "./facts.ts";
export type { ComposeCampaign, ComposeProspect, ComposeInput, Draft, GeminiLike, PreviousEmail, DraftSource } from "./types.ts";
export { composeDrafter, templateDrafter } from "./drafter.ts";
export type { Drafter, DraftInput, DraftOutput, DraftCampaign } from "./drafter.ts";
export { draftProspects, draftBlock, composeRefusal, draftInputFor, loadDraftCampaign, shouldAutoApprove, AUTO_DRAFT_SOURCES } from "./drafting.ts";
export type { DraftingDeps, DraftingOptions, DraftingResult, DraftOutcome, DraftCampaignRow } from "./drafting.ts";
