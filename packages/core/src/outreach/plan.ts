import { Prisma, type Campaign, type Db, type EmailStatus, type OutreachStatus, type ProspectStage } from "@outreach/db";
import { NotFoundError } from "../errors.ts";
import { loadSuppressionMatcher, type SuppressionMatch } from "../suppression/index.ts";
import { CAMPAIGN_POLICY_SELECT, loadScheduleStates, recipientOf, staticBlock, type OpenThread, type PolicyCampaign, type PolicyEmailLog, type PolicyProspect, type SendBlockReason } from "./policy.ts";
import { earliestSendTime, localDayKey, timeBlockAt, type LastSend, type TimeBlockReason } from "./schedule.ts";

/**
 * The send plan: what each campaign sends, in which order, at what time, and what it will not
 * send and why. One function (`planSendQueue`) serves the dispatcher, which sends the head of the
 * plan when its time comes, and the Send queue page, which shows the whole plan; so the page shows
 * what will happen. The rules are the ones every send checks again (policy.ts, schedule.ts),
 * simulated forward from `now`: the window in the campaign's time zone, the daily cap per local
 * day and the deterministic random gap after each send, each email assumed sent at its time.
 *
 * Order: an email whose send job is already on its way, then follow-ups (a conversation already
 * started), then first emails by score, highest first; ties by approval time, then id.
 */

export type PlanCampaign = PolicyCampaign & Pick<Campaign, "dailyCap" | "timeZone">;

export interface PlanEmail extends PolicyEmailLog {
  subject: string;
  approvedAt: Date | null;
  scheduledAt: Date | null;
  prospect: PolicyProspect;
}

export interface QueuedSend {
  emailLogId: string;
  prospectId: string;
  domain: string;
  to: string;
  step: number;
  subject: string;
  score: number | null;
  estimatedAt: Date;
  /** Why it waits past `now` (the rule that holds it at `now`), null when it could go now. */
  waitingFor: TimeBlockReason | "retry" | null;
  /** The send job already on its way for it, if any. */
  sendJobId: string | null;
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
  userId: string;
  now: Date;
  timeZone: string;
  sentToday: number;
  dailyCap: number;
  queue: QueuedSend[];
  blocked: BlockedSend[];
  /** When the first queued email goes out; null when nothing is queued. */
  nextSendAt: Date | null;
  /** More emails waited than `limit`; the rest are not listed. */
  truncated: boolean;
}

export interface PlanInput {
  campaign: PlanCampaign;
  /** Approved emails (and drafts, to explain them), in any order. */
  emails: PlanEmail[];
  /** Approved emails with a `send` job (pending or running) on its way: email id -> Job row id. */
  inFlight: Map<string, string>;
  state: { today: number; lastSend: LastSend | null };
  suppressionOf(target: { email: string | null; domain: string }): SuppressionMatch | null;
  openThreadOf(prospectId: string, domain: string, to: string | null): OpenThread | null;
  now: Date;
  truncated?: boolean;
}

