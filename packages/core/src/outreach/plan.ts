import { Prisma, type Campaign, type Db, type EmailStatus, type OutreachStatus, type ProspectStage } from "@outreach/db";
import { NotFoundError } from "../errors.ts";
import { loadSuppressionMatcher, type SuppressionMatch } from "../suppression/index.ts";
import { loadMailboxLoads, mailboxEarliest, mailboxWaitAt, MAILBOX_WINDOW_MS, recordMailboxSend, type MailboxLoad, type MailboxWait } from "./mailbox-cap.ts";
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
 *
 * Campaigns that send from the same mailbox are planned together (`planSendQueues`): the mailbox's
 * own cap (rolling 24 hours, all its campaigns) and Gmail's daily-limit wait hold each of them,
 * and of the campaigns' next emails the earliest goes first.
 */

export type PlanCampaign = PolicyCampaign & Pick<Campaign, "dailyCap" | "timeZone">;

export interface PlanEmail extends PolicyEmailLog {
  subject: string;
  /** The mailbox it leaves from: a follow-up's thread mailbox, else the campaign's; null when none. */
  mailboxId: string | null;
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
  waitingFor: TimeBlockReason | MailboxWait | "retry" | null;
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

export interface PlanMailboxSummary {
  id: string;
  address: string;
  status: "connected" | "needs_reconnect" | "disconnected";
  dailyCap: number;
  /** Sent from it in the last 24 hours, all campaigns. */
  sentLast24h: number;
  quotaResetAt: Date | null;
}

export interface SendQueuePreview {
  campaignId: string;
  userId: string;
  now: Date;
  timeZone: string;
  sentToday: number;
  dailyCap: number;
  /** The mailbox the campaign sends from; null when it has none. */
  mailbox: PlanMailboxSummary | null;
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

/** The plan of one campaign. Pure: every fact from the database is in `input` and `mailboxes`. */
export function planSendQueue(input: PlanInput, mailboxes: Map<string, MailboxLoad> = new Map()): SendQueuePreview {
  return planSendQueues([input], mailboxes).get(input.campaign.id)!;
}

interface Candidate {
  email: PlanEmail;
  at: Date;
  waitingFor: QueuedSend["waitingFor"];
  job: string | null;
  to: string;
  load: MailboxLoad | null;
}

/** One campaign's walk through its emails in send order, one committed send at a time. */
class CampaignCursor {
  readonly queue: QueuedSend[] = [];
  readonly blocked: BlockedSend[] = [];
  private readonly emails: PlanEmail[];
  private next = 0;
  private cached: Candidate | null | undefined;
  private lastSend: LastSend | null;
  private readonly perDay: Map<string, number>;
  private readonly sim: { readonly lastSend: LastSend | null; sentOnDay(k: string): number };
  // Within the plan a domain gets one email (the first in order); later ones wait for its thread.
  private readonly claimedDomains = new Map<string, { at: Date; id: string; prospectId: string }>();

  constructor(
    readonly input: PlanInput,
    private readonly mailboxes: Map<string, MailboxLoad>,
  ) {
    this.emails = [...input.emails].sort(sendOrder(input.inFlight));
    this.perDay = new Map([[localDayKey(input.campaign.timeZone, input.now), input.state.today]]);
    this.lastSend = input.state.lastSend;
    const lastSendOf = () => this.lastSend;
    this.sim = { get lastSend() { return lastSendOf(); }, sentOnDay: (k: string) => this.perDay.get(k) ?? 0 };
  }

  /**
   * The next email and its time. A cached candidate stays valid while its mailbox still allows that
   * instant: other campaigns' sends only make the mailbox stricter, so a time still allowed is still
   * the earliest. When it no longer is, only the time is found again, from there.
   */
  candidate(): Candidate | null {
    const c = this.cached;
    if (c === undefined) return (this.cached = this.findCandidate());
    if (!c || !c.load || c.job || mailboxWaitAt(c.load, c.at) === null) return c;
    const at = this.earliest(c.at, c.load);
    if (!at) {
      this.block(c.email, c.to, "cap_never", `the daily cap of ${c.load.mailbox.address} is 0`);
      return (this.cached = this.findCandidate());
    }
    return (this.cached = { ...c, at, waitingFor: this.waitingFor(at, null, c.load) });
  }

  private block(l: PlanEmail, to: string | null, reason: BlockedSend["reason"], detail: string): void {
    this.blocked.push({ emailLogId: l.id, prospectId: l.prospectId, domain: l.prospect.domain, to, step: l.step, reason, detail });
    this.next++;
  }

  /** The rule that holds an email planned for `at`: the mailbox's when it pushed past the campaign's own rules. */
  private waitingFor(at: Date, retryAt: Date | null, load: MailboxLoad | null): QueuedSend["waitingFor"] {
    const { campaign, now } = this.input;
    if (at <= now) return null;
    if (retryAt) return "retry";
    const ownRulesAt = load ? earliestSendTime(campaign, this.sim, now) : null;
    const mailboxHolds = load && ownRulesAt && at > ownRulesAt ? (mailboxWaitAt(load, now) ?? "mailbox_cap_reached") : null;
    return mailboxHolds ?? timeBlockAt(campaign, this.sim, now) ?? "too_soon";
  }

