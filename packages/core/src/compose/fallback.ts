import { isProviderError, ProviderErrorCode } from "@outreach/providers/errors";

/**
 * Why a draft came from the template although Gemini was asked: stored in EmailLog.fallbackReason,
 * counted in the compose job's result and shown on the draft. See README.md.
 */
export const FALLBACK_REASONS = ["gemini_max_tokens", "gemini_safety", "gemini_invalid_json", "gemini_rate_limited", "gemini_error"] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** The one mapping from a failed Gemini call to its fallback reason. */
export function fallbackReasonOf(err: unknown): FallbackReason {
  if (!isProviderError(err)) return "gemini_error";
  switch (err.code) {
    case ProviderErrorCode.GEMINI_MAX_TOKENS:
      return "gemini_max_tokens";
    case ProviderErrorCode.GEMINI_BLOCKED:
      return "gemini_safety";
    case ProviderErrorCode.GEMINI_INVALID_JSON:
    case "SHAPE":
      return "gemini_invalid_json";
  }
  // A per-day quota is a 429 too: Gemini refused for its limits, not for this draft.
  if (err.kind === "rate_limited" || err.kind === "quota") return "gemini_rate_limited";
  return "gemini_error";
}

/** A stored value as a known reason (rows written by an older or newer version read as gemini_error). */
export function asFallbackReason(value: string | null | undefined): FallbackReason | null {
  if (!value) return null;
  return (FALLBACK_REASONS as readonly string[]).includes(value) ? (value as FallbackReason) : "gemini_error";
}