function compareScore(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** The order emails go out in (see the module comment). */
function sendOrder(inFlight: Map<string, string>) {
  return (a: PlanEmail, b: PlanEmail): number =>
    Number(inFlight.has(b.id)) - Number(inFlight.has(a.id)) ||
    b.step - a.step ||
    compareScore(a.prospect.score, b.prospect.score) ||
    (a.approvedAt?.getTime() ?? Infinity) - (b.approvedAt?.getTime() ?? Infinity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The plan of one campaign. Pure: every fact from the database is in `input`. */
export function planSendQueue(input: PlanInput): SendQueuePreview {
  const { campaign, now, inFlight } = input;
  const emails = [...input.emails].sort(sendOrder(inFlight));
  const perDay = new Map<string, number>([[localDayKey(campaign.timeZone, now), input.state.today]]);
  let lastSend: LastSend | null = input.state.lastSend;
  const sim = { get lastSend() { return lastSend; }, sentOnDay: (k: string) => perDay.get(k) ?? 0 };

  const queue: QueuedSend[] = [];
  const blocked: BlockedSend[] = [];
  // Within the plan a domain gets one email (the first in order); later ones wait for its thread.
  const claimedDomains = new Map<string, { at: Date; id: string; prospectId: string }>();
  for (const l of emails) {
    const to = recipientOf(l.prospect, l);
    const domain = l.prospect.domain;
    const earlier = claimedDomains.get(domain);
    const open =
      input.openThreadOf(l.prospectId, domain, to) ??
      (earlier && earlier.prospectId !== l.prospectId ? { emailLogId: earlier.id, prospectId: earlier.prospectId, domain, at: earlier.at } : null);
    const block = staticBlock(campaign, l.prospect, l, { suppression: input.suppressionOf({ email: to, domain }), openThread: open });
    if (block) {
      blocked.push({ emailLogId: l.id, prospectId: l.prospectId, domain, to, step: l.step, reason: block.reason, detail: block.detail });
      continue;
    }
    const job = inFlight.get(l.id) ?? null;
    // A send job already on its way goes at once, or (a Gmail refusal to retry) at its retry time.
    const retryAt = job && l.scheduledAt && l.scheduledAt > now ? l.scheduledAt : null;
    const at = job && !retryAt ? now : earliestSendTime(campaign, sim, retryAt ?? now);
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
      score: l.prospect.score,
      estimatedAt: at,
      waitingFor: at > now ? (retryAt ? "retry" : timeBlockAt(campaign, sim, now)) : null,
      sendJobId: job,
    });
    lastSend = { id: l.id, at };
    const key = localDayKey(campaign.timeZone, at);
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
    if (!claimedDomains.has(domain)) claimedDomains.set(domain, { at, id: l.id, prospectId: l.prospectId });
  }
  return {
    campaignId: campaign.id,
    userId: campaign.userId,
    now,
    timeZone: campaign.timeZone,
    sentToday: input.state.today,
    dailyCap: campaign.dailyCap,
    queue,
    blocked,
    nextSendAt: queue[0]?.estimatedAt ?? null,
    truncated: input.truncated ?? false,
  };
}

interface PlanEmailRow {
  id: string;
  prospect_id: string;
  step: number;
  status: EmailStatus;
  to_email: string | null;
  flags: string[];
  subject: string;
  approved_at: Date | null;
  scheduled_at: Date | null;
  campaign_id: string;
  domain: string;
  contact_email: string | null;
  score: number | null;
  outreach_status: OutreachStatus;
  stage: ProspectStage;
  skip_reason: string | null;
}

/**
 * The emails of the plans, in `sendOrder` (so a limit keeps the head of the plan). One plain SQL
 * read: at 10,000 rows Prisma's nested select spends more time building objects than planning.
 */
async function loadPlanEmails(db: Db, campaignIds: string[], statuses: EmailStatus[], limit?: number): Promise<PlanEmail[]> {
  const rows = await db.$queryRaw<PlanEmailRow[]>`
    SELECT e.id, e.prospect_id, e.step, e.status::text AS status, e.to_email, e.flags, e.subject, e.approved_at, e.scheduled_at,
           p.campaign_id, p.domain, p.contact_email, p.score, p.outreach_status::text AS outreach_status, p.stage::text AS stage, p.skip_reason
    FROM email_logs e JOIN prospects p ON p.id = e.prospect_id
    WHERE p.campaign_id = ANY(${campaignIds}::uuid[]) AND e.status::text = ANY(${statuses}::text[])
    ORDER BY e.step DESC, p.score DESC NULLS LAST, e.approved_at ASC NULLS LAST, e.id ASC
    ${limit !== undefined ? Prisma.sql`LIMIT ${limit}` : Prisma.empty}`;
  return rows.map((r) => ({
    id: r.id,
    prospectId: r.prospect_id,
    step: r.step,
    status: r.status,
    toEmail: r.to_email,
    flags: r.flags,
    subject: r.subject,
    approvedAt: r.approved_at,
    scheduledAt: r.scheduled_at,
    prospect: {
      id: r.prospect_id,
      campaignId: r.campaign_id,
      domain: r.domain,
      contactEmail: r.contact_email,
      score: r.score,
      outreachStatus: r.outreach_status,
      stage: r.stage,
      skipReason: r.skip_reason,
    },
  }));
}

export interface LoadPlanOptions {
  /** Also list drafts (the Send queue page explains them); the dispatcher needs approved emails only. */
  includeDrafts?: boolean;
  /** At most this many emails per plan (single campaign only); the plan says when it was cut. */
  limit?: number;
}

/**
 * Loads everything the plans of these campaigns need with a fixed number of queries (whatever
 * the number of campaigns or emails), and plans each.
 */
export async function loadSendPlans(db: Db, campaignIds: string[], now: Date, opts: LoadPlanOptions = {}): Promise<Map<string, SendQueuePreview>> {
  const plans = new Map<string, SendQueuePreview>();
  if (!campaignIds.length) return plans;
  if (opts.limit !== undefined && campaignIds.length > 1) throw new Error("a limit applies to the plan of one campaign");
  const campaigns = await db.campaign.findMany({ where: { id: { in: campaignIds } }, select: CAMPAIGN_POLICY_SELECT });
  if (!campaigns.length) return plans;
  const ids = campaigns.map((c) => c.id);
  // Send jobs first, emails after: a send that finishes between the two reads is then seen as
  // done (its email is no longer approved) rather than as an approved email with no job.
  const jobs = await db.job.findMany({ where: { campaignId: { in: ids }, jobType: "send", status: { in: ["pending", "running"] } }, select: { id: true, params: true } });
  const inFlight = new Map<string, string>();
  for (const j of jobs) {
    const emailLogId = (j.params as { emailLogId?: string } | null)?.emailLogId;
    if (emailLogId) inFlight.set(emailLogId, j.id);
  }
  const emails = await loadPlanEmails(db, ids, opts.includeDrafts ? ["approved", "draft"] : ["approved"], opts.limit !== undefined ? opts.limit + 1 : undefined);
  const truncated = opts.limit !== undefined && emails.length > opts.limit;
  if (truncated) emails.pop();

  const byCampaign = new Map<string, PlanEmail[]>(ids.map((id) => [id, []]));
  for (const e of emails) byCampaign.get(e.prospect.campaignId)!.push(e);
  const byUser = new Map<string, PlanCampaign[]>();
  for (const c of campaigns) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);

  const [states, perUser] = await Promise.all([
    loadScheduleStates(db, campaigns, now),
    Promise.all(
      [...byUser].map(async ([userId, cs]) => {
        const mine = cs.flatMap((c) => byCampaign.get(c.id)!);
        const targets = mine.map((l) => ({ email: recipientOf(l.prospect, l), domain: l.prospect.domain }));
        const maxCooldown = Math.max(...cs.map((c) => c.cooldownDays));
        const [suppressionOf, threads] = await Promise.all([loadSuppressionMatcher(db, userId, targets), loadOpenThreads(db, userId, maxCooldown, now, mine)]);
        return { userId, suppressionOf, threads };
      }),
    ),
  ]);
  const facts = new Map(perUser.map((u) => [u.userId, u]));
  for (const campaign of campaigns) {
    const { suppressionOf, threads } = facts.get(campaign.userId)!;
    const since = now.getTime() - campaign.cooldownDays * 86_400_000;
    plans.set(
      campaign.id,
      planSendQueue({
        campaign,
        emails: byCampaign.get(campaign.id)!,
        inFlight,
        state: states.get(campaign.id)!,
        suppressionOf,
        openThreadOf: (prospectId, domain, to) => (campaign.cooldownDays > 0 ? threads(prospectId, domain, to, since) : null),
        now,
        truncated,
      }),
    );
  }
  return plans;
}

