import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, retryWaits, runnerFor, type ClientDeps } from "./common.ts";
import { ProviderError, type ProviderErrorKind } from "./errors.ts";
import { httpJson, kindForStatus, parseResponse, trimSlash, type HttpResponse } from "./http.ts";
import { withRetry } from "./retry.ts";

/**
 * DataForSEO v3 (providers.md "DataForSEO"). Errors are checked at three levels: the HTTP status,
 * the envelope's status_code and every task's status_code.
 */

export interface DataForSeoConfig extends ClientDeps {
  baseUrl: string;
  login: string;
  password: string;
}

export interface SerpTask {
  keyword: string;
  locationCode?: number;
  locationName?: string;
  languageCode: string;
  /** Results to fetch; always sent (live: at most 200). */
  depth: number;
  device?: "desktop" | "mobile";
  /** Echoed back by tasks_ready (task_post only). */
  tag?: string;
}

export interface OrganicItem {
  rankGroup: number;
  rankAbsolute: number;
  domain: string;
  title: string | null;
  url: string;
  description: string | null;
  breadcrumb: string | null;
}

export interface SerpResult {
  taskId: string | null;
  keyword: string;
  locationCode: number | null;
  languageCode: string | null;
  checkUrl: string | null;
  datetime: string | null;
  /** All items the page had (organic and other types). */
  itemsCount: number;
  /** Only items of type "organic". */
  items: OrganicItem[];
  cost: number;
}

export type TaskPostOutcome =
  | { index: number; ok: true; id: string; tag: string | null }
  | { index: number; ok: false; id: string | null; tag: string | null; error: ProviderError };

export interface ReadyTask {
  id: string;
  tag: string | null;
  endpointAdvanced: string | null;
}

export interface DomainRank {
  target: string;
  /** 0-100 (rank_scale one_hundred); null when DataForSEO knows nothing about the domain. */
  rank: number | null;
}

export interface BacklinksSummary {
  target: string;
  rank: number | null;
  backlinks: number | null;
  referringDomains: number | null;
}

export interface OnPageInstant {
  url: string;
  statusCode: number | null;
  title: string | null;
  description: string | null;
  internalLinksCount: number | null;
  externalLinksCount: number | null;
  wordCount: number | null;
  /** The page item as DataForSEO returned it (kept for crawl_data). */
  raw: Record<string, unknown>;
}

// ---------- wire schemas ----------

const num = z.number();
const task = z.object({
  id: z.string().nullish(),
  status_code: num,
  status_message: z.string().nullish(),
  cost: num.nullish(),
  result_count: num.nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  result: z.array(z.unknown()).nullish(),
});
const envelope = z.object({
  version: z.string().nullish(),
  status_code: num,
  status_message: z.string().nullish(),
  cost: num.nullish(),
  tasks_count: num.nullish(),
  tasks_error: num.nullish(),
  tasks: z.array(task).nullish(),
});
type Task = z.infer<typeof task>;
type Envelope = z.infer<typeof envelope>;

