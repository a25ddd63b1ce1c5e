import { createHash } from "node:crypto";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startFakeDataForSeo,
  startFakeGemini,
  startFakeGmail,
  startFakeHunter,
  serpSitesForKeyword,
  siteModel,
  type DataForSeoControl,
  type FakeServer,
  type GeminiControl,
  type GmailControl,
  type HunterControl,
} from "../src/index.ts";
import { b64url, basic, fixture, get, post, shapeMismatches } from "./helpers.ts";

const AUTH = { authorization: basic() };
const ignoreTaskData = (p: string) => /\.tasks\[0\]\.data$/.test(p) || /referring_links_/.test(p);

describe("fake answers have the shape of the providers' documented examples", () => {
  let dfs: FakeServer<DataForSeoControl>;
  let hunter: FakeServer<HunterControl>;
  let gem: FakeServer<GeminiControl>;
  let gm: FakeServer<GmailControl>;
  beforeAll(async () => {
    [dfs, hunter, gem, gm] = await Promise.all([startFakeDataForSeo({ taskDelayMs: 0 }), startFakeHunter(), startFakeGemini(), startFakeGmail()]);
  });
  afterAll(async () => {
    await Promise.all([dfs.close(), hunter.close(), gem.close(), gm.close()]);
  });

  it("the comparison itself catches a missing key and a wrong type", () => {
    expect(shapeMismatches({ a: 1, b: { c: "x" } }, { a: "1", b: {} })).toEqual(["$.a: expected number, got string", "$.b.c: missing"]);
  });

  it("DataForSEO live/advanced and task_get/advanced match the task_get/advanced example", async () => {
    const example = fixture("dataforseo/serp_task_get_advanced.json");
    const live = await post(`${dfs.url}/v3/serp/google/organic/live/advanced`, [{ keyword: "ceramic artists", location_code: 2840, language_code: "en", depth: 20 }], AUTH);
    expect(shapeMismatches(example, live.json, "$", ignoreTaskData)).toEqual([]);
    const posted = await post(`${dfs.url}/v3/serp/google/organic/task_post`, [{ keyword: "ceramic artists", location_code: 2840, language_code: "en", depth: 20, tag: "t1" }], AUTH);
    expect(shapeMismatches(fixture("dataforseo/serp_task_post.json"), posted.json, "$", ignoreTaskData)).toEqual([]);
    const ready = await get(`${dfs.url}/v3/serp/google/organic/tasks_ready`, AUTH);
    expect(shapeMismatches(fixture("dataforseo/serp_tasks_ready.json"), ready.json, "$", ignoreTaskData)).toEqual([]);
    const got = await get(`${dfs.url}/v3/serp/google/organic/task_get/advanced/${posted.json.tasks[0].id}`, AUTH);
    expect(shapeMismatches(example, got.json, "$", ignoreTaskData)).toEqual([]);
  });

  it("DataForSEO backlinks summary and user_data", async () => {
    const summary = await post(`${dfs.url}/v3/backlinks/summary/live`, [{ target: "quiet-glaze-review.example", rank_scale: "one_hundred" }], AUTH);
    expect(shapeMismatches(fixture("dataforseo/backlinks_summary_live.json"), summary.json, "$", ignoreTaskData)).toEqual([]);
    const user = await get(`${dfs.url}/v3/appendix/user_data`, AUTH);
    expect(shapeMismatches(fixture("dataforseo/appendix_user_data.json"), user.json, "$", ignoreTaskData)).toEqual([]);
  });

  it("Hunter domain-search, email-verifier and errors", async () => {
    const domain = serpSitesForKeyword("ceramic artists")
      .map((s) => s.domain)
      .find((d) => siteModel(d).hunterHasEmails && !siteModel(d).acceptAll)!;
    const ds = await get(`${hunter.url}/domain-search?domain=${domain}&type=personal&api_key=test-api-key`);
    // the example's first email has a verification status; compare with one of ours that has one
    ds.json.data.emails = ds.json.data.emails.filter((e: { verification: { status: string | null } }) => e.verification.status);
    if (ds.json.data.emails.length) expect(shapeMismatches(fixture("hunter/domain_search.json"), ds.json)).toEqual([]);
    const email = siteModel(domain).editor.email;
    hunter.control.setVerificationDelay(email, 0);
    const v = await get(`${hunter.url}/email-verifier?email=${encodeURIComponent(email)}&api_key=test-api-key`);
    expect(shapeMismatches(fixture("hunter/email_verifier.json"), v.json)).toEqual([]);
    const e = await get(`${hunter.url}/domain-search?api_key=test-api-key`);
    expect(e.status).toBe(400);
    expect(shapeMismatches(fixture("hunter/error.json"), e.json)).toEqual([]);
  });

  it("Gemini generateContent and the 429 error", async () => {
    const body = { contents: [{ role: "user", parts: [{ text: "Say hello" }] }] };
    const ok = await post(`${gem.url}/v1beta/models/gemini-2.5-flash:generateContent`, body, { "x-goog-api-key": "fake-gemini-key" });
    expect(shapeMismatches(fixture("gemini/generate_content.json"), ok.json)).toEqual([]);
    gem.control.nextRateLimited("23s");
    const limited = await post(`${gem.url}/v1beta/models/gemini-2.5-flash:generateContent`, body, { "x-goog-api-key": "fake-gemini-key" });
    expect(shapeMismatches(fixture("gemini/error_429.json"), limited.json)).toEqual([]);
  });

  it("Gmail and the OAuth token endpoint", async () => {
    const tokenReq = (refresh: string) =>
      fetch(gm.control.tokenUrl, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", client_id: "fake-client-id", client_secret: "fake-client-secret", refresh_token: refresh }) });
    const tok = (await (await tokenReq("fake-refresh-token")).json()) as { access_token: string };
    expect(shapeMismatches(fixture("google-oauth/token.json"), tok)).toEqual([]);
    expect(shapeMismatches(fixture("google-oauth/invalid_grant.json"), await (await tokenReq("wrong")).json())).toEqual([]);
    const auth = { authorization: `Bearer ${tok.access_token}` };
    const api = (p: string) => `${gm.url}gmail/v1/users/me/${p}`;
    const start = (await get(api("profile"), auth)).json.historyId;
    const raw = "From: artist@sandbox-gmail.example\r\nTo: maya@quiet-glaze-review.example\r\nSubject: Hi\r\nMessage-ID: <x@y>\r\n\r\nHello";
    const sent = await post(api("messages/send"), { raw: b64url(raw) }, auth);
    expect(shapeMismatches(fixture("gmail/send_response.json"), sent.json)).toEqual([]);
    await post(api("messages/send"), { raw: b64url(raw) }, auth);
    const meta = await get(`${api(`messages/${sent.json.id}`)}?format=metadata&metadataHeaders=Message-ID`, auth);
    expect(shapeMismatches(fixture("gmail/message_metadata.json"), meta.json)).toEqual([]);
    const list = await get(`${api("messages")}?maxResults=1`, auth);
    expect(shapeMismatches(fixture("gmail/messages_list.json"), list.json)).toEqual([]);
    gm.control.deliverReply(sent.json.threadId, { kind: "reply" });
    const hist = await get(`${api("history")}?startHistoryId=${start}`, auth);
    expect(shapeMismatches(fixture("gmail/history_list.json"), hist.json)).toEqual([]);
    expect(shapeMismatches(fixture("gmail/profile.json"), (await get(api("profile"), auth)).json)).toEqual([]);
    gm.control.expireHistory();
    const gone = await get(`${api("history")}?startHistoryId=${start}`, auth);
    expect(shapeMismatches(fixture("gmail/error_404.json"), gone.json)).toEqual([]);
    const parsed = await simpleParser(gm.control.sent()[0]!.raw);
    expect(parsed.messageId).toMatch(/@mail\.gmail\.com>$/);
  });

  it("Google OAuth code exchange, revoke, sendAs and the 403 answers", async () => {
    const redirect = "http://127.0.0.1:3000/cb";
    const verifier = "x".repeat(50);
    const u = new URL(gm.control.authUrl);
    const q = { client_id: "fake-client-id", redirect_uri: redirect, response_type: "code", scope: "openid email https://www.googleapis.com/auth/gmail.send", access_type: "offline", prompt: "consent" };
    for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
    u.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    u.searchParams.set("code_challenge_method", "S256");
    const code = new URL(gm.control.authorize({ url: u.toString(), account: "artist@sandbox-gmail.example" })).searchParams.get("code")!;
    const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "fake-client-id", client_secret: "fake-client-secret", code_verifier: verifier });
    const tok = (await (await fetch(gm.control.tokenUrl, { method: "POST", body })).json()) as { access_token: string; refresh_token: string };
    expect(shapeMismatches(fixture("google-oauth/token_authorization_code.json"), tok)).toEqual([]);
    const auth = { authorization: `Bearer ${tok.access_token}` };
    const api = (p: string) => `${gm.url}gmail/v1/users/me/${p}`;
    expect(shapeMismatches(fixture("gmail/error_403_insufficient_scopes.json"), (await get(api("settings/sendAs"), auth)).json)).toEqual([]);
    gm.control.injectGmailError({ reason: "userRateLimitExceeded" });
    expect(shapeMismatches(fixture("gmail/error_403_user_rate_limit.json"), (await post(api("messages/send"), {}, auth)).json)).toEqual([]);
    const full = { authorization: `Bearer ${((await (await fetch(gm.control.tokenUrl, { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "fake-refresh-token", client_id: "fake-client-id", client_secret: "fake-client-secret" }) })).json()) as { access_token: string }).access_token}` };
    expect(shapeMismatches(fixture("gmail/send_as_list.json"), (await get(api("settings/sendAs"), full)).json)).toEqual([]);
    await fetch(gm.control.revokeUrl, { method: "POST", body: new URLSearchParams({ token: tok.refresh_token }) });
    const again = await fetch(gm.control.revokeUrl, { method: "POST", body: new URLSearchParams({ token: tok.refresh_token }) });
    expect(again.status).toBe(400);
    expect(shapeMismatches(fixture("google-oauth/revoke_error.json"), await again.json())).toEqual([]);
  });
});
