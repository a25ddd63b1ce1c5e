import { randomUUID } from "node:crypto";
import { HeaderInjectionError } from "@outreach/contracts";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/index.ts";
import { buildOutreachMessage, outreachMessageId, subjectForStep, type BuildOutreachMessageInput } from "../../src/outreach/message.ts";
import { signUnsubscribeToken, unsubscribeLinks } from "../../src/outreach/unsubscribe.ts";

const SECRET = "a-test-secret-that-is-long-enough";
const logId = randomUUID();
const claimedAt = new Date("2025-06-10T12:00:00Z");

function input(over: Partial<BuildOutreachMessageInput> & { log?: Partial<BuildOutreachMessageInput["emailLog"]> } = {}): BuildOutreachMessageInput {
  const token = signUnsubscribeToken(SECRET, { userId: randomUUID(), emailLogId: logId, email: "editor@gallery.example" });
  return {
    campaign: { fromName: "Ada Potter", fromEmail: "ada@studio.example" },
    prospect: { contactEmail: "Editor@Gallery.example" },
    emailLog: { id: logId, step: 0, subject: "Wood-fired vessels for your spring issue", body: "Hello,\n\nI make stoneware. Ünïcödé too.", toEmail: null, claimedAt, ...over.log },
    unsubscribe: unsubscribeLinks({ publicUrl: "https://outreach.example/", fromEmail: "ada@studio.example", token }),
    ...over,
  };
}

describe("buildOutreachMessage", () => {
  it("carries From, To, Subject, our Message-ID, the send id and one-click unsubscribe headers", async () => {
    const i = input();
    const msg = await buildOutreachMessage(i);
    const parsed = await simpleParser(msg.raw);
    expect(parsed.from?.value[0]).toMatchObject({ name: "Ada Potter", address: "ada@studio.example" });
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value[0]!.address).toBe("editor@gallery.example");
    expect(parsed.subject).toBe("Wood-fired vessels for your spring issue");
    expect(parsed.messageId).toBe(msg.messageId);
    expect(msg.messageId).toMatch(/^<[0-9a-f-]{36}@outreach\.local>$/);
    expect(msg.messageId).toBe(outreachMessageId(logId, claimedAt));
    expect(parsed.headers.get("x-outreach-send-id")).toBe(logId);
    expect(parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    // mailparser groups List-* headers under "list".
    const lu = (parsed.headers.get("list") as unknown as { unsubscribe: { url?: string; mail?: string } }).unsubscribe;
    expect(lu.url).toBe(i.unsubscribe.httpsUrl);
    expect(lu.mail).toContain("ada@studio.example");
    expect(i.unsubscribe.httpsUrl).toMatch(/^https:\/\/outreach\.example\/unsubscribe\/v1\./);
    const unfolded = msg.raw.toString().replace(/\r\n(?=[ \t])/g, "");
    expect(unfolded).toContain(`List-Unsubscribe: <mailto:${i.unsubscribe.mailto}>, <${i.unsubscribe.httpsUrl}>`);
    expect(parsed.text).toContain("Ünïcödé");
    expect(parsed.inReplyTo).toBeUndefined();
  });

  it("threads a follow-up: Re: subject (never Re: Re:), In-Reply-To and References", async () => {
    const first = "<CAfirst@mail.gmail.com>";
    const msg = await buildOutreachMessage(input({ log: { step: 1, subject: "RE: re: Wood-fired vessels" }, inReplyTo: first, references: [first] }));
    const parsed = await simpleParser(msg.raw);
    expect(parsed.subject).toBe("Re: Wood-fired vessels");
    expect(parsed.inReplyTo).toBe(first);
    expect(parsed.references).toBe(first);
    expect(subjectForStep("Hello", 0)).toBe("Hello");
    expect(subjectForStep("Hello", 2)).toBe("Re: Hello");
  });

  it("a new claim of the same email gets a new Message-ID; no claim gets a random one", () => {
    expect(outreachMessageId(logId, claimedAt)).toBe(outreachMessageId(logId, new Date(claimedAt)));
    expect(outreachMessageId(logId, new Date(claimedAt.getTime() + 1))).not.toBe(outreachMessageId(logId, claimedAt));
    expect(outreachMessageId(logId, null)).not.toBe(outreachMessageId(logId, null));
  });

  it.each([
    ["campaign.fromName", input({ campaign: { fromName: "Ada\r\nBcc: all@world.example", fromEmail: "ada@studio.example" } })],
    ["campaign.fromEmail", input({ campaign: { fromName: "Ada", fromEmail: "ada@studio.example\nBcc: x@y.example" } })],
    ["prospect.contactEmail", input({ prospect: { contactEmail: "editor@gallery.example\r\nBcc: x@y.example" } })],
    ["emailLog.toEmail", input({ log: { toEmail: "editor@gallery.example\rX: y" } })],
    ["emailLog.subject", input({ log: { subject: "Hello\nBcc: victim@example.org" } })],
    ["inReplyTo", input({ log: { step: 1 }, inReplyTo: "<a@b>\r\nX-Evil: 1" })],
    ["references[0]", input({ log: { step: 1 }, references: ["<a@b>\nX-Evil: 1"] })],
    ["unsubscribe.httpsUrl", input({ unsubscribe: { httpsUrl: "https://outreach.example/u/x\r\nBcc: y@z.example" } })],
  ])("rejects CR/LF in %s with a typed error naming the field", async (field, bad) => {
    const err = await buildOutreachMessage(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeaderInjectionError);
    expect((err as HeaderInjectionError).field).toBe(field);
  });

  it("refuses an http unsubscribe URL, a missing recipient and malformed threading ids", async () => {
    const http = await buildOutreachMessage(input({ unsubscribe: { httpsUrl: "http://127.0.0.1:4000/unsubscribe/x" } })).catch((e: unknown) => e);
    expect(http).toBeInstanceOf(ValidationError);
    expect((http as ValidationError).fieldErrors[0]!.path).toEqual(["unsubscribe.httpsUrl"]);
    const none = await buildOutreachMessage(input({ prospect: { contactEmail: null } })).catch((e: unknown) => e);
    expect((none as ValidationError).fieldErrors[0]!.path).toEqual(["prospect.contactEmail"]);
    const badRef = await buildOutreachMessage(input({ log: { step: 1 }, inReplyTo: "not-a-message-id" })).catch((e: unknown) => e);
    expect((badRef as ValidationError).fieldErrors[0]!.path).toEqual(["inReplyTo"]);
  });
});
