/**
 * One server of the API-page benchmark (bench/api-page.ts), in a process of its own like a deployed
 * API (NODE_ENV=production, as api/Dockerfile sets it): BENCH_SERVER=graphql runs buildApp from
 * api/server.ts; BENCH_SERVER=sql answers the same page from one hand-written SQL query behind a
 * minimal Node HTTP handler. Prints `{ url }`; answers `statements` with the SQL statements run so far, and the
 * commands of bench/child-control.ts (a CPU profile of the measured rounds with BENCH_CPU_PROF).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { loadEnv } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { buildApp } from "@outreach/api/server";
import pg from "pg";
import { answerParent } from "./child-control.ts";

const PAGE_SQL = `SELECT p.id, p.domain, p.page_title, p.score, p.stage,
  (SELECT coalesce(json_agg(json_build_object('email', c.email, 'verification', c.verification)
     ORDER BY c.confidence DESC NULLS LAST, c.email), '[]') FROM contacts c WHERE c.prospect_id = p.id) AS contacts,
  (SELECT json_build_object('subject', e.subject, 'status', e.status, 'step', e.step)
     FROM email_logs e WHERE e.prospect_id = p.id ORDER BY e.step DESC LIMIT 1) AS last_email
FROM prospects p JOIN campaigns k ON k.id = p.campaign_id
WHERE k.user_id = $1 AND p.campaign_id = $2
ORDER BY p.score DESC NULLS LAST, p.id DESC LIMIT 50`;

answerParent(`api-page-${process.env.BENCH_SERVER}`);
const databaseUrl = process.env.DATABASE_URL!;
let statements = 0;
let url: string;
let stop: () => Promise<void>;
if (process.env.BENCH_SERVER === "graphql") {
  const secret = randomBytes(32).toString("hex");
  const env = loadEnv({
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: process.env.REDIS_PREFIX,
    JWT_SECRET_KEY: secret,
    MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const db = createDb(databaseUrl, { onQuery: () => statements++ });
  const app = buildApp({ env, jwtSecret: new TextEncoder().encode(secret), db });
  url = `${await app.start(0, "127.0.0.1")}/graphql`;
  const token = await app.deps.tokens.issue({ id: process.env.BENCH_USER_ID!, email: "bench@example.org" });
  console.log(JSON.stringify({ url, token }));
  stop = () => app.stop().then(() => db.$disconnect());
} else {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const { BENCH_USER_ID: userId, BENCH_CAMPAIGN_ID: campaignId } = process.env;
  const server = createServer(async (_req, res) => {
    const { rows } = await pool.query(PAGE_SQL, [userId, campaignId]);
    statements++;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ prospects: rows }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  console.log(JSON.stringify({ url }));
  stop = () => new Promise<void>((r) => server.close(() => r())).then(() => pool.end());
}
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "statements") console.log(JSON.stringify({ statements }));
});
process.on("SIGTERM", () => void stop().finally(() => process.exit(0)));
