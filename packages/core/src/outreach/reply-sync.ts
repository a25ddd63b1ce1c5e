import { isHistoryExpired, isProviderError, type GmailClient, type HistoryPage } from "@outreach/providers";
import { markMailboxNeedsReconnect } from "../mailboxes/index.ts";
import { applyInbound, type InboundAction } from "./apply.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { classifyInbound, type ClassifiedInbound } from "./inbound.ts";

/**
 * Reply/bounce sync for one mailbox: Gmail history since Mailbox.gmailHistoryId (history.list);
 * when that is too old (404) or unknown, a full sync of the threads this mailbox sent in the last
 * 30 days plus recent mailer-daemon reports. Every inbound message is matched to at most one
 * EmailLog, and only to one this mailbox sent (providers.md "Bounces"):
 * 1. by Gmail threadId among the threads this mailbox sent;
 * 2. by In-Reply-To / References against the Message-IDs it sent;
 * 3. a bounce (DSN) by the original Message-ID (or our X-Outreach-Send-Id) in its returned headers;
 * 4. a bounce, last, by the failed recipient among the emails this mailbox sent before the report.
 * A bounce that matches nothing is kept as unmatched (counted in the mailbox's health) and is never
 * applied to another mailbox's or user's email. The new historyId is stored last, so a crash means
 * the same messages are seen again, and applying them again changes nothing.
 */

export interface SyncResult {
  mode: "history" | "full" | "idle";
  scanned: number;
  applied: Partial<Record<InboundAction, number>>;
  unmatched: number;
  historyId: string | null;
}

const FULL_SYNC_DAYS = 30;
const MATCH_DAYS = 60;

interface SentByMailbox {
  byThread: Map<string, string>;
  byMessageId: Map<string, string>;
  /** EmailLog id -> sent time. */
  sentAt: Map<string, Date>;
  /** Recipient (lower case) -> sends, newest first. */
  byRecipient: Map<string, { id: string; sentAt: Date }[]>;
  /** Emails claimed for sending and not recorded yet: Gmail may already hold them and their replies. */
  inFlight: number;
}

type HistoryMessage = HistoryPage["messagesAdded"][number];

/**
 * The emails this mailbox sent since `since`, indexed every way a reply or bounce can name them,
 * and how many are in flight, read in one statement so that an email recorded meanwhile is in
 * one of the two.
 */
async function sentByMailbox(d: DeliveryDeps, mailboxId: string, since: Date): Promise<SentByMailbox> {
  const logs = await d.db.emailLog.findMany({
    where: { mailboxId, OR: [{ status: { in: ["sent", "bounced"] }, sentAt: { gte: since } }, { status: "sending" }] },
    select: { id: true, step: true, status: true, gmailThreadId: true, rfcMessageId: true, toEmail: true, sentAt: true, prospect: { select: { contactEmail: true } } },
    orderBy: [{ sentAt: { sort: "desc", nulls: "last" } }],
  });
  const recorded = logs.filter((l) => l.status !== "sending");
  const out: SentByMailbox = { byThread: new Map(), byMessageId: new Map(), sentAt: new Map(), byRecipient: new Map(), inFlight: logs.length - recorded.length };
  for (const l of [...recorded].sort((a, b) => a.step - b.step)) if (l.gmailThreadId) out.byThread.set(l.gmailThreadId, l.id); // the latest step wins
  for (const l of recorded) {
    if (l.rfcMessageId) out.byMessageId.set(l.rfcMessageId.toLowerCase(), l.id);
    out.sentAt.set(l.id, l.sentAt!);
    const to = (l.toEmail ?? l.prospect.contactEmail)?.toLowerCase();
    if (to) out.byRecipient.set(to, [...(out.byRecipient.get(to) ?? []), { id: l.id, sentAt: l.sentAt! }]);
  }
  return out;
}

