import { DECIDED_STAGES } from "@outreach/contracts";
import type { Campaign, Db, DbClient, EmailLog, EmailStatus, Prospect } from "@outreach/db";
import { NotFoundError } from "../errors.ts";
import { earliestSendTime, localDayBounds, localDayKey, timeBlockAt, type ScheduleState, type TimeBlockReason } from "./schedule.ts";
import { findSuppression, normalizeEmail, type SuppressionMatch } from "../suppression/index.ts";
import { loadMailboxLoads, mailboxEarliest, mailboxWaitAt, mailboxWaitDetail, sendingMailboxOf, type MailboxWait, type PolicyMailbox } from "./mailbox-cap.ts";

/**
 * The checks that run before every send (DESIGN.md "Send safety"). `checkSendPolicy` answers for
 * one EmailLog; `reserveSendSlot` runs it under a per-user PostgreSQL advisory lock and claims the
 * row in the same transaction, so two workers can never both pass the cap or the gap.
 */

export type SendBlockReason =
  | "campaign_paused"
  | "missing_email"
  | "suppressed"
  | "sequence_stopped"
  | "already_sent"
  | "not_approved"
  | "flagged_draft"
  | "low_score"
  | "open_thread_same_domain"
  | "no_mailbox"
  | "mailbox_unavailable"
  | TimeBlockReason
  | MailboxWait;

export type PolicyCampaign = Pick<
  Campaign,
  | "id"
  | "userId"
  | "status"
  | "sendingPausedReason"
  | "dailyCap"
  | "sendWindowStart"
  | "sendWindowEnd"
  | "timeZone"
  | "minGapSeconds"
  | "maxGapSeconds"
  | "minScore"
  | "cooldownDays"
  | "mailboxId"
>;
export type PolicyProspect = Pick<Prospect, "id" | "campaignId" | "domain" | "contactEmail" | "score" | "outreachStatus" | "stage" | "skipReason">;
export type PolicyEmailLog = Pick<EmailLog, "id" | "prospectId" | "step" | "status" | "toEmail" | "flags">;

export type PolicyResult =
  | { ok: true }
  | {
      ok: false;
      reason: SendBlockReason;
      /** One sentence a user can read. */
      detail: string;
      /** For time rules: the earliest instant all time rules allow a send (null: never, e.g. cap 0). */
      retryAt?: Date | null;
      suppression?: SuppressionMatch;
    };

/** Who gets the email: the address frozen on the draft, else the prospect's contact. */
export function recipientOf(prospect: Pick<Prospect, "contactEmail">, emailLog: Pick<EmailLog, "toEmail">): string | null {
  const raw = emailLog.toEmail ?? prospect.contactEmail;
  return raw ? normalizeEmail(raw) : null;
}

/** Campaigns that may send now (the database side of the campaign_paused rule). */
export const SENDING_CAMPAIGN = { status: "active" as const, sendingPausedReason: null };

/** Statuses that hold a slot: the send went out, or is going out right now. */
export const SLOT_STATUSES: EmailStatus[] = ["sending", "sent", "bounced"];
const STOPPED_STAGES = new Set<string>([...DECIDED_STAGES, "skipped"]);
const STOPPED_OUTREACH = new Set(["replied", "accepted", "rejected"]);

export interface OpenThread {
  emailLogId: string;
  prospectId: string;
  domain: string;
  at: Date;
}

export interface StaticFacts {
  suppression: SuppressionMatch | null;
  openThread: OpenThread | null;
  /** The mailbox the email would leave from (null: none); undefined: not checked here. */
  mailbox?: PolicyMailbox | null;
}

type Block = Extract<PolicyResult, { ok: false }>;

/**
 * Rules that no waiting can fix, in the order a user would want to hear them. Pure: the DB facts
 * (suppression match, another open thread on the domain) are passed in.
 */
