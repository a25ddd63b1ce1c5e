import { randomUUID } from "node:crypto";
import { generateKeyPair, SignJWT, UnsecuredJWT, decodeJwt } from "jose";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LOGIN_LIMITS } from "../../services/auth.ts";
import { deleteRedisPrefix, REDIS_URL } from "@outreach/testkit";
import { startApi, startIsolatedApi, testEnv, TEST_JWT_SECRET, wsClient } from "@outreach/testkit/api";
import { createCampaign, signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let victim: Awaited<ReturnType<typeof signUp>>;
let victimUuid: string;

beforeAll(async () => {
  api = await startIsolatedApi("sec-auth");
  victim = await signUp(api, "Victim");
  victimUuid = (await api.db.user.findUniqueOrThrow({ where: { email: victim.email } })).id;
  await createCampaign(api, victim.token, { name: "VICTIMMARK campaign" });
});
afterAll(() => api?.stop());

const ME_AND_DATA = `{ me { id email } }`;
const CAMPAIGNS = `{ campaigns { edges { node { id name } } } }`;

/** A forged token must give `me: null`, UNAUTHENTICATED on owned data, 401 on REST, and no data. */
async function expectRefused(token: string) {
  const me = await api.gql(ME_AND_DATA, {}, token);
  expect(me.data?.me ?? null).toBeNull();
  const owned = await api.gql(CAMPAIGNS, {}, token);
  expect(owned.data ?? null).toBeNull();
  expect(owned.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  const rest = await fetch(`${api.url}/api/prospects`, { headers: { authorization: `Bearer ${token}` } });
  expect(rest.status).toBe(401);
  expect(JSON.stringify(owned) + JSON.stringify(me)).not.toContain("VICTIMMARK");
}

const claims = () => ({ email: victim.email });
const sign = (alg: string, key: Parameters<SignJWT["sign"]>[0], exp = "1h") =>
  new SignJWT(claims()).setProtectedHeader({ alg, typ: "JWT" }).setSubject(victimUuid).setIssuer("art-outreach").setIssuedAt().setExpirationTime(exp).sign(key);

describe("JWT forgery", () => {
  it("[jwt] the genuine token works (control)", async () => {
    const res = await api.gql(CAMPAIGNS, {}, victim.token);
    expect(res.data?.campaigns.edges).toHaveLength(1);
  });

  it("[jwt] alg none is refused", async () => {
    await expectRefused(new UnsecuredJWT(claims()).setSubject(victimUuid).setIssuer("art-outreach").setExpirationTime("1h").encode());
  });

  it("[jwt] alg none with an empty signature on a real token's payload is refused", async () => {
    const [, payload] = victim.token.split(".");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    await expectRefused(`${header}.${payload}.`);
  });

  it("[jwt] HS256 signed with a wrong key is refused", async () => {
    await expectRefused(await sign("HS256", new TextEncoder().encode("x".repeat(32))));
  });

  it("[jwt] alg HS512 signed with the real secret is refused (allow-list is HS256 only)", async () => {
    await expectRefused(await sign("HS512", TEST_JWT_SECRET));
  });

  it("[jwt] alg HS384 signed with the real secret is refused", async () => {
    await expectRefused(await sign("HS384", TEST_JWT_SECRET));
  });

  it("[jwt] an RS256-signed token (attacker's key pair) is refused", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    await expectRefused(await sign("RS256", privateKey));
  });

  it("[jwt] an ES256-signed token (attacker's key pair) is refused", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    await expectRefused(await sign("ES256", privateKey));
  });

  it("[jwt] an expired token is refused", async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(victimUuid)
      .setIssuer("art-outreach")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(TEST_JWT_SECRET);
    await expectRefused(token);
  });

  it("[jwt] a token from another issuer is refused", async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256" }).setSubject(victimUuid).setIssuer("someone-else").setExpirationTime("1h").sign(TEST_JWT_SECRET);
    await expectRefused(token);
  });

  it("[jwt] a tampered payload (sub swapped to the victim, signature kept) is refused", async () => {
    const attacker = await signUp(api, "Attacker");
    const [header, , signature] = attacker.token.split(".");
    const payload = { ...decodeJwt(attacker.token), sub: victimUuid, email: victim.email };
    await expectRefused(`${header}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`);
  });

  it("[jwt] a token with its signature stripped is refused", async () => {
    const [header, payload] = victim.token.split(".");
    await expectRefused(`${header}.${payload}.`);
  });

  it("[jwt] a WebSocket connection with a forged token is refused", async () => {
    const token = await sign("HS256", new TextEncoder().encode("y".repeat(32)));
    const client = wsClient(api.url, token);
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe({ query: `subscription($c: ID!) { jobUpdated(campaignId: $c) { id } }`, variables: { c: "x" } }, {
        next: (v) => resolve(v),
        error: (e) => resolve(e),
        complete: () => resolve("complete"),
      });
    });
    expect(JSON.stringify(outcome)).not.toContain("data");
    expect(outcome).not.toBe("complete");
    await client.dispose();
  });
});

