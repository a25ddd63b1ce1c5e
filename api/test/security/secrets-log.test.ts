import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, deleteRedisPrefix, freePort, REDIS_URL, type TestDatabase } from "@outreach/testkit";

/**
 * Secrets never logged: the real entry point (node --import tsx api/main.ts) in production mode
 * with a JWT secret and (fake) provider keys, its stdout/stderr captured while we log in with a
 * password, fail a mutation, cause an internal error and make the live providers fail. Every
 * provider URL points at a closed loopback port: nothing leaves the machine.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SECRETS = {
  JWT_SECRET_KEY: `jwt-SECRET-${randomBytes(24).toString("hex")}`,
  GEMINI_API_KEY: `sk-test-SECRET-gemini-${randomBytes(8).toString("hex")}`,
  HUNTER_IO_API_KEY: `sk-test-SECRET-hunter-${randomBytes(8).toString("hex")}`,
  DATAFORSEO_LOGIN: `dfs-login-${randomBytes(6).toString("hex")}@example.org`,
  DATAFORSEO_PASSWORD: `sk-test-SECRET-dfs-${randomBytes(8).toString("hex")}`,
  GMAIL_CLIENT_ID: `gmail-client-${randomBytes(6).toString("hex")}.apps.example`,
  GMAIL_CLIENT_SECRET: `sk-test-SECRET-gmail-${randomBytes(8).toString("hex")}`,
  GMAIL_REFRESH_TOKEN: `sk-test-SECRET-refresh-${randomBytes(8).toString("hex")}`,
  MAILBOX_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
};
const PASSWORD = `pw-SECRET-${randomBytes(8).toString("hex")}`;
const WRONG_PASSWORD = `pw-WRONG-SECRET-${randomBytes(8).toString("hex")}`;

let database: TestDatabase;
let child: ChildProcess;
let output = "";
let url = "";
const prefix = `test-${randomUUID()}`;

beforeAll(async () => {
  database = await createTestDatabase("sec-secrets");
  const [port, closed] = [await freePort(), await freePort()];
  const dead = `http://127.0.0.1:${closed}`;
  child = spawn(process.execPath, ["--import", "tsx", "api/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: `https://127.0.0.1:${port}`,
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ...SECRETS,
      DATAFORSEO_API_URL: dead,
      HUNTER_API_URL: dead,
      GEMINI_API_URL: dead,
      GMAIL_API_URL: `${dead}/`,
      GOOGLE_OAUTH_TOKEN_URL: `${dead}/token`,
      GOOGLE_OAUTH_AUTH_URL: `${dead}/auth`,
      GOOGLE_OAUTH_REVOKE_URL: `${dead}/revoke`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!/api ready/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`API did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
  await database?.drop();
  await deleteRedisPrefix(prefix);
});

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

describe("logs of a production API", () => {
  it("[secrets] no password, token, JWT secret or provider key appears in the API's output", async () => {
    const email = `secrets-${randomUUID().slice(0, 8)}@example.org`;
    const signUp = await gql(
      `mutation($i: SignUpInput!) { signUp(input: $i) { __typename ... on MutationSignUpSuccess { data { token } } } }`,
      { i: { email, password: PASSWORD, name: "Secret" } },
    );
    expect(signUp.data?.signUp.__typename).toBe("MutationSignUpSuccess");
    const logIn = await gql(
      `mutation($i: LogInInput!) { logIn(input: $i) { __typename ... on MutationLogInSuccess { data { token } } } }`,
      { i: { email, password: PASSWORD } },
    );
    const token: string = logIn.data.logIn.data.token;
    await gql(`mutation($i: LogInInput!) { logIn(input: $i) { __typename } }`, { i: { email, password: WRONG_PASSWORD } });
    // A failing mutation (validation) and a forged token.
    await gql(`mutation { createCampaign(input: { name: "", artistName: "", fromName: "", fromEmail: "x", keywords: [], statement: "" }) { __typename } }`, {}, token);
    await gql(`{ me { id } }`, {}, `${token.slice(0, -4)}AAAA`);
    // An internal error (a database error behind a masked message).
    const internal = await gql(`query($id: ID!) { campaign(id: $id) { id } }`, { id: Buffer.from("Campaign:not-a-uuid").toString("base64") }, token);
    expect(JSON.stringify(internal)).toMatch(/INTERNAL_SERVER_ERROR|NOT_FOUND/);
    // Live providers failing (closed loopback port): the dry run calls DataForSEO, Hunter and Gemini.
    const campaign = await gql(
      `mutation($i: CampaignInput!) { createCampaign(input: $i) { ... on MutationCreateCampaignSuccess { data { id } } } }`,
      { i: { name: "Secrets", artistName: "Mia", fromName: "Mia", fromEmail: "mia@example.org", keywords: ["ceramics"], statement: "Stoneware." } },
      token,
    );
    const campaignId = campaign.data?.createCampaign?.data?.id;
    expect(campaignId).toBeTruthy();
    await gql(`mutation($c: ID!) { dryRun(campaignId: $c, keyword: "ceramics") { __typename } }`, { c: campaignId }, token);
    await gql(`mutation($c: ID!) { dryRun(campaignId: $c, domain: "kiln-notes.example") { __typename } }`, { c: campaignId }, token);
    // REST with the token, and a REST error.
    await fetch(`${url}/api/prospects?minScore=abc`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 500));

    expect(output).toMatch(/api ready/);
    // The internal error and the provider failures were logged: the check below is not vacuous.
    expect(output).toMatch(/PrismaClient/);
    expect(output).toMatch(/ProviderError/);
    const forbidden: Record<string, string> = {
      password: PASSWORD,
      "wrong password": WRONG_PASSWORD,
      token,
      "token signature": token.split(".")[2]!,
      ...SECRETS,
      "DataForSEO basic auth": Buffer.from(`${SECRETS.DATAFORSEO_LOGIN}:${SECRETS.DATAFORSEO_PASSWORD}`).toString("base64"),
    };
    for (const [name, secret] of Object.entries(forbidden)) {
      expect(output.includes(secret), `${name} appears in the API output`).toBe(false);
    }
    expect(output).not.toMatch(/sk-test-SECRET|pw-SECRET|pw-WRONG-SECRET|jwt-SECRET/);
  });
});