  private findCandidate(): Candidate | null {
    const { campaign, now, inFlight } = this.input;
    while (this.next < this.emails.length) {
      const l = this.emails[this.next]!;
      const to = recipientOf(l.prospect, l);
      const domain = l.prospect.domain;
      const earlier = this.claimedDomains.get(domain);
      const open =
        this.input.openThreadOf(l.prospectId, domain, to) ??
        (earlier && earlier.prospectId !== l.prospectId ? { emailLogId: earlier.id, prospectId: earlier.prospectId, domain, at: earlier.at } : null);
      const load = l.mailboxId ? (this.mailboxes.get(l.mailboxId) ?? null) : null;
      const block = staticBlock(campaign, l.prospect, l, { suppression: this.input.suppressionOf({ email: to, domain }), openThread: open, mailbox: load?.mailbox ?? null });
      if (block) {
        this.block(l, to, block.reason, block.detail);
        continue;
      }
      const job = inFlight.get(l.id) ?? null;
      // A send job already on its way goes at once, or (a Gmail refusal to retry) at its retry time.
      const retryAt = job && l.scheduledAt && l.scheduledAt > now ? l.scheduledAt : null;
      const at = job && !retryAt ? now : this.earliest(retryAt ?? now, load);
      if (!at) {
        this.block(l, to, "cap_never", campaign.dailyCap <= 0 ? "the daily cap is 0" : `the daily cap of ${load?.mailbox.address ?? "the mailbox"} is 0`);
        continue;
      }
      return { email: l, at, waitingFor: this.waitingFor(at, retryAt, load), job, to: to!, load };
    }
    return null;
  }

  /** The campaign's time rules and the mailbox's limits, until both allow the same instant. */
  private earliest(from: Date, load: MailboxLoad | null): Date | null {
    let t = from;
    for (;;) {
      const c = earliestSendTime(this.input.campaign, this.sim, t);
      if (!c || !load) return c;
      const m = mailboxEarliest(load, c);
      if (!m || m.getTime() === c.getTime()) return m;
      t = m;
    }
  }

