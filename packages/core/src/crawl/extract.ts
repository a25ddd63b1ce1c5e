import { DateTime } from "luxon";
import { HTMLElement, NodeType, parse, type Node } from "node-html-parser";

/**
 * Facts from one HTML (or plain text) page. Only text and facts leave this module: no markup,
 * no scripts or styles, and no text from hidden elements (display:none, hidden, aria-hidden),
 * which is where prompt injections like to sit. Hidden text is returned separately so the
 * injection detector can still warn about it.
 */

export interface LinkFact {
  url: string;
  text: string;
  /** The link's rel attribute, lower case (empty when it has none). */
  rel: string;
}

export interface FormFact {
  action: string;
  method: string;
  fields: string[];
  requiredFields: string[];
  hasFileUpload: boolean;
}

export interface TimeFact {
  datetime: string;
  text: string;
}

export interface PageFacts {
  title: string | null;
  description: string | null;
  headings: string[];
  /** Visible text, one block per line. */
  text: string;
  /** Text of hidden elements (never shown to the model). */
  hiddenText: string;
  /** Text of <main>/<article> when the page has one, else the body text. */
  mainText: string;
  links: LinkFact[];
  mailtos: string[];
  forms: FormFact[];
  addresses: string[];
  times: TimeFact[];
}

const SKIP = new Set(["script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "head", "select", "option", "datalist"]);
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
  "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
  "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "label", "body", "html",
]);

function isHidden(el: HTMLElement): boolean {
  if (el.hasAttribute("hidden")) return true;
  if ((el.getAttribute("aria-hidden") ?? "").toLowerCase() === "true") return true;
  const style = (el.getAttribute("style") ?? "").toLowerCase().replace(/\s+/g, "");
  if (/display:none|visibility:hidden|font-size:0(?![.\d])|opacity:0(?![.\d])/.test(style)) return true;
  if ((el.getAttribute("type") ?? "").toLowerCase() === "hidden") return true;
  return false;
}

function collapse(s: string): string {
  return s.replace(/[\t\f\v \u00a0\u200b]+/g, " ").trim();
}

/** Visible and hidden text, block elements on their own lines. */
function texts(root: Node): { visible: string; hidden: string } {
  const visible: string[] = [];
  const hidden: string[] = [];
  const walk = (node: Node, into: string[]) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      into.push(node.text);
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = node as HTMLElement;
    const tag = el.tagName?.toLowerCase() ?? "";
    if (SKIP.has(tag)) return;
    if (tag === "br") {
      into.push("\n");
      return;
    }
    const target = isHidden(el) ? hidden : into;
    const block = BLOCK.has(tag);
    if (block) target.push("\n");
    for (const child of el.childNodes) walk(child, target);
    if (block) target.push("\n");
    else if (tag === "td" || tag === "th") target.push(" ");
    if (target === hidden && into !== hidden) hidden.push("\n");
  };
  walk(root, visible);
  const tidy = (parts: string[]) =>
    parts
      .join("")
      .split("\n")
      .map(collapse)
      .filter(Boolean)
      .join("\n");
  return { visible: tidy(visible), hidden: tidy(hidden) };
}

function absolute(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith("#") || /^(javascript|data|vbscript|blob|file):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol === "mailto:") return u.href;
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

