/**
 * Subscription fan-out: N graphql-ws subscribers (half on each of two API instances, each a child
 * process running buildApp) to jobProgress of one job they own; a publisher sends RATE progress
 * events per second for SECONDS through the event bus the worker uses (createEventBus), each
 * carrying its publish time (performance.timeOrigin + now, in `message`). Reports publish -> client
 * receipt latency p50/p99 and lost events, and the CPU time each delivery costs in the API instances.
 *
 * Baselines, in the same run: a bare `ws` server pair (bench/sub-ws-child.ts, no GraphQL) sending
 * the same frames to the same graphql-ws clients, measured the same way before and after the
 * GraphQL part (their mean CPU per frame is what API CPU per delivery is compared with); and a raw
 * Redis subscriber on the job's channel during the GraphQL part (the machine's own delay, without
 * any fan-out).
 *
 * Knobs (env): BENCH_SUBSCRIBERS, BENCH_RATE (events/s), BENCH_SECONDS; BENCH_WARMUP=s of unmeasured
 * events first; BENCH_TIMELINE=1 prints latency per second of publishing; BENCH_CPU_PROF=dir writes
 * a CPU profile of each server process over its measured window.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createEventBus, type EventBus, type JobProgressEvent } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/testkit";
import { createClient } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { childCpuMicros, startChild, stopChild, type Child } from "./children.ts";
import { ms, summary } from "./stats.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const now = () => performance.timeOrigin + performance.now();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
/** Seqs below BASE are probes and warm-up (counting up: a subscription drops a seq it has passed). */
const BASE = 1_000_000;
/** API CPU per delivery may be at most this many times the bare ws server's CPU per frame. */
export const MAX_CPU_RATIO = 1.5;

/** p99 latency goal at this many subscribers (issue 16: < 50 ms at 400, < 100 ms at 1,000). */
export const p99TargetMs = (subscribers: number) => (subscribers <= 400 ? 50 : 100);

function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** One client's view: every event (seq, message) it receives; `close` ends it. */
type Connect = (server: Child, onEvent: (seq: number, message: string) => void, onError: (message: string) => void) => () => unknown;

const graphqlClient = (jobGid: string): Connect => (server, onEvent, onError) => {
  const client = createClient({
    url: `${server.url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${server.token}` },
    retryAttempts: 0,
    lazy: true,
  });
  client.subscribe<{ jobProgress: { seq: number; message: string } }>(
    { query: `subscription($j: ID!) { jobProgress(jobId: $j) { seq message progress status } }`, variables: { j: jobGid } },
    {
      next: ({ data, errors }) => {
        if (errors?.length) onError(errors[0]!.message);
        if (data) onEvent(data.jobProgress.seq, data.jobProgress.message);
      },
      error: (e) => {
        const c = e as { message?: string; code?: number; reason?: string };
        onError(c.message ?? `closed ${c.code ?? "?"} ${c.reason ?? ""}`.trim());
      },
      complete: () => {},
    },
  );
  return () => client.dispose();
};

/** The servers' own logs (the faults they masked), to tell what an "Unexpected error." was. */
const serverLogs = (servers: Child[]) =>
  servers.map((s, i) => (s.stderr().trim() ? `\n  server ${i} logged:\n${s.stderr().trim().slice(-4000)}` : "")).join("");

interface PhaseOptions {
  name: string;
  servers: Child[];
  connect: Connect;
  subscribers: number;
  rate: number;
  seconds: number;
  publish: (seq: number, message: string) => void;
  /** Runs while this phase publishes its measured events (e.g. the raw Redis baseline). */
  whileMeasuring?: (from: number) => void;
}

/**
 * Connects the clients (alternating between the servers), probes until every one receives events,
 * warms up, then publishes rate × seconds events and waits for them to arrive. Latency is per
 * delivery; CPU is the servers' CPU from the first measured publish to the end of the drain.
 */
