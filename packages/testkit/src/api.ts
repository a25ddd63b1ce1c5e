import { randomBytes, randomUUID } from "node:crypto";
import { envSchema, loadEnv, type Env } from "@outreach/contracts";
import { buildApp, type App } from "@outreach/api/server";
import { CSRF_HEADER } from "@outreach/api/yoga";
import { createDb, type Db } from "@outreach/db";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { postGraphQL, type GqlRunner } from "./gql.ts";
import { REDIS_URL, deleteRedisPrefix } from "./redis.ts";

export { CSRF_HEADER };
export const TEST_SECRET_KEY = randomBytes(32).toString("hex");
export const TEST_JWT_SECRET = new TextEncoder().encode(TEST_SECRET_KEY);

export interface TestApi extends GqlRunner {
  app: App;
  url: string;
  db: Db;
  env: Env;
  stop(): Promise<void>;
}

/** Test env: own Redis prefix; database given by the caller so several API instances can share one. */
export function testEnv(databaseUrl: string, prefix: string, extra: Record<string, string> = {}): Env {
  return loadEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: TEST_SECRET_KEY, ...extra });
}

/** The API in this process on a free port (buildApp, as api/main.ts starts it). */
export async function startApi(env: Env, options: { db?: Db; port?: number } = {}): Promise<TestApi> {
  const app = buildApp({ env, jwtSecret: TEST_JWT_SECRET, db: options.db });
  const url = await app.start(options.port ?? 0, "127.0.0.1");
  // Google's consent returns to PUBLIC_URL: in a test that is where this instance listens.
  if (env.PUBLIC_URL === envSchema.shape.PUBLIC_URL.parse(undefined)) env.PUBLIC_URL = url;
  return {
    app,
    url,
    db: app.deps.db,
    env,
    gql: (query, variables, token) => postGraphQL(url, query, variables, token),
    stop: () => app.stop(),
  };
}

/** One API instance on its own migrated database and Redis prefix; stop() removes both. */
export async function startIsolatedApi(label: string, options: { onQuery?: (sql: string) => void; env?: Record<string, string> } = {}) {
  const database: TestDatabase = await createTestDatabase(label);
  const prefix = `test-${randomUUID()}`;
  const env = testEnv(database.url, prefix, options.env);
  const db = createDb(database.url, { onQuery: options.onQuery });
  const api = await startApi(env, { db });
  return {
    ...api,
    prefix,
    async stop() {
      await api.stop();
      await db.$disconnect();
      await database.drop();
      await deleteRedisPrefix(prefix);
    },
  };
}

/** A graphql-ws client for `url` (http or ws), with the token in connectionParams. */
export function wsClient(url: string, token?: string): Client {
  return createClient({
    url: `${url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}
