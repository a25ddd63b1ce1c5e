import { publishProspectUpdated } from "@outreach/contracts";
import type { Prisma } from "@outreach/db";
import { templateDraft } from "../compose/index.ts";
import type { CrawlResult } from "../crawl/index.ts";
import { deterministicUuid, enqueueJob } from "../jobs/index.ts";
import { findSuppression } from "../suppression/index.ts";
import { applyInbound, type InboundAction } from "./apply.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { dueAfterOutOfOffice, followUpDue, followUpRowId, scheduleFollowUp } from "./followup-schedule.ts";
import { classifyInbound } from "./inbound.ts";
import { subjectForStep } from "./message.ts";
import { SENDING_CAMPAIGN } from "./policy.ts";

/**
 * Follow-ups: a sweep (job scheduler, every minute) queues `followup` jobs for prospects whose
 * next follow-up is due, one per (prospect, step) ever (deterministic ids). The follow-up job
 * checks the thread in Gmail live (anyone else wrote? classify and stop), then writes the
 * follow-up EmailLog. Approved, it joins the campaign's send plan (follow-ups first) and the
 * dispatcher sends it through the same exactly-once path, in the same thread, within the
 * campaign's cap and window; reply sync stops it if someone answers in between.
 */

/** Queues every due follow-up. Returns how many were queued now. */
export async function sweepFollowUps(d: Pick<DeliveryDeps, "db" | "bus" | "queues" | "env" | "now">, opts: { take?: number } = {}): Promise<{ due: number; queued: number }> {
  const now = nowOf(d);
  const prospects = await d.db.prospect.findMany({
    where: {
      outreachStatus: "sent",
      stage: "sent",
      lastSent: { not: null },
      campaign: SENDING_CAMPAIGN,
      emailLogs: { some: { step: 0, status: "sent" }, none: { status: { in: ["bounced", "sending"] } } },
    },
    select: {
      id: true,
      campaignId: true,
      followupsSent: true,
      outreachStatus: true,
      stage: true,
      lastSent: true,
      campaign: { select: { userId: true, timeZone: true, followUpDelaysDays: true, maxFollowUps: true } },
    },
    orderBy: { lastSent: "asc" },
    take: opts.take ?? 5000,
  });
  const due = prospects
    .map((p) => ({ p, decision: followUpDue(p.campaign, p, p.lastSent, now) }))
    .filter((x): x is { p: (typeof prospects)[number]; decision: { due: true; step: number; dueAt: Date } } => x.decision.due === true && x.decision.step !== null);
  if (!due.length) return { due: 0, queued: 0 };
  const existing = new Set(
    (await d.db.job.findMany({ where: { id: { in: due.map((x) => followUpRowId(x.p.id, x.decision.step)) } }, select: { id: true } })).map((r) => r.id),
  );
  let queued = 0;
  for (const { p, decision } of due) {
    if (existing.has(followUpRowId(p.id, decision.step))) continue;
    const ok = await scheduleFollowUp(d, {
      prospectId: p.id,
      step: decision.step,
      userId: p.campaign.userId,
      campaignId: p.campaignId,
      runAt: now,
      now,
      message: `Follow-up ${decision.step} is due`,
    });
    if (ok) queued++;
  }
  return { due: due.length, queued };
}

export type FollowUpOutcome =
  | { outcome: "stopped"; reason: string; action?: InboundAction }
  | { outcome: "postponed"; runAt: string; reason: string }
  | { outcome: "waiting_approval"; emailLogId: string; flags: string[] }
  | { outcome: "skipped"; reason: string }
  /** Approved and in the send plan: the dispatcher sends it. */
  | { outcome: "queued"; emailLogId: string };

/**
 * Anyone but us in the thread? Each message without the SENT label is read (raw) and classified;
 * replies, bounces and unsubscribes are applied (which stops the domain). An out-of-office gives
 * the time the follow-up may go instead.
 */
export async function liveThreadCheck(
  d: DeliveryDeps,
  args: { mailboxId: string; threadId: string; emailLogId: string; dueAt: Date; timeZone: string },
): Promise<{ stop: InboundAction | null; postponeUntil: Date | null }> {
  const gmail = await d.gmailFor(args.mailboxId);
  const thread = await gmail.getThread(args.threadId, ["From", "Subject", "Message-ID", "Auto-Submitted", "Date"]);
  let postponeUntil: Date | null = null;
  for (const m of thread.messages) {
    if (m.labelIds.includes("SENT") || m.labelIds.includes("DRAFT")) continue;
    const raw = await gmail.getMessageRaw(m.id);
    const c = await classifyInbound(raw.raw);
    if (c.kind === "out_of_office") {
      const received = c.date ?? (m.internalDate ? new Date(Number(m.internalDate)) : nowOf(d));
      const until = dueAfterOutOfOffice(args.dueAt, { receivedAt: received, text: `${c.subject}\n${c.text}` }, args.timeZone);
      if (!postponeUntil || until > postponeUntil) postponeUntil = until;
      continue;
    }
    const action = await applyInbound(d, args.emailLogId, c);
    return { stop: action, postponeUntil: null };
  }
  return { stop: null, postponeUntil };
}

