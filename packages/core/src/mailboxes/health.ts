import type { Db, DbClient } from "@outreach/db";

/**
 * A mailbox's health decides only its own campaigns: invalid_grant or a missing scope marks it
 * needs_reconnect, pauses the campaigns that send from it and raises one alert that names it;
 * reconnecting resumes exactly what that pause stopped. Other mailboxes keep sending.
 */

export const MAILBOX_PAUSE_PREFIX = "mailbox_reconnect";
export const MAILBOX_ALERT_KIND = "mailbox_reconnect";

const lockMailbox = (tx: DbClient, mailboxId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`outreach.mailbox:${mailboxId}`}, 0))`;

export interface NeedsReconnectResult {
  /** False when the mailbox was already marked (the alert was raised before). */
  changed: boolean;
  pausedCampaigns: number;
}

export async function markMailboxNeedsReconnect(db: Db, mailboxId: string, reason: string, now = new Date()): Promise<NeedsReconnectResult> {
  return db.$transaction(async (tx) => {
    await lockMailbox(tx, mailboxId);
    const mailbox = await tx.mailbox.findUnique({ where: { id: mailboxId }, select: { id: true, userId: true, address: true, status: true } });
    if (!mailbox || mailbox.status !== "connected") return { changed: false, pausedCampaigns: 0 };
    const why = reason.slice(0, 500);
    await tx.mailbox.update({ where: { id: mailboxId }, data: { status: "needs_reconnect", statusReason: why, statusChangedAt: now } });
    const paused = await tx.campaign.updateMany({
      where: { mailboxId, sendingPausedReason: null },
      data: { sendingPausedReason: `${MAILBOX_PAUSE_PREFIX}: ${mailbox.address} needs reconnecting (${why})`.slice(0, 600) },
    });
    const open = await tx.alert.findFirst({ where: { mailboxId, kind: MAILBOX_ALERT_KIND, resolvedAt: null }, select: { id: true } });
    const message = `Gmail ${mailbox.address} needs reconnecting: ${why}. Its campaigns are paused until you press Reconnect; your other mailboxes keep sending.`;
    if (open) await tx.alert.update({ where: { id: open.id }, data: { message } });
    else await tx.alert.create({ data: { userId: mailbox.userId, mailboxId, provider: "gmail", kind: MAILBOX_ALERT_KIND, message } });
    return { changed: true, pausedCampaigns: paused.count };
  });
}

/** After a reconnect: the mailbox is connected again, its paused campaigns resume, its alert resolves. Returns the resumed campaign ids. */
export async function resumeMailbox(db: Db, mailboxId: string, now = new Date()): Promise<string[]> {
  return db.$transaction(async (tx) => {
    await lockMailbox(tx, mailboxId);
    const campaigns = await tx.campaign.findMany({ where: { mailboxId, sendingPausedReason: { startsWith: MAILBOX_PAUSE_PREFIX } }, select: { id: true } });
    await tx.campaign.updateMany({ where: { id: { in: campaigns.map((c) => c.id) } }, data: { sendingPausedReason: null } });
    await tx.alert.updateMany({ where: { mailboxId, kind: MAILBOX_ALERT_KIND, resolvedAt: null }, data: { resolvedAt: now } });
    return campaigns.map((c) => c.id);
  });
}
