import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIResponseError,
  SchemaType,
  type GenerateContentResponse,
  type Part,
  type Schema,
} from "@google/generative-ai";
import { z } from "zod";
import { DEFAULT_TIMEOUT_MS, retryWaits, runnerFor, type ClientDeps } from "./common.ts";
import { isProviderError, ProviderError, ProviderErrorCode, type ProviderErrorKind } from "./errors.ts";
import { networkError, trimSlash } from "./http.ts";
import { tightestPolicy, withRetry, type RetryPolicy } from "./retry.ts";

/**
 * Gemini through @google/generative-ai, always in JSON mode.
 *
 * Outcomes a caller must tell apart (all ProviderError, by `code`):
 * - MAX_TOKENS  (kind bad_response): the answer was cut at maxOutputTokens. The text is never
 *   returned; the compose step must not store a truncated draft (retry with a bigger budget or
 *   fall back to the template). Retrying the same request gives the same cut, so it is not retried.
 * - BLOCKED     (kind invalid_request): finishReason SAFETY / RECITATION / OTHER / ... or
 *   promptFeedback.blockReason; `message` names the reason. The prompt must change.
 * - INVALID_JSON (kind bad_response): text that is not JSON or does not match the caller's schema.
 * - HTTP: 429 -> rate_limited with retryAfterMs from RetryInfo.retryDelay (quota when the quota
 *   violated is a per-day one), 401/403 and 400 API_KEY_INVALID -> auth, 5xx -> transient.
 */

export interface GeminiConfig extends ClientDeps {
  apiKey: string;
  /** GEMINI_API_URL, without the /v1beta part. */
  baseUrl: string;
  model: string;
  /** Cost recorded per successful call is the factory's unitPrice; tokens are returned here. */
  defaultMaxOutputTokens?: number;
}

export interface GenerateJsonInput<T> {
  /** System instruction: the only place instructions go. */
  system?: string;
  /** The prompt. Untrusted text (crawled pages) must be given as quoted data, never as instructions. */
  prompt: string | Part[];
  /** Validates the parsed JSON; its shape is also sent as responseSchema unless one is given. */
  schema: z.ZodType<T>;
  responseSchema?: Schema;
  maxOutputTokens?: number;
  temperature?: number;
  /** Operation name in the ledger (default "generate_json"). */
  operation?: string;
  /** This caller's retries and wait budget (waits.ts WAIT_BUDGETS), over the client's own. */
  retry?: Partial<RetryPolicy>;
}

export interface GenerateJsonResult<T> {
  data: T;
  text: string;
  finishReason: string | null;
  usage: { promptTokens: number; outputTokens: number; totalTokens: number };
  model: string;
}

const BLOCKING_FINISH = new Set([
  "SAFETY",
  "RECITATION",
  "OTHER",
  "LANGUAGE",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "MALFORMED_FUNCTION_CALL",
]);

/** "12s" / "1.5s" / {seconds, nanos} -> ms. */
export function parseRetryDelay(v: unknown): number | undefined {
  if (typeof v === "string") {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
    return m ? Math.round(Number(m[1]) * 1000) : undefined;
  }
  if (v && typeof v === "object") {
    const o = v as { seconds?: number | string; nanos?: number };
    const ms = Number(o.seconds ?? 0) * 1000 + Number(o.nanos ?? 0) / 1e6;
    return Number.isFinite(ms) ? Math.round(ms) : undefined;
  }
  return undefined;
}

type Detail = { "@type"?: string; reason?: string; retryDelay?: unknown; violations?: { quotaId?: string }[] };

