import { OUTREACH_STATUSES, PROSPECT_STAGES, QUEUE_NAMES } from "@outreach/contracts";
import { FALLBACK_REASONS } from "@outreach/core/compose";
import { builder } from "../builder.ts";

export const ProspectStageEnum = builder.enumType("ProspectStage", { values: PROSPECT_STAGES });
export const OutreachStatusEnum = builder.enumType("OutreachStatus", { values: OUTREACH_STATUSES });
export const ProspectSourceEnum = builder.enumType("ProspectSource", { values: ["serp", "manual", "import"] as const });
export const JobTypeEnum = builder.enumType("JobType", { values: QUEUE_NAMES });
export const JobStatusEnum = builder.enumType("JobStatus", {
  values: ["pending", "running", "completed", "failed", "cancelled"] as const,
});
export const LogLevelEnum = builder.enumType("LogLevel", { values: ["info", "warn", "error"] as const });
export const EmailStatusEnum = builder.enumType("EmailStatus", {
  values: ["draft", "approved", "sending", "sent", "failed", "bounced"] as const,
});
export const VerificationStatusEnum = builder.enumType("VerificationStatus", {
  values: ["valid", "invalid", "accept_all", "webmail", "disposable", "unknown", "unverified"] as const,
});
export const DraftFallbackReasonEnum = builder.enumType("DraftFallbackReason", {
  description: "Why a draft was written from the template although Gemini was asked",
  values: FALLBACK_REASONS,
});
