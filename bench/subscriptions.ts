/**
 * Subscription fan-out: N graphql-ws subscribers (half on each of two API instances, each a child
 * process running buildApp) to jobProgress of one job they own; a publisher sends RATE progress
 * events per second for SECONDS through the event bus the worker uses (createEventBus), each
 * carrying its publish time (performance.timeOrigin + now, in `message`). Reports publish -> client
 * receipt latency p50/p99 and lost events, against a raw Redis pub/sub subscriber on the same
 * channel receiving the same events in the same run (the baseline), and the CPU time each delivery
 * costs in the API instances and in this process (the clients).
 *
 * Knobs (env): BENCH_SUBSCRIBERS, BENCH_RATE (events/s), BENCH_SECONDS; BENCH_WARMUP=s of unmeasured
 * events first; BENCH_TIMELINE=1 prints latency per second of publishing; BENCH_CPU_PROF=dir writes
 * a CPU profile of each API instance.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createEventBus, type JobProgressEvent } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/testkit";
import { createClient, type Client } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { ms, summary } from "./stats.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const now = () => performance.timeOrigin + performance.now();
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
/** Linux clock ticks per second (USER_HZ), the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

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

function startApiChild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), "--import", "tsx", path.join(here, "sub-api-child.ts")], { cwd: here, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, ...(JSON.parse(line) as { url: string; token: string }) });
    });
    child.once("exit", (code) => reject(new Error(`API child exited ${code}: ${out}`)));
  });
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
  const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: secret, BENCH_USER_ID: user.id, BENCH_USER_EMAIL: user.email };
  const apis = await Promise.all([startApiChild(env), startApiChild(env)]);

  // Seqs below BASE are probes and warm-up (counting up: a subscription drops a seq it has passed);
  // each subscription's first event is the job's current state, seq 0 here.
  const BASE = 1_000_000;
  let probeSeq = 0;
  // Raw Redis subscriber: the baseline, on the channel the event bus publishes jobProgress to.
  const raw = new Redis(REDIS_URL);
  const rawLatency: number[] = [];
  const rawSeen = new Set<number>();
  await raw.psubscribe(`${prefix}:jobProgress*`);
  raw.on("pmessage", (_p, _c, message) => {
    const t = now();
    const e = JSON.parse(message) as JobProgressEvent;
    if (e.seq < BASE) return;
    rawSeen.add(e.seq - BASE);
    rawLatency.push(t - Number(e.message));
  });

  const jobGid = Buffer.from(`Job:${job.id}`).toString("base64");
  const latency = new Float64Array(N * EVENTS);
  const latencySeq = new Int32Array(N * EVENTS);
  let received = 0;
  const seen: Set<number>[] = [];
  const probed = new Array<boolean>(N).fill(false);
  const errors: string[] = [];
  let closed = 0;
  const clients: Client[] = [];
  for (let i = 0; i < N; i++) {
    const api = apis[i % 2]!;
    const client = createClient({
      url: `${api.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${api.token}` },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    const mine = new Set<number>();
    seen.push(mine);
    client.subscribe<{ jobProgress: { seq: number; message: string } }>(
      { query: `subscription($j: ID!) { jobProgress(jobId: $j) { seq message progress status } }`, variables: { j: jobGid } },
      {
        next: ({ data, errors: errs }) => {
          const t = now();
          if (errs?.length && errors.length < 5) errors.push(errs[0]!.message);
          if (!data) return;
          const { seq: published, message } = data.jobProgress;
          if (published < BASE) {
            if (published > 0) probed[i] = true;
            return;
          }
          const seq = published - BASE;
          if (!mine.has(seq)) {
            mine.add(seq);
            latencySeq[received] = seq;
            latency[received++] = t - Number(message);
          }
        },
        error: (e) => {
          closed++;
          if (errors.length >= 5) return;
          const c = e as { message?: string; code?: number; reason?: string };
          errors.push(c.message ?? `closed ${c.code ?? "?"} ${c.reason ?? ""}`.trim());
        },
        complete: () => {},
      },
    );
    if (i % 50 === 49) await sleep(20);
  }
  const bus = createEventBus(REDIS_URL, prefix);
  const event = (seq: number, message: string): JobProgressEvent => ({ jobId: job.id, userId: user.id, campaignId: campaign.id, status: "running", progress: seq % 100, message, seq });
  // Probe until every subscription is live, so nothing published afterwards can be missed.
  const probeEnd = Date.now() + 120_000;
  while (probed.some((p) => !p)) {
    if (Date.now() > probeEnd) throw new Error(`only ${probed.filter(Boolean).length}/${N} subscriptions live after 120 s: ${errors.join("; ")}`);
    bus.publish("jobProgress", job.id, event(++probeSeq, "probe"));
    await sleep(250);
  }
  // BENCH_WARMUP=seconds: unmeasured events at the same rate first, so the measured ones find
  // optimised code (JIT) and grown heaps in the API instances and the clients.
  const warmupEnd = Date.now() + Number(process.env.BENCH_WARMUP ?? 0) * 1000;
  while (Date.now() < warmupEnd) {
    bus.publish("jobProgress", job.id, event(++probeSeq, "warm-up"));
    await sleep(1000 / RATE);
  }
  await sleep(1000);

  const apiCpuBefore = apis.map((a) => childCpuMicros(a.child.pid!));
  const clientCpuBefore = ownCpuMicros();
  const start = now() + 50;
  for (let s = 0; s < EVENTS; s++) {
    const at = start + (s * 1000) / RATE;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
    bus.publish("jobProgress", job.id, event(BASE + s, String(now())));
  }
  // Drain: until everything arrived or nothing more arrives for 3 s (at most 60 s).
  let last = -1;
  let stillSince = Date.now();
  const drainEnd = Date.now() + 60_000;
  while (received < N * EVENTS && Date.now() < drainEnd) {
    await sleep(200);
    if (received !== last) {
      last = received;
      stillSince = Date.now();
    } else if (Date.now() - stillSince > 3000) break;
  }

  // CPU per delivery, from publish start to the end of the drain: the API figure is both instances'
  // CPU over all deliveries; the client figure is this process (clients, publisher, raw subscriber).
  const apiCpu = apis.reduce((sum, a, i) => sum + childCpuMicros(a.child.pid!) - apiCpuBefore[i]!, 0);
  const clientCpu = ownCpuMicros() - clientCpuBefore;
  const cpuPerDelivery = { api: apiCpu / Math.max(received, 1), clients: clientCpu / Math.max(received, 1) };
  const gql = summary(Array.from(latency.subarray(0, received)));
  const base = summary(rawLatency);
  const result = {
    subscribers: N,
    events: EVENTS,
    rate: RATE,
    graphql: gql,
    raw: base,
    lost: N * EVENTS - received,
    rawLost: EVENTS - rawSeen.size,
    ratioP50: gql.p50 / base.p50,
    ratioP99: gql.p99 / base.p99,
    errors,
    closed,
    cpuPerDeliveryMicros: cpuPerDelivery,
  };
  console.log(
    `Subscriptions: ${N} subscribers on 2 API instances, ${RATE} events/s for ${SECONDS} s: p50 ${ms(gql.p50)} p99 ${ms(gql.p99)}, lost ${result.lost} of ${N * EVENTS} | ` +
      `raw Redis subscriber p50 ${ms(base.p50)} p99 ${ms(base.p99)}, lost ${result.rawLost} | ratio p50 ${result.ratioP50.toFixed(1)} p99 ${result.ratioP99.toFixed(1)} | ` +
      `CPU per delivery: API ${cpuPerDelivery.api.toFixed(1)} µs, clients ${cpuPerDelivery.clients.toFixed(1)} µs` +
      (closed ? ` | ${closed} subscriptions ended with an error, e.g. ${errors.join("; ")}` : ""),
  );

  // BENCH_TIMELINE=1: latency by second of publishing, to tell a backlog that grows from one-off stalls.
  if (process.env.BENCH_TIMELINE) {
    const bySecond = Array.from({ length: SECONDS }, () => [] as number[]);
    for (let k = 0; k < received; k++) bySecond[Math.floor(latencySeq[k]! / RATE)]!.push(latency[k]!);
    bySecond.forEach((samples, second) => {
      const s = summary(samples);
      console.log(`  second ${second}: p50 ${ms(s.p50)} p99 ${ms(s.p99)} (${s.n} deliveries)`);
    });
  }

  await Promise.all(clients.map((c) => c.dispose()));
  await bus.close();
  raw.disconnect();
  for (const a of apis) {
    const exited = new Promise((r) => a.child.once("exit", r));
    a.child.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    if (a.child.exitCode === null) a.child.kill("SIGKILL");
  }
  await db.$disconnect();
  await database.drop();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSubscriptions();
  process.exit(0);
}
