import { randomUUID } from "node:crypto";
import { createDb } from "@outreach/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, OwnRedis, type TestDatabase } from "@outreach/testkit";
import { startApi, recordSubscription, testEnv, type TestApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";

let database: TestDatabase;
let redis: OwnRedis;
let api: TestApi | undefined;

beforeAll(async () => {
  database = await createTestDatabase("startredis");
  redis = await OwnRedis.start();
});

afterAll(async () => {
  await api?.stop();
  await api?.db.$disconnect();
  await redis.close();
  await database.drop();
});

type Progress = { jobProgress: { kind: string; status: string } };

it("an API that starts while its Redis is still coming up listens only once Redis answers, so a page that resubscribes at once gets its job's progress", async () => {
  await redis.stop();
  const env = testEnv(database.url, `test-${randomUUID()}`, { REDIS_URL: redis.url });
  const db = createDb(database.url);
  const starting = startApi(env, { db });
  let listening = false;
  void starting.then(() => (listening = true));
  await new Promise((r) => setTimeout(r, 500));
  expect(listening).toBe(false);

  await redis.start();
  api = await starting;
  const { token, userId } = await signUp(api, "Restart");
  const campaign = await createCampaign(api, token);
  const job = await db.job.create({ data: { userId: rawId(userId), campaignId: rawId(campaign.id), jobType: "discover", params: {}, status: "running" } });
  const progress = recordSubscription<Progress>(api.url, token, {
    query: `subscription($j: ID!) { jobProgress(jobId: $j) { kind status } }`,
    variables: { j: Buffer.from(`Job:${job.id}`).toString("base64") },
  });
  await progress.until((d) => d.jobProgress.kind === "CURRENT", 10_000);
  expect(progress.errors).toEqual([]);
  expect(progress.events[0]!.data.jobProgress).toEqual({ kind: "CURRENT", status: "running" });
  await progress.dispose();
});