/** Steps 2-4 of the module comment, for a message outside this mailbox's threads. */
function matchOutsideThread(c: ClassifiedInbound, sent: SentByMailbox, receivedAt: Date): string | null {
  if (c.kind === "bounce" && c.sendId && sent.sentAt.has(c.sendId)) return c.sendId;
  for (const id of c.referencedIds) {
    const hit = sent.byMessageId.get(id.toLowerCase());
    if (hit) return hit;
  }
  if (c.kind !== "bounce") return null;
  for (const r of c.failedRecipients) {
    const before = sent.byRecipient.get(r.toLowerCase())?.find((s) => s.sentAt.getTime() <= receivedAt.getTime());
    if (before) return before.id;
  }
  return null;
}

export async function syncReplies(d: DeliveryDeps, mailboxId: string): Promise<SyncResult> {
  try {
    return await syncMailbox(d, mailboxId);
  } catch (err) {
    // Google refused the token (revoked, expired, a permission missing): only this mailbox stops.
    if (isProviderError(err) && err.kind === "auth") await markMailboxNeedsReconnect(d.db, mailboxId, err.message.replace(/^gmail: /, ""), nowOf(d));
    throw err;
  }
}

/** Every message added since `startHistoryId`, all pages, and the history id they reach; null when that id is too old. */
async function historySince(gmail: GmailClient, startHistoryId: string): Promise<{ messages: HistoryMessage[]; historyId: string | null } | null> {
  const messages: HistoryMessage[] = [];
  let historyId: string | null = null;
  let pageToken: string | null = null;
  try {
    do {
      const page: HistoryPage = await gmail.listHistory(startHistoryId, pageToken);
      messages.push(...page.messagesAdded);
      historyId = page.historyId ?? historyId;
      pageToken = page.nextPageToken;
    } while (pageToken);
  } catch (err) {
    if (isHistoryExpired(err)) return null;
    throw err;
  }
  return { messages, historyId };
}

/**
 * The sent emails are read after Gmail has answered, never before: a reply Gmail lists is to an
 * email that is by then recorded, or still in flight. When something was in flight and a message
 * could not be placed, the history id stays where it was, so the next run reads those messages
 * again once the email is recorded (applying a message twice changes nothing).
 */
