import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGmail, type FakeServer, type GmailControl } from "../src/index.ts";
import { b64url, get, post } from "./helpers.ts";

const SEND = "https://www.googleapis.com/auth/gmail.send";
const READ = "https://www.googleapis.com/auth/gmail.readonly";
const EMAIL = "https://www.googleapis.com/auth/userinfo.email";
const REDIRECT = "http://127.0.0.1:5173/oauth/google/callback";

const verifier = "v".repeat(20) + "-._~" + "abcdefghijklmnopqrstuvwxyz0123456789";
const challenge = createHash("sha256").update(verifier).digest("base64url");

let gm: FakeServer<GmailControl>;
beforeAll(async () => {
  gm = await startFakeGmail({ accounts: [{ email: "second@sandbox-gmail.example", displayName: "Second Artist" }] });
});
afterAll(() => gm.close());
beforeEach(() => gm.control.reset());

function authUrl(over: Record<string, string> = {}): string {
  const u = new URL(gm.control.authUrl);
  const params = {
    client_id: gm.control.clientId,
    redirect_uri: REDIRECT,
    response_type: "code",
    scope: `openid email ${SEND} ${READ}`,
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
    state: "state-123",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...over,
  };
  for (const [k, v] of Object.entries(params)) if (v !== "") u.searchParams.set(k, v);
  return u.toString();
}

async function page(url: string) {
  const res = await fetch(url, { redirect: "manual" });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}

/** Submits the consent form like a browser: fields from the page, then the user's choices. */
async function submit(html: string, choice: { account?: string; newEmail?: string; untick?: string[]; action?: "allow" | "deny" }) {
  const requestId = /name="request" value="([^"]+)"/.exec(html)![1]!;
  const scopes = [...html.matchAll(/<input type="checkbox" id="scope-\d+" name="scope" value="([^"]+)" checked( disabled)?>/g)]
    .filter((m) => !m[2]) // disabled boxes are not submitted by browsers
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .filter((s) => !(choice.untick ?? []).includes(s));
  const form = new URLSearchParams({ request: requestId, action: choice.action ?? "allow" });
  if (choice.account) form.set("account", choice.account);
  form.set("new_email", choice.newEmail ?? "");
  for (const s of scopes) form.append("scope", s);
  const res = await fetch(new URL("/o/oauth2/v2/auth", gm.url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

const tokenReq = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(gm.control.tokenUrl, { method: "POST", headers, body: new URLSearchParams(fields) }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, string> }));

const exchange = (code: string, over: Record<string, string> = {}) =>
  tokenReq({
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT,
    client_id: gm.control.clientId,
    client_secret: gm.control.clientSecret,
    code_verifier: verifier,
    ...over,
  });

const refresh = (refreshToken: string) =>
  tokenReq({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: gm.control.clientId, client_secret: gm.control.clientSecret });

const api = (p: string, user = "me") => `${gm.url}gmail/v1/users/${user}/${p}`;
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const rawMail = (to: string, subject: string) => b64url(`From: someone@sandbox-gmail.example\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nHello`);

async function accessFor(email: string, scopes?: string[]): Promise<string> {
  const r = await refresh(gm.control.issueRefreshToken(email, scopes));
  expect(r.status).toBe(200);
  return r.json.access_token!;
}

