import { isHistoryExpired } from "@outreach/providers";
import { applyInbound, type InboundAction } from "./apply.ts";
import { nowOf, type DeliveryDeps } from "./deps.ts";
import { classifyInbound, type ClassifiedInbound } from "./inbound.ts";

/**
 * Reply/bounce sync for one user: Gmail history since User.gmailHistoryId (history.list); when
 * that is too old (404) or unknown, a full sync of the threads we sent in the last 30 days plus
 * recent mailer-daemon reports. Each inbound message in one of our threads is classified and
 * applied (replied / bounced / unsubscribed / out-of-office). The new historyId is stored last,
 * so a crash means the same messages are seen again, and applying them again changes nothing.
 */

export interface SyncResult {
  mode: "history" | "full" | "idle";
  scanned: number;
  applied: Partial<Record<InboundAction, number>>;
  historyId: string | null;
}

const FULL_SYNC_DAYS = 30;

/** Our sent emails' threads for the user: thread id -> the latest EmailLog sent in it. */
async function ourThreads(d: DeliveryDeps, userId: string, since: Date) {
  const logs = await d.db.emailLog.findMany({
    where: { gmailThreadId: { not: null }, status: { in: ["sent", "bounced"] }, prospect: { campaign: { userId } }, sentAt: { gte: since } },
    select: { id: true, step: true, gmailThreadId: true, rfcMessageId: true, toEmail: true, prospect: { select: { contactEmail: true } } },
    orderBy: { step: "asc" },
  });
  const byThread = new Map<string, string>();
  const byMessageId = new Map<string, string>();
  for (const l of logs) {
    byThread.set(l.gmailThreadId!, l.id); // ascending steps: the latest step wins
    if (l.rfcMessageId) byMessageId.set(l.rfcMessageId.toLowerCase(), l.id);
  }
  return { byThread, byMessageId, ids: new Set(logs.map((l) => l.id)) };
}

/** Which of our EmailLogs a bounce that arrived outside the thread is about. */
async function matchBounce(d: DeliveryDeps, userId: string, c: ClassifiedInbound, threads: Awaited<ReturnType<typeof ourThreads>>): Promise<string | null> {
  if (c.sendId && threads.ids.has(c.sendId)) return c.sendId;
  for (const id of c.referencedIds) {
    const hit = threads.byMessageId.get(id.toLowerCase());
    if (hit) return hit;
  }
  for (const r of c.failedRecipients) {
    const log = await d.db.emailLog.findFirst({
      where: { status: { in: ["sent", "bounced"] }, prospect: { campaign: { userId } }, OR: [{ toEmail: { equals: r, mode: "insensitive" } }, { toEmail: null, prospect: { contactEmail: { equals: r, mode: "insensitive" } } }] },
      orderBy: { sentAt: "desc" },
      select: { id: true },
    });
    if (log) return log.id;
  }
  return null;
}

export async function syncReplies(d: DeliveryDeps, userId: string): Promise<SyncResult> {
  const now = nowOf(d);
  const user = await d.db.user.findUnique({ where: { id: userId }, select: { id: true, gmailHistoryId: true } });
  if (!user) return { mode: "idle", scanned: 0, applied: {}, historyId: null };
  const threads = await ourThreads(d, userId, new Date(now.getTime() - 60 * 86_400_000));
  const result: SyncResult = { mode: "history", scanned: 0, applied: {}, historyId: user.gmailHistoryId };
  const seen = new Set<string>();

  const handle = async (m: { id: string; threadId: string; labelIds: string[] }) => {
    if (seen.has(m.id) || m.labelIds.includes("SENT") || m.labelIds.includes("DRAFT")) return;
    seen.add(m.id);
    const inThread = threads.byThread.get(m.threadId);
    result.scanned++;
    const raw = await d.gmail.getMessageRaw(m.id);
    const c = await classifyInbound(raw.raw);
    const target = inThread ?? (c.kind === "bounce" ? await matchBounce(d, userId, c, threads) : null);
    if (!target) return;
    const action = await applyInbound(d, target, c);
    result.applied[action] = (result.applied[action] ?? 0) + 1;
  };

  let newHistoryId: string | null = null;
  let full = !user.gmailHistoryId;
  if (user.gmailHistoryId) {
    try {
      let pageToken: string | null = null;
      do {
        const page: Awaited<ReturnType<DeliveryDeps["gmail"]["listHistory"]>> = await d.gmail.listHistory(user.gmailHistoryId, pageToken);
        for (const m of page.messagesAdded) {
          // A message in a thread we do not know can still be a bounce of ours: read those too,
          // but only when they come from a mail system (cheap metadata check first).
          if (!threads.byThread.has(m.threadId)) {
            if (m.labelIds.includes("SENT")) continue;
            const meta = await d.gmail.getMessageMetadata(m.id, ["From", "Content-Type"]);
            const from = meta.headers["from"] ?? "";
            const ct = meta.headers["content-type"] ?? "";
            if (!/mailer-daemon|postmaster/i.test(from) && !/multipart\/report/i.test(ct)) continue;
          }
          await handle(m);
        }
        newHistoryId = page.historyId ?? newHistoryId;
        pageToken = page.nextPageToken;
      } while (pageToken);
    } catch (err) {
      if (!isHistoryExpired(err)) throw err;
      full = true;
    }
  }

  if (full) {
    result.mode = "full";
    // The history id first: anything arriving during the full sync is seen by the next run.
    const profile = await d.gmail.getProfile();
    newHistoryId = profile.historyId;
    const since = new Date(now.getTime() - FULL_SYNC_DAYS * 86_400_000);
    const recent = await ourThreads(d, userId, since);
    for (const threadId of recent.byThread.keys()) {
      const t = await d.gmail.getThread(threadId, ["From", "Subject", "Message-ID"]);
      for (const m of t.messages) await handle({ id: m.id, threadId: m.threadId, labelIds: m.labelIds });
    }
    if (threads.byThread.size > 0) {
      const after = Math.floor(since.getTime() / 1000);
      let pageToken: string | null = null;
      do {
        const page: Awaited<ReturnType<DeliveryDeps["gmail"]["listMessages"]>> = await d.gmail.listMessages(`from:mailer-daemon after:${after}`, pageToken);
        for (const m of page.messages) await handle({ ...m, labelIds: [] });
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
  }

  if (newHistoryId && newHistoryId !== user.gmailHistoryId) {
    await d.db.user.update({ where: { id: userId }, data: { gmailHistoryId: newHistoryId } });
  }
  result.historyId = newHistoryId ?? user.gmailHistoryId;
  return result;
}

/**
 * Users the scheduled sync looks at: anyone with an email sent in the last 60 days, except users
 * whose Gmail token is known to be revoked (sending paused for gmail_auth): asking Gmail again
 * would only fail until they reconnect.
 */
export async function usersToSync(d: Pick<DeliveryDeps, "db" | "now">): Promise<string[]> {
  const since = new Date(nowOf(d).getTime() - 60 * 86_400_000);
  const users = await d.db.user.findMany({
    where: {
      campaigns: { some: { prospects: { some: { emailLogs: { some: { status: { in: ["sent", "bounced"] }, sentAt: { gte: since } } } } } } },
      NOT: { campaigns: { some: { sendingPausedReason: { startsWith: "gmail_auth" } } } },
    },
    select: { id: true },
  });
  return users.map((u) => u.id);
}
