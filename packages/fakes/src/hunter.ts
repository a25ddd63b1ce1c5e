import { hashString, sendJson, startFakeCore, type BaseControl, type FakeServer, type RequestContext } from "./common.ts";
import { siteModel, type SiteContact } from "./sites.ts";

/** Fake Hunter v2: domain-search, email-finder, email-verifier, account; errors as {errors:[{id, code, details}]}. */

export interface HunterControl extends BaseControl {
  /** Make every lookup answer 429 (plan usage reached) until cleared. */
  setUsageExhausted(exhausted: boolean): void;
  /** Mark an address as "asked not to be processed": any lookup that would return it answers 451. */
  blockAddress(email: string): void;
  /**
   * How long an address stays "still verifying" (202), counted from its first request (default:
   * verificationMs). Asking again sooner does not finish it sooner, as at Hunter.
   */
  setVerificationDelay(email: string, pendingMs: number): void;
  /** Make email-verifier fail for this one address (222 "try again later" by default); other addresses are unaffected. */
  failVerification(email: string, fault?: TargetFault): void;
  /** Make domain-search fail for this one domain (500 by default); other domains are unaffected. */
  failDomainSearch(domain: string, fault?: TargetFault): void;
  /** Ends every failVerification / failDomainSearch. */
  clearTargetFaults(): void;
  /** How many email-verifier requests asked about this address (202s and failures included). */
  verifierCalls(email: string): number;
  usage(): { searches: number; verifications: number };
}

/** A fault for one address or domain: an HTTP status in Hunter's error format, or no answer at all. */
export interface TargetFault {
  status?: number;
  /** Never answer: hold the connection until the client gives up. */
  timeout?: boolean;
  /** Fail only the next N requests for this target (default: until cleared). */
  count?: number;
}

export interface FakeHunterOptions {
  port?: number;
  apiKey?: string;
  searchesAvailable?: number;
  verificationsAvailable?: number;
}