async function measurePhase(o: PhaseOptions) {
  const events = o.rate * o.seconds;
  const latency = new Float64Array(o.subscribers * events);
  const latencySeq = new Int32Array(o.subscribers * events);
  let received = 0;
  const probed = new Array<boolean>(o.subscribers).fill(false);
  const errors: string[] = [];
  let failed = 0;
  const closers: (() => unknown)[] = [];
  for (let i = 0; i < o.subscribers; i++) {
    const seen = new Set<number>();
    const onEvent = (published: number, message: string) => {
      const t = now();
      if (published < BASE) {
        if (published > 0) probed[i] = true;
        return;
      }
      const seq = published - BASE;
      if (seen.has(seq)) return;
      seen.add(seq);
      latencySeq[received] = seq;
      latency[received++] = t - Number(message);
    };
    const onError = (message: string) => {
      failed++;
      if (errors.length < 5) errors.push(message);
    };
    closers.push(o.connect(o.servers[i % o.servers.length]!, onEvent, onError));
    if (i % 50 === 49) await sleep(20);
  }
  let probeSeq = 0;
  const probeEnd = Date.now() + 120_000;
  while (probed.some((p) => !p)) {
    if (Date.now() > probeEnd) {
      throw new Error(`${o.name}: only ${probed.filter(Boolean).length}/${o.subscribers} subscriptions live after 120 s: ${errors.join("; ")}${serverLogs(o.servers)}`);
    }
    o.publish(++probeSeq, "probe");
    await sleep(250);
  }
  // BENCH_WARMUP=seconds: unmeasured events at the same rate first, so the measured ones find
  // optimised code (JIT) and grown heaps in the servers and the clients.
  const warmupEnd = Date.now() + Number(process.env.BENCH_WARMUP ?? 0) * 1000;
  while (Date.now() < warmupEnd) {
    o.publish(++probeSeq, "warm-up");
    await sleep(1000 / o.rate);
  }
  await sleep(1000);

  for (const s of o.servers) s.child.stdin!.write("profile start\n");
  const cpuBefore = o.servers.map((s) => childCpuMicros(s.child.pid!));
  const clientCpuBefore = ownCpuMicros();
  const start = now() + 50;
  o.whileMeasuring?.(BASE);
  for (let s = 0; s < events; s++) {
    const at = start + (s * 1000) / o.rate;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
    o.publish(BASE + s, String(now()));
  }
  // Drain: until everything arrived or nothing more arrives for 3 s (at most 60 s).
  let last = -1;
  let stillSince = Date.now();
  const drainEnd = Date.now() + 60_000;
  while (received < o.subscribers * events && Date.now() < drainEnd) {
    await sleep(200);
    if (received !== last) {
      last = received;
      stillSince = Date.now();
    } else if (Date.now() - stillSince > 3000) break;
  }
  const cpu = o.servers.reduce(
    (sum, s, i) => {
      const after = childCpuMicros(s.child.pid!);
      return { user: sum.user + after.user - cpuBefore[i]!.user, system: sum.system + after.system - cpuBefore[i]!.system };
    },
    { user: 0, system: 0 },
  );
  const clientCpu = ownCpuMicros() - clientCpuBefore;
  for (const s of o.servers) s.child.stdin!.write("profile stop\n");
  await sleep(process.env.BENCH_CPU_PROF ? 2000 : 0);

  // BENCH_TIMELINE=1: latency by second of publishing, to tell a backlog that grows from one-off stalls.
  if (process.env.BENCH_TIMELINE) {
    const bySecond = Array.from({ length: o.seconds }, () => [] as number[]);
    for (let k = 0; k < received; k++) bySecond[Math.floor(latencySeq[k]! / o.rate)]!.push(latency[k]!);
    bySecond.forEach((samples, second) => {
      const s = summary(samples);
      console.log(`  ${o.name}, second ${second}: p50 ${ms(s.p50)} p99 ${ms(s.p99)} (${s.n} deliveries)`);
    });
  }
  if (failed) console.log(`${o.name}: ${failed} subscriptions ended with an error${serverLogs(o.servers)}`);
  await Promise.all(closers.map((close) => close()));
  await Promise.all(o.servers.map(stopChild));
  return {
    latency: summary(Array.from(latency.subarray(0, received))),
    lost: o.subscribers * events - received,
    cpuPerDeliveryMicros: (cpu.user + cpu.system) / Math.max(received, 1),
    userCpuPerDeliveryMicros: cpu.user / Math.max(received, 1),
    clientCpuPerDeliveryMicros: clientCpu / Math.max(received, 1),
    errors,
    failed,
  };
}

