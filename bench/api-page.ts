/**
 * A page of 50 prospects with contacts and last email: GraphQL (Yoga + Pothos + Prisma) versus the
 * same data from one hand-written SQL query behind a minimal HTTP handler, measured interleaved in
 * the same run. Each server runs in a process of its own with NODE_ENV=production, as deployed
 * (bench/api-page-child.ts); this process is only the client. Reports the p50/p99 latency ratio
 * and the SQL statements per GraphQL request for pages of 10, 50 and 100.
 */
import { randomUUID } from "node:crypto";
import { createDb } from "@outreach/db";
import { createTestDatabase, deleteRedisPrefix, REDIS_URL } from "@outreach/testkit";
import { startChild, stopChild } from "./children.ts";
import { ms, summary } from "./stats.ts";

const PROSPECTS = 500;
const WARMUP = 30;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
export const API_PAGE_TARGET = { ratioP50: 2 };

const query = (first: number) => `query($c: ID!) { prospects(first: ${first}, filter: { campaignId: $c }, orderBy: { field: SCORE }) {
  edges { node { id domain pageTitle score stage contacts { email verification } lastEmail { subject status step } } } } }`;

export async function benchApiPage() {
  const database = await createTestDatabase("bench");
  const db = createDb(database.url);
  const user = await db.user.create({ data: { email: "bench@example.org", name: "Bench", passwordHash: "x" } });
  const campaign = await db.campaign.create({
    data: { userId: user.id, name: "Bench", artistName: "A", fromName: "A", fromEmail: "a@example.org", keywords: ["ceramics"] },
  });
  for (let i = 0; i < PROSPECTS; i++) {
    await db.prospect.create({
      data: {
        campaignId: campaign.id, domain: `site-${i}.example`, pageTitle: `Site ${i}`, score: (i * 37) % 100, stage: "scored",
        contacts: { create: [{ email: `editor@site-${i}.example`, confidence: 90 }, { email: `info@site-${i}.example`, confidence: 50 }] },
        emailLogs: { create: [{ step: 0, subject: "Hello", body: "..." }, { step: 1, subject: "Re: Hello", body: "..." }] },
      },
    });
  }
  const prefix = `bench-${randomUUID()}`;
  const childEnv = (server: string) => ({
    PATH: process.env.PATH, BENCH_CPU_PROF: process.env.BENCH_CPU_PROF, NODE_ENV: "production", BENCH_SERVER: server, DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix,
    BENCH_USER_ID: user.id, BENCH_CAMPAIGN_ID: campaign.id,
  });
  const api = await startChild("api-page-child.ts", childEnv("graphql"), (process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean));
  const sqlServer = await startChild("api-page-child.ts", childEnv("sql"));
  const variables = { c: Buffer.from(`Campaign:${campaign.id}`).toString("base64") };
  const graphqlPage = async (first: number) => {
    const res = await fetch(api.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
      body: JSON.stringify({ query: query(first), variables }),
    });
    const body = (await res.json()) as { data?: { prospects: { edges: unknown[] } } };
    if (body.data?.prospects.edges.length !== first) throw new Error(`unexpected GraphQL answer: ${JSON.stringify(body).slice(0, 300)}`);
  };
  const graphql = () => graphqlPage(50);
  const sql = async () => {
    const body = (await (await fetch(sqlServer.url)).json()) as { prospects: unknown[] };
    if (body.prospects.length !== 50) throw new Error("unexpected SQL answer");
  };
  const statements = async () => (await api.ask<{ statements: number }>("statements")).statements;
  const time = async (fn: () => Promise<void>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };

  for (let i = 0; i < WARMUP; i++) await Promise.all([graphql(), sql()]);
  const statementsByPage: Record<number, number> = {};
  for (const first of [10, 50, 100]) {
    const before = await statements();
    await graphqlPage(first);
    statementsByPage[first] = (await statements()) - before;
  }
  const g: number[] = [];
  const s: number[] = [];
  const before = await statements();
  for (const c of [api, sqlServer]) c.child.stdin!.write("profile start\n");
  for (let i = 0; i < ROUNDS; i++) {
    g.push(await time(graphql));
    s.push(await time(sql));
  }
  for (const c of [api, sqlServer]) c.child.stdin!.write("profile stop\n");
  const statementsPerRequest = ((await statements()) - before) / ROUNDS;
  const G = summary(g);
  const S = summary(s);
  const counts = Object.values(statementsByPage);
  const constantStatements = counts.every((n) => n === counts[0]) && statementsPerRequest === counts[0];
  const ratioP50 = G.p50 / S.p50;
  const result = {
    name: "API: page of 50 prospects (contacts + last email)",
    graphql: G,
    sql: S,
    ratioP50,
    ratioP99: G.p99 / S.p99,
    statementsPerRequest,
    statementsByPage,
    constantStatements,
    target: `p50 ratio ≤ ${API_PAGE_TARGET.ratioP50}, statements the same for pages of 10, 50 and 100`,
    met: ratioP50 <= API_PAGE_TARGET.ratioP50 && constantStatements,
  };
  console.log(
    `${result.name}: GraphQL p50 ${ms(G.p50)} p99 ${ms(G.p99)} | SQL p50 ${ms(S.p50)} p99 ${ms(S.p99)} | ` +
      `ratio p50 ${result.ratioP50.toFixed(2)} p99 ${result.ratioP99.toFixed(2)} | ${statementsPerRequest.toFixed(1)} SQL statements per GraphQL request ` +
      `(pages of 10/50/100: ${counts.join("/")}) (n=${ROUNDS}) | target ${result.target}: ${result.met ? "met" : "missed"}`,
  );

  await stopChild(api);
  await stopChild(sqlServer);
  await db.$disconnect();
  await database.drop();
  await deleteRedisPrefix(prefix);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchApiPage();
  process.exit(0);
}