describe("token of a deleted user", () => {
  it("[jwt] a validly signed token for a deleted user reaches no data, and a write with it says UNAUTHENTICATED", async () => {
    const gone = await signUp(api, "Gone");
    const campaign = await createCampaign(api, gone.token, { name: "VICTIMMARK gone" });
    await api.db.user.delete({ where: { email: gone.email } });

    const me = await api.gql(ME_AND_DATA, {}, gone.token);
    expect(me.data?.me).toBeNull();
    const list = await api.gql(CAMPAIGNS, {}, gone.token);
    expect(list.data?.campaigns?.edges ?? []).toEqual([]);
    const one = await api.gql(`query($id: ID!) { campaign(id: $id) { id name } }`, { id: campaign.id }, gone.token);
    expect(one.data).toBeNull();
    expect(one.errors?.[0]?.extensions?.code).toMatch(/NOT_FOUND|UNAUTHENTICATED/);
    // Writing with it must not create rows for a user that is not there.
    const created = await api.gql(
      `mutation { addSuppression(value: "ghost@example.org") { __typename } }`,
      {},
      gone.token,
    );
    expect(JSON.stringify(created)).not.toContain("MutationAddSuppressionSuccess");
    expect(created.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await api.db.suppression.count({ where: { value: "ghost@example.org" } })).toBe(0);
    const rest = await fetch(`${api.url}/api/prospects`, { headers: { authorization: `Bearer ${gone.token}` } });
    const body = await rest.json();
    expect(JSON.stringify(body)).not.toContain("VICTIMMARK");
    expect(body.prospects ?? []).toEqual([]);
  });
});

const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { __typename ... on MutationLogInSuccess { data { token } } ... on Error { message } } }`;

async function logIn(email: string, password: string, headers: Record<string, string> = {}) {
  return logInAt(api.url, email, password, headers);
}

async function logInAt(url: string, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: LOG_IN, variables: { input: { email, password } } }),
  });
  return ((await res.json()) as { data: { logIn: { __typename: string; message?: string } } }).data.logIn;
}

describe("login brute force", () => {
  beforeEach(() => deleteRedisPrefix(`${api.prefix}:login`));

  it("[brute-force] repeated wrong passwords for one email are rate limited, even the right one then", async () => {
    const { email } = await signUp(api, "Target");
    for (let i = 0; i < LOGIN_LIMITS.perEmail.points; i++) {
      expect(await logIn(email, `wrong password ${i}`)).toEqual({ __typename: "AuthenticationError", message: "Wrong email or password" });
    }
    const blocked = await logIn(email, "another guess!!");
    expect(blocked.__typename).toBe("AuthenticationError");
    expect(blocked.message).toMatch(/^Too many attempts, try again in \d+ s$/);
    const seconds = Number(/in (\d+) s/.exec(blocked.message!)![1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(LOGIN_LIMITS.perEmail.durationSeconds);
    expect((await logIn(email, "correct horse battery")).message).toMatch(/Too many attempts/);
  });

  it("[brute-force] the email limit also applies to an email that has no account (no enumeration)", async () => {
    for (let i = 0; i < LOGIN_LIMITS.perEmail.points; i++) await logIn("nobody-here@example.org", `guess number ${i}`);
    expect((await logIn("nobody-here@example.org", "guess again!!")).message).toMatch(/Too many attempts/);
  });

  it("[brute-force] one client trying many emails is rate limited, and x-forwarded-for does not reset it", async () => {
    for (let batch = 0; batch < LOGIN_LIMITS.perClient.points; batch += 4) {
      const attempts = Array.from({ length: Math.min(4, LOGIN_LIMITS.perClient.points - batch) }, (_, j) =>
        logIn(`spray-${batch + j}@example.org`, "Summer2024!!", { "x-forwarded-for": `203.0.113.${batch + j}` }),
      );
      for (const res of await Promise.all(attempts)) expect(res.message).toBe("Wrong email or password");
    }
    const blocked = await logIn("spray-last@example.org", "Summer2024!!", { "x-forwarded-for": "198.51.100.7" });
    expect(blocked).toMatchObject({ __typename: "AuthenticationError", message: expect.stringMatching(/Too many attempts, try again in \d+ s/) });
  });

  it("[brute-force] behind a trusted proxy each client has its own budget, and what a client writes into x-forwarded-for is ignored", async () => {
    const proxied = await startApi(testEnv(api.env.DATABASE_URL, api.prefix, { TRUSTED_PROXY_HOPS: "1" }));
    try {
      const viaProxy = (client: string, spoofed: string) =>
        logInAt(proxied.url, `spray-${randomUUID()}@example.org`, "Summer2024!!", { "x-forwarded-for": `${spoofed}, ${client}` });
      for (let i = 0; i < LOGIN_LIMITS.perClient.points; i++) {
        expect((await viaProxy("198.51.100.20", `203.0.113.${i}`)).message).toBe("Wrong email or password");
      }
      expect((await viaProxy("198.51.100.20", "203.0.113.250")).message).toMatch(/Too many attempts/);
      expect((await viaProxy("198.51.100.21", "203.0.113.250")).message).toBe("Wrong email or password");
    } finally {
      await proxied.stop();
    }
  });

  it("[brute-force] case and spacing variants of the email share one counter", async () => {
    const { email } = await signUp(api, "Variant");
    for (let i = 0; i < LOGIN_LIMITS.perEmail.points; i++) await logIn(i % 2 ? email.toUpperCase() : ` ${email} `, `bad password ${i}`);
    expect((await logIn(email, "correct horse battery")).message).toMatch(/Too many attempts/);
  });

  it("[brute-force] a successful log-in resets the email's failures (a user who mistypes is not locked out)", async () => {
    const { email } = await signUp(api, "Typo");
    for (let i = 0; i < LOGIN_LIMITS.perEmail.points - 1; i++) await logIn(email, `typo password ${i}`);
    expect((await logIn(email, "correct horse battery")).__typename).toBe("MutationLogInSuccess");
    for (let i = 0; i < LOGIN_LIMITS.perEmail.points - 1; i++) await logIn(email, `typo again ${i}`);
    expect((await logIn(email, "correct horse battery")).__typename).toBe("MutationLogInSuccess");
  });

  it("[brute-force] counters live under the instance's Redis prefix and never hold the email in clear", async () => {
    await logIn("clear-text-check@example.org", "not the password");
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${api.prefix}:login:*`);
    redis.disconnect();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toContain("clear-text-check");
  });
});
