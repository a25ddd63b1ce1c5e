/**
 * Memory per idle monitor: N graphql-ws subscriptions to jobProgress, each on its own connection as
 * each open job page is, held by one API instance (bench/sub-api-child.ts, run with --expose-gc),
 * spread over USERS users with JOBS_PER_USER jobs each. Reports heap and RSS per subscription (after
 * a full GC, against the same instance warmed up but holding none), and the latency of a GraphQL
 * query over HTTP while the instance holds them all.
 *
 * Knobs (env): BENCH_MONITORS (subscriptions), BENCH_QUERIES (queries timed); BENCH_SNAPSHOT=path
 * writes heap snapshots of the instance at rest before (path.before) and after opening them.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createTokenService } from "@outreach/api/services/auth";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/testkit";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startChild, stopChild } from "./children.ts";
import { ms, summary } from "./stats.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const USERS = 100;
const JOBS_PER_USER = 10;
/** How many connections are opened at once. */
const BATCH = 200;
export const MAX_BYTES_PER_MONITOR = 20 * 1024;
export const MAX_QUERY_P99_MS = 50;

const SUBSCRIPTION = `subscription($j: ID!) { jobProgress(jobId: $j) { kind seq status progress message } }`;
const QUERY = `query($id: ID!) { job(id: $id) { id status progress } }`;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

interface Memory {
  heapUsed: number;
  rss: number;
}

/**
 * The instance's memory at rest: V8 hands back the pages a burst of work grew its heap by only
 * after some idle seconds, so this polls every 5 s until RSS moves by less than 2 % (at most a
 * minute). Taken the same way before and after opening the monitors.
 */
async function settled(memory: () => Promise<{ memory: Memory }>) {
  let last = await memory();
  for (let polls = 0; polls < 12; polls++) {
    await new Promise((r) => setTimeout(r, 5000));
    const now = await memory();
    const moved = Math.abs(now.memory.rss - last.memory.rss) / last.memory.rss;
    last = now;
    if (moved < 0.02) break;
  }
  return last;
}

