import { builder } from "../builder.ts";
import { requireViewer } from "../context.ts";
import { asFallbackReason } from "@outreach/core/compose";
import { DraftFallbackReasonEnum, EmailStatusEnum, VerificationStatusEnum } from "./enums.ts";

export const EmailLogNode = builder.prismaNode("EmailLog", {
  select: { id: true },
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, prospect: { campaign: { userId: requireViewer(ctx).id } } }),
  fields: (t) => ({
    prospect: t.relation("prospect"),
    step: t.exposeInt("step"),
    status: t.expose("status", { type: EmailStatusEnum }),
    toEmail: t.exposeString("toEmail", { nullable: true }),
    subject: t.exposeString("subject"),
    body: t.exposeString("body"),
    flags: t.exposeStringList("flags"),
    draftSource: t.exposeString("draftSource"),
    fallbackReason: t.field({
      type: DraftFallbackReasonEnum,
      nullable: true,
      description: "Set when Gemini failed and the template stood in; the draft is then flagged template_fallback",
      select: { fallbackReason: true },
      resolve: (log) => asFallbackReason(log.fallbackReason),
    }),
    response: t.exposeString("response", { nullable: true }),
    sentAt: t.expose("sentAt", { type: "DateTime", nullable: true }),
    gmailThreadId: t.exposeString("gmailThreadId", { nullable: true }),
    rfcMessageId: t.exposeString("rfcMessageId", { nullable: true }),
    error: t.exposeString("error", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const ContactObject = builder.prismaObject("Contact", {
  select: { id: true },
  fields: (t) => ({
    id: t.exposeID("id"),
    email: t.exposeString("email"),
    name: t.exposeString("name", { nullable: true }),
    position: t.exposeString("position", { nullable: true }),
    type: t.exposeString("type", { nullable: true }),
    confidence: t.exposeInt("confidence", { nullable: true }),
    verification: t.expose("verification", { type: VerificationStatusEnum }),
    verificationNote: t.exposeString("verificationNote", {
      nullable: true,
      description: "Why the verification is unknown when the verifier could not answer; asked again at the next enrichment.",
    }),
    source: t.exposeString("source", { description: "hunter, crawl (found on the site) or person (given when the prospect was added or imported; enrichment never replaces it)." }),
  }),
});
