import { normalizeDomain, publishProspectUpdated, type EventBus } from "@outreach/contracts";
import { Prisma, type Campaign, type Db, type ProspectStage } from "@outreach/db";
import { ProviderError, type OrganicItem, type Providers, type SerpResult, type SerpTask } from "@outreach/providers";
import { loadSuppressionMatcher } from "../suppression/index.ts";

/**
 * Discovery: DataForSEO organic results for the campaign's keywords -> one prospect per
 * (campaign, domain).
 *
 * Skipped sites are stored, not dropped: a prospect in stage `skipped` with a skipReason the
 * board shows ("suppressed: …", "contacted … by campaign …: cool-down …"). The unique
 * (campaign, domain) key keeps them from coming back on the next run, and the user can see why
 * a site they expected is not being contacted.
 */

/** What discovery needs: the database, the event bus and the providers (DataForSEO). */
export interface DiscoverDeps {
  db: Db;
  bus: EventBus;
  providers: Providers;
}

export type DiscoveryCampaign = Pick<Campaign, "id" | "userId" | "name" | "keywords" | "locationCode" | "languageCode" | "searchDepth" | "cooldownDays">;

export interface KeywordResult {
  keyword: string;
  /** Organic items only. */
  items: OrganicItem[];
  checkUrl: string | null;
  datetime: string | null;
  /** Set when this keyword's search failed on its own (the others still count). */
  error?: string;
}

/** Up to this many keywords go to the live endpoint one by one; more go through task_post. */
export const LIVE_KEYWORD_LIMIT = 5;
const TASK_POST_BATCH = 100;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface SearchOptions {
  /** Results per keyword (default campaign.searchDepth; live at most 200). */
  depth?: number;
  /** Force the endpoint (default: live for up to LIVE_KEYWORD_LIMIT keywords). */
  mode?: "live" | "task_post";
  /** After each keyword's results arrive. Throw from it to stop (cancellation). */
  onKeyword?: (done: number, total: number) => Promise<void>;
  /** task_post: how long to wait for all tasks (default 10 min) and between polls (default 2 s). */
  taskTimeoutMs?: number;
  pollMs?: number;
}

function serpTask(c: DiscoveryCampaign, keyword: string, depth: number, tag?: string): SerpTask {
  return { keyword, locationCode: c.locationCode, languageCode: c.languageCode, depth, tag };
}

const toKeywordResult = (keyword: string, r: SerpResult): KeywordResult => ({ keyword, items: r.items, checkUrl: r.checkUrl, datetime: r.datetime });

/** Runs the given calls one after another in the order they are made (progress stays in order). */
function serially() {
  let last: Promise<unknown> = Promise.resolve();
  return (fn: () => Promise<void> | undefined): Promise<void> => {
    const next = last.then(fn);
    last = next.catch(() => {});
    return next;
  };
}

/** A failure of one keyword that retrying the job may fix (or a person must fix) is re-thrown. */
function rethrowUnlessLocal(err: unknown): string {
  if (err instanceof ProviderError && err.kind !== "invalid_request" && err.kind !== "bad_response") throw err;
  return (err as Error).message;
}

