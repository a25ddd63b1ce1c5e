/** Send safety: suppression, the pre-send rules, exactly-once claiming, messages, unsubscribe. */
export * from "./types.ts";
export * from "./suppression.ts";
export * from "./schedule.ts";
export * from "./policy.ts";
export * from "./claim.ts";
export * from "./message.ts";
export * from "./unsubscribe.ts";
export * from "./queue-preview.ts";
export * from "./followups.ts";