export async function benchSubscriptions(opts: { subscribers?: number; rate?: number; seconds?: number } = {}) {
  const N = opts.subscribers ?? Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
  const RATE = opts.rate ?? Number(process.env.BENCH_RATE ?? 50);
  const SECONDS = opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 10);
  const EVENTS = RATE * SECONDS;
  const database = await createTestDatabase("benchsub");
  const db = createDb(database.url, { max: 2 });
  const prefix = `bench-${randomUUID()}`;
  const secret = randomBytes(32).toString("hex");
  const user = await db.user.create({ data: { email: `sub-${randomUUID()}@example.org`, name: "Bench", passwordHash: "x" } });
  const campaign = await db.campaign.create({ data: { userId: user.id, name: "Bench", artistName: "A", fromName: "A", fromEmail: "a@example.org", keywords: ["x"] } });
  const job = await db.job.create({ data: { userId: user.id, campaignId: campaign.id, jobType: "discover", params: {}, status: "running" } });
  const bus: EventBus = createEventBus(REDIS_URL, prefix);
  const publish = (seq: number, message: string) =>
    bus.publish("jobProgress", job.id, { jobId: job.id, userId: user.id, campaignId: campaign.id, status: "running", progress: seq % 100, message, seq });
  const env = {
    ...process.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: secret,
    BENCH_USER_ID: user.id, BENCH_USER_EMAIL: user.email, BENCH_CHANNEL: `${prefix}:jobProgress:${job.id}`,
  };
  const phase = { subscribers: N, rate: RATE, seconds: SECONDS, publish };
  const jobGid = Buffer.from(`Job:${job.id}`).toString("base64");

  const measureBare = async (name: string) =>
    measurePhase({ ...phase, name, servers: await Promise.all([startChild("sub-ws-child.ts", env), startChild("sub-ws-child.ts", env)]), connect: graphqlClient(jobGid) });
  const bareBefore = await measureBare("bare ws, before");

  // Raw Redis subscriber: the machine's delay on the job's channel, with no fan-out.
  const raw = new Redis(REDIS_URL);
  const rawLatency: number[] = [];
  const rawSeen = new Set<number>();
  let rawFrom = Infinity;
  await raw.subscribe(env.BENCH_CHANNEL);
  raw.on("message", (_c, message) => {
    const t = now();
    const e = JSON.parse(message) as JobProgressEvent;
    if (e.seq < rawFrom) return;
    rawSeen.add(e.seq - rawFrom);
    rawLatency.push(t - Number(e.message));
  });
  const apis = await Promise.all([startChild("sub-api-child.ts", env), startChild("sub-api-child.ts", env)]);
  const gql = await measurePhase({ ...phase, name: "GraphQL", servers: apis, connect: graphqlClient(jobGid), whileMeasuring: (from) => (rawFrom = from) });
  raw.disconnect();
  const bareAfter = await measureBare("bare ws, after");
  // The baseline is measured on both sides of the GraphQL part, so a change in the machine's load
  // during the run weighs on both figures of the ratio alike.
  const bare = { cpuPerDeliveryMicros: (bareBefore.cpuPerDeliveryMicros + bareAfter.cpuPerDeliveryMicros) / 2 };

  const base = summary(rawLatency);
  const targetP99 = p99TargetMs(N);
  const cpuRatio = gql.cpuPerDeliveryMicros / bare.cpuPerDeliveryMicros;
  const met = { p99: gql.latency.p99 < targetP99, lost: gql.lost === 0, cpu: cpuRatio <= MAX_CPU_RATIO };
  const result = {
    subscribers: N,
    events: EVENTS,
    rate: RATE,
    graphql: gql.latency,
    lost: gql.lost,
    errors: gql.errors,
    closed: gql.failed,
    bare: { before: bareBefore.latency, after: bareAfter.latency, lost: bareBefore.lost + bareAfter.lost, cpuPerFrameMicros: bare.cpuPerDeliveryMicros },
    raw: base,
    rawLost: EVENTS - rawSeen.size,
    ratioP50: gql.latency.p50 / base.p50,
    ratioP99: gql.latency.p99 / base.p99,
    /** API: both instances' CPU over all deliveries; clients: this process (clients, publisher, raw subscriber). */
    cpuPerDeliveryMicros: { api: gql.cpuPerDeliveryMicros, clients: gql.clientCpuPerDeliveryMicros },
    cpuRatio,
    target: `p99 < ${targetP99} ms, none lost, API CPU per delivery ≤ ${MAX_CPU_RATIO} × bare ws per frame`,
    met: met.p99 && met.lost && met.cpu,
  };
  const yesNo = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    `Subscriptions: ${N} subscribers on 2 API instances, ${RATE} events/s for ${SECONDS} s: p50 ${ms(gql.latency.p50)} p99 ${ms(gql.latency.p99)}, lost ${gql.lost} of ${N * EVENTS}` +
      (gql.failed ? ` (${gql.failed} subscriptions ended with an error, e.g. ${gql.errors.join("; ")})` : "") +
      ` | API CPU per delivery ${gql.cpuPerDeliveryMicros.toFixed(1)} µs (user ${gql.userCpuPerDeliveryMicros.toFixed(1)})` +
      [bareBefore, bareAfter].map((b, i) => `\n  bare ws ${i ? "after" : "before"} it, same frames to ${N} clients from 2 processes: p50 ${ms(b.latency.p50)} p99 ${ms(b.latency.p99)}, lost ${b.lost}, CPU per frame ${b.cpuPerDeliveryMicros.toFixed(1)} µs (user ${b.userCpuPerDeliveryMicros.toFixed(1)})`).join("") +
      `\n  raw Redis subscriber during the GraphQL part: p50 ${ms(base.p50)} p99 ${ms(base.p99)}, lost ${result.rawLost}` +
      `\n  target: p99 < ${targetP99} ms (${yesNo(met.p99)}), none lost (${yesNo(met.lost)}), API CPU per delivery ≤ ${MAX_CPU_RATIO} × bare ws: ${cpuRatio.toFixed(2)} × (${yesNo(met.cpu)}) => ${result.met ? "target met" : "target MISSED"} in this run`,
  );

  await bus.close();
  await db.$disconnect();
  await database.drop();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSubscriptions();
  process.exit(0);
}