export function staticBlock(campaign: PolicyCampaign, prospect: PolicyProspect, emailLog: PolicyEmailLog, facts: StaticFacts): Block | null {
  if (campaign.status === "paused") return { ok: false, reason: "campaign_paused", detail: "the campaign is paused" };
  if (campaign.sendingPausedReason) return { ok: false, reason: "campaign_paused", detail: `sending is paused: ${campaign.sendingPausedReason}` };
  if (emailLog.status === "sending" || emailLog.status === "sent" || emailLog.status === "bounced") {
    return { ok: false, reason: "already_sent", detail: `this email is already ${emailLog.status}` };
  }
  const to = recipientOf(prospect, emailLog);
  if (!to) return { ok: false, reason: "missing_email", detail: "the prospect has no valid email address" };
  if (facts.suppression) {
    const s = facts.suppression;
    return {
      ok: false,
      reason: "suppressed",
      detail: `${s.matched === "email" ? "the address" : "the domain"} is on the suppression list (${s.value}, ${s.reason})`,
      suppression: s,
    };
  }
  if (STOPPED_OUTREACH.has(prospect.outreachStatus) || STOPPED_STAGES.has(prospect.stage)) {
    const why = prospect.stage === "skipped" ? `the prospect was skipped${prospect.skipReason ? `: ${prospect.skipReason}` : ""}` : `the prospect has ${prospect.outreachStatus === "pending" ? prospect.stage : prospect.outreachStatus}`;
    return { ok: false, reason: "sequence_stopped", detail: why };
  }
  if (emailLog.status !== "approved") {
    if (emailLog.flags.length > 0) {
      return { ok: false, reason: "flagged_draft", detail: `the draft is flagged (${emailLog.flags.join(", ")}) and needs a person to approve it` };
    }
    return { ok: false, reason: "not_approved", detail: emailLog.status === "draft" ? "the draft is not approved yet" : `the email is ${emailLog.status}` };
  }
  if (emailLog.step === 0 && campaign.minScore !== null && (prospect.score === null || prospect.score < campaign.minScore)) {
    return { ok: false, reason: "low_score", detail: `score ${prospect.score ?? "none"} is below the campaign's minimum ${campaign.minScore}` };
  }
  if (facts.openThread) {
    const o = facts.openThread;
    return {
      ok: false,
      reason: "open_thread_same_domain",
      detail: `${o.domain} was already written to on ${o.at.toISOString().slice(0, 10)} (another prospect), within the ${campaign.cooldownDays}-day cool-down`,
    };
  }
  // Last: the campaign-wide reason (the campaign's pages say it too) hides no reason of the email's own.
  if (facts.mailbox === null) {
    return { ok: false, reason: "no_mailbox", detail: "the campaign has no Gmail mailbox: connect one in Settings → Mailboxes" };
  }
  if (facts.mailbox && facts.mailbox.status !== "connected") {
    const m = facts.mailbox;
    return {
      ok: false,
      reason: "mailbox_unavailable",
      detail: m.status === "needs_reconnect" ? `${m.address} needs reconnecting in Settings → Mailboxes` : `${m.address} is disconnected: connect it again or choose another mailbox`,
    };
  }
  return null;
}

/**
 * Another prospect of the same user, on the same site or at the same address, that was written to
 * (or is being written to) within the campaign's cool-down. A reply does not reopen the domain:
 * one conversation per organisation per cool-down. Bounced sends do not count.
 */
export async function findOpenThread(
  db: DbClient,
  args: { userId: string; prospectId: string; domain: string; recipient: string | null; cooldownDays: number; now: Date },
): Promise<OpenThread | null> {
  if (args.cooldownDays <= 0) return null;
  const since = new Date(args.now.getTime() - args.cooldownDays * 86_400_000);
  const row = await db.emailLog.findFirst({
    where: {
      prospectId: { not: args.prospectId },
      status: { in: ["sending", "sent"] },
      prospect: { campaign: { userId: args.userId } },
      AND: [
        { OR: [{ prospect: { domain: args.domain } }, ...(args.recipient ? [{ toEmail: { equals: args.recipient, mode: "insensitive" as const } }] : [])] },
        { OR: [{ sentAt: { gte: since } }, { sentAt: null, claimedAt: { gte: since } }] },
      ],
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, prospectId: true, sentAt: true, claimedAt: true, prospect: { select: { domain: true } } },
  });
  return row ? { emailLogId: row.id, prospectId: row.prospectId, domain: row.prospect.domain, at: row.sentAt ?? row.claimedAt! } : null;
}