const WEBMAIL = new Set(["gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "proton.me", "gmx.de"]);
const DISPOSABLE = new Set(["mailinator.com", "10minutemail.com", "guerrillamail.com", "tempmail.dev", "yopmail.com"]);

function err(ctx: RequestContext, code: number, id: string, details: string) {
  sendJson(ctx.res, code, { errors: [{ id, code, details }] });
}

/** Hunter's answer for a failure with this status. Hunter documents 222 for the verifier: the mail server answered unexpectedly, retry later. */
function faultAnswer(ctx: RequestContext, status: number) {
  if (status === 222) return err(ctx, 222, "verification_failed", "The email verification failed because of an unexpected response from the remote SMTP server. This failure is outside of our control. We advise you to retry later.");
  if (status === 403) return err(ctx, 403, "too_many_requests", "You have reached the rate limit. Slow down your requests.");
  if (status === 429) return err(ctx, 429, "too_many_requests", "You have reached your usage limit. Upgrade your plan if necessary.");
  if (status === 451) return err(ctx, 451, "claimed_email", "This person asked not to be processed. Do not contact them.");
  if (status === 401) return err(ctx, 401, "authentication_failed", "No user found for the API key supplied");
  return err(ctx, status, "server_error", "Something went wrong on Hunter's end.");
}

/**
 * How long Hunter takes to verify an address, deterministic per address: a third answer at once,
 * the others are still verifying (202) for 0.3-2.3 s after the first request.
 */
function verificationMs(email: string): number {
  return hashString(`pending:${email}`) % 3 === 0 ? 0 : 300 + (hashString(`pending-ms:${email}`) % 2000);
}

function isoDay(offsetDays: number): string {
  const d = new Date(Date.UTC(2026, 0, 15) - offsetDays * 86400000);
  return d.toISOString().slice(0, 10);
}

function targetFault(b: Record<string, unknown>): TargetFault {
  return {
    ...(b.status != null ? { status: Number(b.status) } : {}),
    ...(b.timeout ? { timeout: true } : {}),
    ...(b.count != null ? { count: Number(b.count) } : {}),
  };
}

function setTargetFault(faults: Map<string, TargetFault>, target: string, fault: TargetFault) {
  const key = target.trim().toLowerCase();
  if (fault.count !== undefined && fault.count < 1) faults.delete(key);
  else faults.set(key, { ...fault });
}

export async function startFakeHunter(opts: FakeHunterOptions = {}): Promise<FakeServer<HunterControl>> {
  const apiKey = opts.apiKey ?? "test-api-key";
  let usageExhausted = false;
  let blocked = new Set<string>();
  let pendingOverride = new Map<string, number>();
  /** When each address's verification started (its first request). */
  let verifyStarted = new Map<string, number>();
  let verifiedOnce = new Set<string>();
  let verifierAsked = new Map<string, number>();
  let verifierFaults = new Map<string, TargetFault>();
  let domainFaults = new Map<string, TargetFault>();
  let used = { searches: 0, verifications: 0 };
  const available = { searches: opts.searchesAvailable ?? 25000, verifications: opts.verificationsAvailable ?? 50000 };

  function keyOf(ctx: RequestContext): string | null {
    const q = ctx.url.searchParams.get("api_key");
    if (q) return q;
    const h = ctx.req.headers["x-api-key"];
    if (typeof h === "string" && h) return h;
    const auth = ctx.req.headers.authorization;
    const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    return m ? m[1]!.trim() : null;
  }

  /** Deterministic "do not process" addresses: explicit list, optout* locals, and one staff member on some sites. */
  function isRestricted(email: string): boolean {
    const e = email.toLowerCase();
    if (blocked.has(e)) return true;
    const [local = "", domain = ""] = e.split("@");
    if (local.startsWith("optout") || local.startsWith("donotprocess")) return true;
    if (domain.endsWith(".example")) {
      const site = siteModel(domain);
      const first = site.staff[0];
      if (first && first.email === e && hashString(`451:${domain}`) % 3 === 0) return true;
    }
    return false;
  }

  function verificationStatus(email: string): { status: string; result: string; score: number; accept_all: boolean; webmail: boolean; disposable: boolean; smtp_check: boolean } {
    const e = email.toLowerCase();
    const [local = "", domain = ""] = e.split("@");
    const base = { accept_all: false, webmail: false, disposable: false, smtp_check: true };
    if (WEBMAIL.has(domain)) return { ...base, status: "webmail", result: "deliverable", score: 80, webmail: true };
    if (DISPOSABLE.has(domain)) return { ...base, status: "disposable", result: "risky", score: 10, disposable: true, smtp_check: false };
    if (local.startsWith("unknown")) return { ...base, status: "unknown", result: "unknown", score: 40, smtp_check: false };
    if (local.startsWith("bounce") || local.startsWith("invalid")) return { ...base, status: "invalid", result: "undeliverable", score: 0, smtp_check: false };
    if (domain.endsWith(".example")) {
      const site = siteModel(domain);
      const known = [site.editor.email, site.genericEmail, ...site.staff.map((s) => s.email)].includes(e);
      if (site.acceptAll) return { ...base, status: "accept_all", result: "risky", score: known ? 70 : 55, accept_all: true, smtp_check: false };
      if (known) return { ...base, status: "valid", result: "deliverable", score: 90 + (hashString(e) % 10) };
      return { ...base, status: "invalid", result: "undeliverable", score: 3, smtp_check: false };
    }
    const h = hashString(`verify:${e}`) % 10;
    if (h < 6) return { ...base, status: "valid", result: "deliverable", score: 85 + h };
    if (h < 8) return { ...base, status: "accept_all", result: "risky", score: 60, accept_all: true, smtp_check: false };
    return { ...base, status: "unknown", result: "unknown", score: 40, smtp_check: false };
  }

  function sourcesFor(email: string, domain: string) {
    const h = hashString(`src:${email}`);
    return [
      { domain, uri: `https://${domain}/about`, extracted_on: isoDay(200 + (h % 300)), last_seen_on: isoDay(h % 30), still_on_page: true },
      ...(h % 2 === 0 ? [{ domain, uri: `https://${domain}/contact`, extracted_on: isoDay(100 + (h % 90)), last_seen_on: isoDay(h % 60), still_on_page: h % 4 !== 0 }] : []),
    ];
  }

  function emailEntry(c: SiteContact | null, email: string, domain: string, type: "personal" | "generic", acceptAll: boolean) {
    const h = hashString(`conf:${email}`);
    const confidence = type === "generic" ? 90 + (h % 10) : 62 + (h % 37);
    const vstat = acceptAll ? "accept_all" : h % 5 === 0 ? null : h % 7 === 0 ? "unknown" : "valid";
    return {
      value: email,
      type,
      confidence,
      sources: sourcesFor(email, domain),
      first_name: c?.firstName ?? null,
      last_name: c?.lastName ?? null,
      position: c?.position ?? null,
      position_raw: c?.position ?? null,
      seniority: c ? (/(Director|Chief|Founder|Editor$)/.test(c.position) ? "executive" : "senior") : null,
      department: c ? (/Curator|Gallery/.test(c.position) ? "management" : "communication") : null,
      linkedin: null,
      twitter: null,
      phone_number: null,
      verification: { date: vstat ? isoDay(h % 40) : null, status: vstat },
    };
  }

  function domainEmails(domain: string) {
    const site = siteModel(domain);
    if (!domain.endsWith(".example") || !site.hunterHasEmails) return { site, emails: [] as ReturnType<typeof emailEntry>[] };
    const emails = [
      emailEntry(site.editor, site.editor.email, domain, "personal", site.acceptAll),
      ...site.staff.map((s) => emailEntry(s, s.email, domain, "personal", site.acceptAll)),
      emailEntry(null, site.genericEmail, domain, "generic", site.acceptAll),
    ].filter((e) => !isRestricted(e.value));
    return { site, emails };
  }

  /** Answers the target's fault when it has one (true), counting down a limited one. */
  function answeredWithFault(ctx: RequestContext, faults: Map<string, TargetFault>, target: string, defaultStatus: number): boolean {
    const fault = faults.get(target);
    if (!fault) return false;
    if (fault.count !== undefined && --fault.count <= 0) faults.delete(target);
    if (fault.timeout) return true; // never answered; close() ends the connection
    faultAnswer(ctx, fault.status ?? defaultStatus);
    return true;
  }

  function overUsage(kind: "searches" | "verifications"): boolean {
    if (usageExhausted || used[kind] >= available[kind]) return true;
    return false;
  }

  async function handle(ctx: RequestContext) {
    const path = ctx.url.pathname.replace(/\/+$/, "");
    const key = keyOf(ctx);
    if (!key || key !== apiKey) return err(ctx, 401, "authentication_failed", "No user found for the API key supplied");
    const q = ctx.url.searchParams;

    if (path === "/v2/account") {
      return sendJson(ctx.res, 200, {
        data: {
          first_name: "Sandbox",
          last_name: "User",
          email: "sandbox@outreach.example",
          plan_name: "Sandbox",
          plan_level: 0,
          reset_date: "2026-12-31",
          team_id: 1,
          calls: { _deprecation_notice: "Sums the searches and the verifications, giving an unprecise look of the available requests", used: used.searches + used.verifications, available: available.searches + available.verifications },
          requests: {
            searches: { used: used.searches, available: available.searches },
            verifications: { used: used.verifications, available: available.verifications },
            credits: { used: used.searches + used.verifications / 2, available: available.searches },
          },
        },
      });
    }

    if (path === "/v2/domain-search") {
      const domain = (q.get("domain") ?? "").toLowerCase().trim();
      if (!domain && !q.get("company")) return err(ctx, 400, "wrong_params", "You are missing the domain parameter");
      const type = q.get("type");
      if (type && type !== "personal" && type !== "generic") return err(ctx, 400, "wrong_params", "The type parameter must be personal or generic");
      const limit = q.get("limit") == null ? 10 : Number(q.get("limit"));
      const offset = q.get("offset") == null ? 0 : Number(q.get("offset"));
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return err(ctx, 400, "wrong_params", "The limit parameter must be between 1 and 100");
      if (!Number.isInteger(offset) || offset < 0) return err(ctx, 400, "wrong_params", "The offset parameter must be a positive integer");
      if (answeredWithFault(ctx, domainFaults, domain, 500)) return;
      if (overUsage("searches")) return err(ctx, 429, "too_many_requests", "You have reached your usage limit. Upgrade your plan if necessary.");
      const { site, emails } = domainEmails(domain);
      const filtered = type ? emails.filter((e) => e.type === type) : emails;
      if (filtered.length > 0) used.searches += 1; // failed lookups are free
      return sendJson(ctx.res, 200, {
        data: {
          domain,
          disposable: DISPOSABLE.has(domain),
          webmail: WEBMAIL.has(domain),
          accept_all: site.acceptAll,
          pattern: emails.length ? site.emailPattern : null,
          organization: domain.endsWith(".example") ? site.name : null,
          description: domain.endsWith(".example") ? site.description : null,
          industry: "Arts",
          twitter: null,
          facebook: null,
          linkedin: null,
          instagram: null,
          youtube: null,
          technologies: ["wordpress"],
          country: "DK",
          state: null,
          city: site.city,
          postal_code: null,
          street: null,
          headcount: "1-10",
          company_type: "privately held",
          emails: filtered.slice(offset, offset + limit),
          linked_domains: [],
        },
        meta: { results: filtered.length, limit, offset, params: { domain, company: q.get("company"), type: type ?? null, seniority: null, department: null } },
      });
    }

    if (path === "/v2/email-finder") {
      const domain = (q.get("domain") ?? "").toLowerCase().trim();
      let first = q.get("first_name") ?? "";
      let last = q.get("last_name") ?? "";
      const full = q.get("full_name");
      if (full && (!first || !last)) [first = "", last = ""] = full.trim().split(/\s+/, 2);
      if (!domain && !q.get("company")) return err(ctx, 400, "wrong_params", "You are missing the domain parameter");
      if (!first || !last) return err(ctx, 400, "wrong_params", "You are missing the first_name or last_name parameter");
      if (overUsage("searches")) return err(ctx, 429, "too_many_requests", "You have reached your usage limit. Upgrade your plan if necessary.");
      const site = siteModel(domain);
      const people = [site.editor, ...site.staff];
      const person = people.find((p) => p.firstName.toLowerCase() === first.toLowerCase() && p.lastName.toLowerCase() === last.toLowerCase());
      let email: string | null = null;
      let score: number | null = null;
      if (person) {
        email = person.email;
        score = 88 + (hashString(email) % 11);
      } else if (domain.endsWith(".example") && site.hunterHasEmails) {
        email = `${site.emailPattern.replace("{first}", first.toLowerCase()).replace("{last}", last.toLowerCase()).replace("{f}", first[0]!.toLowerCase())}@${domain}`;
        score = 40 + (hashString(email) % 30);
      }
      if (email && isRestricted(email)) return err(ctx, 451, "claimed_email", "This person asked not to be processed. Do not contact them.");
      if (email) used.searches += 1;
      const v = email ? verificationStatus(email) : null;
      return sendJson(ctx.res, 200, {
        data: {
          first_name: first,
          last_name: last,
          email,
          score,
          domain,
          accept_all: site.acceptAll,
          position: person?.position ?? null,
          twitter: null,
          linkedin_url: null,
          phone_number: null,
          company: domain.endsWith(".example") ? site.name : null,
          sources: email && person ? sourcesFor(email, domain) : [],
          verification: { date: v ? isoDay(3) : null, status: v ? v.status : null },
        },
        meta: { params: { first_name: first, last_name: last, full_name: full, domain, company: q.get("company"), max_duration: null } },
      });
    }

    if (path === "/v2/email-verifier") {
      const email = (q.get("email") ?? "").trim().toLowerCase();
      if (!email) return err(ctx, 400, "wrong_params", "You are missing the email parameter");
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return err(ctx, 400, "wrong_params", "The email parameter is not a valid email address");
      verifierAsked.set(email, (verifierAsked.get(email) ?? 0) + 1);
      if (answeredWithFault(ctx, verifierFaults, email, 222)) return;
      if (isRestricted(email)) return err(ctx, 451, "claimed_email", "This person asked not to be processed. Do not contact them.");
      if (overUsage("verifications")) return err(ctx, 429, "too_many_requests", "You have reached your usage limit. Upgrade your plan if necessary.");
      const started = verifyStarted.get(email) ?? Date.now();
      verifyStarted.set(email, started);
      if (Date.now() - started < (pendingOverride.get(email) ?? verificationMs(email))) {
        // Still verifying: ask again later; counted once, when the result is given.
        return err(ctx, 202, "verification_in_progress", "The email verification is still in progress. Make the same request again to get the result.");
      }
      if (!verifiedOnce.has(email)) {
        verifiedOnce.add(email);
        used.verifications += 1;
      }
      const v = verificationStatus(email);
      const domain = email.split("@")[1]!;
      return sendJson(ctx.res, 200, {
        data: {
          status: v.status,
          result: v.result,
          _deprecation_notice: "Using result is deprecated, use status instead",
          score: v.score,
          email,
          regexp: true,
          gibberish: false,
          disposable: v.disposable,
          webmail: v.webmail,
          mx_records: v.status !== "invalid" || domain.endsWith(".example"),
          smtp_server: v.status !== "invalid",
          smtp_check: v.smtp_check,
          accept_all: v.accept_all,
          block: false,
          sources: domain.endsWith(".example") && v.status !== "invalid" ? sourcesFor(email, domain) : [],
        },
        meta: { params: { email } },
      });
    }

    return err(ctx, 404, "route_not_found", "The requested route does not exist");
  }

  const core = await startFakeCore({
    name: "hunter",
    port: opts.port,
    basePath: "/v2",
    handle,
    rateLimited: (ctx) => err(ctx, 403, "too_many_requests", "You have reached the rate limit. Slow down your requests."),
    fault: faultAnswer,
    actions: {
      "usage-exhausted": (b) => control.setUsageExhausted(b.value !== false),
      "block-address": (b) => control.blockAddress(String(b.email ?? "")),
      "verification-delay": (b) => control.setVerificationDelay(String(b.email ?? ""), Number(b.pendingMs ?? 1000)),
      "verifier-fault": (b) => control.failVerification(String(b.email ?? ""), targetFault(b)),
      "domain-search-fault": (b) => control.failDomainSearch(String(b.domain ?? ""), targetFault(b)),
      "clear-target-faults": () => control.clearTargetFaults(),
      "verifier-calls": (b) => control.verifierCalls(String(b.email ?? "")),
      usage: () => control.usage(),
    },
    onReset() {
      usageExhausted = false;
      blocked = new Set();
      pendingOverride = new Map();
      verifyStarted = new Map();
      verifiedOnce = new Set();
      verifierAsked = new Map();
      verifierFaults = new Map();
      domainFaults = new Map();
      used = { searches: 0, verifications: 0 };
    },
  });

  const control: HunterControl = Object.assign(core.control, {
    setUsageExhausted(v: boolean) {
      usageExhausted = v;
    },
    blockAddress(email: string) {
      blocked.add(email.toLowerCase());
    },
    setVerificationDelay(email: string, pendingMs: number) {
      pendingOverride.set(email.toLowerCase(), Math.max(0, pendingMs));
      verifyStarted.delete(email.toLowerCase());
      verifiedOnce.delete(email.toLowerCase());
    },
    failVerification(email: string, fault: TargetFault = {}) {
      setTargetFault(verifierFaults, email, fault);
    },
    failDomainSearch(domain: string, fault: TargetFault = {}) {
      setTargetFault(domainFaults, domain, fault);
    },
    clearTargetFaults() {
      verifierFaults = new Map();
      domainFaults = new Map();
    },
    verifierCalls: (email: string) => verifierAsked.get(email.trim().toLowerCase()) ?? 0,
    usage: () => ({ ...used }),
  });
  return { url: core.url, control, close: core.close };
}
