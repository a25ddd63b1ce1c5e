import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@outreach/db";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL, type TestDatabase } from "@outreach/testkit";
import { startApi, testEnv, type TestApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let database: TestDatabase;
let prefix: string;
let db: Db;
let api: TestApi;
let monitor: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase("monitor");
  prefix = `test-${randomUUID()}`;
  db = createDb(database.url);
  api = await startApi(testEnv(database.url, prefix), { db });
});
afterAll(async () => {
  monitor?.kill("SIGKILL");
  await api.stop();
  await db.$disconnect();
  await database.drop();
  await deleteRedisPrefix(prefix);
});

/** Resolves once the API instance listens on the Redis channel again (its subscription is live). */
async function subscribed(channel: string) {
  const redis = new Redis(REDIS_URL);
  try {
    for (;;) {
      const [, count] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
      if (Number(count) > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    redis.disconnect();
  }
}

/** Collects the monitor's output and resolves when a line matching `pattern` appears. */
function watch(child: ChildProcess) {
  let output = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) {
      if (!w.pattern.test(output)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return {
    output: () => output,
    until: (pattern: RegExp) =>
      pattern.test(output) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve })),
  };
}

it("shows a campaign's jobs progressing live and reconnects when the API restarts", async () => {
  const { token } = await signUp(api, "Monitor");
  const campaign = await createCampaign(api, token);
  const started = await api.gql(
    `mutation($c: ID!) { startScoring(campaignId: $c) { ... on MutationStartScoringSuccess { data { id } } } }`,
    { c: campaign.id },
    token,
  );
  const jobId = rawId(started.data!.startScoring.data.id);

  monitor = spawn(process.execPath, ["--import", "tsx", "scripts/monitor.ts", "--campaign", campaign.id, "--url", `${api.url}/graphql`], {
    cwd: root,
    env: { ...process.env, OUTREACH_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = watch(monitor);
  await out.until(/connected to/);
  await out.until(/score\s+\S+ \[-+\]\s+0% pending/);

  const publish = async (data: { status: "running" | "completed"; progress: number }) => {
    await db.job.update({ where: { id: jobId }, data });
    const { userId } = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    api.app.deps.bus.publish("jobUpdated", rawId(campaign.id), { jobId, userId, campaignId: rawId(campaign.id) });
  };
  await publish({ status: "running", progress: 50 });
  await out.until(/\[#{10}-{10}\]\s+50% running/);

  // The API goes away and comes back on the same port: the monitor reconnects and re-reads the jobs.
  const port = Number(new URL(api.url).port);
  await api.stop();
  await out.until(/connection lost, reconnecting/);
  api = await startApi(testEnv(database.url, prefix), { db, port });
  await out.until(/connected to[\s\S]*connected to/);
  await subscribed(`${prefix}:jobUpdated:${rawId(campaign.id)}`);

  await publish({ status: "completed", progress: 100 });
  await out.until(/done\s+score/);
  expect(out.output()).not.toMatch(/subscription failed/);
}, 40_000);
