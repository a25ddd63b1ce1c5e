import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadEnv } from "@outreach/contracts";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { ProviderErrorCode } from "../src/errors.ts";
import { createGoogleOAuth, describeScope, GMAIL_SCOPES, missingScopes, REQUIRED_GMAIL_SCOPES } from "../src/google-oauth.ts";
import { checkProviders, createProviders, describeProblem, providerModes, providerUrls } from "../src/index.ts";
import { providerError } from "./helpers.ts";

const REDIRECT = "http://127.0.0.1:4000/oauth/google/callback";
const SEND = GMAIL_SCOPES.send;
const READ = GMAIL_SCOPES.read;

let fake: FakeServer<GmailControl>;
beforeAll(async () => {
  fake = await startFakeGmail();
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

const oauth = (over: Partial<Parameters<typeof createGoogleOAuth>[0]> = {}) =>
  createGoogleOAuth({
    clientId: fake.control.clientId,
    clientSecret: fake.control.clientSecret,
    authUrl: fake.control.authUrl,
    tokenUrl: fake.control.tokenUrl,
    revokeUrl: fake.control.revokeUrl,
    redirectUri: REDIRECT,
    timeoutMs: 3000,
    ...over,
  });

/** Google's consent page, answered by the user `account` (the fake's authorize = what the page's Continue does). */
async function consent(o: ReturnType<typeof oauth>, account: string, untick: string[] = []) {
  const pkce = await o.createPkce();
  const url = o.consentUrl({ state: "st-1", codeChallenge: pkce.codeChallenge });
  const back = new URL(fake.control.authorize({ url, account, untick }));
  return { pkce, code: back.searchParams.get("code")!, back };
}

describe("createGoogleOAuth against the fake Google", () => {
  it("consentUrl: Google's auth endpoint with offline access, consent prompt, granted scopes, PKCE S256", async () => {
    const o = oauth();
    const pkce = await o.createPkce();
    expect(pkce.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(pkce.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const u = new URL(o.consentUrl({ state: "s t&x", codeChallenge: pkce.codeChallenge, loginHint: "ana@example.org" }));
    expect(`${u.origin}${u.pathname}`).toBe(fake.control.authUrl);
    expect(Object.fromEntries(u.searchParams)).toEqual({
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      scope: "https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.readonly openid email",
      state: "s t&x",
      redirect_uri: REDIRECT,
      code_challenge: pkce.codeChallenge,
      code_challenge_method: "S256",
      login_hint: "ana@example.org",
      response_type: "code",
      client_id: fake.control.clientId,
    });
    expect(new URL(o.consentUrl({ state: "s", codeChallenge: pkce.codeChallenge })).searchParams.has("login_hint")).toBe(false);
    // the fake's consent page accepts it
    expect((await fetch(u)).status).toBe(200);
  });

  it("the code flow with PKCE: refresh token, granted scopes, the address from the id_token; the token sends mail", async () => {
    const o = oauth();
    const { pkce, code, back } = await consent(o, "mia@studio.example");
    expect(back.searchParams.get("state")).toBe("st-1");
    const t = await o.exchangeCode({ code, codeVerifier: pkce.codeVerifier });
    expect(t).toMatchObject({ refreshToken: expect.any(String), accessToken: expect.any(String), email: "mia@studio.example" });
    expect(t.expiresInSec).toBeGreaterThan(3590);
    expect(t.expiresInSec).toBeLessThanOrEqual(3599);
    expect(t.grantedScopes.sort()).toEqual([READ, SEND, "https://www.googleapis.com/auth/userinfo.email", "openid"].sort());
    expect(missingScopes(t.grantedScopes)).toEqual([]);

    const env = loadEnv({ NODE_ENV: "test", GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl });
    const gmail = createProviders({ env, retry: { maxAttempts: 1 } }).gmailFor({ id: "mbx-1", refreshToken: t.refreshToken! });
    expect((await gmail.getProfile()).emailAddress).toBe("mia@studio.example");
    await gmail.sendRaw("From: mia@studio.example\r\nTo: ada@gallery.example\r\nSubject: hi\r\n\r\nhello");
    expect(fake.control.sent("mia@studio.example")).toHaveLength(1);
  });

  it("a wrong verifier and a used code are invalid_grant (kind invalid_request)", async () => {
    const o = oauth();
    const first = await consent(o, "mia@studio.example");
    const wrong = await providerError(o.exchangeCode({ code: first.code, codeVerifier: (await o.createPkce()).codeVerifier }));
    expect([wrong.kind, wrong.code, wrong.status]).toEqual(["invalid_request", ProviderErrorCode.INVALID_GRANT, 400]);
    expect(wrong.message).toContain("Invalid code verifier");

    const second = await consent(o, "mia@studio.example");
    await o.exchangeCode({ code: second.code, codeVerifier: second.pkce.codeVerifier });
    const reused = await providerError(o.exchangeCode({ code: second.code, codeVerifier: second.pkce.codeVerifier }));
    expect([reused.kind, reused.code]).toEqual(["invalid_request", "invalid_grant"]);
  });

  it("a wrong client secret is kind auth (invalid_client)", async () => {
    const good = await consent(oauth(), "mia@studio.example");
    const e = await providerError(oauth({ clientSecret: "wrong" }).exchangeCode({ code: good.code, codeVerifier: good.pkce.codeVerifier }));
    expect([e.kind, e.code, e.status]).toEqual(["auth", "invalid_client", 401]);
  });

  it("an unticked scope is missing from the granted list and missingScopes names it", async () => {
    const o = oauth();
    const { pkce, code } = await consent(o, "mia@studio.example", [READ]);
    const t = await o.exchangeCode({ code, codeVerifier: pkce.codeVerifier });
    expect(t.grantedScopes).not.toContain(READ);
    expect(missingScopes(t.grantedScopes)).toEqual([READ]);
    expect(describeScope(READ)).toBe("Read your email (to notice replies and bounces)");
    expect(describeScope(SEND)).toBe("Send email on your behalf");
  });

  it("revoke: the refresh token stops working (invalid_grant at the next refresh); a second revoke is revoked: false", async () => {
    const o = oauth();
    const { pkce, code } = await consent(o, "mia@studio.example");
    const t = await o.exchangeCode({ code, codeVerifier: pkce.codeVerifier });
    expect(await o.revoke(t.refreshToken!)).toEqual({ revoked: true });
    expect(fake.control.revokedTokens().map((r) => r.token)).toEqual([t.refreshToken]);
    const env = loadEnv({ NODE_ENV: "test", GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl });
    const e = await providerError(createProviders({ env, retry: { maxAttempts: 1 } }).gmailFor({ id: "mbx-2", refreshToken: t.refreshToken! }).getProfile());
    expect([e.kind, e.code]).toEqual(["auth", "invalid_grant"]);
    expect(describeProblem(e)).toMatch(/reconnect the mailbox in Settings → Mailboxes/);
    expect(await o.revoke(t.refreshToken!)).toEqual({ revoked: false });
  });

  it("revoke when Google cannot be reached throws a ProviderError", async () => {
    const e = await providerError(oauth({ revokeUrl: "http://127.0.0.1:9/revoke" }).revoke("tok"));
    expect([e.kind, e.code]).toEqual(["transient", ProviderErrorCode.UNREACHABLE]);
  });

  it("checkClient: a made-up code is refused as invalid_grant when the client is right, invalid_client otherwise", async () => {
    expect(await oauth().checkClient()).toMatch(/known to Google/);
    const e = await providerError(oauth({ clientSecret: "nope" }).checkClient());
    expect(e.kind).toBe("auth");
  });
});

describe("missingScopes", () => {
  it("broader scopes cover narrower ones; 'email' may come back as userinfo.email", () => {
    expect(REQUIRED_GMAIL_SCOPES).toEqual(["openid", "email", SEND, READ]);
    expect(missingScopes(["openid", "https://www.googleapis.com/auth/userinfo.email", "https://mail.google.com/"])).toEqual([]);
    expect(missingScopes(["openid email https://www.googleapis.com/auth/gmail.modify"])).toEqual([]);
    expect(missingScopes(["openid", "email", "https://www.googleapis.com/auth/gmail.compose"])).toEqual([READ]);
    expect(missingScopes([SEND, READ])).toEqual(["openid", "email"]);
    expect(missingScopes([], [SEND])).toEqual([SEND]);
  });
});

describe("providers: modes, URLs, guards and the Gmail check", () => {
  it("gmail is live with an OAuth client (no refresh token needed); the sandbox's client is sandbox", () => {
    expect(providerModes(loadEnv({ NODE_ENV: "test", GMAIL_CLIENT_ID: "x.apps.googleusercontent.com", GMAIL_CLIENT_SECRET: "s" })).gmail).toBe("live");
    expect(providerModes(loadEnv({ NODE_ENV: "test", GMAIL_CLIENT_ID: "fake-client-id", GMAIL_CLIENT_SECRET: "fake-client-secret", GMAIL_REFRESH_TOKEN: "real-looking" })).gmail).toBe("sandbox");
    expect(providerModes(loadEnv({ NODE_ENV: "test", GMAIL_REFRESH_TOKEN: "r" })).gmail).toBe("sandbox");
    const env = loadEnv({ NODE_ENV: "test" });
    expect(providerUrls(env).gmail).toEqual([env.GMAIL_API_URL, env.GOOGLE_OAUTH_TOKEN_URL, env.GOOGLE_OAUTH_AUTH_URL, env.GOOGLE_OAUTH_REVOKE_URL]);
  });

  it("sandbox mode refuses Google's real consent/revoke endpoints before any traffic", async () => {
    let fetched = 0;
    const env = loadEnv({ NODE_ENV: "test", GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl });
    const p = createProviders({ env, fetch: async () => (fetched++, new Response("{}")) });
    const o = p.googleOAuth(REDIRECT);
    expect(() => o.consentUrl({ state: "s", codeChallenge: "c".repeat(43) })).toThrow(/SANDBOX|real service/);
    const e = await providerError(o.revoke("t"));
    expect(e.code).toBe(ProviderErrorCode.SANDBOX_NOT_LOOPBACK);
    expect(fetched).toBe(0);
    // the Gmail API itself still works against the fake (its own URLs are loopback)
    expect((await p.gmail.getProfile()).emailAddress).toBe("artist@sandbox-gmail.example");
    const sb = loadEnv({ NODE_ENV: "test", GMAIL_API_URL: fake.url, GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl, GOOGLE_OAUTH_AUTH_URL: fake.control.authUrl, GOOGLE_OAUTH_REVOKE_URL: fake.control.revokeUrl });
    expect(new URL(createProviders({ env: sb }).googleOAuth(REDIRECT).consentUrl({ state: "s", codeChallenge: "c".repeat(43) })).origin).toBe(new URL(fake.url).origin);
  });

  it("live mode without GMAIL_REFRESH_TOKEN: providers.gmail is NOT_CONNECTED; checkProviders checks the OAuth client in words", async () => {
    const live = await startFakeGmail({ clientId: "live-client.apps.googleusercontent.com", clientSecret: "live-secret" });
    try {
      const base = {
        NODE_ENV: "test",
        GMAIL_CLIENT_ID: "live-client.apps.googleusercontent.com",
        GMAIL_API_URL: live.url,
        GOOGLE_OAUTH_TOKEN_URL: live.control.tokenUrl,
        GOOGLE_OAUTH_AUTH_URL: live.control.authUrl,
        GOOGLE_OAUTH_REVOKE_URL: live.control.revokeUrl,
        // the other providers point at a closed loopback port: only loopback traffic in this test
        DATAFORSEO_API_URL: "http://127.0.0.1:9",
        HUNTER_API_URL: "http://127.0.0.1:9",
        GEMINI_API_URL: "http://127.0.0.1:9",
      };
      const env = loadEnv({ ...base, GMAIL_CLIENT_SECRET: "live-secret" });
      const p = createProviders({ env });
      expect(p.modes.gmail).toBe("live");
      const e = await providerError(p.gmail.getProfile());
      expect(e.code).toBe(ProviderErrorCode.NOT_CONNECTED);
      expect(live.control.stats().requests).toBe(0);

      const ok = (await checkProviders(env, { timeoutMs: 2000 })).find((c) => c.provider === "gmail")!;
      expect(ok).toMatchObject({ ok: true, mode: "live" });
      expect(ok.detail).toMatch(/OAuth client is known to Google.*Settings → Mailboxes/);
      const bad = (await checkProviders(loadEnv({ ...base, GMAIL_CLIENT_SECRET: "wrong" }), { timeoutMs: 2000 })).find((c) => c.provider === "gmail")!;
      expect(bad.ok).toBe(false);
      expect(bad.detail).toMatch(/wrong credentials.*GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET/);
    } finally {
      await live.close();
    }
  });
});