export type CampaignScheduleState = ScheduleState & { today: number };
type StateCampaign = Pick<Campaign, "id" | "timeZone" | "maxGapSeconds">;

/**
 * The send history the time rules need, for many campaigns in one query: each campaign's count
 * on its local day of `now` and its last send (sent time, or claim time while in flight). A send
 * older than the campaign's longest gap cannot hold the next one back, so only sends since the
 * earlier of local midnight and `now - maxGap` are read.
 */
export async function loadScheduleStates(db: DbClient, campaigns: StateCampaign[], now: Date): Promise<Map<string, CampaignScheduleState>> {
  const out = new Map<string, CampaignScheduleState>();
  if (!campaigns.length) return out;
  const bounds = new Map(campaigns.map((c) => [c.id, localDayBounds(c.timeZone, now)]));
  const since = new Date(Math.min(...campaigns.map((c) => Math.min(bounds.get(c.id)!.start.getTime(), now.getTime() - (Math.max(0, c.maxGapSeconds) + 1) * 1000))));
  const rows = await db.emailLog.findMany({
    where: {
      prospect: { campaignId: { in: campaigns.map((c) => c.id) } },
      status: { in: SLOT_STATUSES },
      OR: [{ sentAt: { gte: since } }, { sentAt: null, claimedAt: { gte: since } }],
    },
    select: { id: true, sentAt: true, claimedAt: true, prospect: { select: { campaignId: true } } },
  });
  for (const c of campaigns) out.set(c.id, { today: 0, lastSend: null, sentOnDay: () => 0 });
  for (const r of rows) {
    const state = out.get(r.prospect.campaignId)!;
    const at = r.sentAt ?? r.claimedAt!;
    const day = bounds.get(r.prospect.campaignId)!;
    if (at >= day.start && at < day.end) state.today++;
    if (!state.lastSend || at > state.lastSend.at) state.lastSend = { id: r.id, at };
  }
  for (const c of campaigns) {
    const state = out.get(c.id)!;
    const { key } = bounds.get(c.id)!;
    state.sentOnDay = (k) => (k === key ? state.today : 0);
  }
  return out;
}

export async function loadScheduleState(db: DbClient, campaign: StateCampaign, now: Date): Promise<CampaignScheduleState> {
  return (await loadScheduleStates(db, [campaign], now)).get(campaign.id)!;
}

export interface CheckSendPolicyInput {
  db: DbClient;
  campaign: PolicyCampaign;
  prospect: PolicyProspect;
  emailLog: PolicyEmailLog;
  now: Date;
  /** "Send now": a person chose this email, so the random gap after the last send does not apply. */
  ignoreGap?: boolean;
  /** The mailbox it would leave from (mailbox-cap.ts `sendingMailboxOf`); default the campaign's. */
  mailboxId?: string | null;
}

/** Every rule for one EmailLog at `now`. Time rules come last and carry `retryAt`. */
export async function checkSendPolicy(input: CheckSendPolicyInput): Promise<PolicyResult> {
  const { db, campaign, prospect, emailLog, now, ignoreGap } = input;
  const recipient = recipientOf(prospect, emailLog);
  const mailboxId = input.mailboxId !== undefined ? input.mailboxId : campaign.mailboxId;
  const load = mailboxId ? (await loadMailboxLoads(db, [mailboxId], now)).get(mailboxId) : undefined;
  const mailbox = load?.mailbox ?? null;
  // Paused, already sent, no usable mailbox and missing address need no more queries.
  const early = staticBlock(campaign, prospect, emailLog, { suppression: null, openThread: null, mailbox });
  if (early && (early.reason === "campaign_paused" || early.reason === "already_sent" || early.reason === "missing_email")) return early;

  const suppression = await findSuppression(db, campaign.userId, { email: recipient, domain: prospect.domain });
  const openThread = suppression
    ? null
    : await findOpenThread(db, { userId: campaign.userId, prospectId: prospect.id, domain: prospect.domain, recipient, cooldownDays: campaign.cooldownDays, now });
  const block = staticBlock(campaign, prospect, emailLog, { suppression, openThread, mailbox });
  if (block) return block;

  const loaded = await loadScheduleState(db, campaign, now);
  const state = ignoreGap ? { ...loaded, lastSend: null } : loaded;
  const reason = timeBlockAt(campaign, state, now);
  if (!reason) {
    const wait = load ? mailboxWaitAt(load, now) : null;
    if (!wait) return { ok: true };
    return { ok: false, reason: wait, detail: mailboxWaitDetail(load!, wait), retryAt: mailboxEarliest(load!, now) };
  }
  const retryAt = earliestSendTime(campaign, state, now);
  const detail =
    reason === "daily_cap_reached"
      ? `the daily cap of ${campaign.dailyCap} is reached for ${localDayKey(campaign.timeZone, now)} (${campaign.timeZone})`
      : reason === "outside_window"
        ? `outside the send window ${campaign.sendWindowStart}:00-${campaign.sendWindowEnd}:00 ${campaign.timeZone}`
        : `waiting for the random gap after the last send`;
  return { ok: false, reason, detail, retryAt };
}

