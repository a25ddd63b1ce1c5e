/**
 * The whole pipeline in sandbox: discovery for 3 keywords -> enrichment -> scoring -> drafts
 * -> three drafts approved -> the dispatcher sends them -> one reply -> follow-ups (approved as
 * drafts) only to those who did not reply, with every step seen by a GraphQL subscriber. Real API, real worker process, all providers faked over HTTP.
 */
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@outreach/db";
import { startSandbox } from "@outreach/fakes";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL, type TestDatabase } from "@outreach/testkit";
import { startApi, testEnv, TEST_SECRET_KEY, wsClient, type TestApi } from "@outreach/testkit/api";
import { globalId, rawId, signUp } from "@outreach/testkit/gql";
import { connectMailbox } from "@outreach/testkit/mailboxes";
import { spawnWorker, type WorkerProcess } from "@outreach/testkit/worker";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let database: TestDatabase;
let prefix: string;
let db: Db;
let api: TestApi;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ env: {} });
  database = await createTestDatabase("pipeline");
  prefix = `test-${randomUUID()}`;
  db = createDb(database.url);
  const extra = { ...sandbox.env, DELIVERY_SYNC_EVERY_MS: "500", DELIVERY_FOLLOWUP_EVERY_MS: "500", DELIVERY_RECONCILE_EVERY_MS: "1000" };
  api = await startApi(testEnv(database.url, prefix, extra), { db });
  worker = await spawnWorker({
    env: { ...extra, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: TEST_SECRET_KEY, PUBLIC_URL: api.url },
  });
}, 120_000);

afterAll(async () => {
  worker?.child.kill("SIGKILL");
  await api?.stop();
  await db?.$disconnect();
  await database?.drop();
  await sandbox?.close();
  await deleteRedisPrefix(prefix);
});

