import { simpleParser, type AddressObject } from "mailparser";
import { normalizeEmail } from "../suppression/index.ts";

/**
 * What an inbound message in one of our threads means, parsed with mailparser:
 * - bounce: a delivery status notification (multipart/report; report-type=delivery-status, or
 *   from mailer-daemon/postmaster) with Action: failed; the failed recipients are extracted;
 * - out_of_office: an automatic reply (Auto-Submitted other than "no", X-Autoreply,
 *   Precedence auto_reply, or a subject like "Automatic reply:" / "Out of office");
 * - unsubscribe: a person asking to be removed ("unsubscribe", "remove me", "opt out", ...) in
 *   the subject or in their own words (quoted text is ignored);
 * - reply: anything else a person wrote.
 */
export type InboundKind = "bounce" | "out_of_office" | "unsubscribe" | "reply";

export interface ClassifiedInbound {
  kind: InboundKind;
  from: string | null;
  subject: string;
  /** The sender's own words (quoted history removed), trimmed. */
  text: string;
  date: Date | null;
  /** Bounces: the addresses that failed (Final-Recipient / Original-Recipient). */
  failedRecipients: string[];
  /** Bounces: the remote server's reason. */
  diagnostic: string | null;
  /** Bounces: our X-Outreach-Send-Id (the EmailLog id) from the returned headers, if present. */
  sendId: string | null;
  /** Message-IDs this message refers to (In-Reply-To, References, and a bounce's returned Message-ID). */
  referencedIds: string[];
}

const MAILER_DAEMON = /(mailer-daemon|postmaster|mail delivery (subsystem|system))/i;
const AUTO_SUBJECT = /^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|ooo\b|abwesenheitsnotiz|r[ée]ponse automatique|respuesta autom[áa]tica|i am away|away from (the )?office)/i;
const AUTO_BODY = /\b(out of (the )?office|on (annual |parental )?leave|away from (my desk|the office)|limited access to (e-?mail|my email)|will (reply|respond) (when|on my return|upon my return))/i;
const UNSUBSCRIBE = /\b(unsubscribe|remove me|take me off|opt[- ]?out|do not (contact|e-?mail) me|stop (e-?mailing|contacting) me|no more e-?mails?)\b/i;

function addressOf(a: AddressObject | AddressObject[] | undefined): string | null {
  const first = Array.isArray(a) ? a[0] : a;
  const v = first?.value?.[0]?.address;
  return v ? (normalizeEmail(v) ?? v.toLowerCase()) : null;
}

/** The sender's own words: quoted lines and everything from "On ... wrote:" on are dropped. */
export function ownWords(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*On .{0,300}wrote:\s*$/i.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line) || /^_{5,}\s*$/.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

function headerText(v: unknown): string {
  if (v == null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object" && "value" in (v as Record<string, unknown>)) return String((v as { value: unknown }).value);
  return String(v);
}

function idsIn(s: string): string[] {
  return s.match(/<[^<>\s]+@[^<>\s]+>/g) ?? [];
}

export async function classifyInbound(raw: Buffer | string): Promise<ClassifiedInbound> {
  const source = typeof raw === "string" ? raw : raw.toString("utf8");
  const parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextLinks: true, skipImageLinks: true });
  const h = parsed.headers;
  const from = addressOf(parsed.from);
  const subject = parsed.subject ?? "";
  const contentType = h.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  const mime = (contentType?.value ?? "").toLowerCase();
  const reportType = (contentType?.params?.["report-type"] ?? "").toLowerCase();
  const fromHeader = headerText(h.get("from"));
  const text = parsed.text ?? "";
  const referencedIds = [
    ...idsIn(headerText(h.get("in-reply-to"))),
    ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : []).flatMap((r) => idsIn(r)),
  ];

  const isDsn = (mime === "multipart/report" && reportType === "delivery-status") || MAILER_DAEMON.test(fromHeader);
  if (isDsn) {
    // The machine-readable part (message/delivery-status) is 7-bit text: read it from the source.
    const actions = [...source.matchAll(/^Action:\s*(\S+)/gim)].map((m) => m[1]!.toLowerCase());
    const failed = actions.length === 0 || actions.includes("failed");
    if (failed) {
      const recipients = new Set<string>();
      for (const m of source.matchAll(/^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s<>]+@[^\s<>]+?)>?\s*$/gim)) {
        const e = normalizeEmail(m[1]!);
        if (e) recipients.add(e);
      }
      if (recipients.size === 0) {
        const m = /wasn't delivered to\s+<?([^\s<>]+@[^\s<>]+?)>?\s/i.exec(text) ?? /delivery to\s+<?([^\s<>]+@[^\s<>]+?)>?\s+(has )?failed/i.exec(text);
        const e = m ? normalizeEmail(m[1]!) : null;
        if (e) recipients.add(e);
      }
      const diagnostic = /^Diagnostic-Code:\s*(?:smtp;\s*)?(.+)$/im.exec(source)?.[1]?.trim() ?? null;
      const sendId = /^X-Outreach-Send-Id:\s*([0-9a-f-]{36})\s*$/im.exec(source)?.[1] ?? null;
      // The returned headers' Message-ID (text/rfc822-headers part) names the bounced message.
      const returned = [...source.matchAll(/^Message-ID:\s*(<[^<>\s]+@[^<>\s]+>)\s*$/gim)].map((m) => m[1]!);
      return {
        kind: "bounce",
        from,
        subject,
        text: text.trim().slice(0, 10_000),
        date: parsed.date ?? null,
        failedRecipients: [...recipients],
        diagnostic,
        sendId,
        referencedIds: [...new Set([...referencedIds, ...returned.slice(1)])],
      };
    }
  }

  const own = ownWords(text).slice(0, 10_000);
  const autoSubmitted = headerText(h.get("auto-submitted")).toLowerCase();
  const precedence = headerText(h.get("precedence")).toLowerCase();
  const isAuto =
    (autoSubmitted !== "" && autoSubmitted !== "no") ||
    h.has("x-autoreply") ||
    h.has("x-autorespond") ||
    precedence === "auto_reply" ||
    AUTO_SUBJECT.test(subject) ||
    (AUTO_BODY.test(own) && own.length < 600);
  const base = { from, subject, text: own, date: parsed.date ?? null, failedRecipients: [], diagnostic: null, sendId: null, referencedIds };
  if (isAuto) return { kind: "out_of_office", ...base };
  if (UNSUBSCRIBE.test(subject) || UNSUBSCRIBE.test(own)) return { kind: "unsubscribe", ...base };
  return { kind: "reply", ...base };
}