/** The Send queue page: the plan of one campaign of this user, drafts explained too. */
export async function previewSendQueue(db: Db, userId: string, campaignId: string, now: Date, opts: { limit?: number } = {}): Promise<SendQueuePreview> {
  const owned = await db.campaign.findFirst({ where: { id: campaignId, userId }, select: { id: true } });
  if (!owned) throw new NotFoundError("Campaign");
  return (await loadSendPlans(db, [campaignId], now, { includeDrafts: true, limit: opts.limit ?? 500 })).get(campaignId)!;
}

/** One query for "another prospect on this domain / at this address was written to since …". */
async function loadOpenThreads(
  db: Db,
  userId: string,
  cooldownDays: number,
  now: Date,
  items: { prospectId: string; toEmail: string | null; prospect: { domain: string; contactEmail: string | null } }[],
): Promise<(prospectId: string, domain: string, to: string | null, sinceMs: number) => OpenThread | null> {
  if (cooldownDays <= 0 || items.length === 0) return () => null;
  const since = new Date(now.getTime() - cooldownDays * 86_400_000);
  const domains = [...new Set(items.map((i) => i.prospect.domain))];
  const emails = [...new Set(items.map((i) => recipientOf(i.prospect, i)).filter((x): x is string => !!x))];
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
  const byDomain = new Map<string, typeof rows>();
  const byEmail = new Map<string, typeof rows>();
  for (const r of rows) {
    byDomain.set(r.prospect.domain, [...(byDomain.get(r.prospect.domain) ?? []), r]);
    const e = r.toEmail?.toLowerCase();
    if (e) byEmail.set(e, [...(byEmail.get(e) ?? []), r]);
  }
  return (prospectId, domain, to, sinceMs) => {
    const candidates = [...(byDomain.get(domain) ?? []), ...(to ? (byEmail.get(to) ?? []) : [])];
    const hit = candidates.find((r) => r.prospectId !== prospectId && (r.sentAt ?? r.claimedAt!).getTime() >= sinceMs);
    return hit ? { emailLogId: hit.id, prospectId: hit.prospectId, domain: hit.prospect.domain, at: hit.sentAt ?? hit.claimedAt! } : null;
  };
}