describe("fake Google consent page", () => {
  it("renders an account chooser and a ticked checkbox per requested scope", async () => {
    const p = await page(authUrl());
    expect(p.status).toBe(200);
    expect(p.html).toContain('value="artist@sandbox-gmail.example"');
    expect(p.html).toContain('value="second@sandbox-gmail.example"');
    expect(p.html).toMatch(/<label for="account-new">Use another account<\/label>/);
    expect(p.html).toMatch(/<label for="new-email">Email or phone<\/label>/);
    expect(p.html).toMatch(new RegExp(`value="${SEND}" checked>\\s*<label[^>]*>Send email on your behalf <code>${SEND}</code>`));
    expect(p.html).toMatch(new RegExp(`value="${READ}" checked>\\s*<label[^>]*>Read your email`));
    // sign-in scopes are shown but cannot be unticked; "email" is shown by its full name
    expect(p.html).toMatch(new RegExp(`value="${EMAIL}" checked disabled>`));
    expect(p.html).toMatch(/value="openid" checked disabled>/);
    expect(p.html).toMatch(/<button[^>]*>Continue<\/button>/);
    expect(p.html).toMatch(/<button[^>]*>Cancel<\/button>/);
  });

  it("escapes a hostile state and redirect URI; the state comes back unchanged", async () => {
    const hostileState = `"><script>alert(1)</script>&x=<b>`;
    const hostileRedirect = `http://127.0.0.1:5173/cb?next="><img src=x onerror=alert(2)>`;
    const p = await page(authUrl({ state: hostileState, redirect_uri: hostileRedirect }));
    expect(p.status).toBe(200);
    expect(p.html).not.toContain("<script>alert");
    expect(p.html).not.toContain("<img src=x");
    const s = await submit(p.html, { account: "artist@sandbox-gmail.example" });
    expect(s.status).toBe(302);
    const back = new URL(s.location!);
    expect(back.searchParams.get("state")).toBe(hostileState);
    expect(back.searchParams.get("next")).toBe(`"><img src=x onerror=alert(2)>`);

    const refused = await page(authUrl({ redirect_uri: `https://evil.example/cb?<script>alert(3)</script>` }));
    expect(refused.status).toBe(400);
    expect(refused.location).toBeNull();
    expect(refused.html).toContain("Error 400: redirect_uri_mismatch");
    expect(refused.html).not.toContain("<script>alert");
    expect(refused.html).toContain("&lt;script&gt;alert(3)");
  });

  it("refuses like Google: unknown client, unregistered redirect URI, bad request parameters", async () => {
    const unknown = await page(authUrl({ client_id: "someone-else" }));
    expect([unknown.status, unknown.location]).toEqual([401, null]);
    expect(unknown.html).toContain("Error 401: invalid_client");
    expect((await page(authUrl({ redirect_uri: "https://app.example/cb" }))).html).toContain("Error 400: redirect_uri_mismatch");
    expect((await page(authUrl({ scope: "" }))).html).toContain("Missing required parameter: scope");
    expect((await page(authUrl({ response_type: "token" }))).status).toBe(400);
    expect((await page(authUrl({ code_challenge_method: "S512" }))).html).toContain("Invalid code_challenge_method");

    gm.control.setRedirectUris(["https://app.example/oauth/google/callback"]);
    expect((await page(authUrl())).html).toContain("redirect_uri_mismatch"); // loopback no longer accepted
    expect((await page(authUrl({ redirect_uri: "https://app.example/oauth/google/callback" }))).status).toBe(200);
    expect((await page(authUrl({ redirect_uri: "https://app.example/oauth/google/callback/" }))).html).toContain("redirect_uri_mismatch"); // exact match
  });
});

