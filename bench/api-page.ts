/**
 * A page of 50 prospects with contacts and last email: GraphQL (Yoga + Pothos + Prisma) versus the
 * same data from one hand-written SQL query behind a minimal HTTP handler, measured interleaved in
 * the same run. Reports the p50/p99 latency ratio and SQL statements per GraphQL request.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { loadEnv } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { createTestDatabase } from "@outreach/testkit";
import pg from "pg";
import { buildApp } from "@outreach/api/server";
import { ms, summary } from "./stats.ts";

const PROSPECTS = 500;
const WARMUP = 30;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

const QUERY = `query($c: ID!) { prospects(first: 50, filter: { campaignId: $c }, orderBy: { field: SCORE }) {
  edges { node { id domain pageTitle score stage contacts { email verification } lastEmail { subject status step } } } } }`;

const SQL = `SELECT p.id, p.domain, p.page_title, p.score, p.stage,
  (SELECT coalesce(json_agg(json_build_object('email', c.email, 'verification', c.verification)
     ORDER BY c.confidence DESC NULLS LAST, c.email), '[]') FROM contacts c WHERE c.prospect_id = p.id) AS contacts,
  (SELECT json_build_object('subject', e.subject, 'status', e.status, 'step', e.step)
     FROM email_logs e WHERE e.prospect_id = p.id ORDER BY e.step DESC LIMIT 1) AS last_email
FROM prospects p JOIN campaigns k ON k.id = p.campaign_id
WHERE k.user_id = $1 AND p.campaign_id = $2
ORDER BY p.score DESC NULLS LAST, p.id DESC LIMIT 50`;

export async function benchApiPage() {
  const database = await createTestDatabase("bench");
  let statements = 0;
  const db = createDb(database.url, { onQuery: () => statements++ });
  const env = loadEnv({ NODE_ENV: "test", DATABASE_URL: database.url, REDIS_PREFIX: `bench-${randomUUID()}` });
  const app = buildApp({ env, jwtSecret: new TextEncoder().encode(randomUUID() + randomUUID()), db });
  const apiUrl = await app.start(0, "127.0.0.1");
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  const sqlServer = createServer(async (_req, res) => {
    const { rows } = await pool.query(SQL, [userId, campaignId]);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ prospects: rows }));
  });
  await new Promise<void>((r) => sqlServer.listen(0, "127.0.0.1", r));
  const sqlUrl = `http://127.0.0.1:${(sqlServer.address() as AddressInfo).port}/`;

  const user = await db.user.create({ data: { email: "bench@example.org", name: "Bench", passwordHash: "x" } });
  const userId = user.id;
  const campaign = await db.campaign.create({
    data: { userId, name: "Bench", artistName: "A", fromName: "A", fromEmail: "a@example.org", keywords: ["ceramics"] },
  });
  const campaignId = campaign.id;
  for (let i = 0; i < PROSPECTS; i++) {
    await db.prospect.create({
      data: {
        campaignId, domain: `site-${i}.example`, pageTitle: `Site ${i}`, score: (i * 37) % 100, stage: "scored",
        contacts: { create: [{ email: `editor@site-${i}.example`, confidence: 90 }, { email: `info@site-${i}.example`, confidence: 50 }] },
        emailLogs: { create: [{ step: 0, subject: "Hello", body: "..." }, { step: 1, subject: "Re: Hello", body: "..." }] },
      },
    });
  }
  const token = await app.deps.tokens.issue(user);
  const variables = { c: Buffer.from(`Campaign:${campaignId}`).toString("base64") };
  const graphql = async () => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables }),
    });
    const body = (await res.json()) as { data?: { prospects: { edges: unknown[] } } };
    if (body.data?.prospects.edges.length !== 50) throw new Error(`unexpected GraphQL answer: ${JSON.stringify(body).slice(0, 300)}`);
  };
  const sql = async () => {
    const body = (await (await fetch(sqlUrl)).json()) as { prospects: unknown[] };
    if (body.prospects.length !== 50) throw new Error("unexpected SQL answer");
  };
  const time = async (fn: () => Promise<void>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };

  for (let i = 0; i < WARMUP; i++) await Promise.all([graphql(), sql()]);
  const g: number[] = [];
  const s: number[] = [];
  let statementsTotal = 0;
  for (let i = 0; i < ROUNDS; i++) {
    statements = 0;
    g.push(await time(graphql));
    statementsTotal += statements;
    s.push(await time(sql));
  }
  const G = summary(g);
  const S = summary(s);
  const result = {
    name: "API: page of 50 prospects (contacts + last email)",
    graphql: G,
    sql: S,
    ratioP50: G.p50 / S.p50,
    ratioP99: G.p99 / S.p99,
    statementsPerRequest: statementsTotal / ROUNDS,
  };
  console.log(
    `${result.name}: GraphQL p50 ${ms(G.p50)} p99 ${ms(G.p99)} | SQL p50 ${ms(S.p50)} p99 ${ms(S.p99)} | ` +
      `ratio p50 ${result.ratioP50.toFixed(2)} p99 ${result.ratioP99.toFixed(2)} | ${result.statementsPerRequest.toFixed(1)} SQL statements per GraphQL request (n=${ROUNDS})`,
  );

  await app.stop();
  sqlServer.close();
  await pool.end();
  await db.$disconnect();
  await database.drop();
  return result;
}
