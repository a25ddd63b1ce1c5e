import { randomUUID } from "node:crypto";
import { assertHeaderSafe } from "@outreach/contracts";
import MailComposer from "nodemailer/lib/mail-composer";

/**
 * RFC 822 messages for Gmail's messages.send, built by nodemailer's MailComposer (encodings,
 * folding, threading headers). Every value that ends up in a header is checked for CR/LF first:
 * outside text (a prospect's name, a page title in a subject) must never add or split headers.
 */

export interface Mailbox {
  name?: string;
  address: string;
}

export interface BuildMessageInput {
  from: Mailbox;
  to: Mailbox | string;
  subject: string;
  text: string;
  html?: string;
  /** Full RFC Message-ID with angle brackets; generated as <uuid@from-domain> when absent. */
  messageId?: string;
  /** Threading a follow-up: the earlier message's real Message-ID (as Gmail stored it). */
  inReplyTo?: string;
  references?: string | string[];
  /**
   * One-click unsubscribe (RFC 8058): https URL (required for one-click) and an optional mailto.
   * allowInsecure: accept an http URL. Only for sandbox mode (Gmail not live: nothing leaves the machine).
   */
  unsubscribe?: { url: string; mailto?: string; allowInsecure?: boolean };
  /** Per-send token (the EmailLog id) in X-Outreach-Send-Id, used to reconcile unknown sends. */
  sendId?: string;
  /** Extra headers (names and values are checked). */
  headers?: Record<string, string>;
  date?: Date;
}

export interface BuiltMessage {
  raw: Buffer;
  messageId: string;
}

const HEADER_NAME = /^[!-9;-~]+$/; // printable ASCII except ':'

function checkMailbox(field: string, m: Mailbox | string): void {
  if (typeof m === "string") return assertHeaderSafe(field, m);
  assertHeaderSafe(`${field} address`, m.address);
  if (m.name !== undefined) assertHeaderSafe(`${field} name`, m.name);
  if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(m.address)) throw new Error(`${field} address is not a valid email address`);
}

export async function buildMessage(input: BuildMessageInput): Promise<BuiltMessage> {
  checkMailbox("From", input.from);
  checkMailbox("To", input.to);
  assertHeaderSafe("Subject", input.subject);
  const refs = input.references === undefined ? [] : Array.isArray(input.references) ? input.references : [input.references];
  for (const r of refs) assertHeaderSafe("References", r);
  if (input.inReplyTo !== undefined) assertHeaderSafe("In-Reply-To", input.inReplyTo);
  if (input.messageId !== undefined) assertHeaderSafe("Message-ID", input.messageId);
  if (input.sendId !== undefined) assertHeaderSafe("X-Outreach-Send-Id", input.sendId);
  if (input.unsubscribe) {
    assertHeaderSafe("List-Unsubscribe URL", input.unsubscribe.url);
    const scheme = input.unsubscribe.allowInsecure ? /^https?:\/\//i : /^https:\/\//i;
    if (!scheme.test(input.unsubscribe.url)) throw new Error("List-Unsubscribe URL must be https (RFC 8058)");
    if (input.unsubscribe.mailto !== undefined) assertHeaderSafe("List-Unsubscribe mailto", input.unsubscribe.mailto);
  }
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) {
    if (!HEADER_NAME.test(k)) throw new Error(`invalid header name: ${JSON.stringify(k.slice(0, 60))}`);
    assertHeaderSafe(k, v);
    extra[k] = v;
  }

  const domain = input.from.address.split("@")[1] ?? "localhost";
  const messageId = input.messageId ?? `<${randomUUID()}@${domain}>`;
  if (!/^<[^<>\s]+@[^<>\s]+>$/.test(messageId)) throw new Error("Message-ID must look like <id@domain>");

  const headers: Record<string, string> = { ...extra };
  if (input.sendId !== undefined) headers["X-Outreach-Send-Id"] = input.sendId;
  if (input.unsubscribe) {
    const parts = [input.unsubscribe.mailto ? `<mailto:${input.unsubscribe.mailto.replace(/^mailto:/i, "")}>` : null, `<${input.unsubscribe.url}>`];
    headers["List-Unsubscribe"] = parts.filter(Boolean).join(", ");
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }

  const composer = new MailComposer({
    from: input.from.name ? { name: input.from.name, address: input.from.address } : input.from.address,
    to: typeof input.to === "string" ? input.to : input.to.name ? { name: input.to.name, address: input.to.address } : input.to.address,
    subject: input.subject,
    text: input.text,
    html: input.html,
    messageId,
    inReplyTo: input.inReplyTo,
    references: refs.length ? refs : undefined,
    date: input.date ?? new Date(),
    headers,
    textEncoding: "quoted-printable",
  });
  const raw = await new Promise<Buffer>((resolve, reject) => {
    composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg)));
  });
  return { raw, messageId };
}