/** SDK / network error -> ProviderError. */
export function mapGeminiError(err: unknown, timeoutMs?: number): ProviderError {
  if (isProviderError(err)) return err;
  if (err instanceof GoogleGenerativeAIFetchError) {
    const status = err.status ?? 0;
    const details = (Array.isArray(err.errorDetails) ? err.errorDetails : []) as Detail[];
    const retryInfo = details.find((d) => d["@type"]?.endsWith("google.rpc.RetryInfo"));
    const quotaFailure = details.find((d) => d["@type"]?.endsWith("google.rpc.QuotaFailure"));
    const reason = details.find((d) => d["@type"]?.endsWith("google.rpc.ErrorInfo"))?.reason;
    let kind: ProviderErrorKind;
    if (status === 401 || status === 403 || reason === "API_KEY_INVALID") kind = "auth";
    else if (status === 429) {
      kind = quotaFailure?.violations?.some((v) => /PerDay/i.test(v.quotaId ?? "")) ? "quota" : "rate_limited";
    } else if (status === 408 || status >= 500) kind = "transient";
    else kind = "invalid_request";
    return new ProviderError({
      provider: "gemini",
      kind,
      status,
      code: reason ?? status,
      message: err.message.replace(/^\[GoogleGenerativeAI Error\]: /, ""),
      retryAfterMs: parseRetryDelay(retryInfo?.retryDelay) ?? (kind === "rate_limited" ? 10_000 : undefined),
      cause: err,
    });
  }
  if (err instanceof GoogleGenerativeAIAbortError) return networkError("gemini", Object.assign(new Error("aborted"), { name: "TimeoutError" }), timeoutMs);
  if (err instanceof GoogleGenerativeAIResponseError) {
    return new ProviderError({ provider: "gemini", kind: "invalid_request", code: ProviderErrorCode.GEMINI_BLOCKED, message: err.message, cause: err });
  }
  if (err instanceof SyntaxError) {
    return new ProviderError({ provider: "gemini", kind: "bad_response", code: "SHAPE", message: `response is not JSON: ${err.message}`, cause: err });
  }
  const cause = (err as { cause?: unknown })?.cause;
  if (!cause && /fetch failed/.test((err as Error)?.message ?? "")) {
    // The SDK drops the network error it wraps; undici says "fetch failed" when it could not
    // connect or the connection broke. Either way nothing usable came back.
    return new ProviderError({ provider: "gemini", kind: "transient", code: ProviderErrorCode.UNREACHABLE, message: "could not connect (fetch failed)", cause: err });
  }
  return networkError("gemini", cause ?? err, timeoutMs);
}

/**
 * zod schema -> Gemini responseSchema (OpenAPI subset): objects, arrays, strings, numbers,
 * integers, booleans, enums, nullable. Unsupported constructs become an unconstrained string.
 */
export function toResponseSchema(schema: z.ZodType): Schema {
  const json = z.toJSONSchema(schema, { unrepresentable: "any" }) as Record<string, unknown>;
  return convert(json);
}

function convert(node: Record<string, unknown>): Schema {
  const description = typeof node.description === "string" ? node.description : undefined;
  const anyOf = (node.anyOf ?? node.oneOf) as Record<string, unknown>[] | undefined;
  if (anyOf) {
    const nonNull = anyOf.filter((s) => s.type !== "null");
    const base = nonNull.length === 1 ? convert(nonNull[0]!) : ({ type: SchemaType.STRING } as Schema);
    return { ...base, nullable: nonNull.length !== anyOf.length || undefined } as Schema;
  }
  let type = node.type;
  let nullable: boolean | undefined;
  if (Array.isArray(type)) {
    nullable = type.includes("null") || undefined;
    type = type.find((t) => t !== "null");
  }
  if (Array.isArray(node.enum)) {
    return { type: SchemaType.STRING, format: "enum", enum: node.enum.map(String), description, nullable } as Schema;
  }
  switch (type) {
    case "object": {
      const props = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
      return {
        type: SchemaType.OBJECT,
        description,
        nullable,
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, convert(v)])),
        required: Array.isArray(node.required) ? (node.required as string[]) : undefined,
      } as Schema;
    }
    case "array":
      return { type: SchemaType.ARRAY, description, nullable, items: convert((node.items ?? {}) as Record<string, unknown>) } as Schema;
    case "integer":
      return { type: SchemaType.INTEGER, description, nullable } as Schema;
    case "number":
      return { type: SchemaType.NUMBER, description, nullable } as Schema;
    case "boolean":
      return { type: SchemaType.BOOLEAN, description, nullable } as Schema;
    default:
      return { type: SchemaType.STRING, description, nullable } as Schema;
  }
}

