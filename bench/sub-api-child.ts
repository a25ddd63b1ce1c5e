/**
 * One API instance for the subscriptions benchmark (bench/subscriptions.ts): buildApp from
 * api/server.ts on a free port, with NODE_ENV=production as deployed (so a fault it masks is
 * logged to stderr); prints `{ url, token }` (a token for BENCH_USER_ID) as one JSON line.
 */
import { randomBytes } from "node:crypto";
import { loadEnv } from "@outreach/contracts";
import { createDb } from "@outreach/db";
import { buildApp } from "@outreach/api/server";
import { answerParent } from "./child-control.ts";

answerParent("api");
const env = loadEnv({
  NODE_ENV: "production",
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  JWT_SECRET_KEY: process.env.JWT_SECRET_KEY,
  MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
});
const db = createDb(env.DATABASE_URL, { max: 10 });
const app = buildApp({ env, jwtSecret: new TextEncoder().encode(process.env.JWT_SECRET_KEY!), db });
const url = await app.start(0, "127.0.0.1");
const token = await app.deps.tokens.issue({ id: process.env.BENCH_USER_ID!, email: process.env.BENCH_USER_EMAIL! });
console.log(JSON.stringify({ url, token }));
process.on("SIGTERM", () => {
  void app
    .stop()
    .then(() => db.$disconnect())
    .finally(() => process.exit(0));
});
