import { hashString, seededRandom } from "./common.ts";

/**
 * The fake internet of art sites. Everything is derived from the domain name (and, for search
 * results, from the keyword), so DataForSEO, Hunter and the web host agree with each other and
 * across restarts without sharing any state.
 */

const ADJECTIVES = [
  "quiet", "bold", "amber", "silver", "northern", "hidden", "open", "slow", "bright", "wild",
  "gentle", "electric", "salt", "velvet", "paper", "copper", "lunar", "urban", "little", "deep",
  "golden", "restless", "tender", "coastal", "marble", "indigo", "rough", "soft", "clear", "late",
];
const NOUNS = [
  "glaze", "canvas", "kiln", "easel", "pigment", "linen", "charcoal", "etching", "fresco", "mosaic",
  "palette", "brush", "clay", "lens", "loom", "ink", "gesso", "woodcut", "vessel", "frame",
  "sketch", "stone", "thread", "lantern", "mural", "print", "plaster", "shadow", "window", "field",
];
type SiteKind = "blog" | "magazine" | "gallery" | "collective" | "open_call" | "studio";
const ART_WORDS: Array<[string, SiteKind]> = [
  ["review", "blog"], ["journal", "magazine"], ["gallery", "gallery"], ["salon", "gallery"],
  ["press", "magazine"], ["quarterly", "magazine"], ["collective", "collective"], ["residency", "open_call"],
  ["prize", "open_call"], ["atelier", "studio"], ["zine", "magazine"], ["notes", "blog"],
];
const FIRST_NAMES = [
  "Maya", "Jonas", "Ines", "Theo", "Clara", "Omar", "Lena", "Felix", "Aiko", "Ruth",
  "Mateo", "Sofia", "Elias", "Hana", "Nora", "Idris", "Greta", "Pablo", "Yara", "Luca",
];
const LAST_NAMES = [
  "Lindqvist", "Okafor", "Moreau", "Castillo", "Brennan", "Haddad", "Nakamura", "Kowalski", "Ferreira", "Adler",
  "Quinn", "Varga", "Mendes", "Holt", "Sato", "Rahman", "Becker", "Duarte", "Ilves", "Marsh",
];
const MEDIA = [
  "ceramics", "printmaking", "painting", "photography", "textile art", "sculpture", "drawing", "illustration",
  "installation", "mixed media", "watercolour", "collage",
];
const CITIES: Array<[string, string, string]> = [
  ["Harbour Street 12", "2100", "Copenhagen"], ["Rue des Arts 4", "75011", "Paris"], ["Calle del Prado 31", "28014", "Madrid"],
  ["Kastanienallee 7", "10435", "Berlin"], ["Via dei Pittori 18", "00153", "Rome"], ["Mill Lane 3", "BS1 4QA", "Bristol"],
  ["Keizersgracht 209", "1016 DV", "Amsterdam"], ["Canal Road 88", "D02 X285", "Dublin"],
];
const POSITIONS: Record<SiteKind, string[]> = {
  blog: ["Editor", "Founder and Editor"],
  magazine: ["Editor-in-Chief", "Features Editor", "Managing Editor"],
  gallery: ["Gallery Director", "Curator", "Assistant Curator"],
  collective: ["Programme Coordinator", "Co-founder"],
  open_call: ["Open Call Coordinator", "Programme Director"],
  studio: ["Studio Manager", "Founder"],
};

export const FAKE_TLD = ".example";

export interface SiteContact {
  firstName: string;
  lastName: string;
  position: string;
  email: string;
}

