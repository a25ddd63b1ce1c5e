import { findInstructions, normaliseUrl, trigrams, words, type CrawlResult, type InstructionFinding } from "../crawl/index.ts";
import type { ComposeFacts } from "./facts.ts";
import { WORD_LIMITS } from "./prompt.ts";
import type { Draft } from "./types.ts";

/**
 * Draft checks. Each flag is a reason a person must look before the email can go out: a flagged
 * draft is never auto-approved. See README.md for the list.
 */
export const DRAFT_FLAGS = [
  "empty_draft",
  "unfilled_placeholder",
  "empty_variable",
  "unknown_variable",
  "unsupported_link",
  "unsupported_email",
  "unsupported_claim",
  "followed_injection",
  "too_long",
  "off_topic",
  /** Set by composeDraft, not by the checks: Gemini failed and the template stood in (EmailLog.fallbackReason says why). */
  "template_fallback",
] as const;
export type DraftFlag = (typeof DRAFT_FLAGS)[number];

export interface DraftSources {
  facts: ComposeFacts;
  crawl: CrawlResult | null;
  step: number;
  /** Extra URLs the draft may contain (e.g. links a person added while editing). */
  extraUrls?: string[];
}

const PLACEHOLDER: RegExp[] = [
  /\[[^\]\n]{1,40}\]/, // [Name], [Your Name], [insert link]
  /\{\{[^}\n]*\}\}/, // {{artistName}}
  /\{[a-z_][a-z0-9_ ]{0,30}\}/i, // {name}
  /<\s*(insert|your|name|link|add|placeholder)[^>\n]{0,40}>/i, // <insert link>
  /\b(TODO|TBD|FIXME|XXX+)\b/,
  /\blorem ipsum\b/i,
];

const EMPTY_VARIABLE: RegExp[] = [
  /^\s*(dear|hi|hey|hello|greetings)\s+,/im, // "Hi ," (a name was meant to be there)
  /^\s*dear\s*,/im, // "Dear," with no name
  /[^\S\n]{2,}[,.;:!?]/, // "by  ." left by an empty value
  /\(\s*\)|""|“”/, // empty brackets or quotes
  /\b(undefined|null|NaN|\[object Object\])\b/,
  /(^|\n)\s*(best|kind)? ?regards,?\s*$/i, // signed with nothing after the closing
];

