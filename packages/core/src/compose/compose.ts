import { WAIT_BUDGETS } from "@outreach/providers/waits";
import { isProviderError, ProviderError, ProviderErrorCode, type ProviderErrorKind } from "@outreach/providers/errors";
import { checkDraft, DRAFT_FLAGS, type DraftFlag } from "./check.ts";
import { fallbackReasonOf, type FallbackReason } from "./fallback.ts";
import { buildComposePrompt, DraftSchema } from "./prompt.ts";
import { templateDraft } from "./template.ts";
import type { ComposeInput, Draft, DraftSource, GeminiLike } from "./types.ts";

/**
 * composeDraft: Gemini first (JSON mode, grounded prompt) within the compose wait budget
 * (WAIT_BUDGETS.composeDraft: one retry, only when Gemini asks for 5 s or less), the template when
 * Gemini fails, then the draft checks. A cut or withheld Gemini answer never becomes a draft; a
 * template standing in for Gemini says why (fallbackReason) and is flagged for a person.
 */

export interface ComposeDeps {
  /** The providers Gemini client; null/undefined drafts from the template only (no fallback reason). */
  gemini?: GeminiLike | null;
}

export interface ComposedDraft {
  subject: string;
  body: string;
  /** Stored in EmailLog.flags. Empty means the draft may be auto-approved. */
  flags: DraftFlag[];
  /** Stored in EmailLog.draftSource. */
  source: DraftSource;
  /** Stored in EmailLog.fallbackReason: set when the template stood in for a Gemini that failed. */
  fallbackReason?: FallbackReason;
  /** Gemini's own words for the failure, for alerts and logs. */
  failureReason?: string;
  /** The provider error kind behind it ("auth"/"quota" need a person). */
  failureKind?: ProviderErrorKind | "unknown";
}

function describe(err: unknown): { reason: string; kind: ProviderErrorKind | "unknown" } {
  if (isProviderError(err)) {
    const code = err.code !== undefined ? ` ${err.code}` : "";
    return { reason: `${err.kind}${code}: ${err.message}`, kind: err.kind };
  }
  return { reason: `unexpected: ${(err as Error)?.message ?? String(err)}`, kind: "unknown" };
}

/**
 * Gemini's {subject, body}, or a ProviderError. A client that hands back what the providers client
 * refuses (a cut or withheld answer, the wrong shape) is held to the same rule, with the same codes.
 */
async function askGemini(gemini: GeminiLike, system: string, prompt: string, step: number): Promise<Draft> {
  const res = await gemini.generateJson({
    system,
    prompt,
    schema: DraftSchema,
    maxOutputTokens: 1024,
    temperature: 0.7,
    operation: step >= 1 ? "compose_follow_up" : "compose",
    retry: WAIT_BUDGETS.composeDraft,
  });
  if (res.finishReason && res.finishReason !== "STOP") {
    const cut = res.finishReason === "MAX_TOKENS";
    throw new ProviderError({
      provider: "gemini",
      kind: cut ? "bad_response" : "invalid_request",
      code: cut ? ProviderErrorCode.GEMINI_MAX_TOKENS : ProviderErrorCode.GEMINI_BLOCKED,
      message: `finishReason ${res.finishReason}: answer not complete`,
    });
  }
  const parsed = DraftSchema.safeParse(res.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message ?? "invalid";
    throw new ProviderError({ provider: "gemini", kind: "bad_response", code: ProviderErrorCode.GEMINI_INVALID_JSON, message: `answer does not match {subject, body}: ${issue}` });
  }
  return parsed.data;
}

export async function composeDraft(deps: ComposeDeps, input: ComposeInput): Promise<ComposedDraft> {
  const { system, prompt, facts } = buildComposePrompt(input);
  const sources = { facts, crawl: input.crawl, step: input.step };
  const followUpSubject = input.step >= 1 && input.previous?.subject ? `Re: ${input.previous.subject.replace(/^(re:\s*)+/i, "")}` : null;
  let failure: Pick<ComposedDraft, "fallbackReason" | "failureReason" | "failureKind"> = {};

  if (deps.gemini) {
    try {
      const answer = await askGemini(deps.gemini, system, prompt, input.step);
      const draft = { subject: followUpSubject ?? answer.subject.replace(/[\r\n]+/g, " ").trim(), body: answer.body.trim() };
      return { ...draft, flags: checkDraft(draft, sources), source: "gemini" };
    } catch (err) {
      const d = describe(err);
      failure = { fallbackReason: fallbackReasonOf(err), failureReason: d.reason, failureKind: d.kind };
    }
  }

  const t = templateDraft(input);
  const draft = { subject: followUpSubject ?? t.subject, body: t.body };
  const flags = new Set<DraftFlag>([...t.flags, ...checkDraft(draft, sources)]);
  if (failure.fallbackReason) flags.add("template_fallback");
  return { ...draft, flags: DRAFT_FLAGS.filter((f) => flags.has(f)), source: "template", ...failure };
}
