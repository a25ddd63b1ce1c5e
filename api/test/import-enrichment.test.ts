/**
 * Imported and hand-added prospects reach "scored" with no discovery run: one job per import
 * enriches (Hunter, the fake sites) and scores them, its progress streaming to a jobProgress
 * subscriber prospect by prospect. Real API, real worker process, providers faked over HTTP.
 */
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "@outreach/db";
import { serpSitesForKeyword, siteModel, startSandbox } from "@outreach/fakes";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL, type TestDatabase } from "@outreach/testkit";
import { startApi, testEnv, TEST_SECRET_KEY, wsClient, type TestApi } from "@outreach/testkit/api";
import { createCampaign, rawId, signUp } from "@outreach/testkit/gql";
import { spawnWorker, type WorkerProcess } from "@outreach/testkit/worker";

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let database: TestDatabase;
let prefix: string;
let db: Db;
let api: TestApi;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  sandbox = await startSandbox({ env: {} });
  database = await createTestDatabase("importenrich");
  prefix = `test-${randomUUID()}`;
  db = createDb(database.url);
  api = await startApi(testEnv(database.url, prefix, sandbox.env), { db });
}, 120_000);

afterAll(async () => {
  await worker?.stop("SIGTERM", 5000);
  await api?.stop();
  await db?.$disconnect();
  await database?.drop();
  await sandbox?.close();
  await deleteRedisPrefix(prefix);
});

const startWorker = async () => {
  worker = await spawnWorker({ env: { ...sandbox.env, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: TEST_SECRET_KEY, PUBLIC_URL: api.url } });
};

interface Progress {
  kind: string;
  seq: number;
  status: string;
  progress: number;
  message: string | null;
}

/** Every jobProgress event of the job (stored ones after afterSeq 0 first) until it is finished. */
function followJob(token: string, jobId: string): Promise<Progress[]> {
  const client = wsClient(api.url, token);
  const events: Progress[] = [];
  return new Promise<Progress[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`job not finished after 120 s: ${JSON.stringify(events.at(-1))}\n${worker?.output().slice(-2000)}`)), 120_000);
    client.subscribe<{ jobProgress: Progress }>(
      { query: `subscription($j: ID!) { jobProgress(jobId: $j, afterSeq: 0) { kind seq status progress message } }`, variables: { j: jobId } },
      {
        next: ({ data, errors }) => {
          if (errors) return reject(new Error(JSON.stringify(errors)));
          events.push(data!.jobProgress);
          if (["completed", "failed", "cancelled"].includes(data!.jobProgress.status)) {
            clearTimeout(timer);
            resolve(events);
          }
        },
        error: reject,
        complete: () => {},
      },
    );
  }).finally(() => void client.dispose());
}

const PROSPECT_VIEW = `id domain stage score contactEmail contacts { email verification } scoreBreakdown { signal points } enrichedAt enrichAvailableAt enrichJob { id }`;

it("a CSV of 20 fake sites: one job enriches and scores all of them, no discovery, its progress streamed prospect by prospect", { timeout: 240_000 }, async () => {
  const { token } = await signUp(api, "Importer");
  const campaign = await createCampaign(api, token);
  const domains = serpSitesForKeyword("ceramics open call").map((s) => s.domain).filter((d) => siteModel(d).hunterHasEmails).slice(0, 20);
  expect(domains).toHaveLength(20);

  // Imported while no worker runs, so the subscription below exists before anything happens.
  const imported = await api.gql(
    `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { ... on MutationImportProspectsSuccess { data { created job { id jobType status } } } } }`,
    { input: { campaignId: campaign.id, csv: ["domain,page_title", ...domains.map((d) => `${d},${siteModel(d).name}`)].join("\n") } },
    token,
  );
  const report = imported.data!.importProspects.data;
  expect(report).toMatchObject({ created: 20, job: { jobType: "enrich", status: "pending" } });
  const followed = followJob(token, report.job.id);
  await startWorker();
  const events = await followed;

  expect(events.at(-1)).toMatchObject({ status: "completed", progress: 100 });
  // One event per prospect, in order, each moving the bar on.
  const perProspect = events.filter((e) => e.message?.startsWith("Enriched "));
  expect(perProspect.map((e) => /\((\d+) of 20\)$/.exec(e.message!)?.[1])).toEqual(domains.map((_, i) => String(i + 1)));
  expect(new Set(perProspect.map((e) => e.message!.split(" ")[1]))).toEqual(new Set(domains));
  for (let i = 1; i < perProspect.length; i++) expect(perProspect[i]!.progress, perProspect[i]!.message!).toBeGreaterThan(perProspect[i - 1]!.progress);
  expect(perProspect.every((e) => e.kind === "LIVE" && e.status === "running")).toBe(true);
  expect(events.some((e) => e.message === "Scored 20 of 20 prospects")).toBe(true);
  const seqs = events.filter((e) => e.kind !== "CURRENT").map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

  const listed = await api.gql(
    `query($c: ID!) { prospects(first: 50, filter: { campaignId: $c }) { totalCount edges { node { ${PROSPECT_VIEW} } } } }`,
    { c: campaign.id },
    token,
  );
  const prospects = listed.data!.prospects.edges.map((e: { node: any }) => e.node);
  expect(prospects.map((p: any) => p.domain).sort()).toEqual([...domains].sort());
  for (const p of prospects) {
    expect(p.stage, p.domain).toBe("scored");
    expect(p.contacts.length, p.domain).toBeGreaterThan(0);
    expect(p.contactEmail, p.domain).toBeTruthy();
    expect(p.scoreBreakdown.length, p.domain).toBeGreaterThan(0);
    expect(p.enrichJob, p.domain).toBeNull();
  }
  const jobs = await db.job.groupBy({ by: ["jobType"], where: { campaignId: rawId(campaign.id) }, _count: true });
  expect(jobs.map((j) => [j.jobType, j._count])).toEqual([["enrich", 1]]);
  const job = await db.job.findUniqueOrThrow({ where: { id: rawId(report.job.id) } });
  console.log(`import of 20: enriched and scored in ${job.finishedAt!.getTime() - job.startedAt!.getTime()} ms, ${events.length} progress events; scores ${prospects.map((p: any) => p.score).join(", ")}`);
});

