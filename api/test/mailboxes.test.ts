import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { openToken, oauthStateKey, resolveMailboxKey, signOAuthState } from "@outreach/core/mailboxes";
import { markMailboxNeedsReconnect } from "@outreach/core/mailboxes";
import { startIsolatedApi, TEST_SECRET_KEY } from "@outreach/testkit/api";
import { createCampaign, globalId, rawId, signUp } from "@outreach/testkit/gql";
import { COMPLETE_GMAIL, connectMailbox, consentAtFakeGoogle } from "@outreach/testkit/mailboxes";

/**
 * "Connect Gmail" through the API against the fake Google (consent page, PKCE code exchange,
 * revoke): the stored token is encrypted, an unticked permission stores nothing, and the OAuth
 * state is refused when tampered, replayed, expired or another user's.
 */

let fake: FakeServer<GmailControl>;
let api: Awaited<ReturnType<typeof startIsolatedApi>>;
let ada: Awaited<ReturnType<typeof signUp>>;
let bo: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  fake = await startFakeGmail();
  api = await startIsolatedApi("mailboxes", {
    env: {
      GMAIL_API_URL: fake.url,
      GOOGLE_OAUTH_TOKEN_URL: fake.control.tokenUrl,
      GOOGLE_OAUTH_AUTH_URL: fake.control.authUrl,
      GOOGLE_OAUTH_REVOKE_URL: fake.control.revokeUrl,
      GMAIL_CLIENT_ID: fake.control.clientId,
      GMAIL_CLIENT_SECRET: fake.control.clientSecret,
    },
  });
  ada = await signUp(api, "Ada");
  bo = await signUp(api, "Bo");
}, 60_000);
afterAll(async () => {
  await api?.stop();
  await fake?.close();
});
beforeEach(() => fake.control.clearFaults());

const control = () => fake.control.controlUrl;
const MAILBOXES = `{ mailboxes { id address status grantedScopes campaigns { id } } }`;

describe("Connect Gmail", () => {
  it("stores the account Google signed in, its token encrypted, and gives the user's campaigns a mailbox", async () => {
    const campaign = await createCampaign(api, ada.token);
    const done = await connectMailbox(api, ada.token, control(), { account: "ada.studio@gmail.example" });
    expect(done).toMatchObject({ data: { reconnected: false, missingPermissions: [], mailbox: { address: "ada.studio@gmail.example", status: "connected" } } });
    const listed = (await api.gql(MAILBOXES, {}, ada.token)).data!.mailboxes;
    expect(listed).toEqual([expect.objectContaining({ address: "ada.studio@gmail.example", campaigns: [{ id: campaign.id }] })]);
    expect(listed[0].grantedScopes).toEqual(expect.arrayContaining(["https://www.googleapis.com/auth/gmail.send", "https://www.googleapis.com/auth/gmail.readonly"]));
    // Nobody else sees it.
    expect((await api.gql(MAILBOXES, {}, bo.token)).data!.mailboxes).toEqual([]);

    // The table holds no refresh token in plaintext.
    const row = await api.db.mailbox.findUniqueOrThrow({ where: { id: rawId(listed[0].id) } });
    const token = openToken(resolveMailboxKey(api.env), row.refreshTokenEnc!);
    const dump = JSON.stringify(await api.db.$queryRaw`SELECT * FROM mailboxes`);
    expect(token.length).toBeGreaterThan(10);
    expect(dump).not.toContain(token);
  });

  it("an unticked permission stores nothing, names what is missing, and hands the token back to Google", async () => {
    const revokedBefore = fake.control.revokedTokens().length;
    const done = await connectMailbox(api, bo.token, control(), { account: "bo@gmail.example", untick: ["https://www.googleapis.com/auth/gmail.send"] });
    expect(done).toMatchObject({ data: { mailbox: null, missingPermissions: [{ scope: "https://www.googleapis.com/auth/gmail.send", description: expect.stringMatching(/send/i) }] } });
    expect(await api.db.mailbox.count({ where: { userId: rawId(bo.userId) } })).toBe(0);
    expect(fake.control.revokedTokens().length).toBe(revokedBefore + 1);
  });

  it("Cancel on Google's page comes back to the app as access_denied", async () => {
    const { fragment } = await consentAtFakeGoogle(api, bo.token, control(), { account: "bo@gmail.example", deny: true });
    expect(fragment.get("error")).toBe("access_denied");
    expect(fragment.get("code")).toBeNull();
  });
});

