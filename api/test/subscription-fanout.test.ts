import type { JobProgressEvent } from "@outreach/contracts";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startIsolatedApi, wsClient } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";

/**
 * Fan-out through one API instance: many subscribers of one job share each event's execution, yet
 * each still gets every one of its own events, in order, and nobody else's.
 */
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let alice: Awaited<ReturnType<typeof signUp>> & { campaignId: string };
let bob: Awaited<ReturnType<typeof signUp>> & { campaignId: string };
const clients: Client[] = [];

beforeAll(async () => {
  api = await startIsolatedApi("fanout");
  const withCampaign = async (name: string) => {
    const user = await signUp(api, name);
    return { ...user, campaignId: rawId((await createCampaign(api, user.token)).id) };
  };
  alice = await withCampaign("Alice");
  bob = await withCampaign("Bob");
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await api.stop();
});

async function createJob(owner: { userId: string; campaignId: string }) {
  const job = await api.db.job.create({
    data: { userId: rawId(owner.userId), campaignId: owner.campaignId, jobType: "score", status: "running" },
  });
  return job.id;
}

const progress = (jobId: string, owner: { userId: string; campaignId: string }, seq: number): JobProgressEvent => ({
  jobId,
  userId: rawId(owner.userId),
  campaignId: owner.campaignId,
  status: "running",
  progress: Math.max(0, seq) % 100,
  message: null,
  seq,
});

interface Received {
  seq: number;
  job?: { id: string };
}

/** Seqs below this are probes; the first event of every subscription is the job's state (seq 0 here). */
const BASE = 1_000_000;

/** Subscribes one client; `events` collects every event from BASE on, `errors` every error payload. */
function subscriber(token: string, query: string, jobId: string) {
  const client = wsClient(api.url, token);
  clients.push(client);
  const state = { live: false, events: [] as Received[], errors: [] as unknown[], onChange: () => {} };
  client.subscribe<{ jobProgress: Received }>(
    { query, variables: { j: globalId("Job", jobId) } },
    {
      next: ({ data, errors }) => {
        if (errors) state.errors.push(errors);
        else if (data!.jobProgress.seq === 0) return; // the job's current state (its seq counter is unused here)
        else if (data!.jobProgress.seq < BASE) state.live = true;
        else state.events.push(data!.jobProgress);
        state.onChange();
      },
      error: (error) => state.errors.push(error),
      complete: () => {},
    },
  );
  return state;
}

type Subscriber = ReturnType<typeof subscriber>;

/** Resolves once every subscriber satisfies `done`, re-checking whenever one of them receives something. */
function whenAll(subscribers: Subscriber[], done: (s: Subscriber) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => subscribers.every(done) && resolve();
    for (const s of subscribers) s.onChange = check;
    check();
  });
}

/**
 * Subscriptions become live when Redis has registered them: probe until all got one. Probes carry
 * increasing seqs (a subscription drops a seq it has passed), all below BASE.
 */
async function untilLive(subscribers: Subscriber[], probe: (seq: number) => void) {
  let seq = 0;
  const probing = setInterval(() => probe(++seq), 50);
  probe(++seq);
  await whenAll(subscribers, (s) => s.live);
  clearInterval(probing);
}

const WITH_JOB = `subscription($j: ID!) { jobProgress(jobId: $j) { seq job { id } } }`;
const SEQ_ONLY = `subscription($j: ID!) { jobProgress(jobId: $j) { seq } }`;

it("40 subscribers of one job each get all 300 events in order; another user's events and job stay out", async () => {
  const aliceJob = await createJob(alice);
  const bobJob = await createJob(bob);
  const alices = Array.from({ length: 40 }, (_, i) => subscriber(alice.token, i % 2 ? WITH_JOB : SEQ_ONLY, aliceJob));
  // Same document as half of Alice's subscribers: a shared execution must not hand Bob her results.
  const bobs = [subscriber(bob.token, WITH_JOB, bobJob)];
  const { bus } = api.app.deps;
  await untilLive([...alices, ...bobs], (seq) => {
    bus.publish("jobProgress", aliceJob, progress(aliceJob, alice, seq));
    bus.publish("jobProgress", bobJob, progress(bobJob, bob, seq));
  });

  const EVENTS = 300;
  for (let seq = 0; seq < EVENTS; seq++) {
    bus.publish("jobProgress", aliceJob, progress(aliceJob, alice, BASE + seq));
    // Bob's event on Alice's channel: her subscription filters it out.
    if (seq % 10 === 0) bus.publish("jobProgress", aliceJob, progress(aliceJob, bob, 2 * BASE + seq));
    if (seq % 30 === 0) bus.publish("jobProgress", bobJob, progress(bobJob, bob, BASE + seq));
  }
  await whenAll(alices, (s) => s.events.length >= EVENTS);
  await whenAll(bobs, (s) => s.events.length >= EVENTS / 30);

  const inOrder = Array.from({ length: EVENTS }, (_, seq) => BASE + seq);
  alices.forEach((s, i) => {
    expect(s.errors).toEqual([]);
    expect(s.events.map((e) => e.seq)).toEqual(inOrder);
    if (i % 2) expect(new Set(s.events.map((e) => e.job!.id))).toEqual(new Set([globalId("Job", aliceJob)]));
    else expect(s.events[0]).not.toHaveProperty("job");
  });
  expect(bobs[0]!.errors).toEqual([]);
  expect(bobs[0]!.events.map((e) => e.seq)).toEqual(Array.from({ length: EVENTS / 30 }, (_, i) => BASE + i * 30));
  expect(new Set(bobs[0]!.events.map((e) => e.job!.id))).toEqual(new Set([globalId("Job", bobJob)]));
}, 60_000);

it("when an event's job is gone, every subscriber gets the masked NOT_FOUND error and later events still arrive", async () => {
  const jobId = await createJob(alice);
  const subscribers = [subscriber(alice.token, WITH_JOB, jobId), subscriber(alice.token, WITH_JOB, jobId)];
  const { bus } = api.app.deps;
  await untilLive(subscribers, (seq) => bus.publish("jobProgress", jobId, progress(jobId, alice, seq)));

  await api.db.job.delete({ where: { id: jobId } });
  bus.publish("jobProgress", jobId, progress(jobId, alice, BASE));
  await whenAll(subscribers, (s) => s.errors.length === 1);
  for (const s of subscribers) {
    expect(s.errors[0]).toEqual([{ message: "Not found", extensions: { code: "NOT_FOUND" } }]);
  }

  // A later event of the same job (with the job back) is delivered as usual.
  await api.db.job.create({ data: { id: jobId, userId: rawId(alice.userId), campaignId: alice.campaignId, jobType: "score", status: "running" } });
  bus.publish("jobProgress", jobId, progress(jobId, alice, BASE + 1));
  await whenAll(subscribers, (s) => s.events.length === 1);
  for (const s of subscribers) expect(s.events).toEqual([{ seq: BASE + 1, job: { id: globalId("Job", jobId) } }]);
}, 60_000);
