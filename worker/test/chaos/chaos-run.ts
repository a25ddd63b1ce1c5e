/**
 * The chaos run behind `pnpm test:chaos` (worker/scripts/chaos.ts).
 *
 * A sandbox campaign runs discovery for a few keywords -> enrichment -> scoring -> drafts
 * (auto-approved) -> the dispatcher sends them by itself, on real worker processes (2 at a time, restarted), while the run
 * repeatedly: SIGKILLs a worker, stops a worker with SIGTERM (and times its exit against its lock
 * time), restarts its OWN redis-server (AOF on; every other restart is a crash that loses the
 * last second of writes, as a power cut would), terminates the PostgreSQL connections
 * of its OWN test database, and switches 20 % HTTP 500s and slow responses on and off in every
 * fake provider. Then one healthy worker runs until nothing moves, and the run checks: every Job
 * completed, failed with a reason or cancelled (none pending/running), no prospect or EmailLog
 * lost, every EmailLog reached the fake Gmail at most once (X-Outreach-Send-Id) and every `sent`
 * row exactly once, and every SIGTERM exited 0 within the lock time.
 *
 * Run it with `pnpm test:chaos` (about 3 minutes; needs redis-server on PATH); scripts/test.ts
 * runs it as the last suite of `pnpm test`. Drafting is what takes the time: the fake Gemini is
 * called through the product's shared rate limit (60 a minute), one call per draft.
 *
 * Isolation: the machine's Redis (6379) is never touched (this run starts redis-server on a free
 * port with a temp dir); pg_terminate_backend only hits connections to this run's own database.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createEventBus, loadEnv, type QueueName } from "@outreach/contracts";
import { LOST_MESSAGE } from "../../runtime/orphans.ts";
import { closeQueues, createQueues, queuePrefix, queuesRedis, startJob, type JobDeps } from "@outreach/core/jobs";
import { createTestDatabase } from "@outreach/testkit";
import { seedMailbox } from "@outreach/testkit/scenarios";
import { resumeMailbox } from "@outreach/core/mailboxes";
import { spawnWorker } from "@outreach/testkit/worker";
import { createDb } from "@outreach/db";
import { startSandbox } from "@outreach/fakes";
import pg from "pg";
import { OwnRedis } from "@outreach/testkit";

const SECRET = "chaos-run-test-secret-0123456789abcdef-0123";

export interface ChaosOptions {
  /** How long actions keep coming (ms). */
  chaosMs?: number;
  /** Pause between two actions (ms). */
  everyMs?: number;
  /** A new campaign's discovery starts this often during the chaos (ms). */
  campaignEveryMs?: number;
  /** How long the final healthy worker may take to settle everything (ms). */
  settleMs?: number;
  keywords?: string[];
  log?: (line: string) => void;
}

export interface ChaosReport {
  kills: number;
  /** abandoned: stops where a job did not reach a checkpoint in time (e.g. Redis was down) and was left to its lock expiring. */
  sigterms: { count: number; maxExitMs: number; lockMs: number; nonZeroExits: number; abandoned: number };
  redisRestarts: number;
  /** Restarts that were a SIGKILL (a crash) rather than a clean shutdown. */
  redisCrashes: number;
  /** Jobs the orphan sweep found lost (Redis no longer had them) and queued again. */
  lostAndRequeued: number;
  connectionDrops: { rounds: number; backendsTerminated: number };
  faultWindows: number;
  latencyWindows: number;
  faultsInjected: number;
  unexpectedWorkerExits: number;
  jobsByStatus: Record<string, number>;
  jobsWithoutReason: number;
  prospects: { maxSeen: number; final: number; lost: number };
  emailLogs: { maxSeen: number; final: number; lost: number };
  prospectsByStage: Record<string, number>;
  sends: number;
  duplicates: number;
  sentRowsNotAtGmail: number;
  gmailWithoutSentRow: number;
  stuckSending: number;
  /** First emails still `approved` at the end: the dispatcher never sent them. */
  approvedUnsent: number;
  settleMs: number;
  totalMs: number;
  /** The final checks, each one passed or failed (scripts/test.ts counts them as tests). */
  checks: ChaosCheck[];
}