export type Reservation =
  | { ok: true; emailLog: EmailLog; claimedAt: Date; mailboxId: string }
  | Extract<PolicyResult, { ok: false }>;

export const CAMPAIGN_POLICY_SELECT = {
  id: true,
  userId: true,
  status: true,
  sendingPausedReason: true,
  dailyCap: true,
  sendWindowStart: true,
  sendWindowEnd: true,
  timeZone: true,
  minGapSeconds: true,
  maxGapSeconds: true,
  minScore: true,
  cooldownDays: true,
  mailboxId: true,
} as const;

/** Transaction-level advisory lock for one user's sends (released at commit or rollback). */
export async function lockUserSends(tx: DbClient, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`outreach.send:${userId}`}, 0))`;
}

/**
 * Checks every rule and claims the EmailLog (approved -> sending, claimed_at = now) in one
 * transaction under a per-user advisory lock. The lock is per user, not per campaign: the cap
 * and gap are per campaign, but "one open thread per domain" spans the user's campaigns, and a
 * mailbox's cap spans its campaigns (a mailbox belongs to one user). The lock is held for a few
 * queries, never across the Gmail call.
 *
 * ok: this caller owns the send (call Gmail, then recordSent). Not ok: the reason, and for time
 * rules when to try again. A row someone else claimed first answers `already_sent`.
 */
export async function reserveSendSlot(db: Db, args: { emailLogId: string; now: Date; ignoreGap?: boolean; timeoutMs?: number }): Promise<Reservation> {
  const owner = await db.emailLog.findUnique({
    where: { id: args.emailLogId },
    select: { prospect: { select: { campaign: { select: { userId: true } } } } },
  });
  if (!owner) throw new NotFoundError("Email");
  const userId = owner.prospect.campaign.userId;
  return db.$transaction(
    async (tx) => {
      await lockUserSends(tx, userId);
      const emailLog = await tx.emailLog.findUniqueOrThrow({ where: { id: args.emailLogId } });
      const prospect = await tx.prospect.findUniqueOrThrow({ where: { id: emailLog.prospectId } });
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: prospect.campaignId }, select: CAMPAIGN_POLICY_SELECT });
      const mailboxId = await sendingMailboxOf(tx, emailLog, campaign);
      const verdict = await checkSendPolicy({ db: tx, campaign, prospect, emailLog, now: args.now, ignoreGap: args.ignoreGap, mailboxId });
      if (!verdict.ok) return verdict;
      const claimed = await tx.emailLog.updateMany({
        where: { id: emailLog.id, status: "approved" },
        data: { status: "sending", claimedAt: args.now, error: null, mailboxId },
      });
      if (claimed.count !== 1) return { ok: false, reason: "already_sent", detail: "another worker claimed this email first" } as const;
      return { ok: true, emailLog: { ...emailLog, status: "sending", claimedAt: args.now, error: null, mailboxId }, claimedAt: args.now, mailboxId: mailboxId! } as const;
    },
    { maxWait: args.timeoutMs ?? 30_000, timeout: args.timeoutMs ?? 30_000 },
  );
}