describe("fake Google authorization code flow", () => {
  it("code + PKCE -> tokens with refresh token, granted scopes and an id_token; the tokens work", async () => {
    const p = await page(authUrl());
    const s = await submit(p.html, { account: "second@sandbox-gmail.example" });
    const back = new URL(s.location!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("state-123");
    expect(back.searchParams.get("scope")!.split(" ").sort()).toEqual([EMAIL, READ, SEND, "openid"].sort());
    const t = await exchange(back.searchParams.get("code")!);
    expect(t.status).toBe(200);
    expect(t.json).toMatchObject({ expires_in: 3599, token_type: "Bearer", access_token: expect.any(String), refresh_token: expect.any(String), id_token: expect.any(String) });
    expect(t.json.scope!.split(" ").sort()).toEqual([EMAIL, READ, SEND, "openid"].sort());
    const [h, payload, sig] = t.json.id_token!.split(".");
    expect(JSON.parse(Buffer.from(h!, "base64url").toString())).toMatchObject({ typ: "JWT" });
    expect(sig!.length).toBeGreaterThan(20);
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    expect(claims).toMatchObject({ iss: "https://accounts.google.com", aud: gm.control.clientId, email: "second@sandbox-gmail.example", email_verified: true, sub: expect.stringMatching(/^\d{21}$/) });
    expect(claims.exp - claims.iat).toBe(3600);

    expect((await get(api("profile"), bearer(t.json.access_token!))).json.emailAddress).toBe("second@sandbox-gmail.example");
    const r = await refresh(t.json.refresh_token!);
    expect(r.json.scope!.split(" ").sort()).toEqual([EMAIL, READ, SEND, "openid"].sort());
    expect(r.json.refresh_token).toBeUndefined();
  });

  it("client authentication by HTTP Basic works too; a wrong secret is invalid_client", async () => {
    const code = new URL(gm.control.authorize({ url: authUrl(), account: "artist@sandbox-gmail.example" })).searchParams.get("code")!;
    const basic = `Basic ${Buffer.from(`${gm.control.clientId}:${gm.control.clientSecret}`).toString("base64")}`;
    const ok = await tokenReq({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier }, { authorization: basic });
    expect(ok.status).toBe(200);
    const bad = await exchange("whatever", { client_secret: "wrong" });
    expect([bad.status, bad.json.error]).toEqual([401, "invalid_client"]);
  });

  it("PKCE: a wrong or missing verifier is invalid_grant; a code works once; codes expire", async () => {
    const code = () => new URL(gm.control.authorize({ url: authUrl(), account: "artist@sandbox-gmail.example" })).searchParams.get("code")!;
    const wrong = await exchange(code(), { code_verifier: "w".repeat(64) });
    expect([wrong.status, wrong.json.error, wrong.json.error_description]).toEqual([400, "invalid_grant", "Invalid code verifier."]);
    const missing = await exchange(code(), { code_verifier: "" });
    expect([missing.status, missing.json.error, missing.json.error_description]).toEqual([400, "invalid_grant", "Missing code verifier."]);

    const once = code();
    expect((await exchange(once)).status).toBe(200);
    const again = await exchange(once);
    expect([again.status, again.json.error]).toEqual([400, "invalid_grant"]);

    const mismatch = await exchange(code(), { redirect_uri: "http://127.0.0.1:5173/other" });
    expect([mismatch.status, mismatch.json.error]).toEqual([400, "redirect_uri_mismatch"]);

    const old = code();
    gm.control.expireAuthCodes();
    expect((await exchange(old)).json.error).toBe("invalid_grant");

    const noPkce = new URL(gm.control.authorize({ url: authUrl({ code_challenge: "", code_challenge_method: "" }), account: "artist@sandbox-gmail.example" })).searchParams.get("code")!;
    expect((await exchange(noPkce)).json.error_description).toBe("code_verifier or verifier is not needed.");
  });

  it("an unticked scope is not granted and the API refuses what needs it (403 insufficientPermissions)", async () => {
    const p = await page(authUrl());
    const s = await submit(p.html, { account: "artist@sandbox-gmail.example", untick: [SEND] });
    const granted = new URL(s.location!).searchParams.get("scope")!.split(" ");
    expect(granted).not.toContain(SEND);
    expect(granted).toContain(READ);
    const t = await exchange(new URL(s.location!).searchParams.get("code")!);
    expect(t.json.scope!.split(" ")).not.toContain(SEND);
    const auth = bearer(t.json.access_token!);
    expect((await get(api("profile"), auth)).status).toBe(200);
    const refused = await post(api("messages/send"), { raw: rawMail("x@y.example", "hi") }, auth);
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: {
        code: 403,
        message: "Request had insufficient authentication scopes.",
        errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
        status: "PERMISSION_DENIED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            domain: "googleapis.com",
            metadata: { method: "caribou.api.proto.MailboxService.SendMessage", service: "gmail.googleapis.com" },
          },
        ],
      },
    });
    expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(gm.control.sent()).toHaveLength(0);

    const sendOnly = bearer(await accessFor("artist@sandbox-gmail.example", [SEND]));
    expect((await post(api("messages/send"), { raw: rawMail("x@y.example", "hi") }, sendOnly)).status).toBe(200);
    for (const path of ["profile", "messages", "settings/sendAs", "history?startHistoryId=1"]) expect((await get(api(path), sendOnly)).status, path).toBe(403);
  });

  it("Cancel sends error=access_denied with the state; 'Use another account' creates the account", async () => {
    const p = await page(authUrl());
    const denied = await submit(p.html, { action: "deny" });
    expect(Object.fromEntries(new URL(denied.location!).searchParams)).toEqual({ state: "state-123", error: "access_denied" });

    const p2 = await page(authUrl());
    const s = await submit(p2.html, { account: "__new__", newEmail: "New.Person@Example.org" });
    const t = await exchange(new URL(s.location!).searchParams.get("code")!);
    expect((await get(api("profile"), bearer(t.json.access_token!))).json.emailAddress).toBe("new.person@example.org");
    expect(gm.control.accounts().map((a) => a.email)).toContain("new.person@example.org");

    const p3 = await page(authUrl());
    const none = await submit(p3.html, {});
    expect(none.status).toBe(400);
    expect(none.html).toContain("Choose an account");
  });

  it("refresh_token only with access_type=offline, and then at first consent or with prompt=consent", async () => {
    const code = (over: Record<string, string>) => new URL(gm.control.authorize({ url: authUrl(over), account: "fresh@example.org" })).searchParams.get("code")!;
    expect((await exchange(code({ access_type: "online" }))).json.refresh_token).toBeUndefined();
    // the user has consented before (the online grant above): no new refresh token without prompt=consent
    expect((await exchange(code({ prompt: "" }))).json.refresh_token).toBeUndefined();
    expect((await exchange(code({}))).json.refresh_token).toEqual(expect.any(String));
    expect((await exchange(code({ prompt: "", scope: "openid" }))).json.refresh_token).toBeUndefined();
    // include_granted_scopes=true: the new token also covers what was granted before
    expect((await exchange(code({ scope: "openid" }))).json.scope!.split(" ")).toContain(SEND);
    expect((await exchange(code({ scope: "openid", include_granted_scopes: "" }))).json.scope).toBe("openid");
  });

  it("revoke: the refresh token (and its grant) stop working; a second revoke is 400 invalid_token", async () => {
    const rt = gm.control.issueRefreshToken("second@sandbox-gmail.example");
    const at = (await refresh(rt)).json.access_token!;
    const r1 = await fetch(`${gm.control.revokeUrl}?token=${encodeURIComponent(rt)}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect([r1.status, await r1.json()]).toEqual([200, {}]);
    expect((await refresh(rt)).json).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
    expect((await get(api("profile"), bearer(at))).status).toBe(401);
    const r2 = await fetch(gm.control.revokeUrl, { method: "POST", body: new URLSearchParams({ token: rt }) });
    expect([r2.status, await r2.json()]).toEqual([400, { error: "invalid_token", error_description: "Token expired or revoked" }]);
    expect(gm.control.revokedTokens()).toEqual([expect.objectContaining({ token: rt, kind: "refresh", account: "second@sandbox-gmail.example" })]);

    // revoking an access token that came from a refresh token revokes that refresh token too
    const rt2 = gm.control.issueRefreshToken("second@sandbox-gmail.example");
    const at2 = (await refresh(rt2)).json.access_token!;
    expect((await fetch(gm.control.revokeUrl, { method: "POST", body: new URLSearchParams({ token: at2 }) })).status).toBe(200);
    expect((await refresh(rt2)).json.error).toBe("invalid_grant");
    // the default account is untouched
    expect((await refresh("fake-refresh-token")).status).toBe(200);
  });
});

describe("fake Gmail with several accounts", () => {
  it("keeps inboxes, sent records and history apart; deliverReply finds the thread's account", async () => {
    const a = bearer(await accessFor("artist@sandbox-gmail.example"));
    const b = bearer(await accessFor("second@sandbox-gmail.example"));
    const startA = (await get(api("profile"), a)).json.historyId as string;
    const startB = (await get(api("profile"), b)).json.historyId as string;
    const sa = await post(api("messages/send"), { raw: rawMail("maya@gallery.example", "from A") }, a);
    const sb = await post(api("messages/send"), { raw: rawMail("omar@kiln.example", "from B") }, b);
    expect(sa.json.id).not.toBe(sb.json.id);
    expect(gm.control.sent().map((s) => s.subject)).toEqual(["from A"]);
    expect(gm.control.sent("second@sandbox-gmail.example").map((s) => [s.subject, s.account])).toEqual([["from B", "second@sandbox-gmail.example"]]);
    expect((await get(api(`messages/${sb.json.id}`), a)).status).toBe(404);

    const reply = gm.control.deliverReply(sb.json.threadId, { kind: "reply" });
    const thread = await get(api(`threads/${sb.json.threadId}?format=metadata`), b);
    expect(thread.json.messages.map((m: { id: string }) => m.id)).toEqual([sb.json.id, reply.id]);
    expect((await get(api(`threads/${sb.json.threadId}`), a)).status).toBe(404);
    const histA = await get(api(`history?startHistoryId=${startA}`), a);
    const histB = await get(api(`history?startHistoryId=${startB}`), b);
    const ids = (h: { json: { history?: { messagesAdded: { message: { id: string } }[] }[] } }) => (h.json.history ?? []).flatMap((x) => x.messagesAdded.map((m) => m.message.id));
    expect(ids(histA)).toEqual([sa.json.id]);
    expect(ids(histB)).toEqual([sb.json.id, reply.id]);

    gm.control.expireHistory(undefined, "second@sandbox-gmail.example");
    expect((await get(api(`history?startHistoryId=${startB}`), b)).status).toBe(404);
    expect((await get(api(`history?startHistoryId=${startA}`), a)).status).toBe(200);

    expect((await get(api("profile", "second@sandbox-gmail.example"), b)).status).toBe(200);
    expect((await get(api("profile", "second@sandbox-gmail.example"), a)).status).toBe(403);

    gm.control.expireAccessTokens("second@sandbox-gmail.example");
    expect((await get(api("profile"), b)).status).toBe(401);
    expect((await get(api("profile"), a)).status).toBe(200);
  });

  it("revokeRefreshToken(email) ends that account's tokens only; restore brings them back", async () => {
    const rt = gm.control.issueRefreshToken("second@sandbox-gmail.example");
    gm.control.revokeRefreshToken("second@sandbox-gmail.example");
    expect((await refresh(rt)).json.error).toBe("invalid_grant");
    expect((await refresh("fake-refresh-token")).status).toBe(200);
    gm.control.restoreRefreshToken("second@sandbox-gmail.example");
    expect((await refresh(rt)).status).toBe(200);
  });

  it("settings.sendAs.list: the primary address first, then aliases with their verification status", async () => {
    gm.control.addAccount({
      email: "second@sandbox-gmail.example",
      displayName: "Second Artist",
      aliases: [
        { email: "studio@second-art.example", displayName: "Second Studio" },
        { email: "shop@second-art.example", verified: false },
      ],
    });
    const r = await get(api("settings/sendAs"), bearer(await accessFor("second@sandbox-gmail.example")));
    expect(r.json.sendAs).toEqual([
      { sendAsEmail: "second@sandbox-gmail.example", displayName: "Second Artist", replyToAddress: "", signature: "", isPrimary: true, isDefault: true },
      { sendAsEmail: "studio@second-art.example", displayName: "Second Studio", replyToAddress: "", signature: "", treatAsAlias: true, verificationStatus: "accepted" },
      { sendAsEmail: "shop@second-art.example", displayName: "Second Artist", replyToAddress: "", signature: "", treatAsAlias: true, verificationStatus: "pending" },
    ]);
  });
});

describe("fake Gmail errors Gmail really answers", () => {
  it("403 usage-limit reasons in Google's shape with Retry-After, on a path, for N requests, per account", async () => {
    const a = bearer(await accessFor("artist@sandbox-gmail.example"));
    const b = bearer(await accessFor("second@sandbox-gmail.example"));
    gm.control.injectGmailError({ reason: "userRateLimitExceeded", retryAfter: 7, path: "/messages/send", count: 2, account: "artist@sandbox-gmail.example" });
    expect((await get(api("profile"), a)).status).toBe(200); // other path
    expect((await post(api("messages/send"), { raw: rawMail("x@y.example", "b") }, b)).status).toBe(200); // other account
    const r = await post(api("messages/send"), { raw: rawMail("x@y.example", "a") }, a);
    expect(r.status).toBe(403);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(r.json.error).toMatchObject({ code: 403, errors: [{ domain: "usageLimits", reason: "userRateLimitExceeded", message: "User Rate Limit Exceeded" }] });
    expect((await post(api("messages/send"), { raw: rawMail("x@y.example", "a") }, a)).status).toBe(403);
    expect((await post(api("messages/send"), { raw: rawMail("x@y.example", "a") }, a)).status).toBe(200);
    expect(gm.control.sent()).toHaveLength(1);

    for (const reason of ["dailyLimitExceeded", "quotaExceeded", "rateLimitExceeded"] as const) {
      gm.control.injectGmailError({ reason });
      expect((await get(api("profile"), a)).json.error.errors[0]).toMatchObject({ domain: "usageLimits", reason });
    }
    gm.control.injectGmailError({ reason: "domainPolicy" });
    expect((await get(api("profile"), a)).json.error.errors[0]).toEqual({ domain: "global", reason: "domainPolicy", message: "The domain administrators have disabled Gmail apps." });
    gm.control.injectGmailError({ reason: "insufficientPermissions" });
    expect((await get(api("profile"), a)).json.error.details[0].reason).toBe("ACCESS_TOKEN_SCOPE_INSUFFICIENT");

    const at = new Date(Date.now() + 3_600_000);
    gm.control.injectGmailError({ reason: "rateLimitExceeded", status: 429, retryAfterInMessage: at });
    const limited = await get(api("profile"), a);
    expect(limited.status).toBe(429);
    expect(limited.json.error.status).toBe("RESOURCE_EXHAUSTED");
    expect(limited.json.error.message).toBe(`User-rate limit exceeded.  Retry after ${at.toISOString()}`);
  });

  it("over the fake's rate limit: 429 with a Retry-After header", async () => {
    const a = bearer(await accessFor("artist@sandbox-gmail.example"));
    gm.control.rateLimit({ perSecond: 1 });
    const rs = await Promise.all([1, 2].map(() => get(api("profile"), a)));
    const limited = rs.find((x) => x.status === 429)!;
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.json.error.message).toMatch(/Retry after \d{4}-\d\d-\d\dT/);
  });
});

describe("fake Gmail control over HTTP", () => {
  it("add-account, issue-refresh-token, authorize, gmail-error, sent/history-id per account, revoked-tokens", async () => {
    const c = (action: string, body: unknown = {}) => post(`${gm.control.controlUrl}/${action}`, body);
    expect((await c("add-account", { email: "third@example.org", displayName: "Third" })).json.result).toMatchObject({ email: "third@example.org", displayName: "Third" });
    const rt = (await c("issue-refresh-token", { email: "third@example.org", scopes: [SEND] })).json.result as string;
    const t = await refresh(rt);
    expect(t.json.scope).toBe(SEND);
    await post(api("messages/send"), { raw: rawMail("x@y.example", "via http") }, bearer(t.json.access_token!));
    expect((await c("sent", { account: "third@example.org" })).json.result.map((s: { subject: string }) => s.subject)).toEqual(["via http"]);
    expect((await c("sent")).json.result).toEqual([]);
    expect(Number((await c("history-id", { account: "third@example.org" })).json.result)).toBeGreaterThan(100_000);

    const redirect = (await c("authorize", { url: authUrl(), account: "third@example.org", untick: [READ] })).json.result as string;
    expect(new URL(redirect).searchParams.get("scope")).not.toContain(READ);
    const params = Object.fromEntries(new URL(authUrl()).searchParams);
    const viaParams = (await c("authorize", { ...params, account: "third@example.org", deny: true })).json.result as string;
    expect(new URL(viaParams).searchParams.get("error")).toBe("access_denied");
    const refused = await c("authorize", { ...params, redirect_uri: "https://evil.example/", account: "third@example.org" });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain("Error 400: redirect_uri_mismatch");

    await c("gmail-error", { reason: "dailyLimitExceeded", count: 1 });
    expect((await get(api("profile"), bearer(t.json.access_token!))).status).toBe(403); // a send-only token: insufficient scope first
    await c("clear-gmail-errors");
    await fetch(gm.control.revokeUrl, { method: "POST", body: new URLSearchParams({ token: rt }) });
    expect((await c("revoked-tokens")).json.result).toHaveLength(1);
    await c("revoke-refresh-token", { account: "second@sandbox-gmail.example" });
    expect((await refresh("fake-refresh-token")).status).toBe(200);
  });

  it("reset() forgets added accounts, issued tokens and codes but keeps the default account and its token", async () => {
    const rt = gm.control.issueRefreshToken("later@example.org");
    gm.control.reset();
    expect(gm.control.accounts().map((a) => a.email)).toEqual(["artist@sandbox-gmail.example", "second@sandbox-gmail.example"]);
    expect((await refresh(rt)).json.error).toBe("invalid_grant");
    expect((await refresh("fake-refresh-token")).status).toBe(200);
  });
});
