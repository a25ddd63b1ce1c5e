import { publishJob } from "@outreach/core/jobs";
import type { Job } from "@outreach/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordSubscription, startIsolatedApi, type RecordedSubscription } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

/**
 * jobProgress's coalescing contract, over real sockets: a subscriber whose connection stops taking
 * frames gets the latest progress instead of every step, yet every status and every replayed event,
 * in order; another subscriber of the same job (sharing its executions) is not held up meanwhile.
 * Events carry big messages so a few hundred of them overflow what the kernel buffers for a socket.
 */
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let owner: Awaited<ReturnType<typeof signUp>> & { campaignId: string };
const open: RecordedSubscription<Progress>[] = [];

beforeAll(async () => {
  api = await startIsolatedApi("slowsub");
  const user = await signUp(api, "Viewer");
  owner = { ...user, campaignId: rawId((await createCampaign(api, user.token)).id) };
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.dispose()));
  await api.stop();
});

interface Progress {
  jobProgress: { kind: string; seq: number; status: Job["status"]; progress: number; message: string | null };
}
type Step = { status: Job["status"]; progress: number };

const PROGRESS = `subscription($j: ID!, $a: Int) { jobProgress(jobId: $j, afterSeq: $a) { kind seq status progress message } }`;
const BIG = "x".repeat(64 * 1024);
/** Each step's message starts with its index, so a received event names the step it carries. */
const message = (index: number) => `${index}:${BIG}`;
const stepOf = (p: Progress["jobProgress"]) => Number(p.message!.slice(0, p.message!.indexOf(":")));

function subscribe(jobId: string, options: { afterSeq?: number; pauseOnConnect?: boolean } = {}) {
  const subscription = recordSubscription<Progress>(api.url, owner.token, { query: PROGRESS, variables: { j: globalId("Job", jobId), a: options.afterSeq ?? null } }, options);
  open.push(subscription);
  return subscription;
}

async function createJob() {
  return api.db.job.create({ data: { userId: rawId(owner.userId), campaignId: owner.campaignId, jobType: "score", status: "pending" } });
}

const publish = (job: Job, step: Step, index: number) => publishJob(api.app.deps, { ...job, ...step }, message(index));
const running = (count: number): Step[] => Array.from({ length: count }, (_, i) => ({ status: "running", progress: Math.floor(((i + 1) * 100) / (count + 1)) }));
/** The statuses one after another, a repeated one once (pending, running, running -> pending, running). */
const statusRuns = (statuses: string[]) => statuses.filter((s, i) => s !== statuses[i - 1]);
const finished = (d: Progress) => d.jobProgress.kind !== "CURRENT" && d.jobProgress.status === "completed";

it("a subscriber that stops reading gets, once it reads again, every status in order with the latest progress of each; another subscriber of the same job gets every event promptly meanwhile", async () => {
  const job = await createJob();
  const slow = subscribe(job.id);
  const fast = subscribe(job.id);
  await Promise.all([slow.until((d) => d.jobProgress.kind === "CURRENT"), fast.until((d) => d.jobProgress.kind === "CURRENT")]);
  slow.pause();

  const steps: Step[] = [{ status: "pending", progress: 0 }, ...running(100), { status: "failed", progress: 50 }, ...running(100), { status: "completed", progress: 100 }];
  const latencies: number[] = [];
  for (const [index, step] of steps.entries()) {
    const sent = performance.now();
    await publish(job, step, index);
    await fast.until((d) => d.jobProgress.message?.startsWith(`${index}:`) ?? false, 5_000);
    latencies.push(fast.events.at(-1)!.at - sent);
  }
  // The fast subscriber got every step, in order, each soon after it was published.
  const fastSteps = fast.events.slice(1).map((e) => stepOf(e.data.jobProgress));
  expect(fastSteps).toEqual(steps.map((_, i) => i));
  expect(Math.max(...latencies)).toBeLessThan(1_000);

  slow.resume();
  await slow.until(finished);
  const got = slow.events.slice(1).map((e) => e.data.jobProgress);
  expect(slow.errors).toEqual([]);
  // Fewer events than published: the slow subscriber's backlog was coalesced, not kept.
  expect(got.length).toBeLessThan(steps.length);
  const seqs = got.map((p) => p.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  // Every status, in order; of each run of one status, its latest step arrived.
  expect(statusRuns(got.map((p) => p.status))).toEqual(statusRuns(steps.map((s) => s.status)));
  const lastOfRun = (statuses: string[]) => statuses.flatMap((s, i) => (s !== statuses[i + 1] ? [i] : []));
  expect(lastOfRun(got.map((p) => p.status)).map((i) => stepOf(got[i]!))).toEqual(lastOfRun(steps.map((s) => s.status)));
  expect(got.at(-1)).toMatchObject({ status: "completed", progress: 100 });
}, 120_000);

it("a subscriber that replays with afterSeq while it is not reading still gets every replayed event, in order, then the live ones", async () => {
  const job = await createJob();
  const stored: Step[] = [{ status: "pending", progress: 0 }, ...running(150)];
  for (const [index, step] of stored.entries()) await publish(job, step, index);

  const replaying = subscribe(job.id, { afterSeq: 0, pauseOnConnect: true });
  const live: Step[] = [...running(100), { status: "completed", progress: 100 }];
  for (const [index, step] of live.entries()) await publish(job, step, stored.length + index);
  replaying.resume();
  await replaying.until(finished);

  expect(replaying.errors).toEqual([]);
  const [current, ...rest] = replaying.events.map((e) => e.data.jobProgress);
  expect(current!.kind).toBe("CURRENT");
  const replayed = rest.filter((p) => p.kind === "REPLAY");
  expect(replayed.map((p) => p.seq)).toEqual(Array.from({ length: current!.seq }, (_, i) => i + 1));
  expect(replayed.map(stepOf)).toEqual(Array.from({ length: current!.seq }, (_, i) => i));
  const after = rest.slice(replayed.length);
  expect(after.every((p) => p.kind === "LIVE")).toBe(true);
  const seqs = after.map((p) => p.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(seqs[0] ?? Infinity).toBeGreaterThan(current!.seq);
  expect(after.at(-1) ?? replayed.at(-1)).toMatchObject({ status: "completed", progress: 100 });
}, 120_000);
