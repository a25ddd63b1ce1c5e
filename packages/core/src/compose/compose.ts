import { isProviderError, type ProviderErrorKind } from "@outreach/providers/errors";
import { checkDraft, type DraftFlag } from "./check.ts";
import { buildComposePrompt, DraftSchema } from "./prompt.ts";
import { templateDraft } from "./template.ts";
import type { ComposeInput, DraftSource, GeminiLike } from "./types.ts";

/**
 * composeDraft: Gemini first (JSON mode, grounded prompt), one retry on rate_limited/transient,
 * the template when Gemini fails (MAX_TOKENS, SAFETY/blocked, invalid JSON, errors), then the
 * draft checks. A cut or withheld Gemini answer never becomes a draft.
 */

export interface ComposeDeps {
  /** The providers Gemini client; null/undefined drafts from the template only. */
  gemini?: GeminiLike | null;
  /** Longest wait before the one retry (default 5 s; a longer RetryInfo delay falls back at once). */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ComposedDraft {
  subject: string;
  body: string;
  /** Stored in EmailLog.flags. Empty means the draft may be auto-approved. */
  flags: DraftFlag[];
  /** Stored in EmailLog.draftSource. */
  source: DraftSource;
  /** Why Gemini's answer was not used (set when source is "template" and Gemini was tried). */
  failureReason?: string;
  /** The provider error kind behind failureReason ("auth"/"quota" need a person). */
  failureKind?: ProviderErrorKind | "unknown";
  attempts: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function describe(err: unknown): { reason: string; kind: ProviderErrorKind | "unknown"; retryable: boolean; retryAfterMs?: number } {
  if (isProviderError(err)) {
    const code = err.code !== undefined ? ` ${err.code}` : "";
    return { reason: `${err.kind}${code}: ${err.message}`, kind: err.kind, retryable: err.retryable, retryAfterMs: err.retryAfterMs };
  }
  return { reason: `unexpected: ${(err as Error)?.message ?? String(err)}`, kind: "unknown", retryable: false };
}

export async function composeDraft(deps: ComposeDeps, input: ComposeInput): Promise<ComposedDraft> {
  const { system, prompt, facts } = buildComposePrompt(input);
  const sources = { facts, crawl: input.crawl, step: input.step };
  const followUpSubject = input.step >= 1 && input.previous?.subject ? `Re: ${input.previous.subject.replace(/^(re:\s*)+/i, "")}` : null;
  let failureReason: string | undefined;
  let failureKind: ProviderErrorKind | "unknown" | undefined;
  let attempts = 0;

  if (deps.gemini) {
    const sleep = deps.sleep ?? defaultSleep;
    const maxWait = deps.maxRetryWaitMs ?? 5_000;
    for (;;) {
      attempts++;
      try {
        const res = await deps.gemini.generateJson({
          system,
          prompt,
          schema: DraftSchema,
          maxOutputTokens: 1024,
          temperature: 0.7,
          operation: input.step >= 1 ? "compose_follow_up" : "compose",
        });
        // The providers client already refuses MAX_TOKENS / SAFETY; a client that does not is held to the same rule.
        if (res.finishReason && res.finishReason !== "STOP") throw new Error(`finishReason ${res.finishReason}: answer not complete`);
        const parsed = DraftSchema.safeParse(res.data);
        if (!parsed.success) throw new Error(`answer does not match {subject, body}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
        const draft = { subject: followUpSubject ?? parsed.data.subject.replace(/[\r\n]+/g, " ").trim(), body: parsed.data.body.trim() };
        return { ...draft, flags: checkDraft(draft, sources), source: "gemini", attempts };
      } catch (err) {
        const d = describe(err);
        failureReason = d.reason;
        failureKind = d.kind;
        const wait = d.retryAfterMs ?? 1_000;
        if (d.retryable && attempts < 2 && wait <= maxWait) {
          await sleep(wait);
          continue;
        }
        break;
      }
    }
  }

  const t = templateDraft(input);
  const draft = { subject: followUpSubject ?? t.subject, body: t.body };
  const flags = new Set<DraftFlag>([...t.flags, ...checkDraft(draft, sources)]);
  return {
    ...draft,
    flags: [...flags],
    source: "template",
    ...(failureReason ? { failureReason, failureKind } : {}),
    attempts,
  };
}
