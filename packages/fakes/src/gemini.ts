import { randomUUID } from "node:crypto";
import { hashString, seededRandom, sendJson, startFakeCore, type BaseControl, type FakeServer, type RequestContext } from "./common.ts";

/** Fake Gemini API (v1beta generateContent) with JSON mode, finish reasons, blocks and 429 RetryInfo. */

export type GeminiResponseMode =
  | { kind: "max_tokens" }
  | { kind: "safety" }
  | { kind: "recitation" }
  | { kind: "other" }
  | { kind: "invalid_json" }
  | { kind: "blocked"; blockReason?: "SAFETY" | "OTHER" | "BLOCKLIST" | "PROHIBITED_CONTENT" }
  | { kind: "rate_limited"; retryDelay?: string }
  | { kind: "text"; text: string };

export interface GeminiRecordedRequest {
  model: string;
  /** All user text parts joined with blank lines. */
  prompt: string;
  systemInstruction: string | null;
  generationConfig: Record<string, unknown> | null;
  body: Record<string, unknown>;
}

export interface GeminiControl extends BaseControl {
  /** Shape the next `count` (default 1) generateContent answers. */
  enqueue(mode: GeminiResponseMode, count?: number): void;
  nextFinishMaxTokens(count?: number): void;
  nextFinishSafety(count?: number): void;
  nextInvalidJson(count?: number): void;
  nextBlocked(blockReason?: "SAFETY" | "OTHER" | "BLOCKLIST" | "PROHIBITED_CONTENT", count?: number): void;
  nextRateLimited(retryDelay?: string, count?: number): void;
  requests(): GeminiRecordedRequest[];
}

export interface FakeGeminiOptions {
  port?: number;
  apiKey?: string;
}

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  nullable?: boolean;
};

const SAFETY_CATEGORIES = ["HARM_CATEGORY_HATE_SPEECH", "HARM_CATEGORY_DANGEROUS_CONTENT", "HARM_CATEGORY_HARASSMENT", "HARM_CATEGORY_SEXUALLY_EXPLICIT"];

function googleError(ctx: RequestContext, code: number, status: string, message: string, details: unknown[] = []) {
  sendJson(ctx.res, code, { error: { code, message, status, ...(details.length ? { details } : {}) } });
}

function rateLimitDetails(retryDelay: string) {
  return [
    {
      "@type": "type.googleapis.com/google.rpc.QuotaFailure",
      violations: [
        {
          quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
          quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
          quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
          quotaValue: "10",
        },
      ],
    },
    { "@type": "type.googleapis.com/google.rpc.Help", links: [{ description: "Learn more about Gemini API quotas", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }] },
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay },
  ];
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function textOf(content: unknown): string {
  if (!content || typeof content !== "object") return typeof content === "string" ? content : "";
  const parts = (content as { parts?: unknown }).parts;
  if (!Array.isArray(parts)) return "";
  return parts.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("\n");
}

