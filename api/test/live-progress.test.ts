import { randomUUID } from "node:crypto";
import { createDb } from "@outreach/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL, type TestDatabase } from "@outreach/testkit";
import { startApi, testEnv, wsClient, type TestApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";
import { spawnWorker, type WorkerProcess } from "@outreach/testkit/worker";

const PROSPECTS = 1000;

let database: TestDatabase;
let prefix: string;
let apiA: TestApi;
let apiB: TestApi;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase("live");
  prefix = `test-${randomUUID()}`;
  const env = testEnv(database.url, prefix);
  apiA = await startApi(env, { db: createDb(database.url) });
  apiB = await startApi(env, { db: createDb(database.url) });
});

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  await apiA.stop();
  await apiB.stop();
  await apiA.db.$disconnect();
  await apiB.db.$disconnect();
  await database.drop();
  await deleteRedisPrefix(prefix);
});

async function startWorker(): Promise<void> {
  worker = await spawnWorker({ env: { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix } });
}

interface ProgressEvent {
  seq: number;
  status: string;
  progress: number;
  job: { id: string; status: string };
}

it(
  "a client on instance B receives every progress event, in order, of a scoring job started on instance A and run by a separate worker",
  async () => {
    const { token } = await signUp(apiA, "Live");
    const campaign = await createCampaign(apiA, token);
    await apiA.db.prospect.createMany({
      data: Array.from({ length: PROSPECTS }, (_, i) => ({
        campaignId: rawId(campaign.id),
        domain: `ceramics-${i}.example`,
        pageTitle: i % 3 ? `Ceramics and glaze journal ${i}` : `Photography ${i}`,
        daEst: i % 100,
      })),
    });

    // Enqueued while no worker runs yet, so nothing can happen before the subscription exists.
    const started = await apiA.gql(
      `mutation($c: ID!) { startScoring(campaignId: $c) { __typename ... on MutationStartScoringSuccess { data { id status } } } }`,
      { c: campaign.id },
      token,
    );
    const jobId: string = started.data!.startScoring.data.id;
    expect(started.data!.startScoring.data.status).toBe("pending");

    const client = wsClient(apiB.url, token);
    const events: ProgressEvent[] = [];
    const finished = new Promise<void>((resolve, reject) => {
      client.subscribe<{ jobProgress: ProgressEvent }>(
        { query: `subscription($j: ID!) { jobProgress(jobId: $j) { seq status progress job { id status } } }`, variables: { j: jobId } },
        {
          next: ({ data, errors }) => {
            if (errors) return reject(new Error(JSON.stringify(errors)));
            events.push(data!.jobProgress);
            if (["completed", "failed", "cancelled"].includes(data!.jobProgress.status)) resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await new Promise<void>((resolve) => client.on("connected", () => resolve()));
    await startWorker();
    await finished;
    await client.dispose();

    const last = events.at(-1)!;
    expect(last).toMatchObject({ status: "completed", progress: 100, job: { id: jobId, status: "completed" } });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.filter((e) => e.status === "running").length).toBeGreaterThanOrEqual(50);

    const scored = await apiA.db.prospect.count({ where: { campaignId: rawId(campaign.id), stage: "scored" } });
    expect(scored).toBe(PROSPECTS);
    console.log(`jobProgress events received on instance B: ${events.length} (seq ${seqs[0]}..${seqs.at(-1)})`);
  },
  180_000,
);

it(
  "a subscriber that starts after the job did gets its current state first, then with afterSeq every stored step from the start, then the live ones, with no gap and no duplicate",
  async () => {
    const { token } = await signUp(apiA, "Late");
    const campaign = await createCampaign(apiA, token);
    await apiA.db.prospect.createMany({
      data: Array.from({ length: 300 }, (_, i) => ({ campaignId: rawId(campaign.id), domain: `late-${i}.example`, pageTitle: `Glaze ${i}`, daEst: i % 100 })),
    });
    if (!worker) await startWorker();
    const started = await apiA.gql(
      `mutation($c: ID!) { startScoring(campaignId: $c) { ... on MutationStartScoringSuccess { data { id } } } }`,
      { c: campaign.id },
      token,
    );
    const jobId: string = started.data!.startScoring.data.id;
    type Item = { kind: string; seq: number; status: string; progress: number };
    const collect = (afterSeq: number | null, until: (e: Item) => boolean) => {
      const client = wsClient(apiB.url, token);
      const events: Item[] = [];
      return new Promise<Item[]>((resolve, reject) => {
        client.subscribe<{ jobProgress: Item }>(
          { query: `subscription($j: ID!, $a: Int) { jobProgress(jobId: $j, afterSeq: $a) { kind seq status progress } }`, variables: { j: jobId, a: afterSeq } },
          {
            next: ({ data, errors }) => {
              if (errors) return reject(new Error(JSON.stringify(errors)));
              events.push(data!.jobProgress);
              if (until(data!.jobProgress)) void Promise.resolve(client.dispose()).then(() => resolve(events));
            },
            error: reject,
            complete: () => resolve(events),
          },
        );
      });
    };
    const finished = (e: Item) => e.kind !== "CURRENT" && ["completed", "failed"].includes(e.status);

    // Subscribed after the mutation returned, as a browser does: nothing of the start is missed.
    const late = await collect(0, finished);
    expect(late[0]!.kind).toBe("CURRENT");
    const rest = late.slice(1);
    expect(rest.map((e) => e.seq)).toEqual(Array.from({ length: rest.length }, (_, i) => i + 1));
    expect(rest[0]).toMatchObject({ status: "pending", progress: 0 });
    expect(rest.at(-1)).toMatchObject({ status: "completed", progress: 100 });
    expect(rest.filter((e) => e.progress > 0 && e.progress <= 20).length).toBeGreaterThan(0);

    // Once finished, a new subscriber first gets the finished state, and with afterSeq the whole log.
    const current = await collect(null, () => true);
    expect(current).toEqual([{ kind: "CURRENT", seq: rest.at(-1)!.seq, status: "completed", progress: 100 }]);
    const replay = await collect(0, (e) => e.kind === "REPLAY" && e.seq === rest.at(-1)!.seq);
    expect(replay.slice(1).map((e) => [e.kind, e.seq])).toEqual(rest.map((e) => ["REPLAY", e.seq]));
  },
  180_000,
);