it("one added by hand is enriched and scored at once; Enrich right after is refused until the cooldown is over", { timeout: 120_000 }, async () => {
  if (!worker) await startWorker();
  const { token } = await signUp(api, "ByHand");
  const campaign = await createCampaign(api, token, { timeZone: "UTC" });
  const domain = serpSitesForKeyword("textile art open call").map((s) => s.domain).find((d) => siteModel(d).hunterHasEmails)!;
  const added = await api.gql(
    `mutation($input: AddProspectInput!) { addProspect(input: $input) { ... on MutationAddProspectSuccess { data { id stage enrichJob { id } } } } }`,
    { input: { campaignId: campaign.id, domainOrUrl: domain } },
    token,
  );
  const prospect = added.data!.addProspect.data;
  expect(prospect.stage).toBe("discovered");
  const events = await followJob(token, prospect.enrichJob.id);
  expect(events.at(-1)).toMatchObject({ status: "completed", progress: 100 });
  expect(events.map((e) => e.message)).toEqual(expect.arrayContaining([`Enriched ${domain} (1 of 1)`, "Scored 1 of 1 prospects"]));

  const shown = (await api.gql(`query($id: ID!) { prospect(id: $id) { ${PROSPECT_VIEW} } }`, { id: prospect.id }, token)).data!.prospect;
  expect(shown).toMatchObject({ stage: "scored", enrichJob: null });
  expect(shown.contacts.length).toBeGreaterThan(0);
  expect(shown.scoreBreakdown.length).toBeGreaterThan(0);
  const enrichedAt = new Date(shown.enrichedAt);
  expect(Date.now() - enrichedAt.getTime()).toBeLessThan(60_000);
  expect(shown.enrichAvailableAt).toBe(new Date(enrichedAt.getTime() + 3_600_000).toISOString());

  const again = await api.gql(
    `mutation($ids: [ID!]!) { enrichProspects(prospectIds: $ids) { ... on MutationEnrichProspectsSuccess { data { jobs { id } refused { reason availableAt } } } } }`,
    { ids: [prospect.id] },
    token,
  );
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  expect(again.data!.enrichProspects.data).toEqual({
    jobs: [],
    refused: [{ reason: `${domain} was enriched at ${hhmm(enrichedAt)}; it can be enriched again at ${hhmm(new Date(shown.enrichAvailableAt))} (UTC)`, availableAt: shown.enrichAvailableAt }],
  });
  expect(await db.job.count({ where: { campaignId: rawId(campaign.id) } })).toBe(1);
});

it("an address the person gave (by hand or in the CSV) stays the prospect's address after enrichment; what Hunter found is added beside it", { timeout: 120_000 }, async () => {
  if (!worker) await startWorker();
  const { token } = await signUp(api, "GivenAddress");
  const campaign = await createCampaign(api, token, { timeZone: "UTC" });
  const [byHand, imported] = serpSitesForKeyword("textile art open call").map((s) => s.domain).filter((d) => siteModel(d).hunterHasEmails);
  const added = await api.gql(
    `mutation($input: AddProspectInput!) { addProspect(input: $input) { ... on MutationAddProspectSuccess { data { id enrichJob { id } } } } }`,
    { input: { campaignId: campaign.id, domainOrUrl: byHand, contactEmail: `curator@${byHand}` } },
    token,
  );
  const csv = `domain,email\n${imported},editor-in-chief@${imported}\n`;
  const report = (await api.gql(
    `mutation($input: ImportProspectsInput!) { importProspects(input: $input) { ... on MutationImportProspectsSuccess { data { created job { id } } } } }`,
    { input: { campaignId: campaign.id, csv } },
    token,
  )).data!.importProspects.data;
  await followJob(token, added.data!.addProspect.data.enrichJob.id);
  await followJob(token, report.job.id);

  for (const [domain, given] of [[byHand, `curator@${byHand}`], [imported, `editor-in-chief@${imported}`]] as const) {
    const p = await db.prospect.findFirstOrThrow({ where: { domain, campaignId: rawId(campaign.id) }, include: { contacts: true } });
    expect(p.stage).toBe("scored");
    expect(p.contactEmail).toBe(given);
    expect(p.contacts.find((c) => c.email === given)).toMatchObject({ source: "person" });
    expect(p.contacts.some((c) => c.source === "hunter")).toBe(true);
    expect(p.enrichNotes.some((n) => n.startsWith(`Kept the address you gave (${given}); enrichment also found `))).toBe(true);
  }
});
