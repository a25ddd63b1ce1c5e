import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { simpleParser } from "mailparser";
import { HeaderInjectionError } from "@outreach/contracts";
import { startFakeGmail, type FakeServer, type GmailControl } from "@outreach/fakes";
import { isHistoryExpired } from "../src/errors.ts";
import { buildMessage } from "../src/mime.ts";
import { fakeGmailClient, fastRetry, providerError } from "./helpers.ts";

let fake: FakeServer<GmailControl>;
const client = (over: Parameters<typeof fakeGmailClient>[1] = {}) => fakeGmailClient(fake, over);

const message = (over: Partial<Parameters<typeof buildMessage>[0]> = {}) =>
  buildMessage({
    from: { name: "Mia Berg", address: "mia@studio.example" },
    to: { name: "Ada Editor", address: "ada@gallery-nord.example" },
    subject: "Ceramics for Gallery Nord",
    text: "Hello Ada,\n\nA short note about my work.\n",
    unsubscribe: { url: "https://app.example/u/abc123", mailto: "unsubscribe@studio.example" },
    sendId: "emaillog-1",
    ...over,
  });

beforeAll(async () => {
  fake = await startFakeGmail();
});
afterAll(() => fake.close());
beforeEach(() => fake.control.reset());

describe("MIME builder", () => {
  it("builds a message with unsubscribe, send id and threading headers readable by mailparser", async () => {
    const { raw, messageId } = await message({ inReplyTo: "<first@mail.gmail.com>", references: ["<first@mail.gmail.com>"] });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe("Ceramics for Gallery Nord");
    expect(parsed.messageId).toBe(messageId);
    expect(parsed.inReplyTo).toBe("<first@mail.gmail.com>");
    expect(parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(raw.toString().replace(/\r\n(?=[ \t])/g, "")).toMatch(/List-Unsubscribe: <mailto:unsubscribe@studio\.example>, <https:\/\/app\.example\/u\/abc123>/);
    expect(parsed.headers.get("x-outreach-send-id")).toBe("emaillog-1");
    expect(parsed.text).toContain("A short note");
  });

  it("rejects CR/LF from outside in any header value", async () => {
    await expect(message({ subject: "Hi\r\nBcc: victim@example.com" })).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(message({ to: { name: "Ada\nBcc: x@y.z", address: "ada@gallery-nord.example" } })).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(message({ sendId: "a\rb" })).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(message({ headers: { "X-Note": "ok\nInjected: yes" } })).rejects.toBeInstanceOf(HeaderInjectionError);
    await expect(message({ inReplyTo: "<a@b>\r\nX: y" })).rejects.toBeInstanceOf(HeaderInjectionError);
  });
});

describe("Gmail client against the fake", () => {
  it("sends a raw message, reads back the real Message-ID, finds it, threads a follow-up", async () => {
    const c = client();
    const first = await message();
    const sent = await c.sendRaw(first.raw);
    expect(sent.id).toBeTruthy();
    const rec = fake.control.sent();
    expect(rec).toHaveLength(1);
    expect(rec[0]!.headers["x-outreach-send-id"] ?? rec[0]!.headers["X-Outreach-Send-Id"]).toBe("emaillog-1");
    const meta = await c.getMessageMetadata(sent.id, ["Message-ID", "X-Outreach-Send-Id"]);
    expect(meta.threadId).toBe(sent.threadId);
    expect(meta.headers["message-id"]).toBe(rec[0]!.messageId);
    expect(meta.headers["x-outreach-send-id"]).toBe("emaillog-1");

    const follow = await message({ subject: "Re: Ceramics for Gallery Nord", inReplyTo: meta.headers["message-id"], references: meta.headers["message-id"], sendId: "emaillog-2" });
    const sent2 = await c.sendRaw(follow.raw, sent.threadId);
    expect(sent2.threadId).toBe(sent.threadId);
    const thread = await c.getThread(sent.threadId);
    expect(thread.messages.map((m) => m.id)).toEqual([sent.id, sent2.id]);

    const found = await c.listMessages(`rfc822msgid:${meta.headers["message-id"]}`);
    expect(found.messages.map((m) => m.id)).toContain(sent.id);
  });

  it("history: lists messages added since a history id; 404 -> HistoryExpired", async () => {
    const c = client();
    const start = (await c.getProfile()).historyId!;
    const sent = await c.sendRaw((await message()).raw);
    const reply = fake.control.deliverReply(sent.threadId, { kind: "reply" });
    const h = await c.listHistory(start);
    expect(h.messagesAdded.map((m) => m.id)).toEqual(expect.arrayContaining([sent.id, reply.id]));
    fake.control.expireHistory();
    const e = await providerError(c.listHistory(start));
    expect(isHistoryExpired(e)).toBe(true);
    expect(e.code).toBe("HISTORY_EXPIRED");
  });

  it("a revoked refresh token -> auth with code invalid_grant, nothing sent", async () => {
    fake.control.revokeRefreshToken();
    const e = await providerError(client().sendRaw((await message()).raw));
    expect([e.kind, e.code]).toEqual(["auth", "invalid_grant"]);
    expect(fake.control.sent()).toHaveLength(0);
    const p = await providerError(client().getProfile());
    expect(p.code).toBe("invalid_grant");
  });

  it("a send whose answer is lost is OUTCOME_UNKNOWN and is never retried by the client", async () => {
    fake.control.failAfterAccept(1, "drop");
    const e = await providerError(client({ retry: fastRetry }).sendRaw((await message()).raw));
    expect([e.kind, e.code]).toEqual(["transient", "OUTCOME_UNKNOWN"]);
    expect(fake.control.sent()).toHaveLength(1);
    expect(fake.control.stats().byPath["/gmail/v1/users/me/messages/send"]).toBe(1);
  });

  it("getProfile and a 5xx read (transient, retried by our policy)", async () => {
    fake.control.injectFaults({ status: 500, count: 1 });
    const p = await client({ retry: fastRetry }).getProfile();
    expect(p.emailAddress).toContain("@");
  });
});
