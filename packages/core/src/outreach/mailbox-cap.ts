import type { DbClient, Mailbox } from "@outreach/db";
import { SLOT_STATUSES } from "./policy.ts";

/**
 * A mailbox's own limits, across every campaign that sends from it: its daily cap counts sends in
 * the last 24 hours (Gmail's own sending limits are a rolling 24 hours), and after Gmail said
 * "daily limit exceeded" nothing leaves it before `quotaResetAt` (Gmail's reset).
 */

export const MAILBOX_WINDOW_MS = 24 * 60 * 60_000;

export type MailboxWait = "mailbox_cap_reached" | "mailbox_quota";

export type PolicyMailbox = Pick<Mailbox, "id" | "address" | "status" | "dailyCap" | "quotaResetAt">;

export interface MailboxLoad {
  mailbox: PolicyMailbox;
  /** Send (or claim) times in ms, ascending, of the last 24 hours before the planning instant. */
  sends: number[];
}

export const MAILBOX_POLICY_SELECT = { id: true, address: true, status: true, dailyCap: true, quotaResetAt: true } as const;

/** Sends of these mailboxes in the 24 hours before `now`, one query. */
export async function loadMailboxLoads(db: DbClient, mailboxIds: string[], now: Date): Promise<Map<string, MailboxLoad>> {
  const out = new Map<string, MailboxLoad>();
  if (!mailboxIds.length) return out;
  const since = new Date(now.getTime() - MAILBOX_WINDOW_MS);
  const [mailboxes, rows] = await Promise.all([
    db.mailbox.findMany({ where: { id: { in: mailboxIds } }, select: MAILBOX_POLICY_SELECT }),
    db.emailLog.findMany({
      where: { mailboxId: { in: mailboxIds }, status: { in: SLOT_STATUSES }, OR: [{ sentAt: { gt: since } }, { sentAt: null, claimedAt: { gt: since } }] },
      select: { mailboxId: true, sentAt: true, claimedAt: true },
    }),
  ]);
  for (const m of mailboxes) out.set(m.id, { mailbox: m, sends: [] });
  for (const r of rows) out.get(r.mailboxId!)?.sends.push((r.sentAt ?? r.claimedAt!).getTime());
  for (const l of out.values()) l.sends.sort((a, b) => a - b);
  return out;
}

/** Index of the first send after `t` (sends are ascending). */
function firstAfter(sends: number[], t: number): number {
  let lo = 0;
  let hi = sends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sends[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sends counted against the cap at `at`: those in (at - 24 h, at], as [first index, end index). */
function windowAt(load: MailboxLoad, at: number): [number, number] {
  return [firstAfter(load.sends, at - MAILBOX_WINDOW_MS), firstAfter(load.sends, at)];
}

function countAt(load: MailboxLoad, at: number): number {
  const [from, to] = windowAt(load, at);
  return to - from;
}

/** Which mailbox limit holds a send at `at`, if any. */
export function mailboxWaitAt(load: MailboxLoad, at: Date): MailboxWait | null {
  const { mailbox } = load;
  if (mailbox.quotaResetAt && mailbox.quotaResetAt > at) return "mailbox_quota";
  if (countAt(load, at.getTime()) >= mailbox.dailyCap) return "mailbox_cap_reached";
  return null;
}

/** The earliest instant >= `from` the mailbox's limits allow a send; null when its cap is 0. */
export function mailboxEarliest(load: MailboxLoad, from: Date): Date | null {
  const { mailbox } = load;
  if (mailbox.dailyCap <= 0) return null;
  let t = from.getTime();
  if (mailbox.quotaResetAt && mailbox.quotaResetAt.getTime() > t) t = mailbox.quotaResetAt.getTime();
  for (;;) {
    const [from, to] = windowAt(load, t);
    if (to - from < mailbox.dailyCap) return new Date(t);
    // The cap frees up when enough of the window's oldest sends are 24 hours old.
    t = load.sends[to - mailbox.dailyCap]! + MAILBOX_WINDOW_MS;
  }
}

export function recordMailboxSend(load: MailboxLoad, at: Date): void {
  const t = at.getTime();
  load.sends.splice(firstAfter(load.sends, t), 0, t);
}

export function mailboxWaitDetail(load: MailboxLoad, wait: MailboxWait): string {
  return wait === "mailbox_quota"
    ? `Gmail's daily sending limit for ${load.mailbox.address} is reached; it resets at ${load.mailbox.quotaResetAt?.toISOString()}`
    : `${load.mailbox.address} has sent its daily cap of ${load.mailbox.dailyCap} in the last 24 hours (all campaigns together)`;
}

/** The mailbox a not-yet-sent email leaves from: a follow-up from its thread's mailbox, a first email from the campaign's. */
export async function sendingMailboxOf(db: DbClient, emailLog: { prospectId: string; step: number }, campaign: { mailboxId: string | null }): Promise<string | null> {
  if (emailLog.step >= 1) {
    const first = await db.emailLog.findFirst({ where: { prospectId: emailLog.prospectId, step: 0 }, select: { mailboxId: true } });
    if (first?.mailboxId) return first.mailboxId;
  }
  return campaign.mailboxId;
}
