/** The suppression list: who must never be written to again. Checked by discovery, enrichment, drafting and every send. */
export {
  addSuppression,
  findSuppression,
  isSuppressed,
  loadSuppressionMatcher,
  normalizeSuppressionValue,
  normalizeEmail,
  type SuppressionKind,
  type SuppressionMatch,
  type NormalizedSuppression,
} from "./suppression.ts";