const INJECTION_MARKERS = /\b(ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts|messages)|as an ai\b|as a language model|language model|system prompt|my instructions|i (was|have been) (told|instructed) to)\b/i;

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/[^\s<>"'()]*/gi;
const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const MONEY_RE = /(?:[€$£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|pounds)\b)/gi;

function countWords(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** Every URL the sources hold, normalised. */
export function allowedUrls(src: DraftSources): Set<string> {
  const f = src.facts;
  const urls = [
    f.portfolioUrl,
    ...f.sampleWorks.map((w) => w.url),
    f.siteUrl,
    `https://${f.domain}/`,
    f.openCallUrl,
    f.submissionFormUrl,
    ...(src.extraUrls ?? []),
  ];
  const c = src.crawl;
  if (c) {
    urls.push(c.startUrl, c.finalUrl, c.contactPageUrl, c.submissionForm?.action ?? null, c.openCall?.pageUrl ?? null);
    urls.push(...c.pages.map((p) => p.url), ...c.siteLinks, ...c.outboundLinks);
  }
  return new Set(urls.filter((u): u is string => !!u).map(normaliseUrl));
}

function allowedEmails(src: DraftSources): Set<string> {
  const out = new Set<string>();
  if (src.facts.fromEmail) out.add(src.facts.fromEmail.toLowerCase());
  if (src.facts.contactEmail) out.add(src.facts.contactEmail.toLowerCase());
  for (const e of src.crawl?.emails ?? []) out.add(e.email.toLowerCase());
  return out;
}

/** Text the artist or the crawl facts vouch for (not the crawled page text itself). */
function trustedText(src: DraftSources): string {
  const f = src.facts;
  return [f.artistName, f.statement, f.medium, f.keywords.join(" "), f.siteName, f.contactName, f.openCallTitle, f.openCallDeadline, f.openCallFee, f.fromName, ...f.sampleWorks.map((w) => w.title)]
    .filter(Boolean)
    .join("\n")
    .toLowerCase();
}

/** Instruction-like sentences from the crawl: the crawler's findings plus a fresh look at the excerpts. */
export function instructionsIn(crawl: CrawlResult | null): InstructionFinding[] {
  if (!crawl) return [];
  const found: InstructionFinding[] = crawl.suspectedInstructions.map((s) => ({ sentence: s.sentence, payloads: s.payloads, phrases: s.phrases }));
  for (const p of crawl.pages) found.push(...findInstructions(p.excerpt));
  return found;
}

function containsPayload(draftLower: string, draftUrls: Set<string>, payload: string): boolean {
  const p = payload.toLowerCase();
  if (/^[a-z0-9.-]+\.[a-z]{2,}(\/|$)/.test(p) && !p.includes("@")) {
    // A URL or host: match the draft's links and bare mentions of the host.
    if ([...draftUrls].some((u) => u === p || u.startsWith(`${p}/`) || p.startsWith(`${u}/`))) return true;
    return new RegExp(`(^|[^a-z0-9.-])${escapeRe(p)}($|[^a-z0-9-])`).test(draftLower);
  }
  return new RegExp(`(^|[^a-z0-9])${escapeRe(p)}($|[^a-z0-9])`).test(draftLower);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function checkDraft(draft: Draft, src: DraftSources): DraftFlag[] {
  const flags = new Set<DraftFlag>();
  const subject = draft.subject ?? "";
  const body = draft.body ?? "";
  const all = `${subject}\n${body}`;
  const lower = all.toLowerCase();
  const f = src.facts;

  if (!subject.trim() || !body.trim()) flags.add("empty_draft");
  if (PLACEHOLDER.some((re) => re.test(all))) flags.add("unfilled_placeholder");
  if (EMPTY_VARIABLE.some((re) => re.test(body)) || /^\s*$|\s{2,}[,.:;!?]|^[,.:;!?]/.test(subject) || /\b(undefined|null)\b/.test(subject)) flags.add("empty_variable");

  // Links: every URL in the draft must come from the artist profile or the crawled site.
  const okUrls = allowedUrls(src);
  const draftUrls = new Set([...all.matchAll(URL_RE)].map((m) => normaliseUrl(m[0])));
  if ([...draftUrls].some((u) => !okUrls.has(u))) flags.add("unsupported_link");

  const okEmails = allowedEmails(src);
  if ([...all.matchAll(EMAIL_RE)].some((m) => !okEmails.has(m[0].toLowerCase().replace(/[.]+$/, "")))) flags.add("unsupported_email");

  // Claims: money amounts must be stated in the sources (an open call fee, the statement).
  const trusted = trustedText(src);
  const amounts = [...all.matchAll(MONEY_RE)].map((m) => m[0].replace(/\s+/g, "").toLowerCase());
  if (amounts.some((a) => !trusted.replace(/\s+/g, "").includes(a))) flags.add("unsupported_claim");
  if (/\b(guarantee[sd]?|guaranteed publication|will pay you|we will pay|payment of)\b/i.test(all) && !/\bguarantee/.test(trusted)) flags.add("unsupported_claim");

  // Injection: the draft talks like a model, or carries what an instruction on the site asked for.
  if (INJECTION_MARKERS.test(all)) flags.add("followed_injection");
  const trustedWords = new Set(words(trusted));
  const trustedTri = new Set(trigrams(trusted));
  const draftTri = new Set(trigrams(all));
  for (const inst of instructionsIn(src.crawl)) {
    const payloadHit = inst.payloads.some((p) => {
      if (p.split(/\s+/).every((w) => trustedWords.has(w))) return false;
      return containsPayload(lower, draftUrls, p);
    });
    const phraseHit = inst.phrases.some((t) => !trustedTri.has(t) && draftTri.has(t));
    if (payloadHit || phraseHit) {
      flags.add("followed_injection");
      break;
    }
  }

  const limit = src.step >= 1 ? WORD_LIMITS.followUp : WORD_LIMITS.first;
  // A little slack over what the prompt asks for: the flag is for drafts a reader would find long.
  if (countWords(body) > Math.round(limit * 1.25) || subject.length > 120) flags.add("too_long");

  const mentions = (name: string | null) => !!name && lower.includes(name.toLowerCase());
  if (!mentions(f.artistName) && !mentions(f.siteName) && !lower.includes(f.domain.toLowerCase())) flags.add("off_topic");

  return DRAFT_FLAGS.filter((x) => flags.has(x));
}

/** A draft may be auto-approved only with no flags at all. */
export function isAutoApprovable(flags: readonly string[]): boolean {
  return flags.length === 0;
}