  commit(c: Candidate): void {
    const l = c.email;
    this.queue.push({
      emailLogId: l.id,
      prospectId: l.prospectId,
      domain: l.prospect.domain,
      to: c.to,
      step: l.step,
      subject: l.subject,
      score: l.prospect.score,
      estimatedAt: c.at,
      waitingFor: c.waitingFor,
      sendJobId: c.job,
    });
    this.lastSend = { id: l.id, at: c.at };
    const key = localDayKey(this.input.campaign.timeZone, c.at);
    this.perDay.set(key, (this.perDay.get(key) ?? 0) + 1);
    if (!this.claimedDomains.has(l.prospect.domain)) this.claimedDomains.set(l.prospect.domain, { at: c.at, id: l.id, prospectId: l.prospectId });
    if (c.load) recordMailboxSend(c.load, c.at);
    this.next++;
    this.cached = undefined;
  }
}

function mailboxSummary(load: MailboxLoad | undefined, now: Date): PlanMailboxSummary | null {
  if (!load) return null;
  const since = now.getTime() - MAILBOX_WINDOW_MS;
  const { mailbox } = load;
  return {
    id: mailbox.id,
    address: mailbox.address,
    status: mailbox.status,
    dailyCap: mailbox.dailyCap,
    sentLast24h: load.sends.filter((t) => t > since && t <= now.getTime()).length,
    quotaResetAt: mailbox.quotaResetAt,
  };
}

/**
 * The plans of several campaigns at once. Pure. Campaigns sharing a mailbox share its limits:
 * each step commits the earliest next email of all campaigns, so a mailbox's cap goes to whoever
 * is due first. `mailboxes` is consumed (the simulated sends are added to it).
 */
export function planSendQueues(inputs: PlanInput[], mailboxes: Map<string, MailboxLoad>): Map<string, SendQueuePreview> {
  const summaries = new Map(inputs.map((i) => [i.campaign.id, mailboxSummary(i.campaign.mailboxId ? mailboxes.get(i.campaign.mailboxId) : undefined, i.now)]));
  const cursors = inputs.map((i) => new CampaignCursor(i, mailboxes));
  for (;;) {
    let best: { cursor: CampaignCursor; c: Candidate } | null = null;
    for (const cursor of cursors) {
      const c = cursor.candidate();
      if (c && (!best || c.at < best.c.at)) best = { cursor, c };
    }
    if (!best) break;
    best.cursor.commit(best.c);
  }
  const out = new Map<string, SendQueuePreview>();
  for (const cursor of cursors) {
    const { campaign, now, state, truncated } = cursor.input;
    out.set(campaign.id, {
      campaignId: campaign.id,
      userId: campaign.userId,
      now,
      timeZone: campaign.timeZone,
      sentToday: state.today,
      dailyCap: campaign.dailyCap,
      mailbox: summaries.get(campaign.id) ?? null,
      queue: cursor.queue,
      blocked: cursor.blocked,
      nextSendAt: cursor.queue[0]?.estimatedAt ?? null,
      truncated: truncated ?? false,
    });
  }
  return out;
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
  mailbox_id: string | null;
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
async function loadPlanEmails(db: Db, campaignIds: string[], statuses: EmailStatus[], limitPerCampaign?: number): Promise<PlanEmail[]> {
  const order = Prisma.sql`e.step DESC, p.score DESC NULLS LAST, e.approved_at ASC NULLS LAST, e.id ASC`;
  const select = Prisma.sql`
    SELECT e.id, e.prospect_id, e.step, e.status::text AS status, e.to_email, e.flags, e.subject, e.approved_at, e.scheduled_at,
           COALESCE(CASE WHEN e.step >= 1 THEN (SELECT f.mailbox_id FROM email_logs f WHERE f.prospect_id = e.prospect_id AND f.step = 0) END, c.mailbox_id) AS mailbox_id,
           p.campaign_id, p.domain, p.contact_email, p.score, p.outreach_status::text AS outreach_status, p.stage::text AS stage, p.skip_reason
    FROM email_logs e JOIN prospects p ON p.id = e.prospect_id JOIN campaigns c ON c.id = p.campaign_id
    WHERE p.campaign_id = ANY(${campaignIds}::uuid[]) AND e.status::text = ANY(${statuses}::text[])`;
  const rows =
    limitPerCampaign === undefined
      ? await db.$queryRaw<PlanEmailRow[]>`${select} ORDER BY ${order}`
      : await db.$queryRaw<PlanEmailRow[]>`
          SELECT * FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.campaign_id ORDER BY s.step DESC, s.score DESC NULLS LAST, s.approved_at ASC NULLS LAST, s.id ASC) AS rn FROM (${select}) s) r
          WHERE r.rn <= ${limitPerCampaign} ORDER BY r.step DESC, r.score DESC NULLS LAST, r.approved_at ASC NULLS LAST, r.id ASC`;
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
    mailboxId: r.mailbox_id,
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
  /** At most this many emails per campaign; the plan says when it was cut. */
  limit?: number;
}

/**
 * Loads everything the plans of these campaigns need with a fixed number of queries (whatever
 * the number of campaigns or emails), and plans them. Campaigns that share a mailbox with one of
 * them are planned too (they share its limits); only the asked-for plans are returned.
 */
export async function loadSendPlans(db: Db, campaignIds: string[], now: Date, opts: LoadPlanOptions = {}): Promise<Map<string, SendQueuePreview>> {
  const plans = new Map<string, SendQueuePreview>();
  if (!campaignIds.length) return plans;
  const asked = await db.campaign.findMany({ where: { id: { in: campaignIds } }, select: { id: true, mailboxId: true } });
  if (!asked.length) return plans;
  const sharedMailboxes = [...new Set(asked.map((c) => c.mailboxId).filter((m): m is string => !!m))];
  const campaigns = await db.campaign.findMany({
    where: { OR: [{ id: { in: asked.map((c) => c.id) } }, ...(sharedMailboxes.length ? [{ mailboxId: { in: sharedMailboxes } }] : [])] },
    select: CAMPAIGN_POLICY_SELECT,
  });
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

  const byCampaign = new Map<string, PlanEmail[]>(ids.map((id) => [id, []]));
  for (const e of emails) byCampaign.get(e.prospect.campaignId)!.push(e);
  const truncated = new Set<string>();
  if (opts.limit !== undefined) {
    for (const [id, list] of byCampaign) {
      if (list.length > opts.limit) {
        list.length = opts.limit;
        truncated.add(id);
      }
    }
  }
  const byUser = new Map<string, PlanCampaign[]>();
  for (const c of campaigns) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  const mailboxIds = [...new Set([...campaigns.map((c) => c.mailboxId), ...emails.map((e) => e.mailboxId)].filter((m): m is string => !!m))];

  const [states, loads, perUser] = await Promise.all([
    loadScheduleStates(db, campaigns, now),
    loadMailboxLoads(db, mailboxIds, now),
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
  const inputs = campaigns.map((campaign): PlanInput => {
    const { suppressionOf, threads } = facts.get(campaign.userId)!;
    const since = now.getTime() - campaign.cooldownDays * 86_400_000;
    return {
      campaign,
      emails: byCampaign.get(campaign.id)!,
      inFlight,
      state: states.get(campaign.id)!,
      suppressionOf,
      openThreadOf: (prospectId, domain, to) => (campaign.cooldownDays > 0 ? threads(prospectId, domain, to, since) : null),
      now,
      truncated: truncated.has(campaign.id),
    };
  });
  const all = planSendQueues(inputs, loads);
  for (const c of asked) plans.set(c.id, all.get(c.id)!);
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
