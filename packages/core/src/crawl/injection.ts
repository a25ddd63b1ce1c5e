/**
 * Instruction-like text in crawled pages (prompt injection) and the payloads it asks for.
 * Used by the crawler (to warn about a page) and by the draft checks (to flag a draft that did
 * what a page told it to).
 */

export interface InstructionFinding {
  /** The sentence, trimmed to 300 characters. */
  sentence: string;
  /** Distinctive things it asks to be put in the email: URLs, addresses, quoted text, amounts, code words. */
  payloads: string[];
  /** Word trigrams of what it asks to be written ("write that ..."), lowercased. */
  phrases: string[];
}

/** Text aimed at a model: enough on its own. */
const STRONG: RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b[^.!?\n]{0,30}\b(instructions?|prompts?|rules|directions|guidelines|context|messages?)\b/i,
  /\b(system prompt|new instructions?|developer mode|jailbreak|you are now|from now on,? you|act as (an?|the) )/i,
  /\bas an? (ai|assistant|language model|llm|chatbot)\b/i,
  /\b(ai|assistant|language model|llm|chatbot|model)s?\b[^.!?\n]{0,40}\b(must|should|shall|need to|are required to|will)\b/i,
  /\b(your|the) (reply|response|answer|output|email|draft|message|letter)\b[^.!?\n]{0,30}\b(must|should|shall|has to|needs to)\b/i,
  /\b(tell|instruct|ask|remind)\s+the\s+(reader|recipient|editor|user)\b/i,
];

/**
 * Plain imperatives ("send ...", "also add ..."): ordinary on a contact page, so they count only
 * next to a strong trigger (same block of text) or in hidden text.
 */
const WEAK: RegExp[] = [
  /(^|[.!?:]\s+|\n)\s*(please\s+|also\s+|and\s+|then\s+)*(send|include|add|append|insert|write|say|state|claim|mention|promise|visit|click|go to|open|reply with|respond with|output|print|email|forward|transfer|pay)\b/i,
  /\b(also|and|then|instead)\s+(send|include|add|append|insert|write|say|state|claim|mention|promise|visit|click|output|print)\b/i,
];

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s"'<>()]+/gi;
const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const QUOTED_RE = /["“”'‘’]([^"“”'‘’\n]{3,120})["“”'‘’]/g;
const MONEY_RE = /(?:[€$£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|pounds)\b)/gi;
const CODE_WORD_RE = /\b(?:the )?(?:word|phrase|code|keyword|line|sentence|text)\s+["“']?([A-Za-z0-9][\w-]{2,40})/gi;
const CAPS_RE = /\b[A-Z][A-Z0-9]{3,}\b/g;

const STOP = new Set(["the", "a", "an", "and", "or", "to", "of", "in", "on", "for", "with", "that", "this", "your", "you", "is", "are", "be", "it", "at", "by", "as", "our", "we", "i", "my", "me"]);

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z"“'(])|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
}

export function isInstructionLike(sentence: string): boolean {
  return STRONG.some((re) => re.test(sentence));
}

function isImperative(sentence: string): boolean {
  return WEAK.some((re) => re.test(sentence));
}

export function normaliseUrl(u: string): string {
  return u
    .trim()
    .toLowerCase()
    .replace(/[.,;:!?)\]}>"']+$/, "")
    .replace(/^https?:\/\//, "")
    .replace(/^www\./, "")
    .replace(/\/+$/, "");
}

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9@.\s-]+/g, " ")
    .split(/\s+/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ""))
    .filter(Boolean);
}

export function trigrams(text: string): string[] {
  const w = words(text).filter((x) => !STOP.has(x));
  const out: string[] = [];
  for (let i = 0; i + 2 < w.length; i++) out.push(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

/** What an instruction asks to be written: the clause after "write/say/claim that", "tell the reader to", "add the line". */
function askedClauses(sentence: string): string[] {
  const out: string[] = [];
  const re = /\b(?:write|say|state|claim|mention|promise|tell [a-z ]{0,20}?|add|include|insert|append)\b(?:\s+(?:that|to|the line|the sentence|the text|the phrase))?\s+(.{6,200}?)(?=[.!?]|$)/gi;
  for (const m of sentence.matchAll(re)) out.push(m[1]!);
  return out;
}

/**
 * Instruction-like sentences. Text is taken block by block (one block a line): a block with a
 * strong trigger contributes its strong and imperative sentences. With `hidden` (text a reader
 * never sees) every imperative counts too.
 */
export function findInstructions(text: string, opts: { hidden?: boolean; limit?: number } = {}): InstructionFinding[] {
  const limit = opts.limit ?? 20;
  const out: InstructionFinding[] = [];
  const picked: string[] = [];
  for (const block of text.split(/\n+/)) {
    const sentences = splitSentences(block);
    const strong = sentences.some(isInstructionLike);
    for (const s of sentences) if (isInstructionLike(s) || ((strong || opts.hidden) && isImperative(s))) picked.push(s);
  }
  for (const sentence of picked) {
    const payloads = new Set<string>();
    for (const m of sentence.matchAll(URL_RE)) payloads.add(normaliseUrl(m[0]));
    for (const m of sentence.matchAll(EMAIL_RE)) payloads.add(m[0].toLowerCase().replace(/[.,;:]+$/, ""));
    for (const m of sentence.matchAll(QUOTED_RE)) payloads.add(m[1]!.trim().toLowerCase());
    for (const m of sentence.matchAll(MONEY_RE)) payloads.add(m[0].trim().toLowerCase());
    for (const m of sentence.matchAll(CODE_WORD_RE)) if (/[A-Z]{3,}|\d/.test(m[1]!) || m[0].toLowerCase().includes("word")) payloads.add(m[1]!.toLowerCase());
    for (const m of sentence.matchAll(CAPS_RE)) if (!/^(HTTP|HTTPS|HTML|USD|EUR|GBP|AI|LLM)$/.test(m[0])) payloads.add(m[0].toLowerCase());
    const phrases = new Set<string>();
    for (const clause of askedClauses(sentence)) for (const t of trigrams(clause)) phrases.add(t);
    out.push({ sentence: sentence.slice(0, 300), payloads: [...payloads].filter((p) => p.length >= 3), phrases: [...phrases] });
    if (out.length >= limit) break;
  }
  return out;
}