/** Checks a response for cut or withheld output and returns its text. */
export function textOf(response: GenerateContentResponse): { text: string; finishReason: string | null } {
  const blockReason = response.promptFeedback?.blockReason;
  const cand = response.candidates?.[0];
  if (!cand) {
    throw new ProviderError({
      provider: "gemini",
      kind: "invalid_request",
      code: ProviderErrorCode.GEMINI_BLOCKED,
      message: `prompt blocked: ${blockReason ?? "no candidates returned"}`,
    });
  }
  const finishReason = (cand.finishReason as string | undefined) ?? null;
  const text = (cand.content?.parts ?? []).map((p) => p.text ?? "").join("");
  if (finishReason === "MAX_TOKENS") {
    throw new ProviderError({
      provider: "gemini",
      kind: "bad_response",
      code: ProviderErrorCode.GEMINI_MAX_TOKENS,
      message: `answer cut at the output token limit (${text.length} characters received); not used`,
    });
  }
  if ((finishReason && BLOCKING_FINISH.has(finishReason)) || blockReason) {
    throw new ProviderError({
      provider: "gemini",
      kind: "invalid_request",
      code: ProviderErrorCode.GEMINI_BLOCKED,
      message: `answer withheld: ${blockReason ? `prompt ${blockReason}` : finishReason}`,
    });
  }
  return { text, finishReason };
}

export type GeminiClient = ReturnType<typeof createGeminiClient>;

export function createGeminiClient(cfg: GeminiConfig) {
  const sdk = new GoogleGenerativeAI(cfg.apiKey);
  const run = runnerFor("gemini", cfg);
  const timeoutMs = cfg.timeoutMs ?? 60_000;
  const requestOptions = { baseUrl: trimSlash(cfg.baseUrl) };

  return {
    model: cfg.model,

    async generateJson<T>(input: GenerateJsonInput<T>): Promise<GenerateJsonResult<T>> {
      const responseSchema = input.responseSchema ?? toResponseSchema(input.schema);
      const model = sdk.getGenerativeModel(
        {
          model: cfg.model,
          systemInstruction: input.system,
          generationConfig: {
            responseMimeType: "application/json",
            responseSchema,
            maxOutputTokens: input.maxOutputTokens ?? cfg.defaultMaxOutputTokens ?? 2048,
            temperature: input.temperature,
          },
        },
        requestOptions,
      );
      const request = typeof input.prompt === "string" ? input.prompt : input.prompt;
      return withRetry(
        () =>
          run<GenerateJsonResult<T>>({ operation: input.operation ?? "generate_json" }, async () => {
            cfg.guard?.();
            let response: GenerateContentResponse;
            try {
              // An AbortSignal instead of requestOptions.timeout: the SDK never clears the timer
              // it starts for `timeout`, which keeps a short-lived process alive for that long.
              const result = await model.generateContent(request, { signal: AbortSignal.timeout(timeoutMs) });
              response = result.response;
            } catch (err) {
              throw mapGeminiError(err, timeoutMs);
            }
            const { text, finishReason } = textOf(response);
            let parsedJson: unknown;
            try {
              parsedJson = JSON.parse(text);
            } catch (err) {
              throw new ProviderError({
                provider: "gemini",
                kind: "bad_response",
                code: ProviderErrorCode.GEMINI_INVALID_JSON,
                message: `answer is not JSON: ${(err as Error).message}`,
              });
            }
            const checked = input.schema.safeParse(parsedJson);
            if (!checked.success) {
              const issues = checked.error.issues
                .slice(0, 3)
                .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
                .join("; ");
              throw new ProviderError({
                provider: "gemini",
                kind: "bad_response",
                code: ProviderErrorCode.GEMINI_INVALID_JSON,
                message: `answer does not match the schema: ${issues}`,
              });
            }
            const u = response.usageMetadata;
            return {
              data: checked.data,
              text,
              finishReason,
              usage: {
                promptTokens: u?.promptTokenCount ?? 0,
                outputTokens: u?.candidatesTokenCount ?? 0,
                totalTokens: u?.totalTokenCount ?? 0,
              },
              model: cfg.model,
            };
          }),
        tightestPolicy(cfg.retry, input.retry),
        retryWaits("gemini", cfg, input.operation ?? "generate_json"),
      );
    },

    /** Cheapest possible call for providers:check: one output token; any answer means the key works. */
    async ping(): Promise<void> {
      const model = sdk.getGenerativeModel({ model: cfg.model, generationConfig: { maxOutputTokens: 1 } }, requestOptions);
      await run({ operation: "ping" }, async () => {
        cfg.guard?.();
        try {
          await model.generateContent("ping", { signal: AbortSignal.timeout(Math.min(timeoutMs, DEFAULT_TIMEOUT_MS)) });
        } catch (err) {
          throw mapGeminiError(err, timeoutMs);
        }
      });
    },
  };
}
