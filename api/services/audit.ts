import type { Db } from "@outreach/db";

/** Records who did what to which record. `action` is "<entity>.<verb>", e.g. "campaign.pause". */
export function audit(db: Db, userId: string, action: string, entityId: string, data: object = {}) {
  const entityType = action.split(".")[0]!.replace(/^./, (c) => c.toUpperCase());
  return db.auditEvent.create({ data: { userId, action, entityType, entityId, data } });
}
