/** `pnpm bench`: runs every benchmark, prints each figure, and writes docs/benchmarks.md. */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchApiPage } from "./api-page.ts";
import { benchLimits } from "./limits.ts";
import { benchPipeline } from "./pipeline.ts";
import { benchSendPlan } from "./send-plan.ts";
import { benchSubscriptionMemory } from "./subscriptions-memory.ts";
import { benchSubscriptions } from "./subscriptions.ts";
import { benchWeb } from "./web.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const load = () => os.loadavg()[0]!.toFixed(1);
const loads: string[] = [];
const step = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  loads.push(`${name} ${load()}`);
  return fn();
};
const api = await step("api", benchApiPage);
const subs = await step("subscriptions", () => benchSubscriptions());
const subs400 = await step("subscriptions at 400", () => benchSubscriptions({ subscribers: 400 }));
const monitors = await step("idle monitors", () => benchSubscriptionMemory());
const pipe = await step("pipeline", () => benchPipeline());
const plan = await step("send plan", benchSendPlan);
const limits = await step("limits", () => benchLimits());
const { bundle, board } = await step("web", benchWeb);
loads.push(`end ${load()}`);

const f2 = (n: number) => n.toFixed(2);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const subsOk = subs.met;
const subsRow = (r: typeof subs) =>
  `| Subscriptions, ${r.subscribers} subscribers on 2 API instances, ${r.rate} events/s | p99 ${f2(r.graphql.p99)} ms, lost ${r.lost}; API ${r.cpuPerDeliveryMicros.api.toFixed(1)} µs CPU per delivery | bare ws server ${r.bare.cpuPerFrameMicros.toFixed(1)} µs CPU per frame, ratio ${r.cpuRatio.toFixed(2)}; raw Redis subscriber p99 ${f2(r.raw.p99)} ms | ${r.target} | ${r.met ? "yes" : "no"} |`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const limitsOk = limits.rows.every((r) => r.fraction >= 0.95 && r.refused === 0);
