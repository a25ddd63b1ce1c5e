import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGmail, type FakeServer, type GmailControl } from "../src/index.ts";
import { b64url, get, post } from "./helpers.ts";

function rfc822(opts: { to: string; subject: string; messageId?: string; extra?: string[] }) {
  return [
    "From: Ana Ferreira <artist@sandbox-gmail.example>",
    `To: ${opts.to}`,
    `Subject: ${opts.subject}`,
    ...(opts.messageId ? [`Message-ID: ${opts.messageId}`] : []),
    ...(opts.extra ?? []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello Maya,\r\n\r\nI work in ceramics.\r\n\r\nAna",
  ].join("\r\n");
}

describe("fake Gmail", () => {
  let gm: FakeServer<GmailControl>;
  let auth: Record<string, string>;
  const api = (p: string) => `${gm.url}gmail/v1/users/me/${p}`;
  const token = () =>
    fetch(gm.control.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: "fake-client-id", client_secret: "fake-client-secret", refresh_token: "fake-refresh-token" }),
    });
  const send = (raw: string, threadId?: string) => post(api("messages/send"), { raw: b64url(raw), ...(threadId ? { threadId } : {}) }, auth);

  beforeEach(async () => {
    gm = await startFakeGmail();
    const t = (await (await token()).json()) as { access_token: string };
    auth = { authorization: `Bearer ${t.access_token}` };
  });
  afterEach(async () => {
    await gm.close();
  });

  it("issues Bearer tokens; the API refuses calls without one", async () => {
    const t = await (await token()).json();
    expect(t).toMatchObject({ access_token: expect.any(String), expires_in: expect.any(Number), token_type: "Bearer", scope: expect.any(String) });
    expect((await get(api("profile"))).status).toBe(401);
    expect((await get(api("profile"), auth)).json.emailAddress).toBe(gm.control.emailAddress);
  });

  it("invalid_grant after the refresh token is revoked", async () => {
    gm.control.revokeRefreshToken();
    const r = await token();
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
    expect((await get(api("profile"), auth)).status).toBe(401);
  });

  it("send stores the message and replaces its Message-ID; get metadata reads the real one back", async () => {
    const mine = "<my-own-id-123@outreach.example>";
    const r = await send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "Ceramics for Quiet Glaze Review", messageId: mine, extra: ["X-Outreach-Send-Id: log-1"] }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: expect.any(String), threadId: r.json.id, labelIds: ["SENT"] });
    const sent = gm.control.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.originalMessageId).toBe(mine);
    expect(sent[0]!.messageId).toMatch(/^<[^@]+@mail\.gmail\.com>$/);
    const meta = await get(`${api(`messages/${r.json.id}`)}?format=metadata&metadataHeaders=Message-ID&metadataHeaders=X-Outreach-Send-Id`, auth);
    expect(meta.json.payload.headers).toEqual([
      { name: "Message-ID", value: sent[0]!.messageId },
      { name: "X-Outreach-Send-Id", value: "log-1" },
    ]);
    const byOwn = await get(`${api("messages")}?q=${encodeURIComponent(`rfc822msgid:${mine}`)}`, auth);
    expect(byOwn.json.resultSizeEstimate).toBe(0);
    const byReal = await get(`${api("messages")}?q=${encodeURIComponent(`rfc822msgid:${sent[0]!.messageId}`)}`, auth);
    expect(byReal.json.messages).toEqual([{ id: r.json.id, threadId: r.json.threadId }]);
  });

  it("list q supports in:sent, to:, after: (epoch and date)", async () => {
    const since = Math.floor(Date.now() / 1000) - 5;
    await send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "one" }));
    await send(rfc822({ to: "omar@bold-kiln-gallery.example", subject: "two" }));
    const q = (s: string) => get(`${api("messages")}?q=${encodeURIComponent(s)}`, auth);
    expect((await q(`in:sent to:maya@quiet-glaze-review.example after:${since}`)).json.resultSizeEstimate).toBe(1);
    expect((await q("in:sent")).json.resultSizeEstimate).toBe(2);
    expect((await q("in:sent after:2999/01/01")).json.resultSizeEstimate).toBe(0);
  });

  it("deliverReply adds parseable replies, auto-replies, bounces and unsubscribes into the thread, with history", async () => {
    const r = await send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "Ceramics" }));
    const profile = await get(api("profile"), auth);
    const startHistoryId = profile.json.historyId as string;
    const kinds = ["reply", "out_of_office", "bounce", "unsubscribe"] as const;
    const delivered = kinds.map((kind) => gm.control.deliverReply(r.json.threadId, { kind }));
    const thread = await get(`${api(`threads/${r.json.threadId}`)}?format=metadata`, auth);
    expect(thread.json.messages).toHaveLength(5);
    const sentMessageId = gm.control.sent()[0]!.messageId;

    const [reply, ooo, bounce, unsub] = await Promise.all(delivered.map((d) => simpleParser(d.raw)));
    expect(reply!.inReplyTo).toBe(sentMessageId);
    expect(reply!.subject).toBe("Re: Ceramics");
    expect(reply!.from?.value[0]?.address).toBe("maya@quiet-glaze-review.example");
    expect(ooo!.headers.get("auto-submitted")).toBe("auto-replied");
    expect(ooo!.text).toMatch(/out of the office/i);
    expect(bounce!.from?.value[0]?.address).toBe("mailer-daemon@googlemail.com");
    expect(String(bounce!.headers.get("content-type") && (bounce!.headers.get("content-type") as { value: string }).value)).toBe("multipart/report");
    expect(bounce!.text).toContain("maya@quiet-glaze-review.example");
    expect(delivered[2]!.raw).toMatch(/Content-Type: message\/delivery-status[\s\S]*Final-Recipient: rfc822; maya@quiet-glaze-review\.example[\s\S]*Action: failed/);
    expect(unsub!.text).toMatch(/unsubscribe/i);

    const bounces = await get(`${api("messages")}?q=${encodeURIComponent("from:mailer-daemon@googlemail.com")}`, auth);
    expect(bounces.json.messages).toEqual([{ id: delivered[2]!.id, threadId: r.json.threadId }]);

    const hist = await get(`${api("history")}?startHistoryId=${startHistoryId}&historyTypes=messageAdded`, auth);
    expect(hist.json.history.flatMap((h: { messagesAdded: Array<{ message: { id: string } }> }) => h.messagesAdded.map((m) => m.message.id))).toEqual(delivered.map((d) => d.id));
    expect(Number(hist.json.historyId)).toBeGreaterThan(Number(startHistoryId));
  });

  it("history.list answers 404 once the start id has expired", async () => {
    const start = (await get(api("profile"), auth)).json.historyId;
    await send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "x" }));
    expect((await get(`${api("history")}?startHistoryId=${start}`, auth)).status).toBe(200);
    gm.control.expireHistory();
    const r = await get(`${api("history")}?startHistoryId=${start}`, auth);
    expect(r.status).toBe(404);
    expect(r.json.error.errors[0].reason).toBe("notFound");
  });

  it("failAfterAccept: Gmail keeps the message but the client never hears back", async () => {
    gm.control.failAfterAccept(1, "drop");
    await expect(send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "lost answer" }))).rejects.toThrow();
    expect(gm.control.sent()).toHaveLength(1);
    expect(gm.control.sent()[0]!.answerFailed).toBe(true);
    const found = await get(`${api("messages")}?q=${encodeURIComponent(`rfc822msgid:${gm.control.sent()[0]!.messageId}`)}`, auth);
    expect(found.json.resultSizeEstimate).toBe(1);
    gm.control.failAfterAccept(1, "500");
    expect((await send(rfc822({ to: "maya@quiet-glaze-review.example", subject: "500" }))).status).toBe(500);
    expect(gm.control.sent()).toHaveLength(2);
  });

  it("over the rate limit answers 429 rateLimitExceeded", async () => {
    gm.control.rateLimit({ perSecond: 1 });
    const rs = await Promise.all([1, 2].map(() => get(api("profile"), auth)));
    const limited = rs.find((r) => r.status === 429)!;
    expect(limited.json.error.errors[0].reason).toBe("rateLimitExceeded");
  });
});