export async function benchSubscriptionMemory(opts: { monitors?: number; queries?: number } = {}) {
  const N = opts.monitors ?? Number(process.env.BENCH_MONITORS ?? 10_000);
  const QUERIES = opts.queries ?? Number(process.env.BENCH_QUERIES ?? 300);
  const database = await createTestDatabase("benchmem");
  const db = createDb(database.url, { max: 2 });
  const secret = randomBytes(32).toString("hex");
  const tokens = createTokenService(new TextEncoder().encode(secret), 3600);
  const users = await Promise.all(
    Array.from({ length: USERS }, (_, u) => db.user.create({ data: { email: `monitor-${u}-${randomUUID()}@example.org`, name: `Viewer ${u}`, passwordHash: "x" } })),
  );
  await db.job.createMany({ data: users.flatMap((user) => Array.from({ length: JOBS_PER_USER }, () => ({ userId: user.id, jobType: "discover" as const, params: {}, status: "running" as const }))) });
  const jobs = await db.job.findMany({ select: { id: true, userId: true }, orderBy: { id: "asc" } });
  const tokenOf = new Map(await Promise.all(users.map(async (u) => [u.id, await tokens.issue(u)] as const)));
  const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: `bench-${randomUUID()}`, JWT_SECRET_KEY: secret, BENCH_USER_ID: users[0]!.id, BENCH_USER_EMAIL: users[0]!.email };
  const api = await startChild("sub-api-child.ts", env, ["--expose-gc"]);
  const wsUrl = `${api.url.replace(/^http/, "ws")}/graphql`;

  const clients: Client[] = [];
  /** Opens `count` connections, each for job (from + k) % jobs with its owner's token; resolves once each is acknowledged. */
  const connect = (from: number, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, k) => {
        const job = jobs[(from + k) % jobs.length]!;
        const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${tokenOf.get(job.userId)}` }, retryAttempts: 0, lazy: false });
        clients[from + k] = client;
        return new Promise<void>((resolve) => client.on("connected", () => resolve()));
      }),
    );
  /** Subscribes connections from..from+count to their job; resolves once each has its first event. */
  const subscribe = (from: number, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, k) => {
        const job = jobs[(from + k) % jobs.length]!;
        return new Promise<void>((resolve, reject) => {
          clients[from + k]!.subscribe({ query: SUBSCRIPTION, variables: { j: gid("Job", job.id) } }, {
            next: ({ errors }) => (errors ? reject(new Error(JSON.stringify(errors))) : resolve()),
            error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
            complete: () => {},
          });
        });
      }),
    );
  const openMonitors = async (from: number, count: number) => {
    await connect(from, count);
    await subscribe(from, count);
  };
  const timeQueries = async (count: number) => {
    const samples: number[] = [];
    for (let q = 0; q < count; q++) {
      const job = jobs[(q * 7) % jobs.length]!;
      const start = performance.now();
      const res = await fetch(`${api.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${tokenOf.get(job.userId)}` },
        body: JSON.stringify({ query: QUERY, variables: { id: gid("Job", job.id) } }),
      });
      const body = (await res.json()) as { data?: { job?: { id: string } } };
      samples.push(performance.now() - start);
      if (!body.data?.job) throw new Error(`query failed: ${JSON.stringify(body)}`);
    }
    return summary(samples);
  };

  // Warm-up: the instance has run the subscription and the query before its memory is taken.
  await openMonitors(0, BATCH);
  await timeQueries(50);
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  const before = await settled(() => api.ask<{ memory: Memory }>("memory"));
  if (process.env.BENCH_SNAPSHOT) await api.ask(`heapsnapshot ${process.env.BENCH_SNAPSHOT}.before`);
  const idle = await timeQueries(QUERIES);

  const opening = performance.now();
  for (let i = 0; i < N; i += BATCH) await connect(i, Math.min(BATCH, N - i));
  const connectSeconds = (performance.now() - opening) / 1000;
  const connected = await api.ask<{ memory: Memory }>("memory");
  const subscribing = performance.now();
  for (let i = 0; i < N; i += BATCH) await subscribe(i, Math.min(BATCH, N - i));
  const subscribeSeconds = (performance.now() - subscribing) / 1000;
  const opened = await api.ask<{ memory: Memory }>("memory");
  const after = await settled(() => api.ask<{ memory: Memory }>("memory"));
  if (process.env.BENCH_SNAPSHOT) await api.ask(`heapsnapshot ${process.env.BENCH_SNAPSHOT}`);
  const holding = await timeQueries(QUERIES);

  const perMonitor = {
    heap: (after.memory.heapUsed - before.memory.heapUsed) / N,
    rss: (after.memory.rss - before.memory.rss) / N,
    rssJustOpened: (opened.memory.rss - before.memory.rss) / N,
    heapConnectionsOnly: (connected.memory.heapUsed - before.memory.heapUsed) / N,
  };
  const met = {
    heap: perMonitor.heap < MAX_BYTES_PER_MONITOR,
    rss: perMonitor.rss < MAX_BYTES_PER_MONITOR,
    query: holding.p99 < MAX_QUERY_P99_MS,
  };
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const yesNo = (ok: boolean) => (ok ? "met" : "MISSED");
  const all = met.heap && met.rss && met.query;
  console.log(
    `Idle monitors: ${N} jobProgress subscriptions (own connections, ${USERS} users, ${jobs.length} jobs) on one API instance (connected in ${connectSeconds.toFixed(1)} s, subscribed in ${subscribeSeconds.toFixed(1)} s, ${BATCH} at a time): ` +
      `heap ${kb(perMonitor.heap)} (of which the connection alone ${kb(perMonitor.heapConnectionsOnly)}) and RSS ${kb(perMonitor.rss)} per subscription once settled (${kb(perMonitor.rssJustOpened)} right after opening them) ` +
      `(heap ${mb(before.memory.heapUsed)} -> ${mb(after.memory.heapUsed)} MB, RSS ${mb(before.memory.rss)} -> ${mb(opened.memory.rss)} -> ${mb(after.memory.rss)} MB)` +
      `\n  a job query over HTTP (n=${QUERIES}) while holding them: p50 ${ms(holding.p50)} p99 ${ms(holding.p99)}; holding none: p50 ${ms(idle.p50)} p99 ${ms(idle.p99)}` +
      `\n  target: under ${kb(MAX_BYTES_PER_MONITOR)} heap (${yesNo(met.heap)}) and RSS (${yesNo(met.rss)}) per subscription, query p99 < ${MAX_QUERY_P99_MS} ms (${yesNo(met.query)}) => ${all ? "target met" : "target MISSED"} in this run`,
  );

  await Promise.all(clients.map((c) => c.dispose()));
  await stopChild(api);
  await db.$disconnect();
  await database.drop();
  return {
    monitors: N,
    users: USERS,
    jobs: jobs.length,
    perMonitorBytes: perMonitor,
    before: before.memory,
    opened: opened.memory,
    after: after.memory,
    query: { holding, idle },
    target: `under ${kb(MAX_BYTES_PER_MONITOR)} heap and RSS per subscription, query p99 < ${MAX_QUERY_P99_MS} ms`,
    met: all,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSubscriptionMemory();
  process.exit(0);
}
