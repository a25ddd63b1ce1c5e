import { randomUUID } from "node:crypto";
import { hashString, sendJson, startFakeCore, type BaseControl, type FakeServer, type RequestContext } from "./common.ts";
import { serpSitesForKeyword, siteModel, slugify } from "./sites.ts";

/**
 * Fake DataForSEO v3: envelope {version, status_code, status_message, time, cost, tasks_count,
 * tasks_error, tasks[]}, errors inside HTTP 200 at the top and per task, Basic auth.
 */

export interface DataForSeoTaskError {
  /** Task-level status code, e.g. 40501 (invalid field), 50000 (internal), 40101 (search engine). */
  code: number;
  message?: string;
  /** How many of the next tasks get it (default 1). */
  count?: number;
}

export interface DataForSeoControl extends BaseControl {
  setOutOfFunds(outOfFunds: boolean): void;
  /** Make the next task(s) fail inside an HTTP 200. */
  injectTaskError(err: DataForSeoTaskError): void;
  /** Delay between task_post and the task appearing in tasks_ready (ms). */
  setTaskDelay(ms: number): void;
  balance(): number;
  /** Every task body received (live and task_post), newest last. */
  requests(): Array<{ path: string; task: Record<string, unknown> }>;
}

export interface FakeDataForSeoOptions {
  port?: number;
  login?: string;
  password?: string;
  seed?: string;
  taskDelayMs?: number;
  balance?: number;
}

const VERSION = "0.1.20250425";

const MESSAGES: Record<number, string> = {
  20000: "Ok.",
  20100: "Task Created.",
  40000: "You can set only one task at a time.",
  40006: "You can set only 100 tasks at a time.",
  40100: "You are not authorized to access this resource.",
  40101: "Search engine did not return results.",
  40200: "Payment Required.",
  40202: "Rate-limit/minute exceeded. Try again later.",
  40203: "Cost-limit/day exceeded.",
  40209: "Too many simultaneous requests.",
  40210: "You don't have enough funds to perform this task. Please top up your account balance.",
  40400: "Not Found.",
  40401: "Task not found.",
  40501: "Invalid Field.",
  40602: "Task In Queue.",
  50000: "Internal Error.",
};

const COST = { serpLive: 0.002, serpTask: 0.0006, backlinks: 0.02, bulkRanks: 0.02, instantPages: 0.000125 };

interface StoredTask {
  id: string;
  postedAt: number;
  readyAt: number;
  collected: boolean;
  data: Record<string, unknown>;
  tag: string | null;
}

function taskId(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const u = randomUUID().replace(/-/g, "");
  return `${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}-1535-0066-0000-${u.slice(0, 12)}`;
}

