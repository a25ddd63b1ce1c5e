/**
 * Subscription fan-out: N graphql-ws subscribers (half on each of two API instances, each a child
 * process running buildApp) to jobProgress of one job they own; a publisher sends RATE progress
 * events per second for SECONDS through the event bus the worker uses (createEventBus), each
 * carrying its publish time (performance.timeOrigin + now, in `message`). Reports publish -> client
 * receipt latency p50/p99 and lost events, and the CPU time each delivery costs in the API instances.
 *
 * Baselines, in the same run: a bare `ws` server pair (bench/sub-ws-child.ts, no GraphQL) sending
 * the same frames to the same graphql-ws clients, measured first the same way (its CPU per frame is
 * what API CPU per delivery is compared with); and a raw Redis subscriber on the job's channel
 * during the GraphQL part (the machine's own delay, without any fan-out).
 *
 * Knobs (env): BENCH_SUBSCRIBERS, BENCH_RATE (events/s), BENCH_SECONDS; BENCH_WARMUP=s of unmeasured
 * events first; BENCH_TIMELINE=1 prints latency per second of publishing; BENCH_CPU_PROF=dir writes
 * a CPU profile of each server process over its measured window.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEventBus, type EventBus, type JobProgressEvent } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/testkit";
import { createClient } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { ms, summary } from "./stats.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const now = () => performance.timeOrigin + performance.now();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
/** Linux clock ticks per second (USER_HZ), the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;
/** Seqs below BASE are probes and warm-up (counting up: a subscription drops a seq it has passed). */
const BASE = 1_000_000;
/** API CPU per delivery may be at most this many times the bare ws server's CPU per frame. */
export const MAX_CPU_RATIO = 1.5;

/** p99 latency goal at this many subscribers (issue 16: < 50 ms at 400, < 100 ms at 1,000). */
export const p99TargetMs = (subscribers: number) => (subscribers <= 400 ? 50 : 100);

/** CPU time (user + system) a child process has used so far, in µs. */
function childCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

function ownCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

interface Child {
  child: ChildProcess;
  url: string;
  token?: string;
}

function startChild(script: string, env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, script)], { cwd: here, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; token?: string }) });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited ${code}: ${out}`)));
  });
}

async function stopChild({ child }: Child) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
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
    if (Date.now() > probeEnd) throw new Error(`${o.name}: only ${probed.filter(Boolean).length}/${o.subscribers} subscriptions live after 120 s: ${errors.join("; ")}`);
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
  const cpu = o.servers.reduce((sum, s, i) => sum + childCpuMicros(s.child.pid!) - cpuBefore[i]!, 0);
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
  await Promise.all(closers.map((close) => close()));
  await Promise.all(o.servers.map(stopChild));
  return {
    latency: summary(Array.from(latency.subarray(0, received))),
    lost: o.subscribers * events - received,
    cpuPerDeliveryMicros: cpu / Math.max(received, 1),
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

  const bare = await measurePhase({ ...phase, name: "bare ws", servers: await Promise.all([startChild("sub-ws-child.ts", env), startChild("sub-ws-child.ts", env)]), connect: graphqlClient(jobGid) });

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
    bare: { latency: bare.latency, lost: bare.lost, cpuPerFrameMicros: bare.cpuPerDeliveryMicros },
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
      ` | API CPU per delivery ${gql.cpuPerDeliveryMicros.toFixed(1)} µs` +
      `\n  bare ws, same frames to ${N} clients from 2 processes: p50 ${ms(bare.latency.p50)} p99 ${ms(bare.latency.p99)}, lost ${bare.lost}, CPU per frame ${bare.cpuPerDeliveryMicros.toFixed(1)} µs` +
      `\n  raw Redis subscriber during the GraphQL part: p50 ${ms(base.p50)} p99 ${ms(base.p99)}, lost ${result.rawLost}` +
      `\n  target: p99 < ${targetP99} ms (${yesNo(met.p99)}), none lost (${yesNo(met.lost)}), API CPU per delivery ≤ ${MAX_CPU_RATIO} × bare ws: ${cpuRatio.toFixed(2)} × (${yesNo(met.cpu)}) => ${result.met ? "target met" : "target MISSED"} in this run`,
  );

  await bus.close();
  raw.disconnect();
  await db.$disconnect();
  await database.drop();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSubscriptions();
  process.exit(0);
}