/** SERP for each keyword (deduplicated, in order). Provider errors that are not about one keyword propagate. */
export async function searchKeywords(providers: Providers, c: DiscoveryCampaign, keywordsIn: string[], opts: SearchOptions = {}): Promise<KeywordResult[]> {
  // Case-insensitive dedupe; the first spelling wins.
  const seen = new Set<string>();
  const keywords = keywordsIn.map((k) => k.trim()).filter((k) => k && !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()));
  const mode = opts.mode ?? (keywords.length <= LIVE_KEYWORD_LIMIT ? "live" : "task_post");
  if (mode === "live") {
    // At once: each live call takes seconds, and DataForSEO allows far more at a time than
    // LIVE_KEYWORD_LIMIT (the shared limiter keeps the count). Results keep the keywords' order.
    const depth = Math.min(200, opts.depth ?? c.searchDepth);
    let done = 0;
    const reported = serially();
    return Promise.all(
      keywords.map(async (keyword): Promise<KeywordResult> => {
        let result: KeywordResult;
        try {
          result = toKeywordResult(keyword, await providers.dataforseo.serpOrganicLive(serpTask(c, keyword, depth)));
        } catch (err) {
          result = { keyword, items: [], checkUrl: null, datetime: null, error: rethrowUnlessLocal(err) };
        }
        await reported(() => opts.onKeyword?.(++done, keywords.length));
        return result;
      }),
    );
  }

  const depth = Math.min(700, opts.depth ?? c.searchDepth);
  const pending = new Map<string, string>(); // task id -> keyword
  const results = new Map<string, KeywordResult>();
  for (let i = 0; i < keywords.length; i += TASK_POST_BATCH) {
    const chunk = keywords.slice(i, i + TASK_POST_BATCH);
    const posted = await providers.dataforseo.serpTaskPost(chunk.map((k, j) => serpTask(c, k, depth, `kw${i + j}`)));
    for (const t of posted.tasks) {
      const keyword = chunk[t.index]!;
      if (t.ok) pending.set(t.id, keyword);
      else results.set(keyword, { keyword, items: [], checkUrl: null, datetime: null, error: rethrowUnlessLocal(t.error) });
    }
  }
  const deadline = Date.now() + (opts.taskTimeoutMs ?? 600_000);
  let done = results.size;
  while (pending.size > 0) {
    const ready = (await providers.dataforseo.tasksReady()).filter((t) => pending.has(t.id));
    for (const t of ready) {
      const keyword = pending.get(t.id)!;
      pending.delete(t.id);
      try {
        results.set(keyword, toKeywordResult(keyword, await providers.dataforseo.taskGetAdvanced(t.id)));
      } catch (err) {
        results.set(keyword, { keyword, items: [], checkUrl: null, datetime: null, error: rethrowUnlessLocal(err) });
      }
      await opts.onKeyword?.(++done, keywords.length);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      for (const keyword of pending.values()) results.set(keyword, { keyword, items: [], checkUrl: null, datetime: null, error: "SERP task not ready in time" });
      break;
    }
    await sleep(opts.pollMs ?? 2_000);
  }
  return keywords.map((k) => results.get(k)!).filter(Boolean);
}

export interface Candidate {
  domain: string;
  keyword: string;
  item: OrganicItem;
  /** Why this site will not be contacted; null when it goes on to enrichment. */
  skipReason: string | null;
  /** The prospect that already exists in this campaign for the domain, if any. */
  existing: { id: string; stage: ProspectStage } | null;
}

