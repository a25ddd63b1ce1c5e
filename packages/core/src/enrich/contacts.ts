import type { Contact, VerificationStatus } from "@outreach/db";
import type { DomainSearchResult, HunterEmail } from "@outreach/providers";
import { isGenericEmail } from "../score/index.ts";

/** A found address, from Hunter's domain search or from the crawled pages. */
export interface ContactCandidate {
  email: string;
  name: string | null;
  position: string | null;
  type: "personal" | "generic";
  confidence: number | null;
  verification: VerificationStatus;
  /** Why the verification is unknown when the verifier could not answer this time. */
  verificationNote?: string;
  source: "hunter" | "crawl";
}

const VERIFICATIONS = new Set<VerificationStatus>(["valid", "invalid", "accept_all", "webmail", "disposable", "unknown", "unverified"]);

/** Hunter's verification.status; an accept-all domain makes every address accept_all; none -> unverified. */
export function verificationOf(e: Pick<HunterEmail, "verification">, acceptAllDomain: boolean | null): VerificationStatus {
  const status = e.verification?.status ?? null;
  if (status === "invalid" || status === "disposable") return status;
  if (acceptAllDomain) return "accept_all";
  if (status && VERIFICATIONS.has(status as VerificationStatus)) return status as VerificationStatus;
  return "unverified";
}

export function candidatesFromHunter(result: DomainSearchResult): ContactCandidate[] {
  return result.emails.map((e) => {
    const name = [e.firstName, e.lastName].filter(Boolean).join(" ") || null;
    return {
      email: e.value.trim().toLowerCase(),
      name,
      position: e.position,
      type: e.type ?? (isGenericEmail(e.value) ? "generic" : "personal"),
      confidence: e.confidence,
      verification: verificationOf(e, result.acceptAll),
      source: "hunter",
    };
  });
}

/** An address Hunter gave at an earlier enrichment, as stored, to choose from again. */
export function candidateFromStored(
  c: Pick<Contact, "email" | "name" | "position" | "type" | "confidence" | "verification" | "verificationNote">,
): ContactCandidate {
  const type = c.type === "personal" || c.type === "generic" ? c.type : isGenericEmail(c.email) ? "generic" : "personal";
  const { email, name, position, confidence, verification } = c;
  return { email, name, position, type, confidence, verification, ...(c.verificationNote ? { verificationNote: c.verificationNote } : {}), source: "hunter" };
}

/** Addresses on the crawled pages at the prospect's own domain (or a subdomain of it). */
export function candidatesFromCrawl(emails: Array<{ email: string }>, domain: string, known: Set<string>): ContactCandidate[] {
  const out: ContactCandidate[] = [];
  for (const { email } of emails) {
    const e = email.trim().toLowerCase();
    const at = e.slice(e.lastIndexOf("@") + 1);
    if (known.has(e) || !(at === domain || at.endsWith(`.${domain}`))) continue;
    known.add(e);
    out.push({ email: e, name: null, position: null, type: isGenericEmail(e) ? "generic" : "personal", confidence: null, verification: "unverified", source: "crawl" });
  }
  return out;
}

const VERIFICATION_RANK: Record<VerificationStatus, number> = {
  valid: 30,
  accept_all: 20,
  webmail: 15,
  unknown: 10,
  unverified: 10,
  invalid: -1000,
  disposable: -1000,
};

/** People who decide what a site features. */
const DECIDER = /\b(editor|curator|submissions?|features?|director|programm?e|open call|founder)\b/i;
const DECIDER_LOCAL = /^(editor|editors|submissions?|submit|features?|curator|opencall|open-call)$/i;

/**
 * Higher is better: a personal address over a generic one, then verification (valid > accept_all
 * > unknown), then Hunter's confidence; deciders (editor, curator, submissions, features,
 * director) get a bonus. Undeliverable addresses rank far below everything.
 */
export function contactRank(c: ContactCandidate): number {
  let r = c.type === "personal" ? 100 : 0;
  r += VERIFICATION_RANK[c.verification];
  r += Math.round(((c.confidence ?? 50) / 100) * 20);
  if ((c.position && DECIDER.test(c.position)) || DECIDER_LOCAL.test(c.email.split("@")[0] ?? "")) r += 25;
  return r;
}

/** Candidates best first (ties broken by address, so the choice is stable). */
export function rankContacts(candidates: ContactCandidate[]): ContactCandidate[] {
  return [...candidates].sort((a, b) => contactRank(b) - contactRank(a) || a.email.localeCompare(b.email));
}

export const isUsable = (c: ContactCandidate) => c.verification !== "invalid" && c.verification !== "disposable";

/** Contact.source of an address a person typed or imported: enrichment never replaces it. */
export const PERSON_CONTACT_SOURCE = "person";

/** The Contact fields of an address a person gave with a prospect (added by hand or imported). */
export function personContact(email: string) {
  return { email, source: PERSON_CONTACT_SOURCE, type: isGenericEmail(email) ? "generic" : "personal" };
}
