import { InvalidDomainError, normalizeDomain } from "@outreach/contracts";
import type { DbClient, Suppression, SuppressionReason } from "@outreach/db";
import { ValidationError } from "../errors.ts";

/**
 * The suppression list: addresses and domains a user must never write to again.
 *
 * Values are stored normalised (lower case, punycode, no "www."), one of:
 * - an email address: `ann@gallery.org` matches exactly that address;
 * - a domain: `gallery.org` matches every address at gallery.org (and the site gallery.org /
 *   www.gallery.org), but not at sub.gallery.org;
 * - a wildcard: `*.gallery.org` matches gallery.org itself and every subdomain at any depth
 *   (sub.gallery.org, a.b.gallery.org). Writing to "the whole organisation" is what people mean
 *   by it, so the bare domain is included.
 * Matching is case-insensitive because both sides are lower-cased.
 */

export type SuppressionKind = "email" | "domain" | "wildcard";

export interface NormalizedSuppression {
  kind: SuppressionKind;
  value: string;
}

const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

/** Lower-cases an address and punycodes its domain; null when it is not an address. */
export function normalizeEmail(input: string): string | null {
  const raw = input.trim();
  if (/[\r\n]/.test(raw) || !EMAIL.test(raw)) return null;
  const at = raw.lastIndexOf("@");
  try {
    const domain = normalizeDomain(raw.slice(at + 1));
    return `${raw.slice(0, at).toLowerCase()}@${domain}`;
  } catch {
    return null;
  }
}

/** The domain part of an address, normalised; null when it has none. */
export function emailDomain(email: string): string | null {
  const n = normalizeEmail(email);
  return n ? n.slice(n.lastIndexOf("@") + 1) : null;
}

/** Validates and normalises a value a user typed; ValidationError (field "value") otherwise. */
export function normalizeSuppressionValue(input: string): NormalizedSuppression {
  if (/[\r\n]/.test(input)) throw ValidationError.field("value", "must not contain line breaks (CR or LF)");
  const raw = input.trim();
  if (!raw) throw ValidationError.field("value", "is required");
  if (raw.length > 320) throw ValidationError.field("value", "is too long");
  if (raw.includes("@")) {
    const email = normalizeEmail(raw.replace(/^mailto:/i, ""));
    if (!email) throw ValidationError.field("value", "must be an email address, a domain or *.domain");
    return { kind: "email", value: email };
  }
  const wildcard = raw.startsWith("*.");
  if (raw.includes("*") && !(wildcard && !raw.slice(2).includes("*"))) {
    throw ValidationError.field("value", "a wildcard must look like *.example.org");
  }
  try {
    const domain = normalizeDomain(wildcard ? raw.slice(2) : raw);
    return wildcard ? { kind: "wildcard", value: `*.${domain}` } : { kind: "domain", value: domain };
  } catch (err) {
    if (err instanceof InvalidDomainError) throw ValidationError.field("value", err.message);
    throw err;
  }
}

/**
 * Every stored value that would suppress this address or site: the address, its exact domain,
 * and `*.d` for the domain and each parent domain with at least two labels.
 */
export function suppressionCandidates(target: { email?: string | null; domain?: string | null }): string[] {
  const out = new Set<string>();
  const domains: string[] = [];
  if (target.email) {
    const email = normalizeEmail(target.email);
    if (email) {
      out.add(email);
      domains.push(email.slice(email.lastIndexOf("@") + 1));
    }
  }
  if (target.domain) {
    try {
      domains.push(normalizeDomain(target.domain));
    } catch {
      // Not a domain we could ever match; nothing to add.
    }
  }
  for (const d of domains) {
    out.add(d);
    const labels = d.split(".");
    for (let i = 0; i <= labels.length - 2; i++) out.add(`*.${labels.slice(i).join(".")}`);
  }
  return [...out];
}

export interface SuppressionMatch {
  /** The stored entry that matched. */
  value: string;
  kind: SuppressionKind;
  reason: SuppressionReason;
  /** Which side matched: the recipient's address, or a domain (of the address or the site). */
  matched: "email" | "domain";
}

function kindOf(value: string): SuppressionKind {
  return value.includes("@") ? "email" : value.startsWith("*.") ? "wildcard" : "domain";
}

/** Builds a matcher over a set of stored suppressions (one query for many targets). */
export function suppressionMatcher(rows: Pick<Suppression, "value" | "reason">[]) {
  const byValue = new Map(rows.map((r) => [r.value, r]));
  return (target: { email?: string | null; domain?: string | null }): SuppressionMatch | null => {
    // Most specific first: the address, then exact domains, then wildcards.
    const candidates = suppressionCandidates(target).sort((a, b) => rank(a) - rank(b));
    for (const c of candidates) {
      const row = byValue.get(c);
      if (row) return { value: row.value, kind: kindOf(row.value), reason: row.reason, matched: row.value.includes("@") ? "email" : "domain" };
    }
    return null;
  };
}

const rank = (v: string) => (v.includes("@") ? 0 : v.startsWith("*.") ? 2 : 1);

/** The entry that suppresses this address (and, optionally, this prospect's site), or null. */
export async function findSuppression(
  db: DbClient,
  userId: string,
  target: { email?: string | null; domain?: string | null },
): Promise<SuppressionMatch | null> {
  const candidates = suppressionCandidates(target);
  if (candidates.length === 0) return null;
  const rows = await db.suppression.findMany({ where: { userId, value: { in: candidates } }, select: { value: true, reason: true } });
  return suppressionMatcher(rows)(target);
}

/** Loads the suppressions that could match any of these targets, as one matcher. */
export async function loadSuppressionMatcher(
  db: DbClient,
  userId: string,
  targets: { email?: string | null; domain?: string | null }[],
): Promise<ReturnType<typeof suppressionMatcher>> {
  const all = [...new Set(targets.flatMap(suppressionCandidates))];
  const rows = all.length ? await db.suppression.findMany({ where: { userId, value: { in: all } }, select: { value: true, reason: true } }) : [];
  return suppressionMatcher(rows);
}

/** True when the address (or its domain, or a wildcard over it) is on the user's list. */
export async function isSuppressed(db: DbClient, userId: string, email: string): Promise<boolean> {
  return (await findSuppression(db, userId, { email })) !== null;
}

/**
 * Adds a value to the user's list. Idempotent: adding it again returns the existing entry
 * unchanged (its first reason and time are kept, which is what an audit wants).
 */
export async function addSuppression(
  db: DbClient,
  userId: string,
  value: string,
  reason: SuppressionReason,
  note?: string | null,
): Promise<Suppression & { created: boolean }> {
  const normalized = normalizeSuppressionValue(value);
  // ON CONFLICT DO NOTHING: safe when two callers add the same value at once, and inside a
  // transaction (a caught unique violation would abort it).
  const { count } = await db.suppression.createMany({
    data: [{ userId, value: normalized.value, reason, note: note?.slice(0, 1000) ?? null }],
    skipDuplicates: true,
  });
  const row = await db.suppression.findUniqueOrThrow({ where: { userId_value: { userId, value: normalized.value } } });
  return { ...row, created: count === 1 };
}