export interface DiscoveryPlan {
  candidates: Candidate[];
  organicResults: number;
  /** Results whose domain was already found (another result or another keyword). */
  duplicateResults: number;
  invalidDomains: Array<{ domain: string; reason: string }>;
  keywordErrors: Array<{ keyword: string; error: string }>;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Dedupes results by normalized domain (first keyword and best rank win) and decides, without
 * writing anything, which domains are skipped and why.
 */
export async function planCandidates(db: Db, c: DiscoveryCampaign, serp: KeywordResult[], now = new Date()): Promise<DiscoveryPlan> {
  const byDomain = new Map<string, { keyword: string; item: OrganicItem }>();
  const plan: DiscoveryPlan = { candidates: [], organicResults: 0, duplicateResults: 0, invalidDomains: [], keywordErrors: [] };
  for (const r of serp) {
    if (r.error) plan.keywordErrors.push({ keyword: r.keyword, error: r.error });
    for (const item of r.items) {
      plan.organicResults++;
      let domain: string;
      try {
        domain = normalizeDomain(item.domain || item.url);
      } catch (err) {
        plan.invalidDomains.push({ domain: item.domain, reason: (err as Error).message });
        continue;
      }
      if (byDomain.has(domain)) plan.duplicateResults++;
      else byDomain.set(domain, { keyword: r.keyword, item });
    }
  }
  const domains = [...byDomain.keys()];
  if (domains.length === 0) return plan;

  const suppressed = await loadSuppressionMatcher(db, c.userId, domains.map((domain) => ({ domain })));
  const since = new Date(now.getTime() - c.cooldownDays * 24 * 3600 * 1000);
  const contacted =
    c.cooldownDays > 0
      ? await db.prospect.findMany({
          where: { domain: { in: domains }, campaignId: { not: c.id }, campaign: { userId: c.userId }, lastSent: { gte: since } },
          select: { domain: true, lastSent: true, campaign: { select: { name: true } } },
          orderBy: { lastSent: "desc" },
        })
      : [];
  const lastContact = new Map<string, (typeof contacted)[number]>();
  for (const p of contacted) if (!lastContact.has(p.domain)) lastContact.set(p.domain, p);
  const existing = new Map(
    (await db.prospect.findMany({ where: { campaignId: c.id, domain: { in: domains } }, select: { id: true, domain: true, stage: true } })).map((p) => [p.domain, p]),
  );

  for (const [domain, hit] of byDomain) {
    let skipReason: string | null = null;
    const match = suppressed({ domain });
    const recent = lastContact.get(domain);
    if (match) skipReason = `suppressed: ${match.value} is on your suppression list (${match.reason})`;
    else if (recent?.lastSent) {
      skipReason = `contacted on ${isoDay(recent.lastSent)} by campaign "${recent.campaign.name}": cool-down of ${c.cooldownDays} days until ${isoDay(new Date(recent.lastSent.getTime() + c.cooldownDays * 86400000))}`;
    }
    const ex = existing.get(domain);
    plan.candidates.push({ domain, keyword: hit.keyword, item: hit.item, skipReason, existing: ex ? { id: ex.id, stage: ex.stage } : null });
  }
  return plan;
}

export interface DiscoveryResult {
  keywords: number;
  organicResults: number;
  uniqueDomains: number;
  /** New prospects (stage discovered). */
  created: number;
  /** New prospects stored as skipped, by reason kind. */
  skipped: { suppressed: number; cooldown: number };
  /** Domains this campaign already had (not created again). */
  alreadyInCampaign: number;
  duplicateResults: number;
  invalidDomains: Array<{ domain: string; reason: string }>;
  keywordErrors: Array<{ keyword: string; error: string }>;
  /** Prospects enrichment should look at: the new ones, and earlier ones never enriched. */
  toEnrich: string[];
}

export interface DiscoverOptions extends SearchOptions {
  userId: string;
  campaignId: string;
  /** Default: the campaign's keywords. */
  keywords?: string[];
  now?: Date;
}

export async function loadDiscoveryCampaign(db: Db, userId: string, campaignId: string): Promise<DiscoveryCampaign> {
  const c = await db.campaign.findFirst({
    where: { id: campaignId, userId },
    select: { id: true, userId: true, name: true, keywords: true, locationCode: true, languageCode: true, searchDepth: true, cooldownDays: true },
  });
  if (!c) throw new Error(`Campaign ${campaignId} was not found`);
  return c;
}

/** Search, plan and store. Idempotent per (campaign, domain): re-running creates no duplicates. */
export async function discoverProspects(deps: DiscoverDeps, opts: DiscoverOptions): Promise<DiscoveryResult> {
  const { db, bus } = deps;
  const c = await loadDiscoveryCampaign(db, opts.userId, opts.campaignId);
  const keywords = opts.keywords?.length ? opts.keywords : c.keywords;
  if (keywords.length === 0) throw new Error("The campaign has no keywords to search for");
  const serp = await searchKeywords(deps.providers, c, keywords, opts);
  const plan = await planCandidates(db, c, serp, opts.now);

  const fresh = plan.candidates.filter((x) => !x.existing);
  const rows: Prisma.ProspectCreateManyInput[] = fresh.map((x) => ({
    campaignId: c.id,
    domain: x.domain,
    pageUrl: x.item.url,
    pageTitle: x.item.title,
    pageDescription: x.item.description,
    source: "serp",
    stage: x.skipReason ? "skipped" : "discovered",
    skipReason: x.skipReason,
    dataforseoPayload: { type: "organic", keyword: x.keyword, ...x.item } as unknown as Prisma.InputJsonValue,
  }));
  // ON CONFLICT DO NOTHING: a parallel run that created the same domain first wins.
  const created = rows.length
    ? await db.prospect.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, domain: true, stage: true, skipReason: true } })
    : [];
  for (const p of created) publishProspectUpdated(bus, { id: p.id, campaignId: c.id, userId: c.userId });

  const neverEnriched = plan.candidates.filter((x) => x.existing?.stage === "discovered").map((x) => x.existing!.id);
  return {
    keywords: serp.length,
    organicResults: plan.organicResults,
    uniqueDomains: plan.candidates.length,
    created: created.filter((p) => p.stage === "discovered").length,
    skipped: {
      suppressed: created.filter((p) => p.skipReason?.startsWith("suppressed")).length,
      cooldown: created.filter((p) => p.skipReason?.startsWith("contacted")).length,
    },
    alreadyInCampaign: plan.candidates.length - created.length,
    duplicateResults: plan.duplicateResults,
    invalidDomains: plan.invalidDomains,
    keywordErrors: plan.keywordErrors,
    toEnrich: [...created.filter((p) => p.stage === "discovered").map((p) => p.id), ...neverEnriched],
  };
}