const organicItem = z.object({
  type: z.literal("organic"),
  rank_group: num,
  rank_absolute: num,
  domain: z.string(),
  title: z.string().nullish(),
  url: z.string(),
  description: z.string().nullish(),
  breadcrumb: z.string().nullish(),
});
const serpResult = z.object({
  keyword: z.string(),
  location_code: num.nullish(),
  language_code: z.string().nullish(),
  check_url: z.string().nullish(),
  datetime: z.string().nullish(),
  items_count: num.nullish(),
  items: z.array(z.looseObject({ type: z.string() })).nullish(),
});
const readyList = z.array(
  z.object({ id: z.string(), tag: z.string().nullish(), endpoint_advanced: z.string().nullish() }),
);
const bulkRanks = z.object({
  items: z.array(z.object({ target: z.string(), rank: num.nullish() })).nullish(),
});
const summary = z.object({
  target: z.string(),
  rank: num.nullish(),
  backlinks: num.nullish(),
  referring_domains: num.nullish(),
});
const onPageResult = z.object({
  items: z
    .array(
      z.looseObject({
        url: z.string(),
        status_code: num.nullish(),
        meta: z
          .looseObject({
            title: z.string().nullish(),
            description: z.string().nullish(),
            internal_links_count: num.nullish(),
            external_links_count: num.nullish(),
            content: z.looseObject({ plain_text_word_count: num.nullish() }).nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
});

// ---------- error mapping ----------

/** DataForSEO status code (envelope or task) -> error kind; null for success codes. */
export function dataForSeoKind(code: number): ProviderErrorKind | null {
  if (code === 20000 || code === 20100) return null;
  if (code === 40200 || code === 40210 || code === 40203) return "quota";
  if (code === 40202 || code === 40209) return "rate_limited";
  if (code === 40101) return "transient"; // search engine error (providers.md: may still be charged)
  if (code >= 40100 && code < 40200) return "auth";
  if (code >= 40600 && code < 40700) return "transient"; // task not ready yet (40601 handed, 40602 in queue)
  if (code >= 50000) return "transient";
  if (code >= 40000 && code < 50000) return "invalid_request";
  return "bad_response";
}

function codeError(code: number, message: string | null | undefined, status: number, cost?: number | null): ProviderError {
  const kind = dataForSeoKind(code) ?? "bad_response";
  return new ProviderError({
    provider: "dataforseo",
    kind,
    status,
    code,
    message: `${code} ${message ?? ""}`.trim(),
    retryAfterMs: code === 40202 ? 10_000 : code === 40209 ? 1_000 : undefined,
    cost: cost ?? undefined,
  });
}

/** HTTP status + envelope -> the envelope, or a ProviderError. Tasks are checked by the caller. */
function checkEnvelope(res: HttpResponse, what: string): Envelope {
  const parsed = envelope.safeParse(res.json);
  if (!parsed.success) {
    if (res.status < 200 || res.status >= 300) {
      throw new ProviderError({
        provider: "dataforseo",
        kind: kindForStatus(res.status),
        status: res.status,
        code: res.status,
        message: `HTTP ${res.status} ${res.text.slice(0, 200)}`.trim(),
      });
    }
    return parseResponse("dataforseo", what, envelope, res.json); // throws bad_response with the path
  }
  const env = parsed.data;
  if (env.status_code !== 20000) throw codeError(env.status_code, env.status_message, res.status, env.cost);
  if (res.status < 200 || res.status >= 300) {
    throw new ProviderError({
      provider: "dataforseo",
      kind: kindForStatus(res.status),
      status: res.status,
      code: res.status,
      message: `HTTP ${res.status} ${env.status_message ?? ""}`.trim(),
    });
  }
  return env;
}

function taskError(t: Task, status: number): ProviderError | null {
  return dataForSeoKind(t.status_code) === null ? null : codeError(t.status_code, t.status_message, status, t.cost);
}

function onlyTask(env: Envelope, status: number, what: string): Task {
  const t = env.tasks?.[0];
  if (!t) {
    throw new ProviderError({ provider: "dataforseo", kind: "bad_response", message: `${what}: envelope has no task` });
  }
  const err = taskError(t, status);
  if (err) throw err;
  return t;
}

function toSerpResult(t: Task, cost: number, what: string): SerpResult {
  const r = t.result?.[0];
  if (r === undefined || r === null) {
    throw new ProviderError({ provider: "dataforseo", kind: "bad_response", message: `${what}: task ${t.id ?? ""} has no result` });
  }
  const res = parseResponse("dataforseo", what, serpResult, r);
  const items: OrganicItem[] = [];
  (res.items ?? []).forEach((it, i) => {
    if (it.type !== "organic") return;
    const o = parseResponse("dataforseo", `${what} items.${i}`, organicItem, it);
    items.push({
      rankGroup: o.rank_group,
      rankAbsolute: o.rank_absolute,
      domain: o.domain,
      title: o.title ?? null,
      url: o.url,
      description: o.description ?? null,
      breadcrumb: o.breadcrumb ?? null,
    });
  });
  return {
    taskId: t.id ?? null,
    keyword: res.keyword,
    locationCode: res.location_code ?? null,
    languageCode: res.language_code ?? null,
    checkUrl: res.check_url ?? null,
    datetime: res.datetime ?? null,
    itemsCount: res.items_count ?? res.items?.length ?? 0,
    items,
    cost,
  };
}

function invalid(message: string, code?: number): ProviderError {
  return new ProviderError({ provider: "dataforseo", kind: "invalid_request", code, message });
}

function serpWireTask(t: SerpTask, maxDepth: number | null): Record<string, unknown> {
  if (!t.keyword?.trim()) throw invalid("keyword is empty", 40501);
  if (t.locationCode === undefined && !t.locationName) throw invalid("location_code or location_name is required", 40501);
  if (!t.languageCode) throw invalid("language_code is required", 40501);
  if (!Number.isInteger(t.depth) || t.depth < 1 || (maxDepth !== null && t.depth > maxDepth)) {
    throw invalid(`depth must be 1-${maxDepth ?? 700} (got ${t.depth})`, 40501);
  }
  return {
    keyword: t.keyword.trim(),
    location_code: t.locationCode,
    location_name: t.locationCode === undefined ? t.locationName : undefined,
    language_code: t.languageCode,
    depth: t.depth,
    device: t.device,
    tag: t.tag,
  };
}

export type DataForSeoClient = ReturnType<typeof createDataForSeoClient>;

export function createDataForSeoClient(cfg: DataForSeoConfig) {
  const base = trimSlash(cfg.baseUrl);
  const auth = `Basic ${Buffer.from(`${cfg.login}:${cfg.password}`).toString("base64")}`;
  const run = runnerFor("dataforseo", cfg);
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const request = (method: "GET" | "POST", path: string, body?: unknown) => {
    cfg.guard?.();
    return httpJson({
      provider: "dataforseo",
      method,
      url: `${base}${path}`,
      headers: { authorization: auth },
      body,
      timeoutMs,
      fetch: cfg.fetch,
    });
  };
  const envCost = (env: Envelope) => env.cost ?? env.tasks?.reduce((s, t) => s + (t.cost ?? 0), 0) ?? 0;

  return {
    /** One SERP, result inline. Cached for the cache TTL (identical task -> no new charge). */
    async serpOrganicLive(t: SerpTask): Promise<SerpResult> {
      const wire = serpWireTask({ ...t, tag: undefined }, 200);
      return withRetry(
        () =>
          run<SerpResult>(
            { operation: "serp.organic.live", cacheRequest: wire, costOf: (r) => r.cost },
            async () => {
              const res = await request("POST", "/v3/serp/google/organic/live/advanced", [wire]);
              const env = checkEnvelope(res, "serp live");
              const tk = onlyTask(env, res.status, "serp live");
              return toSerpResult(tk, envCost(env), "serp live");
            },
          ),
        cfg.retry, retryWaits("dataforseo", cfg, "serp.organic.live"),
      );
    },

    /**
     * Up to 100 SERP tasks in one call. A failure of the whole call throws; a failure of one
     * task is returned in its slot, so callers can retry or report just that one. Never retried
     * here (a lost answer may still have created and charged the tasks).
     */
    async serpTaskPost(tasks: SerpTask[]): Promise<{ cost: number; tasks: TaskPostOutcome[] }> {
      if (tasks.length === 0) return { cost: 0, tasks: [] };
      if (tasks.length > 100) throw invalid(`at most 100 tasks per call (got ${tasks.length})`, 40006);
      const wire = tasks.map((t) => serpWireTask(t, 700));
      let cost = 0;
      const outcomes = await run<TaskPostOutcome[]>(
        { operation: "serp.organic.task_post", costOf: () => cost },
        async () => {
          const res = await request("POST", "/v3/serp/google/organic/task_post", wire);
          const env = checkEnvelope(res, "task_post");
          cost = envCost(env);
          const got = env.tasks ?? [];
          return wire.map((w, index): TaskPostOutcome => {
            const tk = got[index];
            const tag = (w.tag as string | undefined) ?? null;
            if (!tk) {
              return { index, ok: false, id: null, tag, error: new ProviderError({ provider: "dataforseo", kind: "bad_response", message: `task_post: no task returned for index ${index}` }) };
            }
            const err = taskError(tk, res.status);
            if (err) return { index, ok: false, id: tk.id ?? null, tag, error: err };
            if (!tk.id) {
              return { index, ok: false, id: null, tag, error: new ProviderError({ provider: "dataforseo", kind: "bad_response", message: `task_post: task ${index} has no id` }) };
            }
            return { index, ok: true, id: tk.id, tag: ((tk.data?.tag as string | undefined) ?? tag) };
          });
        },
      );
      return { cost, tasks: outcomes };
    },

    /** Tasks whose results are ready to collect with taskGetAdvanced. */
    async tasksReady(): Promise<ReadyTask[]> {
      return withRetry(
        () =>
          run<ReadyTask[]>({ operation: "serp.organic.tasks_ready" }, async () => {
            const res = await request("GET", "/v3/serp/google/organic/tasks_ready");
            const env = checkEnvelope(res, "tasks_ready");
            const out: ReadyTask[] = [];
            for (const tk of env.tasks ?? []) {
              const err = taskError(tk, res.status);
              if (err) throw err;
              for (const r of parseResponse("dataforseo", "tasks_ready", readyList, tk.result ?? [])) {
                out.push({ id: r.id, tag: r.tag ?? null, endpointAdvanced: r.endpoint_advanced ?? null });
              }
            }
            return out;
          }),
        cfg.retry, retryWaits("dataforseo", cfg, "serp.organic.tasks_ready"),
      );
    },

    async taskGetAdvanced(id: string): Promise<SerpResult> {
      if (!/^[\w-]+$/.test(id)) throw invalid(`not a task id: ${id.slice(0, 80)}`);
      return withRetry(
        () =>
          run<SerpResult>({ operation: "serp.organic.task_get", costOf: (r) => r.cost }, async () => {
            const res = await request("GET", `/v3/serp/google/organic/task_get/advanced/${id}`);
            const env = checkEnvelope(res, "task_get");
            const tk = onlyTask(env, res.status, "task_get");
            return toSerpResult(tk, envCost(env), "task_get");
          }),
        cfg.retry, retryWaits("dataforseo", cfg, "serp.organic.task_get"),
      );
    },

    /** Domain rank 0-100 for many domains (bulk_ranks, 1000 per call). */
    async backlinksRanks(domains: string[]): Promise<DomainRank[]> {
      const unique = [...new Set(domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
      const out: DomainRank[] = [];
      for (let i = 0; i < unique.length; i += 1000) {
        const chunk = unique.slice(i, i + 1000);
        const ranks = await withRetry(
          () =>
            run<{ ranks: DomainRank[]; cost: number }>(
              { operation: "backlinks.bulk_ranks", costOf: (r) => r.cost },
              async () => {
                const res = await request("POST", "/v3/backlinks/bulk_ranks/live", [{ targets: chunk, rank_scale: "one_hundred" }]);
                const env = checkEnvelope(res, "bulk_ranks");
                const tk = onlyTask(env, res.status, "bulk_ranks");
                const found = new Map<string, number | null>();
                for (const r of tk.result ?? []) {
                  for (const it of parseResponse("dataforseo", "bulk_ranks", bulkRanks, r).items ?? []) {
                    found.set(it.target.toLowerCase(), it.rank ?? null);
                  }
                }
                return { ranks: chunk.map((target) => ({ target, rank: found.get(target) ?? null })), cost: envCost(env) };
              },
            ),
          cfg.retry, retryWaits("dataforseo", cfg, "backlinks.bulk_ranks"),
        );
        out.push(...ranks.ranks);
      }
      return out;
    },

    /** Rank (0-100) and link counts for one domain. */
    async backlinksSummary(domain: string): Promise<BacklinksSummary> {
      const target = domain.trim().toLowerCase();
      return withRetry(
        () =>
          run<BacklinksSummary & { cost: number }>({ operation: "backlinks.summary", costOf: (r) => r.cost }, async () => {
            const res = await request("POST", "/v3/backlinks/summary/live", [{ target, rank_scale: "one_hundred" }]);
            const env = checkEnvelope(res, "backlinks summary");
            const tk = onlyTask(env, res.status, "backlinks summary");
            const s = parseResponse("dataforseo", "backlinks summary", summary, tk.result?.[0]);
            return {
              target: s.target,
              rank: s.rank ?? null,
              backlinks: s.backlinks ?? null,
              referringDomains: s.referring_domains ?? null,
              cost: envCost(env),
            };
          }),
        cfg.retry, retryWaits("dataforseo", cfg, "backlinks.summary"),
      ).then(({ cost: _c, ...rest }) => rest);
    },

    /** One page's meta, title, link and content counts. */
    async onPageInstant(url: string): Promise<OnPageInstant> {
      if (!/^https?:\/\//i.test(url)) throw invalid(`not an http(s) URL: ${url.slice(0, 200)}`, 40501);
      return withRetry(
        () =>
          run<OnPageInstant & { cost: number }>({ operation: "on_page.instant_pages", costOf: (r) => r.cost }, async () => {
            const res = await request("POST", "/v3/on_page/instant_pages", [{ url }]);
            const env = checkEnvelope(res, "instant_pages");
            const tk = onlyTask(env, res.status, "instant_pages");
            const page = parseResponse("dataforseo", "instant_pages", onPageResult, tk.result?.[0]).items?.[0];
            if (!page) throw new ProviderError({ provider: "dataforseo", kind: "bad_response", message: "instant_pages: no page item" });
            return {
              url: page.url,
              statusCode: page.status_code ?? null,
              title: page.meta?.title ?? null,
              description: page.meta?.description ?? null,
              internalLinksCount: page.meta?.internal_links_count ?? null,
              externalLinksCount: page.meta?.external_links_count ?? null,
              wordCount: page.meta?.content?.plain_text_word_count ?? null,
              raw: page as Record<string, unknown>,
              cost: envCost(env),
            };
          }),
        cfg.retry, retryWaits("dataforseo", cfg, "on_page.instant_pages"),
      ).then(({ cost: _c, ...rest }) => rest);
    },
  };
}