/** Pulls labelled facts ("Artist name: X", "contactName": "Y", ...) out of a prompt. */
export function extractFacts(prompt: string): Record<"artist" | "recipient" | "site" | "portfolio" | "medium" | "openCall", string | null> {
  const grab = (labels: string[]): string | null => {
    for (const label of labels) {
      const re = new RegExp(`["']?${label}["']?\\s*[:=]\\s*["']?([^"'\\n]{2,80})`, "i");
      const m = re.exec(prompt);
      if (m) {
        const v = m[1]!.trim().replace(/[,;.]+$/, "");
        if (v && !/^(null|none|unknown|n\/a|undefined)$/i.test(v)) return v;
      }
    }
    return null;
  };
  const url = /https?:\/\/[^\s"'<>)]+/i.exec(grab(["portfolio[ _-]?url", "portfolioUrl", "portfolio"]) ?? "")?.[0] ?? null;
  return {
    artist: grab(["artist[ _-]?name", "artistName", "artist", "sender[ _-]?name", "from[ _-]?name", "fromName"]),
    recipient: grab(["contact[ _-]?name", "contactName", "recipient[ _-]?name", "recipientName", "recipient", "editor[ _-]?name", "first[ _-]?name"]),
    site: grab(["site[ _-]?name", "siteName", "publication", "page[ _-]?title", "pageTitle", "website", "organization", "domain"]),
    portfolio: url,
    // Only a stated medium: search keywords ("ceramics open call") say nothing about what the artist makes.
    medium: grab(["medium", "discipline"]),
    openCall: grab(["open[ _-]?call", "openCall", "deadline"]),
  };
}

function draftEmail(prompt: string): { subject: string; body: string } {
  const f = extractFacts(prompt);
  const firstName = f.recipient ? f.recipient.split(/\s+/)[0]! : null;
  const site = f.site ? f.site.split(/\s+[|–-]\s+/)[0]! : null;
  const medium = f.medium ? f.medium.split(/[,;]/)[0]!.trim() : null;
  const subject = site ? `${medium ? `${capitalise(medium)} work` : "Work"} for ${site}` : `${medium ? `${capitalise(medium)} portfolio` : "Portfolio"} for your consideration`;
  const lines = [
    firstName ? `Hello ${firstName},` : "Hello,",
    "",
    `${f.artist ? `My name is ${f.artist}` : "I am an artist"}${medium ? ` and I work in ${medium}` : ""}. ${site ? `I have been reading ${site} and` : "I"} think my recent work could be a good fit for your readers.`,
    ...(f.openCall ? ["", `I saw your open call (${f.openCall}) and would like to be considered.`] : []),
    "",
    f.portfolio ? `You can see a selection of the work here: ${f.portfolio}` : "I would be glad to send a selection of images.",
    "",
    "Thank you for your time.",
    "",
    "Best regards,",
    f.artist ?? "",
  ];
  return { subject, body: lines.join("\n").trimEnd() };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fillSchema(schema: Schema, prompt: string, path: string, draft: { subject: string; body: string }): unknown {
  const type = (schema.type ?? (schema.properties ? "object" : "string")).toLowerCase();
  const rnd = seededRandom(`${path}:${prompt}`);
  if (schema.enum && schema.enum.length) return schema.enum[hashString(`${path}:${prompt}`) % schema.enum.length];
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) out[key] = fillSchema(sub, prompt, `${path}.${key}`, draft);
      return out;
    }
    case "array": {
      const min = schema.minItems ?? 1;
      const max = Math.max(min, Math.min(schema.maxItems ?? 3, 5));
      const n = min + Math.floor(rnd() * (max - min + 1));
      return Array.from({ length: n }, (_, i) => fillSchema(schema.items ?? { type: "string" }, prompt, `${path}[${i}]`, draft));
    }
    case "integer":
    case "number": {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? 100;
      const v = lo + rnd() * (hi - lo);
      return type === "integer" ? Math.round(v) : Math.round(v * 100) / 100;
    }
    case "boolean":
      return rnd() < 0.5;
    default: {
      const key = path.split(".").pop()!.replace(/\[\d+\]$/, "").toLowerCase();
      if (key === "subject" || key.endsWith("subject")) return draft.subject;
      if (key === "body" || key.endsWith("body") || key === "text" || key === "email") return draft.body;
      const words = prompt.toLowerCase().match(/[a-z]{5,}/g) ?? ["art"];
      const picked = Array.from({ length: 3 }, () => words[Math.floor(rnd() * words.length)]!);
      return `${capitalise(key.replace(/[_-]+/g, " "))}: ${picked.join(" ")}`;
    }
  }
}