function secs(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(4)} sec.`;
}

function dfsDate(d = new Date()): string {
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " +00:00");
}

export async function startFakeDataForSeo(opts: FakeDataForSeoOptions = {}): Promise<FakeServer<DataForSeoControl>> {
  const login = opts.login ?? "sandbox";
  const password = opts.password ?? "sandbox";
  const seed = opts.seed ?? "outreach";
  const initialBalance = opts.balance ?? 50;
  let balance = initialBalance;
  let outOfFunds = false;
  let taskDelay = opts.taskDelayMs ?? 150;
  let taskErrors: DataForSeoTaskError[] = [];
  let tasks = new Map<string, StoredTask>();
  let received: Array<{ path: string; task: Record<string, unknown> }> = [];

  function envelope(status: number, t0: number, taskList: unknown[] | null, cost = 0) {
    const list = (taskList ?? []) as Array<{ status_code: number }>;
    return {
      version: VERSION,
      status_code: status,
      status_message: MESSAGES[status] ?? "Error.",
      time: secs(t0),
      cost: Math.round(cost * 1e6) / 1e6,
      tasks_count: list.length,
      tasks_error: list.filter((t) => t.status_code >= 40000).length,
      tasks: taskList,
    };
  }

  function topError(ctx: RequestContext, http: number, status: number) {
    sendJson(ctx.res, http, envelope(status, performance.now(), null));
  }

  function taskEnvelope(id: string, status: number, path: string[], data: Record<string, unknown>, result: unknown[] | null, cost: number, message?: string) {
    return {
      id,
      status_code: status,
      status_message: message ?? MESSAGES[status] ?? "Error.",
      time: `${(0.01 + (hashString(id) % 900) / 1000).toFixed(4)} sec.`,
      cost: status >= 40000 ? 0 : cost,
      result_count: result ? result.length : 0,
      path,
      data,
      result,
    };
  }

  function nextInjectedError(): DataForSeoTaskError | null {
    const e = taskErrors[0];
    if (!e) return null;
    e.count = (e.count ?? 1) - 1;
    if (e.count <= 0) taskErrors.shift();
    return e;
  }

  function authorised(ctx: RequestContext): boolean {
    const h = ctx.req.headers.authorization ?? "";
    const m = /^Basic\s+(.+)$/i.exec(h);
    if (!m) return false;
    const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
    return decoded === `${login}:${password}`;
  }

  function serpValidation(task: Record<string, unknown>, live: boolean): string | null {
    if (typeof task.keyword !== "string" || !task.keyword.trim()) return "keyword";
    if (task.keyword.length > 700) return "keyword";
    if (task.location_code == null && task.location_name == null && task.location_coordinate == null) return "location_code";
    if (task.language_code == null && task.language_name == null) return "language_code";
    if (task.depth != null) {
      const d = Number(task.depth);
      if (!Number.isInteger(d) || d < 1 || d > (live ? 200 : 700)) return "depth";
    }
    return null;
  }

  function serpResult(task: Record<string, unknown>) {
    const keyword = String(task.keyword).trim();
    const depth = Math.min(Number(task.depth ?? 100), 700);
    const sites = serpSitesForKeyword(keyword, seed).slice(0, depth);
    const languageCode = String(task.language_code ?? "en");
    const locationCode = Number(task.location_code ?? 2840);
    const items: Record<string, unknown>[] = [];
    let absolute = 0;
    let organicGroup = 0;
    const paaAt = 2;
    const imagesAt = 5;
    const videoAt = 9;
    const push = (item: Record<string, unknown>) => {
      absolute += 1;
      items.push({ ...item, rank_absolute: absolute });
    };
    sites.forEach((s, i) => {
      if (i === paaAt) {
        push({
          type: "people_also_ask",
          rank_group: 1,
          position: "left",
          xpath: "/html[1]/body[1]/div[3]/div[1]/div[11]/div[2]",
          rectangle: null,
          items: [
            {
              type: "people_also_ask_element",
              title: `Where can I submit ${keyword} art?`,
              seed_question: null,
              xpath: "/html[1]/body[1]/div[3]/div[1]/div[11]/div[2]/div[1]",
              expanded_element: [
                {
                  type: "people_also_ask_expanded_element",
                  featured_title: null,
                  url: `https://answers.example/${slugify(keyword)}`,
                  domain: "answers.example",
                  title: `How to get ${keyword} featured`,
                  description: `Many magazines and galleries run open calls for ${keyword}.`,
                  images: null,
                  timestamp: null,
                  table: null,
                },
              ],
            },
          ],
        });
      }
      if (i === imagesAt) {
        push({
          type: "images",
          rank_group: 1,
          position: "left",
          xpath: "/html[1]/body[1]/div[3]/div[1]/div[13]",
          title: `Images for ${keyword}`,
          url: `https://www.google.com/search?q=${encodeURIComponent(keyword)}&tbm=isch`,
          items: [{ type: "images_element", alt: keyword, url: `https://images.example/${slugify(keyword)}.jpg`, image_url: `https://images.example/${slugify(keyword)}.jpg` }],
        });
      }
      if (i === videoAt) {
        push({
          type: "video",
          rank_group: 1,
          position: "left",
          xpath: "/html[1]/body[1]/div[3]/div[1]/div[17]",
          items: [{ type: "video_element", source: "YouTube", title: `${keyword} studio tour`, timestamp: null, url: `https://video.example/${slugify(keyword)}` }],
        });
      }
      organicGroup += 1;
      push({
        type: "organic",
        rank_group: organicGroup,
        position: "left",
        xpath: `/html[1]/body[1]/div[3]/div[1]/div[9]/div[1]/div[${organicGroup}]`,
        domain: s.domain,
        title: s.title,
        url: s.url,
        cache_url: null,
        related_search_url: null,
        breadcrumb: s.breadcrumb,
        website_name: s.websiteName,
        is_image: false,
        is_video: false,
        is_featured_snippet: false,
        is_malicious: false,
        is_web_story: false,
        description: s.description,
        pre_snippet: null,
        extended_snippet: s.extendedSnippet,
        images: null,
        amp_version: false,
        rating: null,
        price: null,
        highlighted: keyword.split(/\s+/).slice(0, 3),
        links: null,
        faq: null,
        extended_people_also_search: null,
        about_this_result: null,
        related_result: null,
        timestamp: null,
        rectangle: null,
      });
    });
    push({
      type: "related_searches",
      rank_group: 1,
      position: "left",
      xpath: "/html[1]/body[1]/div[3]/div[1]/div[21]",
      items: [`${keyword} open call`, `${keyword} magazine submissions`, `${keyword} gallery`],
    });
    return {
      keyword,
      type: "organic",
      se_domain: "google.com",
      location_code: locationCode,
      language_code: languageCode,
      check_url: `https://www.google.com/search?q=${encodeURIComponent(keyword)}&num=100&hl=${languageCode}&gl=US&gws_rd=cr&ie=UTF-8&oe=UTF-8`,
      datetime: dfsDate(),
      spell: null,
      refinement_chips: null,
      item_types: [...new Set(items.map((i) => String(i.type)))],
      se_results_count: 1000 + (hashString(`count:${keyword}`) % 5_000_000),
      pages_count: Math.ceil(items.length / 10),
      items_count: items.length,
      items,
    };
  }

  function charge(amount: number): boolean {
    if (outOfFunds || balance < amount) return false;
    balance = Math.max(0, balance - amount);
    return true;
  }

  function tasksArray(ctx: RequestContext): Record<string, unknown>[] | null {
    const body = ctx.json<unknown>();
    if (Array.isArray(body)) return body.filter((t) => t && typeof t === "object") as Record<string, unknown>[];
    if (body && typeof body === "object") {
      // DataForSEO also accepts {"0": {...}} style objects.
      return Object.values(body).filter((t) => t && typeof t === "object") as Record<string, unknown>[];
    }
    return null;
  }

  function rankFor(target: string, scale: unknown): number {
    const domain = target.replace(/^https?:\/\//, "").split("/")[0]!.toLowerCase();
    const r100 = siteModel(domain).rankHundred;
    return scale === "one_hundred" ? r100 : Math.min(1000, r100 * 10 + (hashString(`rank:${domain}`) % 10));
  }

  async function handle(ctx: RequestContext) {
    const t0 = performance.now();
    const path = ctx.url.pathname.replace(/\/+$/, "");
    if (!authorised(ctx)) return topError(ctx, 401, 40100);
    if (outOfFunds) return topError(ctx, 402, 40210);
    const segments = path.split("/").filter(Boolean);

    // GET endpoints
    if (ctx.method === "GET" && path === "/v3/appendix/user_data") {
      const result = [
        {
          login,
          timezone: "UTC",
          rates: {
            limits: { day: { serp: 0 }, minute: { total: 2000, serp: 2000, backlinks: 2000, on_page: 2000 } },
            statistics: { day: { total: 0 }, minute: { total: 0 } },
          },
          money: {
            total: initialBalance,
            balance: Math.round(balance * 1e6) / 1e6,
            limits: { day: { total: 0 }, minute: { total: 0 } },
            statistics: { day: { total: Math.round((initialBalance - balance) * 1e6) / 1e6 }, minute: { total: 0 } },
          },
          price: { serp: { task_post: { priority_normal: [{ cost_type: "per_result", cost: COST.serpTask }] }, live: { priority_normal: [{ cost_type: "per_result", cost: COST.serpLive }] } } },
          backlinks_subscription_expiry_date: null,
        },
      ];
      const t = taskEnvelope(taskId(), 20000, ["v3", "appendix", "user_data"], { api: "appendix", function: "user_data" }, result, 0);
      return sendJson(ctx.res, 200, envelope(20000, t0, [t]));
    }
    if (ctx.method === "GET" && path === "/v3/serp/google/organic/tasks_ready") {
      const now = Date.now();
      const ready = [...tasks.values()].filter((t) => !t.collected && t.readyAt <= now).slice(0, 1000);
      const result = ready.map((t) => ({
        id: t.id,
        se: "google",
        se_type: "organic",
        date_posted: dfsDate(new Date(t.postedAt)),
        tag: t.tag,
        endpoint_regular: `/v3/serp/google/organic/task_get/regular/${t.id}`,
        endpoint_advanced: `/v3/serp/google/organic/task_get/advanced/${t.id}`,
        endpoint_html: `/v3/serp/google/organic/task_get/html/${t.id}`,
      }));
      const t = taskEnvelope(taskId(), 20000, segments, { api: "serp", function: "tasks_ready", se: "google", se_type: "organic" }, result, 0);
      return sendJson(ctx.res, 200, envelope(20000, t0, [t]));
    }
    if (ctx.method === "GET" && path.startsWith("/v3/serp/google/organic/task_get/advanced/")) {
      const id = segments[segments.length - 1]!;
      const stored = tasks.get(id);
      const data = stored?.data ?? { api: "serp", function: "task_get", se: "google", se_type: "organic" };
      if (!stored) {
        const t = taskEnvelope(id, 40400, segments, data, null, 0);
        return sendJson(ctx.res, 200, envelope(20000, t0, [t]));
      }
      if (stored.readyAt > Date.now()) {
        const t = taskEnvelope(id, 40602, segments, { ...stored.data, function: "task_get" }, null, 0);
        return sendJson(ctx.res, 200, envelope(20000, t0, [t]));
      }
      stored.collected = true;
      const t = taskEnvelope(id, 20000, segments, { ...stored.data, function: "task_get" }, [serpResult(stored.data)], 0);
      return sendJson(ctx.res, 200, envelope(20000, t0, [t]));
    }

    if (ctx.method !== "POST") return topError(ctx, 404, 40400);
    const list = tasksArray(ctx);
    if (!list || list.length === 0) {
      return sendJson(ctx.res, 200, { ...envelope(40501, t0, null), status_message: "Invalid Field: 'tasks'. POST data must be a JSON array of tasks." });
    }
    for (const task of list) received.push({ path, task });

    const isLive = path.endsWith("/live") || path.endsWith("/live/advanced") || path === "/v3/on_page/instant_pages";
    if (isLive && list.length > 1) return sendJson(ctx.res, 200, envelope(40000, t0, null));

    const results: ReturnType<typeof taskEnvelope>[] = [];
    let total = 0;
    const fn = (name: string, extra: Record<string, unknown>) => ({ ...extra, function: name });

    list.forEach((task, index) => {
      const id = taskId();
      const injected = nextInjectedError();
      let data: Record<string, unknown>;
      let result: unknown[] | null = null;
      let status = 20000;
      let message: string | undefined;
      let cost = 0;
      switch (path) {
        case "/v3/serp/google/organic/live/advanced": {
          data = fn("live", { api: "serp", se: "google", se_type: "organic", ...task, device: task.device ?? "desktop", os: task.os ?? "windows" });
          const bad = serpValidation(task, true);
          if (bad) {
            status = 40501;
            message = `Invalid Field: '${bad}'.`;
          } else {
            cost = COST.serpLive;
            result = [serpResult(task)];
          }
          break;
        }
        case "/v3/serp/google/organic/task_post": {
          data = fn("task_post", { api: "serp", se: "google", se_type: "organic", ...task, device: task.device ?? "desktop", os: task.os ?? "windows" });
          if (index >= 100) {
            status = 40006;
            break;
          }
          const bad = serpValidation(task, false);
          if (bad) {
            status = 40501;
            message = `Invalid Field: '${bad}'.`;
            break;
          }
          status = 20100;
          cost = COST.serpTask;
          break;
        }
        case "/v3/backlinks/summary/live": {
          data = fn("summary", { api: "backlinks", ...task });
          const target = typeof task.target === "string" ? task.target : "";
          if (!target) {
            status = 40501;
            message = "Invalid Field: 'target'.";
            break;
          }
          const domain = target.replace(/^https?:\/\//, "").split("/")[0]!.toLowerCase();
          const h = hashString(`bl:${domain}`);
          cost = COST.backlinks;
          result = [
            {
              target,
              first_seen: `20${10 + (h % 14)}-0${1 + (h % 9)}-1${h % 10} 0${h % 10}:12:40 +00:00`,
              lost_date: null,
              rank: rankFor(target, task.rank_scale),
              backlinks: 50 + (h % 20000),
              backlinks_spam_score: h % 30,
              crawled_pages: 10 + (h % 900),
              info: { server: "nginx", cms: "wordpress", platform_type: ["blogs"], ip_address: "192.0.2.10", country: "US", is_ip: false, target_spam_score: h % 20 },
              internal_links_count: 100 + (h % 5000),
              external_links_count: 20 + (h % 700),
              broken_backlinks: h % 12,
              broken_pages: h % 7,
              referring_domains: 10 + (h % 900),
              referring_domains_nofollow: h % 90,
              referring_main_domains: 9 + (h % 800),
              referring_main_domains_nofollow: h % 80,
              referring_ips: 8 + (h % 700),
              referring_subnets: 7 + (h % 600),
              referring_pages: 40 + (h % 15000),
              referring_pages_nofollow: h % 1500,
              referring_links_tld: { com: 10 + (h % 400), org: h % 50, example: h % 30 },
              referring_links_types: { anchor: 40 + (h % 15000), image: h % 40 },
              referring_links_attributes: { nofollow: h % 1500 },
              referring_links_platform_types: { blogs: h % 100, unknown: h % 1000 },
              referring_links_semantic_locations: { article: h % 500, "": h % 200 },
              referring_links_countries: { US: h % 300, GB: h % 100 },
            },
          ];
          break;
        }
        case "/v3/backlinks/bulk_ranks/live": {
          data = fn("bulk_ranks", { api: "backlinks", ...task });
          const targets = Array.isArray(task.targets) ? (task.targets as unknown[]).map(String) : [];
          if (targets.length === 0 || targets.length > 1000) {
            status = 40501;
            message = "Invalid Field: 'targets'.";
            break;
          }
          cost = COST.bulkRanks;
          result = [{ total_count: targets.length, items_count: targets.length, items: targets.map((t) => ({ target: t, rank: rankFor(t, task.rank_scale) })) }];
          break;
        }
        case "/v3/on_page/instant_pages": {
          data = fn("instant_pages", { api: "on_page", ...task });
          const url = typeof task.url === "string" ? task.url : "";
          let parsed: URL | null = null;
          try {
            parsed = new URL(url);
          } catch {
            parsed = null;
          }
          if (!parsed) {
            status = 40501;
            message = "Invalid Field: 'url'.";
            break;
          }
          cost = COST.instantPages;
          const site = siteModel(parsed.hostname);
          const title = parsed.pathname === "/" || parsed.pathname === "" ? site.title : `${site.name} – ${parsed.pathname.split("/").filter(Boolean).join(" ")}`;
          result = [
            {
              crawl_progress: "finished",
              crawl_status: null,
              crawl_gateway_address: "127.0.0.1",
              items_count: 1,
              items: [
                {
                  resource_type: "html",
                  status_code: 200,
                  location: null,
                  url,
                  meta: {
                    title,
                    charset: 65001,
                    follow: true,
                    generator: "WordPress 6.5",
                    htags: { h1: [site.name], h2: ["About", "Contact", ...(site.openCall ? ["Open call"] : [])] },
                    description: site.description,
                    favicon: `https://${site.domain}/favicon.ico`,
                    meta_keywords: `${site.medium}, contemporary art, emerging artists`,
                    canonical: url,
                    internal_links_count: 24,
                    external_links_count: 6,
                    inbound_links_count: 3,
                    images_count: 12,
                    images_size: 482000,
                    scripts_count: 4,
                    stylesheets_count: 2,
                    title_length: title.length,
                    description_length: site.description.length,
                    render_blocking_scripts_count: 0,
                    render_blocking_stylesheets_count: 1,
                    cumulative_layout_shift: 0.01,
                    meta_title: null,
                    content: { plain_text_size: 4200, plain_text_rate: 0.21, plain_text_word_count: 690, automated_readability_index: 9.1, coleman_liau_readability_index: 10.2, dale_chall_readability_index: 7.4, flesch_kincaid_readability_index: 58.3, smog_readability_index: 10.1, description_to_content_consistency: 0.8, title_to_content_consistency: 0.9, meta_keywords_to_content_consistency: 0.6 },
                    deprecated_tags: null,
                    duplicate_meta_tags: null,
                    spell: null,
                    social_media_tags: { "og:title": title, "og:type": "website" },
                  },
                  page_timing: { time_to_interactive: 480, dom_complete: 520, largest_contentful_paint: 610, first_input_delay: 4, connection_time: 12, time_to_secure_connection: 20, request_sent_time: 1, waiting_time: 90, download_time: 15, duration_time: 138, fetch_start: 0, fetch_end: 138 },
                  onpage_score: 88.5,
                  total_dom_size: 48213,
                  custom_js_response: null,
                  resource_errors: null,
                  broken_resources: false,
                  broken_links: false,
                  duplicate_title: false,
                  duplicate_description: false,
                  duplicate_content: false,
                  click_depth: 0,
                  size: 48213,
                  encoded_size: 12044,
                  total_transfer_size: 12044,
                  fetch_time: dfsDate(),
                  cache_control: { cachable: true, ttl: 600 },
                  checks: { no_content_encoding: false, high_loading_time: false, is_redirect: false, is_4xx_code: false, is_5xx_code: false, is_broken: false, no_title: false, no_description: false },
                  content_encoding: "gzip",
                  media_type: "text/html",
                  server: "nginx",
                  is_resource: false,
                  url_length: url.length,
                  relative_url_length: parsed.pathname.length,
                  last_modified: { header: null, sitemap: null, meta_tag: null },
                },
              ],
            },
          ];
          break;
        }
        default:
          data = { api: segments[1] ?? "", function: segments[segments.length - 1] ?? "" };
          status = 40400;
          message = "Not Found.";
      }
      if (injected && status < 40000) {
        status = injected.code;
        message = injected.message ?? MESSAGES[injected.code];
        result = null;
        cost = injected.code === 40101 ? cost : 0; // a search engine error may still be charged
      }
      if (cost > 0 && status < 40000 && !charge(cost)) {
        status = 40210;
        message = undefined;
        result = null;
        cost = 0;
      }
      if (status === 20100 && path.endsWith("/task_post")) {
        tasks.set(id, { id, postedAt: Date.now(), readyAt: Date.now() + taskDelay, collected: false, data, tag: typeof task.tag === "string" ? task.tag : null });
      }
      total += status < 40000 || status === 40101 ? cost : 0;
      results.push(taskEnvelope(id, status, segments, data, result, cost, message));
    });
    sendJson(ctx.res, 200, envelope(20000, t0, results, total));
  }

  const core = await startFakeCore({
    name: "dataforseo",
    port: opts.port,
    seed,
    handle,
    rateLimited: (ctx) => sendJson(ctx.res, 200, envelope(40202, performance.now(), null)),
    fault: (ctx, status) => {
      const code = status === 429 ? 40202 : status === 402 ? 40210 : status === 401 ? 40100 : status >= 500 ? 50000 : 40000;
      sendJson(ctx.res, status, envelope(code, performance.now(), null));
    },
    actions: {
      "out-of-funds": (b) => control.setOutOfFunds(b.value !== false),
      "task-error": (b) => control.injectTaskError({ code: Number(b.code ?? 50000), message: b.message as string | undefined, count: b.count == null ? 1 : Number(b.count) }),
      "task-delay": (b) => control.setTaskDelay(Number(b.ms ?? 0)),
      balance: () => control.balance(),
      requests: () => control.requests(),
    },
    onReset() {
      balance = initialBalance;
      outOfFunds = false;
      taskDelay = opts.taskDelayMs ?? 150;
      taskErrors = [];
      tasks = new Map();
      received = [];
    },
  });

  const control: DataForSeoControl = Object.assign(core.control, {
    setOutOfFunds(v: boolean) {
      outOfFunds = v;
    },
    injectTaskError(err: DataForSeoTaskError) {
      taskErrors.push({ ...err, count: err.count ?? 1 });
    },
    setTaskDelay(ms: number) {
      taskDelay = Math.max(0, ms);
    },
    balance: () => balance,
    requests: () => received.map((r) => ({ ...r })),
  });

  return { url: core.url, control, close: core.close };
}
