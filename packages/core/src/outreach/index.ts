/**
 * Outreach: everything from an approved email to the last follow-up. The send plan and its rules,
 * the exactly-once send, the message, unsubscribe, follow-ups, reply and bounce sync, reconciling.
 */
export { withDelivery, mailboxKeyOf, type DeliveryDeps } from "./deps.ts";
export { sendEmailLog, sendsFrom, enqueueDeferredSend, unsubscribeSecretFor, INSECURE_PUBLIC_URL_REASON, type SendOutcome } from "./send.ts";
export { checkSendPolicy, reserveSendSlot, type SendBlockReason, type PolicyResult } from "./policy.ts";
export { previewSendQueue, loadSendPlans, type QueuedSend, type BlockedSend, type SendQueuePreview, type PlanMailboxSummary } from "./plan.ts";
export { loadMailboxLoads, MAILBOX_WINDOW_MS, type MailboxWait } from "./mailbox-cap.ts";
export { dispatchCampaign, armDispatch, replanCampaign, replanMailbox, campaignsToDispatch } from "./dispatch.ts";
export { gapSecondsAfter, type ScheduleCampaign, type TimeBlockReason } from "./schedule.ts";
export { buildOutreachMessage, outreachMessageId, subjectForStep, type BuildOutreachMessageInput, type OutreachMessage } from "./message.ts";
export {
  applyUnsubscribe,
  deriveUnsubscribeSecret,
  signUnsubscribeToken,
  verifyUnsubscribeToken,
  unsubscribeLinks,
  unsubscribeUrl,
  InvalidUnsubscribeTokenError,
  type UnsubscribePayload,
} from "./unsubscribe.ts";
export { sweepFollowUps, runFollowUp, type FollowUpOutcome } from "./followups.ts";
export { followUpDue, makeFollowUpDueNow, type FollowUpDecision } from "./followup-schedule.ts";
export { syncReplies, syncUserMailboxes, mailboxesToSync, type SyncResult } from "./reply-sync.ts";
export { classifyInbound, type ClassifiedInbound, type InboundKind } from "./inbound.ts";
export { reconcileStuckSends, reconcileSending, type ReconcileOutcome } from "./reconcile.ts";
