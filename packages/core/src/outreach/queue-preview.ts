import type { Db, Prisma } from "@outreach/db";
import { NotFoundError } from "../errors.ts";
import { recipientOf, staticBlock, loadScheduleState, type OpenThread, type SendBlockReason } from "./policy.ts";
import { earliestSendTime, localDayKey, timeBlockAt, type LastSend, type TimeBlockReason } from "./schedule.ts";
import { loadSuppressionMatcher } from "../suppression/index.ts";

/**
 * "What will go out, when, and what will not, and why": the send queue of one campaign as the
 * send processor would work through it, with the same rules (policy.ts, schedule.ts) simulated
 * forward from `now`: the window in the campaign's time zone, the daily cap per local day and
 * the deterministic random gap after each send. Estimates assume every earlier email goes out
 * at its estimated time.
 */

/** The order approved emails are sent in: first approved, first sent. */
export const SEND_QUEUE_ORDER: Prisma.EmailLogOrderByWithRelationInput[] = [
  { approvedAt: { sort: "asc", nulls: "last" } },
  { createdAt: "asc" },
  { id: "asc" },
];

export interface QueuedSend {
  emailLogId: string;
  prospectId: string;
  domain: string;
  to: string;
  step: number;
  subject: string;
  estimatedAt: Date;
  /** Why it waits past `now` (the rule that holds it at `now`), null when it could go now. */
  waitingFor: TimeBlockReason | null;
}

export interface BlockedSend {
  emailLogId: string;
  prospectId: string;
  domain: string;
  to: string | null;
  step: number;
  reason: SendBlockReason | "cap_never";
  detail: string;
}

export interface SendQueuePreview {
  campaignId: string;
  now: Date;
  timeZone: string;
  sentToday: number;
  dailyCap: number;
  queue: QueuedSend[];
  blocked: BlockedSend[];
  /** More emails waited than `limit`; the rest are not listed. */
  truncated: boolean;
}

export async function previewSendQueue(
  db: Db,
  userId: string,
  campaignId: string,
  now: Date,
  opts: { limit?: number } = {},
): Promise<SendQueuePreview> {
  const limit = opts.limit ?? 500;
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, userId } });
  if (!campaign) throw new NotFoundError("Campaign");

  const logs = await db.emailLog.findMany({
    where: { prospect: { campaignId }, status: { in: ["approved", "draft"] } },
    orderBy: SEND_QUEUE_ORDER,
    take: limit + 1,
    select: {
      id: true,
      prospectId: true,
      step: true,
      status: true,
      toEmail: true,
      flags: true,
      subject: true,
      prospect: { select: { id: true, campaignId: true, domain: true, contactEmail: true, score: true, outreachStatus: true, stage: true, skipReason: true } },
    },
  });
  const truncated = logs.length > limit;
  if (truncated) logs.pop();

  const targets = logs.map((l) => ({ email: recipientOf(l.prospect, l), domain: l.prospect.domain }));
  const matcher = await loadSuppressionMatcher(db, userId, targets);
  const openThreads = await loadOpenThreads(db, userId, campaign.cooldownDays, now, logs.map((l) => ({ prospectId: l.prospectId, domain: l.prospect.domain, to: recipientOf(l.prospect, l) })));

  const state = await loadScheduleState(db, campaign, now);
  const perDay = new Map<string, number>([[localDayKey(campaign.timeZone, now), state.today]]);
  let lastSend: LastSend | null = state.lastSend;
  const sim = { get lastSend() { return lastSend; }, sentOnDay: (k: string) => perDay.get(k) ?? 0 };

  const queue: QueuedSend[] = [];
  const blocked: BlockedSend[] = [];
  // Within this preview, a domain gets one email (the first in order); later ones wait for its thread.
  const claimedDomains = new Map<string, { at: Date; id: string; prospectId: string }>();
  for (const l of logs) {
    const to = recipientOf(l.prospect, l);
    const domain = l.prospect.domain;
    const earlier = claimedDomains.get(domain);
    const open: OpenThread | null =
      openThreads(l.prospectId, domain, to) ??
      (earlier && earlier.prospectId !== l.prospectId ? { emailLogId: earlier.id, prospectId: earlier.prospectId, domain, at: earlier.at } : null);
    const block = staticBlock(campaign, l.prospect, l, { suppression: matcher({ email: to, domain }), openThread: open });
    if (block) {
      blocked.push({ emailLogId: l.id, prospectId: l.prospectId, domain, to, step: l.step, reason: block.reason, detail: block.detail });
      continue;
    }
    const at = earliestSendTime(campaign, sim, now);
    if (!at) {
      blocked.push({ emailLogId: l.id, prospectId: l.prospectId, domain, to, step: l.step, reason: "cap_never", detail: "the daily cap is 0" });
      continue;
    }
    queue.push({
      emailLogId: l.id,
      prospectId: l.prospectId,
      domain,
      to: to!,
      step: l.step,
      subject: l.subject,
      estimatedAt: at,
      waitingFor: at > now ? timeBlockAt(campaign, sim, now) : null,
    });
    lastSend = { id: l.id, at };
    const key = localDayKey(campaign.timeZone, at);
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
    if (!claimedDomains.has(domain)) claimedDomains.set(domain, { at, id: l.id, prospectId: l.prospectId });
  }

  return { campaignId, now, timeZone: campaign.timeZone, sentToday: state.today, dailyCap: campaign.dailyCap, queue, blocked, truncated };
}

/** One query for all "another prospect on this domain / at this address was written to recently". */
async function loadOpenThreads(
  db: Db,
  userId: string,
  cooldownDays: number,
  now: Date,
  items: { prospectId: string; domain: string; to: string | null }[],
): Promise<(prospectId: string, domain: string, to: string | null) => OpenThread | null> {
  if (cooldownDays <= 0 || items.length === 0) return () => null;
  const since = new Date(now.getTime() - cooldownDays * 86_400_000);
  const domains = [...new Set(items.map((i) => i.domain))];
  const emails = [...new Set(items.map((i) => i.to).filter((x): x is string => !!x))];
  const rows = await db.emailLog.findMany({
    where: {
      status: { in: ["sending", "sent"] },
      prospect: { campaign: { userId } },
      AND: [
        { OR: [{ prospect: { domain: { in: domains } } }, { toEmail: { in: emails, mode: "insensitive" } }] },
        { OR: [{ sentAt: { gte: since } }, { sentAt: null, claimedAt: { gte: since } }] },
      ],
    },
    select: { id: true, prospectId: true, toEmail: true, sentAt: true, claimedAt: true, prospect: { select: { domain: true } } },
  });
  return (prospectId, domain, to) => {
    const hit = rows.find((r) => r.prospectId !== prospectId && (r.prospect.domain === domain || (to !== null && r.toEmail?.toLowerCase() === to)));
    return hit ? { emailLogId: hit.id, prospectId: hit.prospectId, domain: hit.prospect.domain, at: hit.sentAt ?? hit.claimedAt! } : null;
  };
}