export function extractPage(body: string, baseUrl: string, contentType = "text/html"): PageFacts {
  if (contentType === "text/plain") {
    const text = body
      .split(/\r?\n/)
      .map(collapse)
      .filter(Boolean)
      .join("\n");
    return { title: null, description: null, headings: [], text, hiddenText: "", mainText: text, links: [], mailtos: [], forms: [], addresses: [], times: [] };
  }
  const root = parse(body, { comment: false, lowerCaseTagName: true, blockTextElements: { script: false, style: false, noscript: false, pre: true } });

  const title = collapse(root.querySelector("title")?.text ?? "") || null;
  const metaContent = (sel: string) => collapse(root.querySelector(sel)?.getAttribute("content") ?? "") || null;
  const description = metaContent('meta[name="description"]') ?? metaContent('meta[property="og:description"]');

  const bodyEl = root.querySelector("body") ?? root;
  const { visible, hidden } = texts(bodyEl);
  const mainEl = root.querySelector("main") ?? root.querySelector("article") ?? root.querySelector('[role="main"]');
  const mainText = mainEl && !isHidden(mainEl) ? texts(mainEl).visible : visible;

  const headings = root
    .querySelectorAll("h1, h2, h3")
    .filter((h) => !hiddenAncestor(h))
    .map((h) => texts(h).visible.replace(/\n/g, " "))
    .filter(Boolean);

  const links: LinkFact[] = [];
  const mailtos: string[] = [];
  for (const a of root.querySelectorAll("a[href]")) {
    if (hiddenAncestor(a)) continue;
    const url = absolute(a.getAttribute("href"), baseUrl);
    if (!url) continue;
    if (url.startsWith("mailto:")) {
      const addr = decodeURIComponent(url.slice(7).split("?")[0]!).trim();
      if (addr) mailtos.push(...addr.split(","));
      continue;
    }
    links.push({
      url,
      text: texts(a).visible.replace(/\n/g, " ").slice(0, 120) || collapse(a.getAttribute("title") ?? a.getAttribute("aria-label") ?? ""),
      rel: collapse(a.getAttribute("rel") ?? "").toLowerCase(),
    });
  }

  const forms: FormFact[] = [];
  for (const f of root.querySelectorAll("form")) {
    if (hiddenAncestor(f)) continue;
    const fields: string[] = [];
    const required: string[] = [];
    let hasFileUpload = false;
    for (const input of f.querySelectorAll("input, textarea, select")) {
      const type = (input.getAttribute("type") ?? (input.tagName.toLowerCase() === "input" ? "text" : input.tagName.toLowerCase())).toLowerCase();
      if (["hidden", "submit", "button", "reset", "image"].includes(type)) continue;
      const name = input.getAttribute("name") ?? input.getAttribute("id");
      if (!name) continue;
      if (type === "file") hasFileUpload = true;
      if (!fields.includes(name)) fields.push(name);
      if (input.hasAttribute("required") && !required.includes(name)) required.push(name);
    }
    const action = absolute(f.getAttribute("action") || baseUrl, baseUrl) ?? baseUrl;
    forms.push({ action, method: (f.getAttribute("method") ?? "get").toUpperCase(), fields, requiredFields: required, hasFileUpload });
  }

  const addresses = root
    .querySelectorAll('address, [itemprop="address"], [typeof="PostalAddress"], [itemtype*="PostalAddress"]')
    .filter((el) => !hiddenAncestor(el))
    // Some sites escape their <br> tags so they show up as text: treat them as line breaks.
    .map((el) => texts(el).visible.replace(/<br\s*\/?>/gi, "\n").split("\n").map(collapse).filter(Boolean).join(", "))
    .filter((s) => s.length >= 8);

  const times = root
    .querySelectorAll("time")
    .filter((t) => !hiddenAncestor(t))
    .map((t) => ({ datetime: t.getAttribute("datetime") ?? "", text: collapse(t.text) }));

  return { title, description, headings, text: visible, hiddenText: hidden, mainText, links, mailtos, forms, addresses, times };
}

