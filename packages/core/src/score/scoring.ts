/**
 * Explainable prospect scoring. Four signals give whole points that add up to the score (0-100):
 *   domain rank (30) + topical fit (30) + contact quality (25) + freshness (15).
 * Every signal says in words why it gave what it gave, so the prospect page can show the sum.
 * Pure: the same prospect, campaign and day always give the same score.
 */

export type ScoreSignal = "domainRank" | "topicalFit" | "contactQuality" | "freshness";

export interface ScoreItem {
  signal: ScoreSignal;
  label: string;
  points: number;
  max: number;
  detail: string;
}

export interface ScoreResult {
  score: number;
  breakdown: ScoreItem[];
}

export type Verification = "valid" | "invalid" | "accept_all" | "webmail" | "disposable" | "unknown" | "unverified";

export interface ScoringContact {
  email: string;
  confidence: number | null;
  verification: Verification;
}

export interface ScoringProspect {
  domain: string;
  pageTitle: string | null;
  pageDescription: string | null;
  contactEmail: string | null;
  contactMethod: string | null;
  daEst: number | null;
  crawlData: unknown;
  createdAt: Date;
  contacts: ScoringContact[];
}

export interface ScoringCampaign {
  keywords: string[];
  statement: string;
}

export const SIGNAL_MAX: Record<ScoreSignal, number> = { domainRank: 30, topicalFit: 30, contactQuality: 25, freshness: 15 };

const DAY_MS = 24 * 3600 * 1000;

// ---------- text helpers ----------

const STOP_WORDS = new Set(
  ("about above after again against among because been before being below between both could does doing during each " +
    "from further have having here into itself just more most other ought over same should some such than that their " +
    "theirs them themselves then there these they this those through under until very what when where which while who " +
    "whom with within without would your yours also work works working make makes made using used every many much " +
    "artist artists practice explores explore exploring through world were will only like mine ours")
    .split(" "),
);

/** Lowercase word stems: "Glazes," -> "glaze", "ceramics" -> "ceramic". */
function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("es") && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  return w;
}

