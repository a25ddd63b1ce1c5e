import { randomBytes, randomUUID } from "node:crypto";
import { envSchema, loadEnv, type Env } from "@outreach/contracts";
import { buildApp, type App } from "@outreach/api/server";
import { CSRF_HEADER } from "@outreach/api/yoga";
import { createDb, type Db } from "@outreach/db";
import { createClient, type Client, type SubscribePayload } from "graphql-ws";
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
  // GRAPHQL_COMPILE_AFTER_RUNS=0 runs a whole suite's queries compiled (see api/compiled-queries.ts).
  const compile = process.env.GRAPHQL_COMPILE_AFTER_RUNS ? { GRAPHQL_COMPILE_AFTER_RUNS: process.env.GRAPHQL_COMPILE_AFTER_RUNS } : {};
  return loadEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: TEST_SECRET_KEY, ...compile, ...extra });
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

export interface RecordedSubscription<T> {
  /** Each result's data, with when it arrived (performance.now()). */
  events: { data: T; at: number }[];
  errors: unknown[];
  /** Resolves once a received result satisfies `done` (one already in counts); rejects after timeoutMs. */
  until(done: (data: T) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops reading the socket, so the server's writes back up as to a client on a slow network. */
  pause(): void;
  resume(): void;
  dispose(): Promise<void>;
}

/**
 * One graphql-ws subscription on its own connection, recording what it receives. With pauseOnConnect
 * the socket stops reading as soon as the server has acknowledged it, before any result arrives.
 */
export function recordSubscription<T>(url: string, token: string, payload: SubscribePayload, options: { pauseOnConnect?: boolean } = {}): RecordedSubscription<T> {
  const client = wsClient(url, token);
  let socket: WebSocket | null = null;
  client.on("connected", (connected) => {
    socket = connected as WebSocket;
    if (options.pauseOnConnect) socket.pause();
  });
  const events: { data: T; at: number }[] = [];
  const errors: unknown[] = [];
  let waiters: { done: (data: T) => boolean; resolve: () => void }[] = [];
  client.subscribe<T>(payload, {
    next: ({ data, errors: resultErrors }) => {
      if (resultErrors) errors.push(resultErrors);
      if (!data) return;
      events.push({ data, at: performance.now() });
      waiters = waiters.filter((w) => !(w.done(data) && (w.resolve(), true)));
    },
    error: (error) => errors.push(error),
    complete: () => {},
  });
  return {
    events,
    errors,
    until(done, timeoutMs = 30_000) {
      if (events.some((e) => done(e.data))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms; received ${events.length}, errors ${JSON.stringify(errors)}`)), timeoutMs);
        waiters.push({ done, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    pause: () => socket!.pause(),
    resume: () => socket!.resume(),
    dispose: async () => client.dispose(),
  };
}