export interface SiteModel {
  domain: string;
  name: string;
  kind: SiteKind;
  medium: string;
  title: string;
  description: string;
  editor: SiteContact;
  /** Extra people Hunter may know about (may be empty). */
  staff: SiteContact[];
  genericEmail: string;
  /** What Hunter knows: no emails at all for some domains. */
  hunterHasEmails: boolean;
  acceptAll: boolean;
  emailPattern: string;
  postalAddress: string;
  city: string;
  hasSubmissionForm: boolean;
  openCall: { deadline: string; fee: string | null; title: string } | null;
  /** Page text carries a hidden prompt-injection attempt (for compose safety tests). */
  hasPromptInjection: boolean;
  rankHundred: number;
  founded: number;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function titleCase(s: string): string {
  return s.replace(/\b\w/g, (c) => c.toUpperCase());
}

export function slugify(s: string): string {
  return s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "page";
}

/** Is this one of the fake art domains (adjective-noun-artword.example)? */
export function isFakeArtDomain(domain: string): boolean {
  const m = /^([a-z]+)-([a-z]+)-([a-z]+)\.example$/.exec(domain.toLowerCase());
  return !!m && ADJECTIVES.includes(m[1]!) && NOUNS.includes(m[2]!) && ART_WORDS.some(([w]) => w === m[3]);
}

export function siteModel(domainInput: string): SiteModel {
  const domain = domainInput.toLowerCase().replace(/^www\./, "");
  const h = hashString(`site:${domain}`);
  const r = seededRandom(`site:${domain}`);
  const label = domain.replace(/\.example$/, "").replace(/\.[a-z.]+$/, "");
  const parts = label.split("-");
  const art = parts[parts.length - 1] ?? "review";
  const kind = (ART_WORDS.find(([w]) => w === art)?.[1] ?? pick(ART_WORDS, h)[1]) as SiteKind;
  const name = titleCase(parts.join(" "));
  const medium = pick(MEDIA, hashString(`medium:${parts[1] ?? label}`));
  const firstName = pick(FIRST_NAMES, Math.floor(r() * 1000));
  const lastName = pick(LAST_NAMES, Math.floor(r() * 1000));
  const patterns = ["{first}", "{first}.{last}", "{f}{last}", "{first}{last}"];
  const emailPattern = pick(patterns, Math.floor(r() * 100));
  const local = (f: string, l: string) =>
    emailPattern
      .replace("{first}", f.toLowerCase())
      .replace("{last}", l.toLowerCase())
      .replace("{f}", f[0]!.toLowerCase());
  const position = pick(POSITIONS[kind], Math.floor(r() * 10));
  const editor: SiteContact = { firstName, lastName, position, email: `${local(firstName, lastName)}@${domain}` };
  const staffCount = Math.floor(r() * 3);
  const staff: SiteContact[] = [];
  for (let i = 0; i < staffCount; i++) {
    const f = pick(FIRST_NAMES, Math.floor(r() * 1000) + i + 1);
    const l = pick(LAST_NAMES, Math.floor(r() * 1000) + i + 3);
    if (f === firstName) continue;
    staff.push({ firstName: f, lastName: l, position: pick(["Writer", "Contributor", "Assistant Editor", "Designer"], i + h), email: `${local(f, l)}@${domain}` });
  }
  const generic = kind === "open_call" || kind === "magazine" ? "submissions" : pick(["info", "hello", "contact", "studio"], h >>> 3);
  const [street, zip, city] = pick(CITIES, h >>> 5);
  const isOpenCall = kind === "open_call" || (h >>> 7) % 4 === 0;
  const month = ((h >>> 9) % 12) + 1;
  const day = ((h >>> 13) % 27) + 1;
  const feeRoll = (h >>> 15) % 3;
  const openCall = isOpenCall
    ? {
        title: `${titleCase(medium)} Open Call ${2026 + (month < 6 ? 1 : 0)}`,
        deadline: `${2026 + (month < 6 ? 1 : 0)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
        fee: feeRoll === 0 ? null : feeRoll === 1 ? "€25" : "$15",
      }
    : null;
  return {
    domain,
    name,
    kind,
    medium,
    title: `${name} | ${titleCase(medium)} and contemporary art`,
    description: `${name} is an independent ${kind.replace("_", " ")} about ${medium} and contemporary art, featuring emerging artists since ${2005 + (h % 18)}.`,
    editor,
    staff,
    genericEmail: `${generic}@${domain}`,
    hunterHasEmails: h % 7 !== 0,
    acceptAll: (h >>> 4) % 5 === 0,
    emailPattern,
    postalAddress: `${name}, ${street}, ${zip} ${city}`,
    city,
    hasSubmissionForm: kind === "open_call" || kind === "magazine" || (h >>> 11) % 3 === 0,
    openCall,
    hasPromptInjection: (h >>> 17) % 8 === 3,
    rankHundred: 5 + (h % 88),
    founded: 2005 + (h % 18),
  };
}

export interface SerpSite {
  domain: string;
  url: string;
  path: string;
  title: string;
  description: string;
  breadcrumb: string;
  websiteName: string;
  extendedSnippet: string;
}

/**
 * `site:<domain> "<name>"` (the placement watch's search): the page a feature about that name has
 * on the fake web host when it is published (/features/<slug>), whether it is or not, like an
 * index that lags behind the site.
 */
export function siteQueryResults(keyword: string): SerpSite[] | null {
  const m = /^site:(\S+)\s+"([^"]+)"$/i.exec(keyword.trim());
  if (!m) return null;
  const domain = m[1]!.toLowerCase();
  const name = m[2]!;
  const path = `/features/${slugify(name)}`;
  const title = `Studio visit: ${name}`;
  return [{ domain, url: `https://${domain}${path}`, path, title, description: `${title}.`, breadcrumb: `https://${domain} › features`, websiteName: domain, extendedSnippet: "" }];
}

/** The organic results for a keyword: 20-100 art sites, always the same for the same keyword and seed. */
export function serpSitesForKeyword(keyword: string, seed = "outreach"): SerpSite[] {
  const siteQuery = siteQueryResults(keyword);
  if (siteQuery) return siteQuery;
  const kw = keyword.trim().toLowerCase();
  const r = seededRandom(`serp:${seed}:${kw}`);
  const count = 20 + (hashString(`serp-count:${seed}:${kw}`) % 81);
  const seen = new Set<string>();
  const out: SerpSite[] = [];
  const kwTitle = titleCase(kw);
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    const domain = `${pick(ADJECTIVES, Math.floor(r() * 1e6))}-${pick(NOUNS, Math.floor(r() * 1e6))}-${pick(ART_WORDS, Math.floor(r() * 1e6))[0]}${FAKE_TLD}`;
    if (seen.has(domain)) continue;
    seen.add(domain);
    const site = siteModel(domain);
    const variant = Math.floor(r() * 4);
    let path: string;
    let title: string;
    if (site.openCall && variant < 2) {
      path = "/open-call";
      title = `${site.openCall.title}: ${kw} artists invited | ${site.name}`;
    } else if (variant === 0) {
      path = "/";
      title = `${site.name} – ${kwTitle} and ${site.medium}`;
    } else {
      path = `/articles/${slugify(kw)}-${out.length + 1}`;
      title = variant === 1 ? `${out.length + 3} ${kw} artists to watch | ${site.name}` : `Review: new ${kw} in ${site.medium} – ${site.name}`;
    }
    const description = `${site.name} features ${kw} and ${site.medium} by emerging artists. ${
      site.openCall ? `Open call deadline ${site.openCall.deadline}.` : "Read interviews, reviews and studio visits."
    }`;
    out.push({
      domain,
      path,
      url: `https://${domain}${path}`,
      title,
      description,
      breadcrumb: `https://${domain}${path === "/" ? "" : ` › ${path.split("/").filter(Boolean).join(" › ")}`}`,
      websiteName: site.name,
      extendedSnippet: site.openCall ? `Deadline: ${site.openCall.deadline}${site.openCall.fee ? ` · Fee: ${site.openCall.fee}` : ""}` : `${site.city} · ${site.medium}`,
    });
  }
  return out;
}