function words(text: string | null | undefined): string[] {
  return (text ?? "").normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function stems(text: string | null | undefined): Set<string> {
  return new Set(words(text).map(stem));
}

/** A keyword (one or more words) matches when every word of it appears in the text. */
function matches(keyword: string, textStems: Set<string>): boolean {
  const kw = words(keyword).map(stem);
  return kw.length > 0 && kw.every((w) => textStems.has(w));
}

const quote = (items: string[]) => items.map((s) => `'${s}'`).join(", ");

/** Distinctive words of the artist statement (not keywords, not stop words), in order. */
export function statementTerms(statement: string, keywords: string[], limit = 12): string[] {
  const keywordStems = new Set(keywords.flatMap((k) => words(k).map(stem)));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of words(statement)) {
    const s = stem(w);
    if (w.length < 4 || STOP_WORDS.has(w) || STOP_WORDS.has(s) || keywordStems.has(s) || seen.has(s)) continue;
    seen.add(s);
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
}

// ---------- signals ----------

export function scoreDomainRank(p: Pick<ScoringProspect, "daEst">): ScoreItem {
  const max = SIGNAL_MAX.domainRank;
  const base = { signal: "domainRank" as const, label: "Domain rank", max };
  if (p.daEst == null) return { ...base, points: 0, detail: "No domain rank estimate yet" };
  const da = Math.max(0, Math.min(100, p.daEst));
  const points = Math.round((da / 100) * max);
  const band = da >= 60 ? "a strong site" : da >= 30 ? "an established site" : "a small site";
  return { ...base, points, detail: `Domain rank estimate ${da}/100: ${band}` };
}

export function scoreTopicalFit(p: Pick<ScoringProspect, "pageTitle" | "pageDescription">, c: ScoringCampaign): ScoreItem {
  const max = SIGNAL_MAX.topicalFit;
  const base = { signal: "topicalFit" as const, label: "Topical fit", max };
  const keywords = [...new Set(c.keywords.map((k) => k.trim()).filter(Boolean))];
  if (!p.pageTitle && !p.pageDescription) return { ...base, points: 0, detail: "No page title or description to compare with the keywords" };
  const title = stems(p.pageTitle);
  const description = stems(p.pageDescription);
  const inTitle = keywords.filter((k) => matches(k, title));
  const inDescription = keywords.filter((k) => !matches(k, title) && matches(k, description));
  // Three keywords in the title are a full match; a description mention counts for 60%.
  const keywordMax = 24;
  const target = Math.min(3, keywords.length) || 1;
  const keywordPoints = Math.min(keywordMax, Math.round(((inTitle.length + 0.6 * inDescription.length) / target) * keywordMax));
  const terms = statementTerms(c.statement, keywords);
  const pageText = new Set([...title, ...description]);
  const statementHits = terms.filter((t) => pageText.has(t));
  const statementPoints = Math.min(2, statementHits.length) * 3;
  const parts: string[] = [];
  if (keywords.length === 0) parts.push("The campaign has no keywords");
  else {
    parts.push(`${inTitle.length} of ${keywords.length} keywords in title${inTitle.length ? `: ${quote(inTitle)}` : ""}`);
    if (inDescription.length) parts.push(`${inDescription.length} more in description: ${quote(inDescription)}`);
  }
  parts.push(statementHits.length ? `artist statement words on the page: ${quote(statementHits)}` : "no artist statement words on the page");
  return { ...base, points: keywordPoints + statementPoints, detail: parts.join("; ") };
}

const GENERIC_LOCAL_PARTS = new Set(
  ("info contact contacts hello hi admin office mail email team support help press media enquiries enquiry inquiries " +
    "inquiry sales marketing webmaster noreply no-reply general studio gallery editor editors submissions submit").split(" "),
);

export function isGenericEmail(email: string): boolean {
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  return GENERIC_LOCAL_PARTS.has(local) || GENERIC_LOCAL_PARTS.has(local.replace(/[._-]?\d+$/, ""));
}

const VERIFICATION_POINTS: Record<Verification, number> = {
  valid: 10,
  accept_all: 5,
  webmail: 5,
  unknown: 2,
  unverified: 2,
  invalid: 0,
  disposable: 0,
};
const VERIFICATION_WORDS: Record<Verification, string> = {
  valid: "verified deliverable",
  accept_all: "accept-all server (cannot be verified)",
  webmail: "webmail address",
  unknown: "verification inconclusive",
  unverified: "not verified yet",
  invalid: "verification says undeliverable",
  disposable: "disposable address",
};

export function scoreContactQuality(p: Pick<ScoringProspect, "contactEmail" | "contactMethod" | "contacts">): ScoreItem {
  const max = SIGNAL_MAX.contactQuality;
  const base = { signal: "contactQuality" as const, label: "Contact quality", max };
  const email = p.contactEmail?.trim().toLowerCase() || null;
  if (!email) {
    if (p.contactMethod) return { ...base, points: 3, detail: `No email address; contact through: ${p.contactMethod}` };
    return { ...base, points: 0, detail: "No email address or contact method found" };
  }
  const generic = isGenericEmail(email);
  const addressPoints = generic ? 6 : 10;
  const parts = [`${email} is ${generic ? "a generic mailbox" : "a personal address"}`];
  const contact =
    p.contacts.find((c) => c.email.toLowerCase() === email) ??
    [...p.contacts].sort((a, b) => (b.confidence ?? -1) - (a.confidence ?? -1) || a.email.localeCompare(b.email))[0];
  let verificationPoints = 0;
  let confidencePoints = 0;
  if (contact) {
    verificationPoints = VERIFICATION_POINTS[contact.verification];
    const same = contact.email.toLowerCase() === email;
    parts.push(`${same ? "" : `best contact ${contact.email}: `}${VERIFICATION_WORDS[contact.verification]}`);
    if (contact.confidence != null) {
      const confidence = Math.max(0, Math.min(100, contact.confidence));
      confidencePoints = Math.round((confidence / 100) * 5);
      parts.push(`confidence ${confidence}%`);
    }
  } else {
    parts.push("no verification data");
  }
  return { ...base, points: addressPoints + verificationPoints + confidencePoints, detail: parts.join("; ") };
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseDate(v: unknown): Date | undefined {
  if (typeof v !== "string" && typeof v !== "number") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Reads what enrichment stored: crawledAt/fetchedAt, and openCall ({ deadline } or true) or deadline. */
export function readCrawlFacts(crawlData: unknown): { crawledAt?: Date; openCall: boolean; deadline?: Date } {
  const data = asRecord(crawlData);
  if (!data) return { openCall: false };
  const crawledAt = parseDate(data.crawledAt ?? data.fetchedAt ?? data.crawled_at);
  const openCallRaw = data.openCall ?? data.open_call;
  const openCall = asRecord(openCallRaw);
  const deadline = parseDate(openCall?.deadline ?? data.deadline ?? data.openCallDeadline);
  return { crawledAt, openCall: Boolean(openCallRaw) || deadline !== undefined, deadline };
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function scoreFreshness(p: Pick<ScoringProspect, "createdAt" | "crawlData">, now: Date): ScoreItem {
  const max = SIGNAL_MAX.freshness;
  const base = { signal: "freshness" as const, label: "Freshness", max };
  const ageDays = (d: Date) => Math.floor((now.getTime() - d.getTime()) / DAY_MS);
  const parts: string[] = [];
  const found = ageDays(p.createdAt);
  const foundPoints = found <= 30 ? 5 : found <= 90 ? 3 : 1;
  parts.push(`found ${found <= 0 ? "today" : `${found} day${found === 1 ? "" : "s"} ago`}`);
  const facts = readCrawlFacts(p.crawlData);
  let crawlPoints = 0;
  if (facts.crawledAt) {
    const age = ageDays(facts.crawledAt);
    crawlPoints = age <= 30 ? 5 : age <= 90 ? 3 : 1;
    parts.push(`page read ${age <= 0 ? "today" : `${age} day${age === 1 ? "" : "s"} ago`}`);
  } else parts.push("page not read yet");
  let openCallPoints = 0;
  if (facts.deadline) {
    const daysLeft = Math.ceil((facts.deadline.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < 0) parts.push(`open call closed on ${ymd(facts.deadline)}`);
    else {
      openCallPoints = daysLeft <= 60 ? 5 : 4;
      parts.push(`open call until ${ymd(facts.deadline)} (${daysLeft} day${daysLeft === 1 ? "" : "s"} left)`);
    }
  } else if (facts.openCall) {
    openCallPoints = 3;
    parts.push("open call without a stated deadline");
  }
  return { ...base, points: foundPoints + crawlPoints + openCallPoints, detail: parts.join("; ") };
}

export function scoreProspect(p: ScoringProspect, c: ScoringCampaign, now: Date = new Date()): ScoreResult {
  const breakdown = [scoreDomainRank(p), scoreTopicalFit(p, c), scoreContactQuality(p), scoreFreshness(p, now)].map((item) => ({
    ...item,
    points: Math.max(0, Math.min(item.max, item.points)),
  }));
  return { score: breakdown.reduce((sum, i) => sum + i.points, 0), breakdown };
}

/** Stages scoring may move a prospect out of; later stages only get their score refreshed. */
export const SCORABLE_STAGES = ["discovered", "enriched", "scored"] as const;

export const skipReasonFor = (score: number, minScore: number) => `score ${score} below minimum ${minScore}`;
export const isScoreSkipReason = (reason: string | null | undefined) => !!reason && /^score \d+ below minimum \d+$/.test(reason);