export interface ChaosCheck {
  name: string;
  ok: boolean;
  /** Why it failed (empty when it passed). */
  detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface WorkerProc {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  expectedExit: boolean;
}

export async function runChaos(opts: ChaosOptions = {}): Promise<ChaosReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const chaosMs = opts.chaosMs ?? 90_000;
  const everyMs = opts.everyMs ?? 2_500;
  const campaignEveryMs = opts.campaignEveryMs ?? 30_000;
  const settleBudget = opts.settleMs ?? 180_000;
  const keywords = opts.keywords ?? ["ceramics magazine", "printmaking blog", "textile art open call"];
  const t0 = Date.now();
  const LOCK_MS = 3000;
  const problems: string[] = [];

  const redis = await OwnRedis.start();
  const database = await createTestDatabase("chaos");
  const dbName = new URL(database.url).pathname.slice(1);
  const prefix = `chaos-${randomUUID()}`;
  const sandbox = await startSandbox({ env: {} });
  const controls = JSON.parse(sandbox.env.FAKE_CONTROL_URLS!) as Record<string, string>;
  const providers = ["dataforseo", "hunter", "gemini", "gmail"];
  const control = async (name: string, action: string, body?: object) => {
    const res = await fetch(`${controls[name]}/${action}`, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
    return ((await res.json()) as { result?: unknown }).result ?? (await Promise.resolve(undefined));
  };
  const getJson = async (name: string, action: string) => (await (await fetch(`${controls[name]}/${action}`)).json()) as any;

  const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: prefix, JWT_SECRET_KEY: SECRET, JOB_ATTEMPTS: "8", JOB_BACKOFF_MS: "200" });
  const db = createDb(database.url, { max: 4 });
  const bus = createEventBus(redis.url, prefix);
  const queues = createQueues(redis.url, prefix);
  const deps: JobDeps = { db, bus, queues, env };
  const admin = new pg.Pool({ connectionString: process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", max: 1 });

  const workerEnv: NodeJS.ProcessEnv = {
    ...sandbox.env,
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: prefix,
    JWT_SECRET_KEY: SECRET,
    PUBLIC_URL: "http://127.0.0.1:4000",
    WORKER_CONCURRENCY: "2",
    WORKER_LOCK_DURATION_MS: String(LOCK_MS),
    WORKER_STALLED_INTERVAL_MS: "1000",
    WORKER_MAX_STALLED_COUNT: "20",
    WORKER_RECONCILE_INTERVAL_MS: "2000",
    JOB_ATTEMPTS: "8",
    JOB_BACKOFF_MS: "200",
    DELIVERY_RECONCILE_EVERY_MS: "1000",
    DELIVERY_FOLLOWUP_EVERY_MS: "600000",
    DELIVERY_SYNC_EVERY_MS: "600000",
    DELIVERY_DISPATCH_SWEEP_EVERY_MS: "2000",
    SEND_STUCK_AFTER_MS: "3000",
    SEND_RECONCILE_GRACE_MS: "3000",
  };

  const children = new Set<ChildProcess>();
  const alive: WorkerProc[] = [];
  let unexpectedWorkerExits = 0;
  const startWorker = async (): Promise<WorkerProc> => {
    const started = await spawnWorker({ env: workerEnv, children, outputLimit: 20_000, readyTimeoutMs: 90_000 });
    const w: WorkerProc = { child: started.child, out: started.output, expectedExit: false, exited: started.exited };
    void w.exited.then(({ code, signal }) => {
      const i = alive.indexOf(w);
      if (i >= 0) alive.splice(i, 1);
      if (!w.expectedExit) {
        unexpectedWorkerExits++;
        log(`chaos: worker ${w.child.pid} exited on its own (code ${code}, signal ${signal}):\n${w.out().slice(-1500)}`);
      }
    });
    alive.push(w);
    return w;
  };
  // Keeps `target` workers alive; a replacement starts in the background.
  let target = 2;
  let starting = 0;
  const topUp = () => {
    while (alive.length + starting < target) {
      starting++;
      startWorker()
        .catch((e) => problems.push(`a worker could not start: ${(e as Error).message.slice(0, 500)}`))
        .finally(() => starting--);
    }
  };

  const retrying = async <T>(what: string, fn: () => Promise<T>, ms = 30_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (Date.now() > end) throw new Error(`${what}: ${(e as Error).message}`);
        await sleep(250);
      }
    }
  };

  const user = await db.user.create({ data: { email: `chaos-${randomUUID()}@example.test`, passwordHash: "x", name: "Chaos" } });
  const mailbox = await seedMailbox(db, user.id, { data: { dailyCap: 2000 } });
  const newCampaign = (name: string, owner = { userId: user.id, mailboxId: mailbox.id }) =>
    db.campaign.create({
      data: {
        ...owner, name, artistName: "Mia Clay", fromName: "Mia Clay", fromEmail: "mia@example.org", keywords, searchDepth: 10,
        autoApproveScore: 0, sendWindowStart: 0, sendWindowEnd: 24, timeZone: "UTC", minGapSeconds: 0, maxGapSeconds: 0, dailyCap: 5000,
        cooldownDays: 0, portfolioUrl: "https://mia-clay.example/works",
      },
    });
  const campaigns = [await newCampaign("Chaos A")];
  // A second artist whose Gmail access is revoked half-way: only their campaign may stop.
  const revokedAddress = "revoked-artist@sandbox-gmail.example";
  const other = await db.user.create({ data: { email: `chaos-other-${randomUUID()}@example.test`, passwordHash: "x", name: "Other" } });
  const otherMailbox = await seedMailbox(db, other.id, { address: revokedAddress, refreshToken: String(await control("gmail", "issue-refresh-token", { email: revokedAddress })) });
  // A gap of about 5 s spreads its sends over the run, so the revoke lands among them.
  const otherCampaign = await db.campaign.update({
    where: { id: (await newCampaign("Chaos revoked mailbox", { userId: other.id, mailboxId: otherMailbox.id })).id },
    data: { minGapSeconds: 4, maxGapSeconds: 6 },
  });
  let revokedAt: Date | null = null;

  // Everything seen so far, to prove nothing disappears.
  const prospectIds = new Set<string>();
  const emailLogIds = new Set<string>();
  let maxProspects = 0;
  let maxEmailLogs = 0;
  const sample = async () => {
    const p = await db.prospect.findMany({ select: { id: true } });
    const e = await db.emailLog.findMany({ select: { id: true } });
    p.forEach((r) => prospectIds.add(r.id));
    e.forEach((r) => emailLogIds.add(r.id));
    maxProspects = Math.max(maxProspects, p.length);
    maxEmailLogs = Math.max(maxEmailLogs, e.length);
  };

  // Nothing here sends: the auto-approved drafts go out through the workers' dispatcher (woken by
  // the compose jobs, the end of each send and its sweep), whatever is killed or restarted.
  let backgroundStop = false;
  const background = (async () => {
    while (!backgroundStop) {
      await sample().catch(() => {});
      await sleep(1000);
    }
  })();

  const startDiscovery = (campaignId: string) =>
    retrying("start discovery", () => startJob(deps, { type: "discover", userId: user.id, campaignId, params: { keywords } }));

  // --- start ---
  topUp();
  while (alive.length < 2) {
    if (problems.length) throw new Error(problems.join("\n"));
    await sleep(100);
  }
  await startDiscovery(campaigns[0]!.id);
  // One keyword (about 10 prospects): enough sends to straddle the revoke, little extra pipeline work.
  await retrying("start discovery", () => startJob(deps, { type: "discover", userId: other.id, campaignId: otherCampaign.id, params: { keywords: keywords.slice(0, 1) } }));
  log(`chaos: redis on ${redis.port}, database ${dbName}, 2 workers up after ${((Date.now() - t0) / 1000).toFixed(1)} s; discovery started`);

  // --- chaos ---
  let kills = 0;
  let redisRestarts = 0;
  let redisCrashes = 0;
  let dropRounds = 0;
  let backendsTerminated = 0;
  let faultWindows = 0;
  let latencyWindows = 0;
  let faultsOn = false;
  let latencyOn = false;
  const sigterm = { count: 0, maxExitMs: 0, lockMs: LOCK_MS, nonZeroExits: 0, abandoned: 0 };
  const actions = ["kill", "faults", "sigterm", "pg", "redis", "latency", "kill", "pg", "faults", "kill", "redis", "latency"] as const;
  const chaosEnd = Date.now() + chaosMs;
  let step = 0;
  // A new campaign's discovery every campaignEveryMs keeps work flowing through the whole run.
  let nextCampaignAt = Date.now() + campaignEveryMs;
  while (Date.now() < chaosEnd) {
    await sleep(everyMs * (0.6 + Math.random() * 0.8));
    if (Date.now() >= nextCampaignAt && Date.now() < chaosEnd - 20_000) {
      nextCampaignAt += campaignEveryMs;
      const c = await retrying("new campaign", () => newCampaign(`Chaos ${campaigns.length + 1}`)).catch((e) => (problems.push((e as Error).message), undefined));
      if (c) {
        campaigns.push(c);
        await startDiscovery(c.id).catch((e) => problems.push((e as Error).message));
        log(`chaos: discovery of campaign ${campaigns.length} started`);
      }
    }
    if (!revokedAt && Date.now() >= chaosEnd - chaosMs / 2) {
      await control("gmail", "revoke-refresh-token", { email: revokedAddress }).catch((e) => problems.push(`revoke: ${(e as Error).message}`));
      revokedAt = new Date();
      log(`chaos: revoked ${revokedAddress}'s Gmail access`);
    }
    const action = actions[step++ % actions.length]!;
    try {
      if (action === "kill" || action === "sigterm") {
        // Wait (a little) for a worker that is up: replacements take a while on a busy machine.
        const waitUntil = Date.now() + 15_000;
        while (!alive.length && Date.now() < waitUntil) await sleep(100);
        const victim = alive[Math.floor(Math.random() * alive.length)];
        if (!victim) continue;
        victim.expectedExit = true;
        alive.splice(alive.indexOf(victim), 1);
        if (action === "kill") {
          victim.child.kill("SIGKILL");
          await victim.exited;
          kills++;
        } else {
          const running = await db.job.count({ where: { status: "running" } }).catch(() => -1);
          const started = Date.now();
          victim.child.kill("SIGTERM");
          const { code } = await victim.exited;
          const took = Date.now() - started;
          sigterm.count++;
          sigterm.maxExitMs = Math.max(sigterm.maxExitMs, took);
          if (code !== 0) {
            sigterm.nonZeroExits++;
            log(`chaos: SIGTERM: worker exited with ${code}:\n${victim.out().slice(-1500)}`);
          }
          if (/did not stop in time/.test(victim.out())) sigterm.abandoned++;
          const stopLine = [/\[worker\] still running[^\n]*/, /worker stopped in [^\n]*/].map((re) => re.exec(victim.out())?.[0]).filter(Boolean).join("; ") || "no stop line";
          log(`chaos: SIGTERM with ${running} job(s) running: exited ${code} after ${took} ms (lock ${LOCK_MS} ms): ${stopLine}`);
          if (took > LOCK_MS) log(`chaos: the slow worker's last output:\n${victim.out().slice(-3000)}`);
        }
        topUp();
      } else if (action === "redis") {
        // Every other restart is a crash that loses Redis's last second of writes (jobs added,
        // moved or finished just before): the orphan sweep has to bring the queues and the Job
        // rows back in line. The others are clean restarts (SIGTERM, nothing lost).
        const crash = redisRestarts % 2 === 1;
        if (crash) await redis.crashLosingLastWrites(1000);
        else await redis.stop("SIGTERM");
        await sleep(500 + Math.floor(Math.random() * 1000));
        await redis.start();
        redisRestarts++;
        if (crash) redisCrashes++;
      } else if (action === "pg") {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) t",
          [dbName],
        );
        dropRounds++;
        backendsTerminated += rows[0].n as number;
      } else if (action === "faults") {
        faultsOn = !faultsOn;
        for (const p of providers) await control(p, "faults", faultsOn ? { status: 500, rate: 0.2 } : {});
        if (faultsOn) faultWindows++;
      } else if (action === "latency") {
        latencyOn = !latencyOn;
        for (const p of providers) await control(p, "latency", { ms: latencyOn ? 150 + Math.floor(Math.random() * 350) : 0 });
        if (latencyOn) latencyWindows++;
      }
    } catch (e) {
      problems.push(`chaos action ${action} failed: ${(e as Error).message}`);
    }
  }
  log(`chaos: actions done after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${kills} SIGKILLs, ${sigterm.count} SIGTERMs, ${redisRestarts} Redis restarts, ${dropRounds} connection drops`);

  // --- settle: no more chaos, one healthy worker ---
  for (const p of providers) {
    await control(p, "faults", {});
    await control(p, "latency", { ms: 0 });
  }
  // The revoked mailbox as the artist finds it, then their Reconnect (the fake takes the same token
  // back; completeGmailConnect marks the mailbox connected and resumes what its pause stopped): its
  // emails, including a send whose answer was lost before the revoke, must all end up sent once.
  const revokedSeen = {
    status: (await db.mailbox.findUniqueOrThrow({ where: { id: otherMailbox.id } })).status,
    paused: (await db.campaign.findUniqueOrThrow({ where: { id: otherCampaign.id } })).sendingPausedReason ?? "",
    pausedOthers: await db.campaign.count({ where: { userId: user.id, sendingPausedReason: { not: null } } }),
    failed: await db.emailLog.count({ where: { status: "failed", prospect: { campaignId: otherCampaign.id } } }),
  };
  await control("gmail", "restore-refresh-token", { email: revokedAddress });
  await db.mailbox.update({ where: { id: otherMailbox.id }, data: { status: "connected", statusReason: null, statusChangedAt: new Date() } });
  await resumeMailbox(db, otherMailbox.id);
  // Its gap spread the sends over the chaos; the rest may go at once so settling stays in budget.
  await db.campaign.update({ where: { id: otherCampaign.id }, data: { minGapSeconds: 0, maxGapSeconds: 0 } });
  target = 1;
  while (starting > 0) await sleep(100);
  while (alive.length > 1) {
    const w = alive.pop()!;
    w.expectedExit = true;
    w.child.kill("SIGTERM");
    await w.exited;
  }
  topUp();
  while (alive.length < 1) await sleep(100);
  const settleStart = Date.now();
  let quietSince = 0;
  let lastFingerprint = "";
  let settled = false;
  let lastProgressLog = Date.now();
  while (Date.now() - settleStart < settleBudget) {
    await sleep(1000);
    try {
      const open = await db.job.count({ where: { status: { in: ["pending", "running"] } } });
      const sending = await db.emailLog.count({ where: { status: "sending" } });
      const approvedWaiting = await db.emailLog.count({ where: { status: "approved", step: 0 } });
      const fp = JSON.stringify(await db.job.groupBy({ by: ["status"], _count: true })) + (await db.emailLog.count({ where: { status: "sent" } }));
      if (Date.now() - lastProgressLog >= 15_000) {
        lastProgressLog = Date.now();
        const openRows = await db.job.findMany({ where: { status: { in: ["pending", "running"] } }, select: { jobType: true, status: true, updatedAt: true, attempts: true } });
        const list = openRows.map((j) => `${j.jobType}:${j.status}#${j.attempts}(${((Date.now() - j.updatedAt.getTime()) / 1000).toFixed(0)}s)`).join(" ");
        log(`chaos: settling for ${((Date.now() - settleStart) / 1000).toFixed(0)} s: ${open} job(s) open [${list}], ${sending} row(s) sending, ${approvedWaiting} approved not sent yet`);
      }
      if (open === 0 && sending === 0 && approvedWaiting === 0 && fp === lastFingerprint) {
        quietSince ||= Date.now();
        if (Date.now() - quietSince >= 5000) {
          settled = true;
          break;
        }
      } else quietSince = 0;
      lastFingerprint = fp;
    } catch {
      quietSince = 0;
    }
  }
  const settleMs = Date.now() - settleStart;
  backgroundStop = true;
  await background;
  await sample();
  let notSettled = "";
  if (!settled) {
    const open = await db.job.findMany({ where: { status: { in: ["pending", "running"] } }, select: { jobType: true, status: true } });
    const sending = await db.emailLog.count({ where: { status: "sending" } });
    notSettled = `not quiet for 5 s within ${settleBudget} ms with one healthy worker (open jobs: ${open.map((j) => `${j.jobType}:${j.status}`).join(", ") || "none"}; rows sending: ${sending})`;
    log(`chaos: what the open jobs look like in BullMQ:\n${await describeOpenJobs(deps)}`);
  }

  // --- checks ---
  const checks: ChaosCheck[] = [];
  const check = (name: string, failure: string | false) => checks.push({ name, ok: !failure, detail: failure || "" });
  check("the chaos itself: every action ran and every replacement worker started", problems.length > 0 && problems.join("; ").slice(0, 2000));

  const jobs = await db.job.findMany({ select: { id: true, jobType: true, status: true, errorMessage: true } });
  const jobsByStatus: Record<string, number> = {};
  for (const j of jobs) jobsByStatus[j.status] = (jobsByStatus[j.status] ?? 0) + 1;
  const open = jobs.filter((j) => j.status === "pending" || j.status === "running");
  check(
    "no job stuck: everything completed, failed or was cancelled with one healthy worker",
    (!!notSettled || open.length > 0) && [notSettled, open.length ? `${open.length} job(s) still open: ${open.slice(0, 5).map((j) => `${j.jobType}:${j.status}`).join(", ")}` : ""].filter(Boolean).join("; "),
  );
  const failedReasons = [...new Set(jobs.filter((j) => j.status === "failed").map((j) => `${j.jobType}: ${(j.errorMessage ?? "").slice(0, 160)}`))].slice(0, 6);
  if (failedReasons.length) log(`chaos: failed jobs' reasons:\n  ${failedReasons.join("\n  ")}`);
  const jobsWithoutReason = jobs.filter((j) => j.status === "failed" && !j.errorMessage?.trim()).length;
  check("every failed job says why", jobsWithoutReason > 0 && `${jobsWithoutReason} failed job(s) without a reason`);

  const finalProspects = new Set((await db.prospect.findMany({ select: { id: true } })).map((r) => r.id));
  const prospectsByStage: Record<string, number> = {};
  for (const g of await db.prospect.groupBy({ by: ["stage"], _count: true })) prospectsByStage[g.stage] = g._count;
  // A campaign whose prospects stopped short of a first email: how its discovery went. Only a
  // pipeline job that failed for good (with its reason) may leave prospects behind.
  const unexplained: string[] = [];
  for (const c of campaigns) {
    const short = await db.prospect.count({ where: { campaignId: c.id, emailLogs: { none: {} }, stage: { notIn: ["skipped"] } } });
    if (!short) continue;
    const failedSteps = await db.job.count({ where: { campaignId: c.id, jobType: { in: ["discover", "enrich", "compose"] }, status: "failed" } });
    if (!failedSteps) unexplained.push(`${c.name}: ${short}`);
    const discover = await db.job.findMany({ where: { campaignId: c.id, jobType: "discover" }, include: { events: { orderBy: { seq: "asc" } } } });
    const children = await db.job.groupBy({ by: ["jobType", "status"], where: { campaignId: c.id, parentId: { not: null } }, _count: true });
    log(
      `chaos: ${c.name}: ${short} prospect(s) without a first email; children ${children.map((g) => `${g.jobType}:${g.status}×${g._count}`).join(" ")}\n` +
        discover.map((d) => `  discover ${d.id} ${d.status}: ${d.events.slice(-25).map((e) => e.message).join(" | ")}`).join("\n"),
    );
  }
  const finalLogs = await db.emailLog.findMany({ select: { id: true, status: true, step: true, gmailMessageId: true } });
  const finalLogIds = new Set(finalLogs.map((r) => r.id));
  const lostProspects = [...prospectIds].filter((id) => !finalProspects.has(id)).length;
  const lostLogs = [...emailLogIds].filter((id) => !finalLogIds.has(id)).length;
  check(
    "every prospect got its first email, unless a pipeline job failed for good with its reason",
    unexplained.length > 0 && `prospects without a first email and no failed pipeline job: ${unexplained.join(", ")}`,
  );
  check("no prospect lost", (lostProspects > 0 || finalProspects.size < maxProspects) && `${lostProspects} prospect(s) lost; ${maxProspects} seen at most, ${finalProspects.size} at the end`);
  check("no EmailLog lost", (lostLogs > 0 || finalLogIds.size < maxEmailLogs) && `${lostLogs} EmailLog(s) lost; ${maxEmailLogs} seen at most, ${finalLogIds.size} at the end`);

  const sent = [
    ...((await getJson("gmail", "sent")).result as { id: string; headers: Record<string, string> }[]),
    ...((await control("gmail", "sent", { email: revokedAddress })) as { id: string; headers: Record<string, string> }[]),
  ];
  const bySendId = new Map<string, number>();
  for (const s of sent) {
    const id = s.headers["x-outreach-send-id"] ?? "(none)";
    bySendId.set(id, (bySendId.get(id) ?? 0) + 1);
  }
  const duplicates = [...bySendId.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  check("zero duplicate sends at the fake Gmail", duplicates > 0 && `${duplicates} duplicate send(s)`);
  const sentRows = finalLogs.filter((l) => l.status === "sent");
  const sentRowsNotAtGmail = sentRows.filter((l) => bySendId.get(l.id) !== 1).length;
  const gmailWithoutSentRow = [...bySendId.keys()].filter((id) => !sentRows.some((l) => l.id === id)).length;
  check(
    "the EmailLogs agree with Gmail: every sent row there once, every message there has a sent row",
    (sentRowsNotAtGmail > 0 || gmailWithoutSentRow > 0) && `${sentRowsNotAtGmail} sent row(s) not exactly once at Gmail; ${gmailWithoutSentRow} message(s) at Gmail whose EmailLog is not 'sent'`,
  );
  const stuckSending = finalLogs.filter((l) => l.status === "sending").length;
  check("no EmailLog left sending", stuckSending > 0 && `${stuckSending} EmailLog(s) left 'sending'`);
  const approvedUnsent = finalLogs.filter((l) => l.status === "approved" && l.step === 0).length;
  check(
    "every approved first email was sent",
    (sent.length === 0 || approvedUnsent > 0) && (sent.length === 0 ? "no email was sent at all: the campaigns never reached sending" : `${approvedUnsent} first email(s) left approved: the dispatcher never sent them`),
  );
  const revokeAlerts = await db.alert.count({ where: { mailboxId: otherMailbox.id } });
  const sentAfterRevoke = revokedAt ? await db.emailLog.count({ where: { mailboxId: mailbox.id, status: "sent", sentAt: { gt: revokedAt } } }) : 0;
  const revokedSent = await db.emailLog.count({ where: { mailboxId: otherMailbox.id, status: "sent" } });
  check(
    "a mailbox revoked mid-run: it needed reconnecting, one alert, only its campaign paused, none of its emails failed; the other mailbox kept sending; after Reconnect its emails went out",
    (revokedSeen.status !== "needs_reconnect" || revokeAlerts !== 1 || revokedSeen.pausedOthers > 0 || revokedSeen.failed > 0 || sentAfterRevoke === 0 || !revokedSeen.paused.startsWith("mailbox_reconnect") || revokedSent === 0) &&
      `mailbox ${revokedSeen.status}, ${revokeAlerts} alert(s), ${revokedSeen.pausedOthers} other campaign(s) paused, ${revokedSeen.failed} of its email(s) failed, ${sentAfterRevoke} sent from the other mailbox after the revoke, ${revokedSent} sent from it in all, its campaign paused: "${revokedSeen.paused.slice(0, 80)}"`,
  );
  check(
    "every SIGTERM: the worker exited 0 within its lock time",
    (sigterm.nonZeroExits > 0 || sigterm.maxExitMs >= LOCK_MS) && `slowest exit ${sigterm.maxExitMs} ms (lock ${LOCK_MS} ms), ${sigterm.nonZeroExits} non-zero exit(s)`,
  );
  check("no worker exited on its own", unexpectedWorkerExits > 0 && `${unexpectedWorkerExits} worker(s) exited without being told to`);

  const lostAndRequeued = await db.jobEvent.count({ where: { message: { startsWith: LOST_MESSAGE } } });
  let faultsInjected = 0;
  for (const p of providers) faultsInjected += Number((await getJson(p, "stats")).faultsInjected ?? 0);

  // --- clean up: only what this run started ---
  for (const w of alive.splice(0)) {
    w.expectedExit = true;
    w.child.kill("SIGTERM");
    await Promise.race([w.exited, sleep(LOCK_MS + 2000)]);
  }
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await closeQueues(queues).catch(() => {});
  await bus.close();
  await db.$disconnect();
  await admin.end();
  await database.drop();
  await sandbox.close();
  await redis.close();

  return {
    kills,
    sigterms: sigterm,
    redisRestarts,
    redisCrashes,
    lostAndRequeued,
    connectionDrops: { rounds: dropRounds, backendsTerminated },
    faultWindows,
    latencyWindows,
    faultsInjected,
    unexpectedWorkerExits,
    jobsByStatus,
    jobsWithoutReason,
    prospects: { maxSeen: maxProspects, final: finalProspects.size, lost: lostProspects },
    emailLogs: { maxSeen: maxEmailLogs, final: finalLogIds.size, lost: lostLogs },
    prospectsByStage,
    sends: sent.length,
    duplicates,
    sentRowsNotAtGmail,
    gmailWithoutSentRow,
    stuckSending,
    approvedUnsent,
    settleMs,
    totalMs: Date.now() - t0,
    checks,
  };
}

