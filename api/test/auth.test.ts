import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnv } from "@outreach/contracts";
import { SignJWT, UnsecuredJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveJwtSecret } from "../config.ts";
import { createTokenService } from "../services/auth.ts";
import { startIsolatedApi, TEST_JWT_SECRET } from "@outreach/testkit/api";
import { signUp } from "@outreach/testkit/gql";

let api: Awaited<ReturnType<typeof startIsolatedApi>>;
beforeAll(async () => {
  api = await startIsolatedApi("auth");
});
afterAll(() => api.stop());

const ME = `{ me { id email name } }`;
const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { __typename ... on MutationLogInSuccess { data { token } } ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

describe("sign up and log in", () => {
  it("returns a token that identifies the new user in `me`", async () => {
    const { token, email } = await signUp(api, "Ana");
    const me = await api.gql(ME, {}, token);
    expect(me.data?.me).toMatchObject({ email, name: "Ana" });
  });

  it("stores a scrypt hash, never the password", async () => {
    const { email } = await signUp(api, "Hash");
    const row = await api.db.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("correct horse battery");
  });

  it("refuses a second account with the same email as a ConflictError", async () => {
    const { email } = await signUp(api, "Dup");
    const res = await api.gql(
      `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on Error { message } } }`,
      { input: { email: email.toUpperCase(), password: "another long one", name: "Dup" } },
    );
    expect(res.data?.signUp).toEqual({ __typename: "ConflictError", message: "An account with this email already exists" });
  });

  it("names the fields that are wrong", async () => {
    const res = await api.gql(
      `mutation($input: SignUpInput!) { signUp(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
      { input: { email: "not-an-email", password: "short", name: "" } },
    );
    const paths = res.data?.signUp.fieldErrors.map((e: { path: string[] }) => e.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["email", "password", "name"]));
  });

  it("logs in with the right password and refuses a wrong one without saying which part was wrong", async () => {
    const { email } = await signUp(api, "Login");
    const ok = await api.gql(LOG_IN, { input: { email, password: "correct horse battery" } });
    expect(ok.data?.logIn.__typename).toBe("MutationLogInSuccess");
    const wrong = await api.gql(LOG_IN, { input: { email, password: "wrong password!!" } });
    const unknown = await api.gql(LOG_IN, { input: { email: "nobody@example.org", password: "whatever123" } });
    expect(wrong.data?.logIn).toEqual({ __typename: "AuthenticationError", message: "Wrong email or password" });
    expect(unknown.data?.logIn).toEqual(wrong.data?.logIn);
  });
});

describe("tokens", () => {
  const campaigns = `{ campaigns { edges { node { id } } } }`;
  const expectUnauthenticated = async (token: string) => {
    const res = await api.gql(campaigns, {}, token);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  };

  it("refuses protected fields without a token", async () => {
    const res = await api.gql(campaigns);
    expect(res.errors?.[0]).toMatchObject({ message: "Not authenticated", extensions: { code: "UNAUTHENTICATED" } });
  });

  it("refuses alg=none, a wrong key, an expired token and a tampered payload", async () => {
    const { userId, email, token } = await signUp(api, "Jwt");
    const uuid = (await api.db.user.findUniqueOrThrow({ where: { email } })).id;
    expect(userId).toBeTruthy();
    await expectUnauthenticated(new UnsecuredJWT({ email }).setSubject(uuid).setIssuer("art-outreach").encode());
    await expectUnauthenticated(
      await new SignJWT({ email }).setProtectedHeader({ alg: "HS256" }).setSubject(uuid).setIssuer("art-outreach")
        .setExpirationTime("1h").sign(randomBytes(32)),
    );
    await expectUnauthenticated(
      await new SignJWT({ email }).setProtectedHeader({ alg: "HS256" }).setSubject(uuid).setIssuer("art-outreach")
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(TEST_JWT_SECRET),
    );
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "00000000-0000-0000-0000-000000000001" })).toString("base64url");
    await expectUnauthenticated(`${header}.${forged}.${signature}`);
  });
});

describe("remembered verifications", () => {
  it("answer a verified token again only until its own expiry, and never a refused one", async () => {
    const tokens = createTokenService(TEST_JWT_SECRET, 60);
    const token = await tokens.issue({ id: "00000000-0000-0000-0000-000000000002", email: "kept@example.org" });
    expect(await tokens.verify(token)).toEqual({ id: "00000000-0000-0000-0000-000000000002", email: "kept@example.org" });
    const other = createTokenService(randomBytes(32), 60);
    expect(await other.verify(token)).toBeNull();
    expect(await other.verify(token)).toBeNull();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 59_000 });
    try {
      expect(await tokens.verify(token)).toMatchObject({ email: "kept@example.org" });
      vi.setSystemTime(Date.now() + 1_000);
      expect(await tokens.verify(token)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("JWT secret", () => {
  const env = (vars: Record<string, string>) => loadEnv({ NODE_ENV: "development", ...vars });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => resolveJwtSecret(env({ JWT_SECRET_KEY: "too-short" }))).toThrow(/at least 32 bytes/);
  });

  it("generates a development secret once and keeps it in the given file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "jwt-")), "jwt-secret");
    const first = resolveJwtSecret(env({}), file);
    const second = resolveJwtSecret(env({}), file);
    expect(Buffer.from(first).toString()).toBe(readFileSync(file, "utf8"));
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses to start in production without a secret", () => {
    expect(() => resolveJwtSecret(loadEnv({ NODE_ENV: "production" }))).toThrow(/required in production/);
  });
});