export async function startFakeGemini(opts: FakeGeminiOptions = {}): Promise<FakeServer<GeminiControl>> {
  const apiKey = opts.apiKey ?? "fake-gemini-key";
  let queue: GeminiResponseMode[] = [];
  let recorded: GeminiRecordedRequest[] = [];

  function keyOf(ctx: RequestContext): string | null {
    const h = ctx.req.headers["x-goog-api-key"];
    if (typeof h === "string" && h) return h;
    return ctx.url.searchParams.get("key");
  }

  function models() {
    return ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash", "gemini-1.5-flash"].map((m) => ({
      name: `models/${m}`,
      version: "001",
      displayName: m,
      description: "Sandbox model served by the project's fake Gemini",
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: ["generateContent", "countTokens"],
    }));
  }

  async function handle(ctx: RequestContext) {
    const path = ctx.url.pathname;
    const key = keyOf(ctx);
    if (!key) return googleError(ctx, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    if (key !== apiKey)
      return googleError(ctx, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } },
      ]);
    if (ctx.method === "GET" && /^\/v1(beta)?\/models\/?$/.test(path)) return sendJson(ctx.res, 200, { models: models() });
    const m = /^\/v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (!m || ctx.method !== "POST") return googleError(ctx, 404, "NOT_FOUND", `Requested entity was not found.`);
    const model = decodeURIComponent(m[1]!);
    if (!/^gemini[-\w.]*$/.test(model)) return googleError(ctx, 404, "NOT_FOUND", `models/${model} is not found for API version v1beta, or is not supported for generateContent.`);
    const body = ctx.json<Record<string, unknown>>();
    if (!body || !Array.isArray(body.contents) || body.contents.length === 0)
      return googleError(ctx, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified\n");
    const prompt = (body.contents as unknown[]).map(textOf).filter(Boolean).join("\n\n");
    const systemInstruction = body.systemInstruction ? textOf(body.systemInstruction) || (typeof body.systemInstruction === "string" ? body.systemInstruction : null) : null;
    const generationConfig = (body.generationConfig as Record<string, unknown> | undefined) ?? null;
    recorded.push({ model, prompt, systemInstruction, generationConfig, body });

    const mode = queue.shift();
    if (mode?.kind === "rate_limited") {
      const retryDelay = mode.retryDelay ?? "17s";
      return googleError(ctx, 429, "RESOURCE_EXHAUSTED", `You exceeded your current quota, please check your plan and billing details. Please retry in ${retryDelay.replace("s", "")}s.`, rateLimitDetails(retryDelay));
    }
    const promptTokenCount = tokens(prompt + (systemInstruction ?? ""));
    const usage = (candidates: number) => ({ promptTokenCount, candidatesTokenCount: candidates, totalTokenCount: promptTokenCount + candidates, promptTokensDetails: [{ modality: "TEXT", tokenCount: promptTokenCount }] });
    const common = { modelVersion: model, responseId: randomUUID().replace(/-/g, "").slice(0, 22) };
    const reply = (payload: Record<string, unknown>) => {
      if (m[2] === "streamGenerateContent") {
        const text = `data: ${JSON.stringify(payload)}\r\n\r\n`;
        ctx.res.writeHead(200, { "content-type": "text/event-stream", "content-length": Buffer.byteLength(text).toString() });
        ctx.res.end(text);
        return;
      }
      sendJson(ctx.res, 200, payload);
    };

    if (mode?.kind === "blocked") {
      return reply({
        promptFeedback: {
          blockReason: mode.blockReason ?? "SAFETY",
          safetyRatings: SAFETY_CATEGORIES.map((category, i) => ({ category, probability: i === 2 ? "HIGH" : "NEGLIGIBLE", ...(i === 2 ? { blocked: true } : {}) })),
        },
        usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount },
        ...common,
      });
    }
    if (mode?.kind === "safety" || mode?.kind === "recitation" || mode?.kind === "other") {
      const finishReason = mode.kind.toUpperCase();
      return reply({
        candidates: [
          {
            finishReason,
            index: 0,
            ...(mode.kind === "safety"
              ? { safetyRatings: SAFETY_CATEGORIES.map((category, i) => ({ category, probability: i === 1 ? "MEDIUM" : "NEGLIGIBLE", ...(i === 1 ? { blocked: true } : {}) })) }
              : {}),
          },
        ],
        usageMetadata: usage(0),
        ...common,
      });
    }

    const jsonMode = generationConfig?.responseMimeType === "application/json";
    const schema = (generationConfig?.responseSchema ?? generationConfig?.responseJsonSchema) as Schema | undefined;
    const draft = draftEmail(`${systemInstruction ?? ""}\n${prompt}`);
    let text: string;
    if (mode?.kind === "text") text = mode.text;
    else if (mode?.kind === "invalid_json") text = `{"subject": "${draft.subject}", "body": "${draft.body.split("\n")[0]} ...`;
    else if (jsonMode) text = JSON.stringify(schema ? fillSchema(schema, prompt, "$", draft) : { text: draft.body }, null, 2);
    else text = `Subject: ${draft.subject}\n\n${draft.body}`;

    let finishReason = "STOP";
    const maxOut = Number(generationConfig?.maxOutputTokens ?? 0);
    if (mode?.kind === "max_tokens") {
      text = text.slice(0, Math.max(8, Math.floor(text.length * 0.55)));
      finishReason = "MAX_TOKENS";
    } else if (maxOut > 0 && tokens(text) > maxOut) {
      text = text.slice(0, maxOut * 4);
      finishReason = "MAX_TOKENS";
    }
    return reply({
      candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason, index: 0, avgLogprobs: -0.21 }],
      usageMetadata: usage(tokens(text)),
      ...common,
    });
  }

  const core = await startFakeCore({
    name: "gemini",
    port: opts.port,
    handle,
    rateLimited: (ctx) => googleError(ctx, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. Please retry in 1s.", rateLimitDetails("1s")),
    fault: (ctx, status) => {
      if (status === 429) return googleError(ctx, 429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details.", rateLimitDetails("2s"));
      if (status === 503) return googleError(ctx, 503, "UNAVAILABLE", "The model is overloaded. Please try again later.");
      if (status === 400) return googleError(ctx, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
      return googleError(ctx, status, status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
    },
    actions: {
      enqueue: (b) => control.enqueue(b as unknown as GeminiResponseMode, b.count == null ? 1 : Number(b.count)),
      requests: () => control.requests(),
    },
    onReset() {
      queue = [];
      recorded = [];
    },
  });

  const control: GeminiControl = Object.assign(core.control, {
    enqueue(mode: GeminiResponseMode, count = 1) {
      for (let i = 0; i < count; i++) queue.push(mode);
    },
    nextFinishMaxTokens(count = 1) {
      control.enqueue({ kind: "max_tokens" }, count);
    },
    nextFinishSafety(count = 1) {
      control.enqueue({ kind: "safety" }, count);
    },
    nextInvalidJson(count = 1) {
      control.enqueue({ kind: "invalid_json" }, count);
    },
    nextBlocked(blockReason: "SAFETY" | "OTHER" | "BLOCKLIST" | "PROHIBITED_CONTENT" = "SAFETY", count = 1) {
      control.enqueue({ kind: "blocked", blockReason }, count);
    },
    nextRateLimited(retryDelay = "17s", count = 1) {
      control.enqueue({ kind: "rate_limited", retryDelay }, count);
    },
    requests: () => recorded.map((r) => ({ ...r })),
  });
  return { url: core.url, control, close: core.close };
}