const gmailControl = () => JSON.parse(sandbox.env.FAKE_CONTROL_URLS!).gmail as string;
const control = async (action: string, body: object = {}) =>
  ((await (await fetch(`${gmailControl()}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as { result: any }).result;

it("runs discovery to follow-ups in sandbox, stopping for the prospect who replied", async () => {
  const { token } = await signUp(api, "Pipeline");
  // Connect Gmail as the user does (the fake Google's consent page answers for its own account).
  expect(await connectMailbox(api, token, gmailControl(), { account: "artist@sandbox-gmail.example" })).toMatchObject({ data: { mailbox: { status: "connected" } } });
  const created = await api.gql(
    `mutation($input: CampaignInput!) { createCampaign(input: $input) { ... on MutationCreateCampaignSuccess { data { id } } ... on ValidationError { fieldErrors { path message } } } }`,
    {
      input: {
        name: "Sandbox run", artistName: "Mia Clay", fromName: "Mia Clay", fromEmail: "mia@example.org",
        keywords: ["ceramics magazine", "printmaking blog", "textile art open call"], searchDepth: 10,
        sendWindowStart: 0, sendWindowEnd: 24, timeZone: "UTC", minGapSeconds: 0, maxGapSeconds: 0,
        dailyCap: 2000, followUpDelaysDays: [1], maxFollowUps: 1, portfolioUrl: "https://mia-clay.example/works",
      },
    },
    token,
  );
  const campaignId: string = created.data!.createCampaign.data.id;
  const campaignUuid = rawId(campaignId);

  // One subscriber sees everything; waits re-check the database each time an event arrives.
  const client = wsClient(api.url, token);
  const stagesSeen = new Set<string>();
  const jobsSeen = new Map<string, string>();
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  client.subscribe<{ prospectUpdated: { stage: string } }>(
    { query: `subscription($c: ID!) { prospectUpdated(campaignId: $c) { id stage } }`, variables: { c: campaignId } },
    { next: ({ data }) => (data && stagesSeen.add(data.prospectUpdated.stage), notify()), error: () => {}, complete: () => {} },
  );
  client.subscribe<{ jobUpdated: { jobType: string; status: string } }>(
    { query: `subscription($c: ID!) { jobUpdated(campaignId: $c) { id jobType status } }`, variables: { c: campaignId } },
    { next: ({ data }) => (data && jobsSeen.set(`${data.jobUpdated.jobType}:${data.jobUpdated.status}`, data.jobUpdated.status), notify()), error: () => {}, complete: () => {} },
  );
  await new Promise<void>((resolve) => client.on("connected", () => resolve()));
  const until = (what: string, check: () => Promise<boolean>, ms = 150_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (listeners.delete(test), reject(new Error(`timed out waiting for ${what}\n${worker?.output().slice(-3000)}`))), ms);
      let busy = false;
      let again = false;
      const test = () => {
        if (busy) {
          again = true; // an event arrived mid-check: look again afterwards
          return;
        }
        busy = true;
        check().then((ok) => {
          busy = false;
          if (ok) {
            clearTimeout(timer);
            listeners.delete(test);
            resolve();
          } else if (again) {
            again = false;
            test();
          }
        }, reject);
      };
      listeners.add(test);
      test();
    });

  const discovery = await api.gql(`mutation($c: ID!) { startDiscovery(campaignId: $c) { ... on MutationStartDiscoverySuccess { data { id } } } }`, { c: campaignId }, token);
  const discoveryJob = rawId(discovery.data!.startDiscovery.data.id);
  await until("discovery to complete", async () => (await db.job.findUniqueOrThrow({ where: { id: discoveryJob } })).status === "completed");

  const prospects = await db.prospect.findMany({ where: { campaignId: campaignUuid }, include: { emailLogs: true } });
  expect(prospects.length).toBeGreaterThanOrEqual(10);
  expect(new Set(prospects.map((p) => p.domain)).size).toBe(prospects.length);
  const drafted = prospects.filter((p) => p.emailLogs.some((e) => e.step === 0 && e.status === "draft"));
  expect(drafted.length).toBeGreaterThanOrEqual(3);
  for (const p of drafted) expect(p.contactEmail).toBeTruthy();

  // Approve three drafts and press nothing else: the dispatcher sends them.
  const chosen = drafted.slice(0, 3);
  const approve = async (prospectId: string, step: number) => {
    const draft = await db.emailLog.findFirstOrThrow({ where: { prospectId, step, status: "draft" } });
    const res = await api.gql(`mutation($id: ID!) { approveDraft(id: $id) { __typename } }`, { id: globalId("EmailLog", draft.id) }, token);
    expect(res.data?.approveDraft.__typename).toBe("MutationApproveDraftSuccess");
  };
  for (const p of chosen) await approve(p.id, 0);
  const sentRows = () => db.emailLog.findMany({ where: { prospectId: { in: chosen.map((p) => p.id) }, status: "sent" }, orderBy: { step: "asc" } });
  await until("three first emails sent", async () => (await sentRows()).length === 3);
  expect((await control("sent")).length).toBe(3);

  // The first prospect replies; reply sync moves it to replied.
  const [replier, ...others] = chosen;
  const firstEmail = (await sentRows()).find((e) => e.prospectId === replier!.id)!;
  await control("deliver-reply", { threadId: firstEmail.gmailThreadId, kind: "reply" });
  await until("the reply to be synced", async () => (await db.prospect.findUniqueOrThrow({ where: { id: replier!.id } })).outreachStatus === "replied");

  // A day later (moved back in the database), follow-ups are due for everyone who was written to.
  const dayAgo = new Date(Date.now() - 26 * 3600_000);
  await db.emailLog.updateMany({ where: { prospectId: { in: chosen.map((p) => p.id) }, step: 0 }, data: { sentAt: dayAgo } });
  await db.prospect.updateMany({ where: { id: { in: chosen.map((p) => p.id) } }, data: { lastSent: dayAgo } });
  // The campaign does not approve by itself: each follow-up waits as a draft for a person.
  const followUpDrafts = () => db.emailLog.findMany({ where: { prospectId: { in: chosen.map((p) => p.id) }, step: 1, status: "draft" } });
  await until("follow-up drafts for the two who did not reply", async () => (await followUpDrafts()).length === 2);
  for (const d of await followUpDrafts()) await approve(d.prospectId, 1);
  await until("follow-ups to the two who did not reply", async () => (await sentRows()).filter((e) => e.step === 1).length === 2);

  const followUps = (await sentRows()).filter((e) => e.step === 1);
  expect(followUps.map((e) => e.prospectId).sort()).toEqual(others.map((p) => p.id).sort());
  for (const f of followUps) {
    const first = (await sentRows()).find((e) => e.prospectId === f.prospectId && e.step === 0)!;
    expect(f.gmailThreadId).toBe(first.gmailThreadId);
  }
  const gmailSent = (await control("sent")) as unknown[];
  expect(gmailSent.length).toBe(5);
  expect(await db.emailLog.count({ where: { prospectId: replier!.id, step: { gte: 1 } , status: { in: ["sending", "sent"] } } })).toBe(0);

  for (const stage of ["sent", "replied"]) expect(stagesSeen).toContain(stage);
  expect([...stagesSeen].some((s) => ["discovered", "enriched", "scored", "drafted", "approved"].includes(s))).toBe(true);
  for (const job of ["discover:completed", "send:completed", "followup:completed"]) expect([...jobsSeen.keys()]).toContain(job);
  console.log(`pipeline: ${prospects.length} prospects, ${drafted.length} drafts, stages seen live: ${[...stagesSeen].join(", ")}; jobs seen: ${[...jobsSeen.keys()].join(", ")}`);
  await client.dispose();
}, 300_000);