async function syncMailbox(d: DeliveryDeps, mailboxId: string): Promise<SyncResult> {
  const now = nowOf(d);
  const mailbox = await d.db.mailbox.findUnique({ where: { id: mailboxId }, select: { id: true, status: true, gmailHistoryId: true } });
  if (!mailbox || mailbox.status !== "connected") return { mode: "idle", scanned: 0, applied: {}, unmatched: 0, historyId: null };
  const gmail: GmailClient = await d.gmailFor(mailboxId);
  const result: SyncResult = { mode: "history", scanned: 0, applied: {}, unmatched: 0, historyId: mailbox.gmailHistoryId };
  const seen = new Set<string>();
  let passedOver = 0;

  const history = mailbox.gmailHistoryId ? await historySince(gmail, mailbox.gmailHistoryId) : null;
  // A full sync takes the history id first: anything arriving during it is seen by the next run.
  const newHistoryId = history ? history.historyId : (await gmail.getProfile()).historyId;
  const sent = await sentByMailbox(d, mailboxId, new Date(now.getTime() - MATCH_DAYS * 86_400_000));

  const handle = async (m: HistoryMessage) => {
    if (seen.has(m.id) || m.labelIds.includes("SENT") || m.labelIds.includes("DRAFT")) return;
    seen.add(m.id);
    result.scanned++;
    const raw = await gmail.getMessageRaw(m.id);
    const c = await classifyInbound(raw.raw);
    const receivedAt = c.date ?? now;
    const target = sent.byThread.get(m.threadId) ?? matchOutsideThread(c, sent, receivedAt);
    if (!target) {
      passedOver++;
      if (c.kind === "bounce" && sent.inFlight === 0) {
        result.unmatched++;
        await d.db.unmatchedInbound.upsert({
          where: { mailboxId_gmailMessageId: { mailboxId, gmailMessageId: m.id } },
          create: { mailboxId, gmailMessageId: m.id, kind: c.kind, fromAddress: c.from, subject: c.subject.slice(0, 500), failedRecipients: c.failedRecipients, receivedAt },
          update: {},
        });
      }
      return;
    }
    const action = await applyInbound(d, target, c);
    result.applied[action] = (result.applied[action] ?? 0) + 1;
  };

  if (history) {
    for (const m of history.messages) {
      // A message outside our threads can still be about ours (a bounce, a reply from a new
      // thread): read those only when a mail system sent them or they refer to other mail.
      if (!sent.byThread.has(m.threadId)) {
        if (m.labelIds.includes("SENT")) continue;
        const meta = await gmail.getMessageMetadata(m.id, ["From", "Content-Type", "In-Reply-To", "References"]);
        const from = meta.headers["from"] ?? "";
        const ct = meta.headers["content-type"] ?? "";
        const refs = `${meta.headers["in-reply-to"] ?? ""} ${meta.headers["references"] ?? ""}`.toLowerCase();
        const refersToOurs = [...sent.byMessageId.keys()].some((id) => refs.includes(id));
        if (!/mailer-daemon|postmaster/i.test(from) && !/multipart\/report/i.test(ct) && !refersToOurs) {
          passedOver++;
          continue;
        }
      }
      await handle(m);
    }
  } else {
    result.mode = "full";
    const since = new Date(now.getTime() - FULL_SYNC_DAYS * 86_400_000);
    const recentThreads = [...sent.byThread].filter(([, id]) => sent.sentAt.get(id)! >= since).map(([threadId]) => threadId);
    for (const threadId of recentThreads) {
      const t = await gmail.getThread(threadId, ["From", "Subject", "Message-ID"]);
      for (const m of t.messages) await handle({ id: m.id, threadId: m.threadId, labelIds: m.labelIds });
    }
    if (sent.byThread.size > 0) {
      const after = Math.floor(since.getTime() / 1000);
      let pageToken: string | null = null;
      do {
        const page: Awaited<ReturnType<GmailClient["listMessages"]>> = await gmail.listMessages(`from:mailer-daemon after:${after}`, pageToken);
        for (const m of page.messages) await handle({ ...m, labelIds: [] });
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
  }

  // A full sync reads only threads of recorded emails: it cannot tell what it passed over.
  const mayHaveMissed = passedOver > 0 || result.mode === "full";
  const advance = newHistoryId && newHistoryId !== mailbox.gmailHistoryId && !(sent.inFlight > 0 && mayHaveMissed);
  await d.db.mailbox.update({ where: { id: mailboxId }, data: { lastSyncedAt: now, ...(advance ? { gmailHistoryId: newHistoryId } : {}) } });
  result.historyId = advance ? newHistoryId : mailbox.gmailHistoryId;
  return result;
}

/** "Check for replies now": every connected mailbox of the user, one after the other. */
export async function syncUserMailboxes(d: DeliveryDeps, userId: string): Promise<SyncResult> {
  const mailboxes = await d.db.mailbox.findMany({ where: { userId, status: "connected" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  const total: SyncResult = { mode: "idle", scanned: 0, applied: {}, unmatched: 0, historyId: null };
  for (const m of mailboxes) {
    const r = await syncReplies(d, m.id);
    if (r.mode === "full" || (r.mode === "history" && total.mode === "idle")) total.mode = r.mode;
    total.scanned += r.scanned;
    total.unmatched += r.unmatched;
    for (const [k, v] of Object.entries(r.applied)) total.applied[k as InboundAction] = (total.applied[k as InboundAction] ?? 0) + (v ?? 0);
    total.historyId = r.historyId;
  }
  return total;
}

/**
 * Mailboxes the scheduled sync looks at: connected ones that sent an email in the last 60 days
 * (a mailbox that needs reconnecting would only fail until it is reconnected).
 */
export async function mailboxesToSync(d: Pick<DeliveryDeps, "db" | "now">): Promise<{ id: string; userId: string }[]> {
  const since = new Date(nowOf(d).getTime() - MATCH_DAYS * 86_400_000);
  return d.db.mailbox.findMany({
    where: { status: "connected", emailLogs: { some: { status: { in: ["sent", "bounced"] }, sentAt: { gte: since } } } },
    select: { id: true, userId: true },
  });
}