function hiddenAncestor(el: HTMLElement): boolean {
  let cur: HTMLElement | null = el;
  while (cur) {
    if (cur.nodeType === NodeType.ELEMENT_NODE && (isHidden(cur) || SKIP.has(cur.tagName?.toLowerCase() ?? ""))) return true;
    cur = cur.parentNode;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Facts from text

const EMAIL = /[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/gi;

/** Addresses in text; obvious non-addresses (image names, placeholders) are dropped. */
export function findEmails(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(EMAIL)) {
    const e = normaliseEmail(m[0]);
    if (e) out.add(e);
  }
  return [...out];
}

export function normaliseEmail(raw: string): string | null {
  const e = raw.trim().replace(/^mailto:/i, "").replace(/[.,;:]+$/, "").toLowerCase();
  if (!/^[a-z0-9][a-z0-9._%+-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$/.test(e)) return null;
  if (/\.(png|jpe?g|gif|webp|svg|css|js)$/.test(e)) return null;
  if (/^(you|your|name|email|user|someone)@/.test(e) || /@(example\.(com|org|net)|domain\.com|email\.com)$/.test(e)) return null;
  return e;
}

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const DATE_PATTERNS: Array<{ re: RegExp; formats: string[] }> = [
  { re: /\b(\d{4}-\d{2}-\d{2})\b/, formats: ["yyyy-MM-dd"] },
  { re: new RegExp(`\\b(\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\.?,?\\s+\\d{4})\\b`, "i"), formats: ["d MMMM yyyy", "d MMM yyyy"] },
  { re: new RegExp(`\\b((?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})\\b`, "i"), formats: ["MMMM d yyyy", "MMM d yyyy"] },
];

/** A date written in text -> YYYY-MM-DD, or null. Numeric d/m/y forms are ambiguous and skipped. */
export function parseDate(text: string): string | null {
  for (const { re, formats } of DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const cleaned = m[1]!
      .replace(/(\d)(st|nd|rd|th)\b/i, "$1")
      .replace(/\bof\s+/i, "")
      .replace(/[.,]/g, " ")
      .replace(/\bsept\b/i, "sep")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase()
      .replace(/\b[a-z]/g, (c) => c.toUpperCase());
    for (const f of formats) {
      const d = DateTime.fromFormat(cleaned, f, { locale: "en", zone: "utc" });
      if (d.isValid) return d.toISODate();
    }
  }
  return null;
}

const MONEY = String.raw`(?:[€$£]\s?\d{1,5}(?:[.,]\d{2})?|\d{1,5}(?:[.,]\d{2})?\s?(?:€|\$|£|eur|euros?|usd|gbp|dollars|pounds)\b)`;
const FEE_AFTER = new RegExp(String.raw`\b(?:entry|application|submission|admin(?:istration)?|processing|reading|jury(?:ing)?|participation|handling)?\s*fees?\b[^.\n]{0,25}?(${MONEY})`, "i");
const FEE_BEFORE = new RegExp(String.raw`(${MONEY})\s*(?:\(?[a-z]+\)?\s+)?(?:entry|application|submission|admin(?:istration)?|processing|reading|participation)?\s*fee\b`, "i");
const NO_FEE = /\b(?:no (?:entry |application |submission |participation )?fees?|(?:entry|application|submission)(?: is)? free|free to (?:apply|enter|submit|participate)|free of charge|without (?:a |any )?fees?|fee[:\s]+(?:none|free|no)\b|zero fees?)\b/i;

/** An entry fee stated in text: { fee: "€25" } / { fee: null, free: true } / nothing stated. */
export function parseFee(text: string): { fee: string | null; free: boolean | null } {
  if (NO_FEE.test(text)) return { fee: null, free: true };
  const m = FEE_AFTER.exec(text) ?? FEE_BEFORE.exec(text);
  if (m) return { fee: m[1]!.replace(/\s+/g, " ").trim(), free: false };
  return { fee: null, free: null };
}

/** The deadline stated on a page: a <time> near "deadline" first, else a date after the word. */
export function parseDeadline(facts: Pick<PageFacts, "text" | "times">): { date: string | null; text: string | null } {
  const lines = facts.text.split("\n");
  for (const line of lines) {
    if (!/deadline|closes|closing date|apply by|submit by|due date|until/i.test(line)) continue;
    const time = facts.times.find((t) => t.text && line.includes(t.text));
    if (time) {
      const iso = /^\d{4}-\d{2}-\d{2}/.exec(time.datetime)?.[0] ?? parseDate(time.text);
      if (iso && DateTime.fromISO(iso).isValid) return { date: iso, text: collapse(line).slice(0, 200) };
    }
    const idx = line.search(/deadline|closes|closing date|apply by|submit by|due date|until/i);
    const date = parseDate(line.slice(idx));
    if (date) return { date, text: collapse(line).slice(0, 200) };
  }
  return { date: null, text: null };
}

export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const at = Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\n"));
  return `${(at > max * 0.6 ? cut.slice(0, at) : cut).trimEnd()}…`;
}