const lines = [
  "# Benchmarks",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Every ratio compares two things measured in the same run, because these machines are noisy; absolute times are for orientation only. Re-run with \`pnpm bench\`.`,
  "",
  `1-minute load average when each part started: ${loads.join(", ")} (the machine is shared with other test runs; on ${os.cpus().length} cores a load above ${os.cpus().length} means waiting for CPU, which shows in every absolute figure).`,
  "",
  "| benchmark | figure | baseline (same run) | target | met |",
  "| --- | --- | --- | --- | --- |",
  `| API page of 50 prospects | GraphQL p50 ${f2(api.graphql.p50)} ms | one SQL query p50 ${f2(api.sql.p50)} ms; ratio ${f2(api.ratioP50)} | ratio ≤ 3 | ${api.ratioP50 <= 3 ? "yes" : "no"} |`,
  subsRow(subs),
  subsRow(subs400),
  `| Idle monitors, ${monitors.monitors.toLocaleString("en")} jobProgress subscriptions on one API instance | heap ${kb(monitors.perMonitorBytes.heap)}, RSS ${kb(monitors.perMonitorBytes.rss)} per subscription; a query p99 ${f2(monitors.query.holding.p99)} ms | the instance at rest holding none | ${monitors.target} | ${monitors.met ? "yes" : "no"} |`,
  `| Pipeline discover → enrich → score | ${f2(pipe.perSecond)} prospects/s | BullMQ no-op ${pipe.noopPerSecond.toFixed(0)} jobs/s; ratio ${pipe.ratio.toFixed(4)} | (none set) | – |`,
  `| Send plan, ${plan.emails.toLocaleString("en")} approved emails in ${plan.campaigns} campaigns | p50 ${f2(plan.plan.p50)} ms | one SQL read of the same emails p50 ${f2(plan.sql.p50)} ms; ratio ${plan.ratioP50.toFixed(1)} | < 1,000 ms | ${plan.plan.p50 < 1000 ? "yes" : "no"} |`,
  `| Provider limits, 2 processes | ${limits.rows.map((r) => `${r.provider} ${r.fraction.toFixed(3)}`).join(", ")} of the limit; refused ${limits.rows.reduce((n, r) => n + r.refused, 0)} | the limit, ${limits.perSecond}/s | ≥ 0.95, zero 429s | ${limitsOk ? "yes" : "no"} |`,
  `| Web initial JS | ${bundle.measured ? `${bundle.gzipKb} KB gzipped` : "not measured (web/dist not built)"} | – | ≤ ${bundle.measured ? bundle.budgetKb : 250} KB | ${bundle.measured ? (bundle.gzipKb <= bundle.budgetKb ? "yes" : "no") : "–"} |`,
  `| Web, 10,000-prospect board render + scroll | ${board.measured ? `longest task ${board.longestMs} ms (${board.longTasks} over 50 ms)` : "not measured (browser run failed)"} | – | ≤ ${board.measured ? board.limitMs : 200} ms | ${board.measured ? (board.longestMs <= board.limitMs ? "yes" : "no") : "–"} |`,
  "",
  "## API: a page of 50 prospects with contacts and last email",
  "",
  "GraphQL (Yoga + Pothos + Prisma, over HTTP with auth) versus the same rows from one hand-written SQL query behind a minimal Node HTTP handler, interleaved.",
  "",
  "| | p50 | p99 |",
  "| --- | --- | --- |",
  `| GraphQL | ${f2(api.graphql.p50)} ms | ${f2(api.graphql.p99)} ms |`,
  `| one SQL query | ${f2(api.sql.p50)} ms | ${f2(api.sql.p99)} ms |`,
  `| **ratio** | **${f2(api.ratioP50)}** (target ≤ 3) | **${f2(api.ratioP99)}** |`,
  "",
  `SQL statements per GraphQL request: **${api.statementsPerRequest.toFixed(1)}**, the same for a page of 10 or 100 (asserted in api/test/statements.test.ts).`,
  "",
  api.ratioP50 <= 3
    ? "Target met."
    : `**Target (p50 ratio ≤ 3) missed in this run.** The GraphQL request is 3 statements (prospects, their contacts, their emails) where the baseline is 1, Prisma's client turning ~250 rows into objects, and the Yoga/envelop pipeline (JWT, GraphQL Armor limits, validation, masking), all in the same process as the benchmark client on ${os.cpus().length} cores at a load average of ${loads[0]!.split(" ")[1]}.`,
  "",
  "Tried and measured: Prisma's `relationJoins` (one statement) made the page 3× slower (45 ms p50: JSON aggregation in PostgreSQL and its parsing in the client), so it is not used; Pothos select mode for Prospect, Contact and EmailLog (only the columns a query asks for, never the JSON payloads or email bodies) cut Prisma's time for the page by about 30 %.",
  "",
  "## Subscriptions: fan-out to graphql-ws clients through two API instances",
  "",
  `${subs.subscribers} graphql-ws clients (half on each of two API processes running \`buildApp\` from api/server.ts) subscribe to \`jobProgress\` of one job their user owns. A publisher in the benchmark process sends ${subs.rate} progress events per second for ${subs.events / subs.rate} s through \`createEventBus\` (the worker's event bus), each carrying its publish time in \`message\`; latency is publish → the client's \`next\` callback. The baseline is a raw ioredis subscriber on the same Redis channel, receiving the same events in the same run.`,
  "",
  "| | p50 | p99 | lost |",
  "| --- | --- | --- | --- |",
  `| GraphQL subscription (${subs.subscribers} clients, ${subs.subscribers * subs.events} deliveries) | ${f2(subs.graphql.p50)} ms | ${f2(subs.graphql.p99)} ms | ${subs.lost} |`,
  `| raw Redis subscriber (1 client, ${subs.events} messages) | ${f2(subs.raw.p50)} ms | ${f2(subs.raw.p99)} ms | ${subs.rawLost} |`,
  `| **ratio** | **${subs.ratioP50.toFixed(1)}** | **${subs.ratioP99.toFixed(1)}** (target: p99 < 100 ms) | |`,
  "",
  `CPU per delivery in this run: API instances ${subs.cpuPerDeliveryMicros.api.toFixed(1)} µs, benchmark clients ${subs.cpuPerDeliveryMicros.clients.toFixed(1)} µs.`,
  "",
  subsOk
    ? "Target met."
    : `**Target missed in this run.** ${subs.lost ? `${subs.lost} deliveries had not arrived when the benchmark stopped waiting (nothing new for 3 s, or 60 s after the last publish)${subs.closed ? `; ${subs.closed} subscriptions ended with an error (${subs.errors.join("; ")})` : ""}.` : "No event was lost: every client got every event, in order."} ${subs.subscribers} subscribers × ${subs.rate} events/s is ${subs.subscribers * subs.rate} deliveries per second, about ${((subs.subscribers * subs.rate * (subs.cpuPerDeliveryMicros.api + subs.cpuPerDeliveryMicros.clients)) / 1e6).toFixed(1)} of this machine's ${os.cpus().length} cores for the API instances and the clients alone, at the CPU cost per delivery measured above; with anything else running (see the load averages) the work queues and latency grows over the run. The raw Redis subscriber, which lives in the client process, shows the same machine's delay without any fan-out.`,
  "",
  "What changed, measured on this machine (interleaved runs of the old and new code): subscription fan-out used to run the whole GraphQL pipeline once per subscriber per event (Yoga and envelop, graphql-tools execution with per-event argument and global-id decoding, and about six async layers: a Repeater, a filtering generator, executor and envelop wrappers), about 50 µs of API CPU per delivery, so two instances could not deliver 50,000 events/s and latency grew by seconds per second (p99 11–16 s at 1,000 subscribers). Now each event is executed once for all subscribers with the same query, variables and viewer (api/shared-subscription-execution.ts; the viewer is part of the key, so no result crosses users), events are filtered as they arrive in one small queue per subscriber (packages/contracts/src/event-queue.ts), and masking is applied once per shared result: 18–21 µs per delivery, of which about 12 µs is the WebSocket frame itself (a bare ws server with no GraphQL needs 11–12 µs here). At 200 and 400 subscribers p99 is 10–25 ms on a quiet machine; at 1,000 the best run gave p50 33 ms, p99 107 ms with nothing lost, and runs under other load p99 0.3–4 s. A bare ws server gives p99 63 ms idle and 184 ms at load 5 on the same machine, so the remaining gap is CPU, not GraphQL: closing it needs the API instances on cores of their own (the benchmark puts two API instances, 1,000 clients and the publisher on 2 cores) or fewer frames per client (a throttled jobProgress that keeps the latest state).",
  "",
  "## Pipeline: prospects per second through discover → enrich → score",
  "",
  `One worker process (\`worker/main.ts\`, WORKER_CONCURRENCY 4) runs discovery for ${pipe.keywords} keywords at search depth ${pipe.depth} against the sandbox fakes with zero latency: SERP, Hunter domain search (and the email verifier), a crawl of each site on the fake web host, scoring. Drafting is left out (a minimum score no site reaches). The figure is prospects scored divided by the time from enqueueing the discovery to its Job row completing. The baseline is BullMQ itself: no-op jobs per second with one Worker at the same concurrency on the same Redis, in the same run.`,
  "",
  "| | figure |",
  "| --- | --- |",
  `| prospects scored | ${pipe.scored} of ${pipe.prospects} discovered, in ${pipe.seconds.toFixed(1)} s |`,
  `| pipeline | **${f2(pipe.perSecond)} prospects/s** |`,
  `| BullMQ no-op jobs | ${pipe.noopPerSecond.toFixed(0)} jobs/s |`,
  `| **ratio** | **${pipe.ratio.toFixed(4)}** (one prospect costs as much as ${(1 / pipe.ratio).toFixed(0)} no-op jobs) |`,
  "",
  "No target was set. A prospect is several HTTP calls (Hunter search, verifier, 3-6 page fetches of the crawl) and a dozen SQL statements, all on the same 2 cores as the fakes and PostgreSQL, so the ratio says how far the pipeline is from the queue's own overhead, not that the queue is the limit.",
  "",
  "## Send plan: what the dispatcher and the Send queue page compute",
  "",
  `\`loadSendPlans\` for ${plan.campaigns} campaigns of 10 users (seven time zones, caps, windows, gaps, suppressions, a send history) holding ${plan.emails.toLocaleString("en")} approved emails: every query it makes and the planning itself, versus one hand-written SQL query reading the same approved emails, interleaved (n=${plan.plan.n}).`,
  "",
  "| | p50 | p99 |",
  "| --- | --- | --- |",
  `| plan | ${f2(plan.plan.p50)} ms | ${f2(plan.plan.p99)} ms |`,
  `| one SQL read | ${f2(plan.sql.p50)} ms | ${f2(plan.sql.p99)} ms |`,
  `| **ratio** | **${plan.ratioP50.toFixed(1)}** | |`,
  "",
  "## Provider limits: two processes sharing each provider's limit",
  "",
  `Two processes call one cheap endpoint of each fake provider as fast as the shared Redis limiter (\`createLimiter\` of packages/providers, production safety margin, 4 calls in flight per process and provider) allows, for ${limits.seconds} s, with every fake refusing anything over ${limits.perSecond} calls in any 1 s window (the fakes' rate-limit control, as in packages/providers/test/limiter.serial.test.ts).`,
  "",
  "| provider | calls (process A + B) | rate | fraction of the limit | refused by the fake | other failures |",
  "| --- | --- | --- | --- | --- | --- |",
  ...limits.rows.map((r) => `| ${r.provider} | ${r.ok} (${r.split.join(" + ")}) | ${f2(r.rate)}/s | **${r.fraction.toFixed(3)}** | ${r.refused} | ${r.failed} |`),
  "",
  limitsOk
    ? "Target met."
    : "**Target (≥ 0.95, zero 429s) missed in this run.**",
  "",
  "How the limiter gets close to the limit without going over: slots are reserved in Redis (one script, first come first served across processes) and spaced 4 % wider than the provider's rate, and at least 25 ms per window (packages/providers/src/limiter.ts: DEFAULT_SAFETY 0.96, LATE_ALLOWANCE_MS 25), so the ceiling is 1 / max(1/0.96, 1 + 0.025) = 0.96 of the limit. A call whose wait ends more than 25 ms after its slot (timer lag on a busy CPU) does not leave on that stale slot, where it could land in the provider's window next to calls that kept theirs: it queues for a new slot behind every slot reserved since (tested in limiter.serial.test.ts). Before that check the margin had to absorb timer lag by itself (5 % and 75 ms: 0.93 of the limit), and a loaded machine still got a 429 through.",
  "",
  "## Web",
  "",
  bundle.measured
    ? `Initial JS of a first visit (entry chunks plus their static imports, web/scripts/bundle-size.ts over web/dist built ${bundle.builtAt}): **${bundle.gzipKb} KB gzipped** (${bundle.rawKb} KB raw, ${bundle.files} files; budget ${bundle.budgetKb} KB).`
    : "Initial JS not measured: web/dist was not built (`pnpm --filter @outreach/web build`, then `pnpm bench`).",
  "",
  board.measured
    ? `The 10,000-prospect board (web/e2e/perf.spec.ts in Debian Chromium against the real stack: 10,000 rows inserted, the board opened in the app, every column scrolled to its end while it pages in 100 cards at a time): **longest main-thread task ${board.longestMs} ms**, ${board.longTasks} task(s) over 50 ms in all (limit ${board.limitMs} ms; the same test runs in \`pnpm test\`).`
    : "The board scroll was not measured: the browser run failed (see the benchmark's output).",
  "",
];
writeFileSync(path.join(root, "docs/benchmarks.md"), `${lines.join("\n")}\n`);
console.log("wrote docs/benchmarks.md");
process.exit(0);