/** Follow-up job: prospect, step n. */
export async function runFollowUp(d: DeliveryDeps, args: { prospectId: string; step: number; jobRowId: string }): Promise<FollowUpOutcome> {
  const { db } = d;
  const now = nowOf(d);
  const prospect = await db.prospect.findUnique({
    where: { id: args.prospectId },
    include: {
      campaign: true,
      emailLogs: { orderBy: { step: "asc" } },
    },
  });
  if (!prospect) return { outcome: "skipped", reason: "the prospect no longer exists" };
  const campaign = prospect.campaign;
  const ref = { id: prospect.id, campaignId: prospect.campaignId, userId: campaign.userId };
  const existing = prospect.emailLogs.find((l) => l.step === args.step);
  if (existing) {
    // A re-run (the worker died after writing it, or the job was retried): continue, never duplicate.
    if (existing.status === "approved") return { outcome: "queued", emailLogId: existing.id };
    if (existing.status === "draft") return { outcome: "waiting_approval", emailLogId: existing.id, flags: existing.flags };
    return { outcome: "skipped", reason: `follow-up ${args.step} is already ${existing.status}` };
  }
  if (campaign.status !== "active" || campaign.sendingPausedReason) {
    return { outcome: "skipped", reason: campaign.sendingPausedReason ? `sending is paused: ${campaign.sendingPausedReason}` : "the campaign is paused" };
  }
  const first = prospect.emailLogs.find((l) => l.step === 0);
  if (!first || first.status !== "sent" || !first.gmailThreadId || !first.rfcMessageId) return { outcome: "skipped", reason: "the first email was not sent" };
  if (prospect.emailLogs.some((l) => l.status === "bounced")) return { outcome: "stopped", reason: "an earlier email bounced" };

  const decision = followUpDue(campaign, prospect, prospect.lastSent, now);
  if (decision.step === null) return { outcome: "stopped", reason: decision.reason };
  if (decision.step !== args.step) return { outcome: "skipped", reason: `the next follow-up is step ${decision.step}, not ${args.step}` };
  if (!decision.due) return defer(d, ref, args, decision.dueAt, "not due yet", now);

  const recipient = first.toEmail ?? prospect.contactEmail;
  const suppressed = await findSuppression(db, campaign.userId, { email: recipient, domain: prospect.domain });
  if (suppressed) return { outcome: "stopped", reason: `suppressed (${suppressed.value}, ${suppressed.reason})` };

  // The live check: has anyone written in the thread since? (The reply sync may not have run yet.)
  const latestSent = [...prospect.emailLogs].reverse().find((l) => l.status === "sent") ?? first;
  // The thread lives in the mailbox that sent the first email.
  const mailboxId = first.mailboxId ?? campaign.mailboxId;
  if (!mailboxId) return { outcome: "skipped", reason: "the campaign has no Gmail mailbox: connect one in Settings → Mailboxes" };
  const check = await liveThreadCheck(d, { mailboxId, threadId: first.gmailThreadId, emailLogId: latestSent.id, dueAt: decision.dueAt, timeZone: campaign.timeZone });
  if (check.stop) return { outcome: "stopped", reason: `someone wrote in the thread (${check.stop})`, action: check.stop };
  if (check.postponeUntil && check.postponeUntil > now) return defer(d, ref, args, check.postponeUntil, "out-of-office reply", now);

  // Write the follow-up: same subject ("Re: ..."), body from the campaign's follow-up template.
  const draft = templateDraft({
    campaign,
    prospect,
    crawl: (prospect.crawlData as CrawlResult | null) ?? null,
    step: args.step,
    previous: { subject: first.subject, body: first.body },
  });
  const flags = draft.flags as string[];
  const autoApprove = campaign.autoApproveScore !== null && prospect.score !== null && prospect.score >= campaign.autoApproveScore && flags.length === 0;
  const data: Prisma.EmailLogUncheckedCreateInput = {
    prospectId: prospect.id,
    step: args.step,
    status: autoApprove ? "approved" : "draft",
    toEmail: first.toEmail ?? prospect.contactEmail,
    subject: subjectForStep(first.subject, args.step),
    body: draft.body,
    flags,
    draftSource: "template",
    approvedAt: autoApprove ? now : null,
  };
  // The unique (prospect, step) makes a concurrent second run lose here instead of sending twice.
  const created = await db.emailLog.createManyAndReturn({ data: [data], skipDuplicates: true });
  const log = created[0] ?? (await db.emailLog.findUniqueOrThrow({ where: { prospectId_step: { prospectId: prospect.id, step: args.step } } }));
  publishProspectUpdated(d.bus, ref);
  if (log.status === "draft") return { outcome: "waiting_approval", emailLogId: log.id, flags: log.flags };
  if (log.status !== "approved") return { outcome: "skipped", reason: `follow-up ${args.step} is ${log.status}` };
  return { outcome: "queued", emailLogId: log.id };
}

async function defer(
  d: DeliveryDeps,
  ref: { id: string; campaignId: string; userId: string },
  args: { prospectId: string; step: number; jobRowId: string },
  runAt: Date,
  reason: string,
  now: Date,
): Promise<FollowUpOutcome> {
  await enqueueJob(d, {
    type: "followup",
    rowId: deterministicUuid("followup-deferred", args.prospectId, args.step, args.jobRowId),
    userId: ref.userId,
    campaignId: ref.campaignId,
    params: { prospectId: args.prospectId, step: args.step },
    parentId: args.jobRowId,
    runAt,
    now,
    message: `Follow-up ${args.step} waits until ${runAt.toISOString()} (${reason})`,
  });
  return { outcome: "postponed", runAt: runAt.toISOString(), reason };
}