/** For a run that did not settle: each open Job row next to its BullMQ job (state, lock, children) and last events. */
async function describeOpenJobs(deps: JobDeps): Promise<string> {
  const rows = await deps.db.job.findMany({
    where: { status: { in: ["pending", "running"] } },
    include: { events: { orderBy: { seq: "desc" }, take: 4 } },
    take: 10,
  });
  const redis = queuesRedis(deps.queues);
  const prefix = queuePrefix(deps.queues);
  const lines: string[] = [];
  for (const row of rows) {
    const queue = deps.queues[row.jobType as QueueName];
    const bull = row.queueJobId ? await queue.getJob(row.queueJobId) : undefined;
    const state = bull ? await bull.getState() : "missing";
    const lock = row.queueJobId ? await redis.get(`${prefix}:${row.jobType}:${row.queueJobId}:lock`) : null;
    let deps_ = "";
    if (bull && state === "waiting-children") {
      const d = await bull.getDependencies();
      const pending = Object.keys(d.unprocessed ?? {}).length ? d.unprocessed : [];
      deps_ = ` children processed ${Object.keys(d.processed ?? {}).length}, unprocessed ${JSON.stringify(pending)}`;
    }
    lines.push(
      `  ${row.jobType} ${row.id} row ${row.status} (attempts ${row.attempts}, updated ${row.updatedAt.toISOString()}) | bull ${state}` +
        `${bull ? ` attemptsMade ${bull.attemptsMade} stalledCounter ${bull.stalledCounter} lock ${lock ? "held" : "none"} parent ${bull.parentKey ?? "-"}` : ""}${deps_}\n` +
        row.events.map((e) => `      ${e.createdAt.toISOString()} ${e.level} ${e.message}`).join("\n"),
    );
  }
  return lines.join("\n");
}