describe("the OAuth state", () => {
  it("is single use: the same code and state a second time are refused", async () => {
    const { fragment } = await consentAtFakeGoogle(api, ada.token, control(), { account: "ada.second@gmail.example" });
    const args = { code: fragment.get("code"), state: fragment.get("state") };
    expect((await api.gql(COMPLETE_GMAIL, args, ada.token)).data!.completeGmailConnect.data.mailbox.address).toBe("ada.second@gmail.example");
    expect((await api.gql(COMPLETE_GMAIL, args, ada.token)).data!.completeGmailConnect).toMatchObject({ __typename: "ConflictError", message: expect.stringMatching(/already used/) });
  });

  it("belongs to the user who started it: another user's is refused and stays usable by its owner", async () => {
    const { fragment } = await consentAtFakeGoogle(api, ada.token, control(), { account: "ada.third@gmail.example" });
    const args = { code: fragment.get("code"), state: fragment.get("state") };
    expect((await api.gql(COMPLETE_GMAIL, args, bo.token)).data!.completeGmailConnect).toMatchObject({ __typename: "ConflictError", message: expect.stringMatching(/another account/) });
    expect(await api.db.mailbox.count({ where: { userId: rawId(bo.userId) } })).toBe(0);
    expect((await api.gql(COMPLETE_GMAIL, args, ada.token)).data!.completeGmailConnect.data.mailbox.address).toBe("ada.third@gmail.example");
  });

  it("tampered or expired: the callback refuses it on a fixed page that reflects nothing", async () => {
    const { state } = await consentAtFakeGoogle(api, ada.token, control(), { account: "ada.fourth@gmail.example" });
    const [body] = state.split(".");
    const hostile = `${body}.<script>alert(1)</script>`;
    const res = await fetch(`${api.url}/oauth/google/callback?code=<img src=x onerror=alert(1)>&state=${encodeURIComponent(hostile)}`, { redirect: "manual" });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toMatch(/not valid/);
    expect(page).not.toMatch(/<script>|onerror|<img/);

    const expired = signOAuthState(oauthStateKey(TEST_SECRET_KEY), { nonce: "x", userId: rawId(ada.userId), expiresAt: Date.now() - 1000 });
    const late = await fetch(`${api.url}/oauth/google/callback?code=abc&state=${encodeURIComponent(expired)}`, { redirect: "manual" });
    expect(late.status).toBe(400);
    expect(await late.text()).toMatch(/longer than 10 minutes/);
    expect((await api.gql(COMPLETE_GMAIL, { code: "abc", state: expired }, ada.token)).data!.completeGmailConnect).toMatchObject({ __typename: "ConflictError" });
    expect((await api.gql(COMPLETE_GMAIL, { code: "abc", state: hostile }, ada.token)).data!.completeGmailConnect).toMatchObject({ __typename: "ConflictError", message: expect.stringMatching(/not valid/) });
  });

  it("carries a PKCE verifier Google checks: a code exchanged with the wrong verifier is refused", async () => {
    const { fragment } = await consentAtFakeGoogle(api, ada.token, control(), { account: "ada.fifth@gmail.example" });
    const keys = await api.app.deps.redis.keys(`${api.prefix}:oauth:pending:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      const pending = JSON.parse((await api.app.deps.redis.get(k))!);
      await api.app.deps.redis.set(k, JSON.stringify({ ...pending, codeVerifier: "x".repeat(64) }), "PX", 60_000);
    }
    expect((await api.gql(COMPLETE_GMAIL, { code: fragment.get("code"), state: fragment.get("state") }, ada.token)).data!.completeGmailConnect).toMatchObject({
      __typename: "ConflictError",
      message: expect.stringMatching(/Google did not accept/),
    });
    expect(await api.db.mailbox.count({ where: { address: "ada.fifth@gmail.example" } })).toBe(0);
  });
});

describe("Reconnect and Disconnect", () => {
  it("Reconnect replaces the token of a mailbox that needs it and resumes exactly the campaigns its pause stopped", async () => {
    const user = await signUp(api, "Cy");
    const done = await connectMailbox(api, user.token, control(), { account: "cy@gmail.example" });
    const mailboxId = rawId((done as { data: { mailbox: { id: string } } }).data.mailbox.id);
    const campaign = await createCampaign(api, user.token);
    const paused = await createCampaign(api, user.token, { name: "Paused by hand" });
    await api.gql(`mutation($id: ID!) { pauseCampaign(id: $id) { __typename } }`, { id: paused.id }, user.token);
    const oldToken = openToken(resolveMailboxKey(api.env), (await api.db.mailbox.findUniqueOrThrow({ where: { id: mailboxId } })).refreshTokenEnc!);
    await markMailboxNeedsReconnect(api.db, mailboxId, "refresh token revoked or expired (invalid_grant)");
    expect((await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaign.id) } })).sendingPausedReason).toMatch(/^mailbox_reconnect/);

    const wrong = await connectMailbox(api, user.token, control(), { account: "someone.else@gmail.example", mailboxId: globalId("Mailbox", mailboxId) });
    expect(wrong).toMatchObject({ __typename: "ConflictError", message: expect.stringMatching(/this mailbox is cy@gmail.example/) });

    const again = await connectMailbox(api, user.token, control(), { account: "cy@gmail.example", mailboxId: globalId("Mailbox", mailboxId) });
    // Both lose the mailbox pause; the one paused by hand stays paused.
    expect(again).toMatchObject({ data: { reconnected: true, resumedCampaigns: 2, mailbox: { status: "connected" } } });
    expect((await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(campaign.id) } })).sendingPausedReason).toBeNull();
    expect((await api.db.campaign.findUniqueOrThrow({ where: { id: rawId(paused.id) } })).status).toBe("paused");
    expect(await api.db.alert.count({ where: { mailboxId, resolvedAt: null } })).toBe(0);
    expect(fake.control.revokedTokens().map((r) => r.token)).toContain(oldToken);
  });

  it("Disconnect revokes the token at Google and deletes it here", async () => {
    const user = await signUp(api, "Di");
    const done = await connectMailbox(api, user.token, control(), { account: "di@gmail.example" });
    const id = (done as { data: { mailbox: { id: string } } }).data.mailbox.id;
    const token = openToken(resolveMailboxKey(api.env), (await api.db.mailbox.findUniqueOrThrow({ where: { id: rawId(id) } })).refreshTokenEnc!);
    const res = await api.gql(`mutation($id: ID!) { disconnectMailbox(id: $id) { __typename ... on MutationDisconnectMailboxSuccess { data { status } } } }`, { id }, user.token);
    expect(res.data!.disconnectMailbox.data.status).toBe("disconnected");
    expect((await api.db.mailbox.findUniqueOrThrow({ where: { id: rawId(id) } })).refreshTokenEnc).toBeNull();
    expect(fake.control.revokedTokens().map((r) => r.token)).toContain(token);
    // Another user cannot disconnect it (not found, nothing changes).
    const other = await api.gql(`mutation($id: ID!) { disconnectMailbox(id: $id) { __typename } }`, { id: globalId("Mailbox", rawId(id)) }, ada.token);
    expect(other.data!.disconnectMailbox.__typename).toBe("NotFoundError");
  });
});
