import { randomBytes, randomUUID } from "node:crypto";
import { loadEnv, type Env } from "@outreach/contracts";
import { createDb, type Db } from "@outreach/db";
import { createTestDatabase, type TestDatabase } from "@outreach/db/test-database";
import { Redis } from "ioredis";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { buildApp, type App } from "../server.ts";
import { CSRF_HEADER } from "../yoga.ts";

export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEST_SECRET_KEY = randomBytes(32).toString("hex");
export const TEST_JWT_SECRET = new TextEncoder().encode(TEST_SECRET_KEY);

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestApi {
  app: App;
  url: string;
  db: Db;
  env: Env;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** Test env: own Redis prefix; database given by the caller so several API instances can share one. */
export function testEnv(databaseUrl: string, prefix: string, extra: Record<string, string> = {}): Env {
  return loadEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, JWT_SECRET_KEY: TEST_SECRET_KEY, ...extra });
}

export async function startApi(env: Env, options: { db?: Db; port?: number } = {}): Promise<TestApi> {
  const app = buildApp({ env, jwtSecret: TEST_JWT_SECRET, db: options.db });
  const url = await app.start(options.port ?? 0, "127.0.0.1");
  return {
    app,
    url,
    db: app.deps.db,
    env,
    gql: (query, variables, token) => postGraphQL(url, query, variables, token),
    stop: () => app.stop(),
  };
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/** One API instance on its own migrated database and Redis prefix; stop() removes both. */
export async function startIsolatedApi(label: string, options: { onQuery?: (sql: string) => void } = {}) {
  const database: TestDatabase = await createTestDatabase(label);
  const prefix = `test-${randomUUID()}`;
  const env = testEnv(database.url, prefix);
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

export async function deleteRedisPrefix(prefix: string) {
  const redis = new Redis(REDIS_URL);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}

export async function signUp(api: Pick<TestApi, "gql">, name = "Artist") {
  const email = `${name.toLowerCase().replace(/\W/g, "")}-${randomUUID().slice(0, 8)}@example.org`;
  const res = await api.gql(
    `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on MutationSignUpSuccess { data { token user { id } } } ... on Error { message } } }`,
    { input: { email, password: "correct horse battery", name } },
  );
  const data = res.data?.signUp?.data;
  if (!data) throw new Error(`signUp failed: ${JSON.stringify(res)}`);
  return { token: data.token as string, userId: data.user.id as string, email };
}

export const CREATE_CAMPAIGN = `mutation($input: CampaignInput!) {
  createCampaign(input: $input) {
    __typename
    ... on MutationCreateCampaignSuccess { data { id name dailyCap timeZone } }
    ... on ValidationError { message fieldErrors { path message } }
  }
}`;

export const campaignInput = (overrides: Record<string, unknown> = {}) => ({
  name: "Ceramics spring",
  artistName: "Mia Clay",
  medium: "ceramics",
  fromName: "Mia Clay",
  fromEmail: "mia@example.org",
  keywords: ["ceramics", "glaze", "stoneware"],
  statement: "Wood-fired stoneware vessels about erosion.",
  ...overrides,
});

export async function createCampaign(api: Pick<TestApi, "gql">, token: string, overrides: Record<string, unknown> = {}) {
  const res = await api.gql(CREATE_CAMPAIGN, { input: campaignInput(overrides) }, token);
  const data = res.data?.createCampaign?.data;
  if (!data) throw new Error(`createCampaign failed: ${JSON.stringify(res)}`);
  return data as { id: string; name: string };
}

/** Relay global id -> database UUID. */
export const rawId = (globalId: string) => Buffer.from(globalId, "base64").toString("utf8").split(":")[1]!;
export const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

export function wsClient(url: string, token?: string): Client {
  return createClient({
    url: `${url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export { CSRF_HEADER };
