import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { AuthenticationError, NotFoundError, ValidationError } from "@outreach/core";
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, parse } from "graphql";
import { createLogger, createYoga, type Plugin, type YogaLogger, type YogaServerInstance } from "graphql-yoga";
import { clientAddress } from "./client-address.ts";
import { useCompiledQueries } from "./compiled-queries.ts";
import { createContext, type AppDeps, type Context } from "./context.ts";
import { graphiqlRenderer } from "./graphiql.ts";
import { COST, queryCostRule } from "./query-cost.ts";
import { schema } from "./schema/index.ts";
import { useSharedSubscriptionExecution } from "./shared-subscription-execution.ts";

export const CSRF_HEADER = "x-graphql-yoga-csrf";

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxCost: COST.maxCost,
  maxTokens: 3000,
  maxDirectives: 20,
};

/** Largest request body accepted (GraphQL and REST). A bigger one is refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * importProspects carries a whole CSV (up to 5 MB, see MAX_IMPORT_BYTES) in its variables, and JSON
 * escaping can nearly double it: a request made only of importProspects may be this large.
 */
export const MAX_IMPORT_BODY_BYTES = 12 * 1024 * 1024;
const LARGE_BODY_FIELDS = new Set(["importProspects"]);

function tooLarge(pathname: string, limit: number): Response {
  const message = `Request body too large (limit ${Math.round(limit / 1024)} KB)`;
  const body = pathname.startsWith("/api/")
    ? { error: { code: "PAYLOAD_TOO_LARGE", message } }
    : { errors: [{ message, extensions: { code: "PAYLOAD_TOO_LARGE" } }] };
  return new Response(JSON.stringify(body), { status: 413, headers: { "content-type": "application/json; charset=utf-8", connection: "close" } });
}

/** True when the body is one GraphQL document whose operations select only importProspects. */
function onlyLargeBodyFields(bytes: Uint8Array): boolean {
  try {
    const body = JSON.parse(new TextDecoder().decode(bytes)) as { query?: unknown };
    if (typeof body?.query !== "string" || body.query.length > 100_000) return false;
    const doc = parse(body.query);
    return doc.definitions.every(
      (d) =>
        d.kind === Kind.OPERATION_DEFINITION &&
        d.operation === "mutation" &&
        d.selectionSet.selections.every((s) => s.kind === Kind.FIELD && LARGE_BODY_FIELDS.has(s.name.value)),
    );
  } catch {
    return false;
  }
}

/**
 * Reads the body with a byte cap (content-length first, then the bytes actually received, so a
 * chunked body cannot go around it) and hands on a request with the buffered body, or a 413.
 * A body whose content-length is within MAX_BODY_BYTES goes on as it came: Node's HTTP parser
 * reads exactly that many bytes as the body (and refuses a request that also says chunked), so
 * it cannot grow past the cap, and copying it into a new Request would only cost time.
 */
export async function limitRequestBody(request: Request): Promise<{ request: Request } | { response: Response }> {
  if (!request.body || request.method === "GET" || request.method === "HEAD") return { request };
  const length = request.headers.get("content-length");
  const declared = Number(length ?? 0);
  if (length !== null && /^\d+$/.test(length) && declared <= MAX_BODY_BYTES) return { request };
  const { pathname } = new URL(request.url);
  const hardLimit = pathname === "/graphql" ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
  if (declared > hardLimit) return { response: tooLarge(pathname, MAX_BODY_BYTES) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > hardLimit) {
      await reader.cancel().catch(() => undefined);
      return { response: tooLarge(pathname, MAX_BODY_BYTES) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  if (size > MAX_BODY_BYTES && !onlyLargeBodyFields(bytes)) return { response: tooLarge(pathname, MAX_BODY_BYTES) };
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(size));
  return { request: new Request(request.url, { method: request.method, headers, body: bytes }) };
}

/**
 * Errors outside typed results: unauthenticated, missing (or not yours) and invalid input say only
 * that; anything else is masked. Duck-typed on purpose: graphql can be loaded twice (ESM and CJS).
 */
function maskError(error: unknown, message: string): Error {
  const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
  if (original instanceof AuthenticationError) {
    return new GraphQLError(original.message, { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (original instanceof NotFoundError) {
    return new GraphQLError(original.message, { extensions: { code: "NOT_FOUND" } });
  }
  // Prisma's "record required but not found" (e.g. node(id) loading another user's record through
  // a scoped findUniqueOrThrow): the same NOT_FOUND as a missing id, not an internal error.
  const prisma = original as { name?: unknown; code?: unknown } | null;
  if (prisma?.name === "PrismaClientKnownRequestError" && prisma.code === "P2025") {
    return new GraphQLError("Not found", { extensions: { code: "NOT_FOUND" } });
  }
  // A write by a validly signed token whose user was deleted fails on the user foreign key.
  if (prisma?.name === "PrismaClientKnownRequestError" && prisma.code === "P2003" && /_user_id_fkey$/.test(violatedConstraint(original))) {
    return new GraphQLError("This account no longer exists", { extensions: { code: "UNAUTHENTICATED" } });
  }
  if (original instanceof ValidationError) {
    return new GraphQLError(original.message, {
      extensions: { code: "BAD_USER_INPUT", fieldErrors: original.fieldErrors },
    });
  }
  if (original === error && (error as Error | null)?.name === "GraphQLError") return error as Error;
  return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
}

/**
 * Yoga logs every error its masking replaced. A user's own mistake (not signed in, not found,
 * invalid input) is an answer, not a fault: only the rest reaches the log, with its stack.
 */
function logOnlyFaults(logger: YogaLogger): YogaLogger {
  return {
    ...logger,
    error: (...args: unknown[]) => {
      const masked = args.length === 1 ? maskError(args[0], "") : null;
      const code = (masked as GraphQLError | null)?.extensions?.code;
      if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return;
      logger.error(...args);
    },
  };
}

function violatedConstraint(error: unknown): string {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { constraint?: { index?: unknown } } } } }).meta;
  const index = meta?.driverAdapterError?.cause?.constraint?.index;
  return typeof index === "string" ? index : "";
}

/**
 * Introspection off for every operation, HTTP and WebSocket alike. Yoga's disable-introspection
 * plugin keys on the HTTP request, which graphql-ws operations do not have, so it let them through.
 */
const limitQueryCost: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(queryCostRule(LIMITS.maxCost));
  },
};

const refuseIntrospection: Plugin = {
  onValidate({ addValidationRule }) {
    addValidationRule(NoSchemaIntrospectionCustomRule);
  },
};

export type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

/** Yoga's error masking; the shared subscription execution applies the same to its streams. */
const maskedErrors = { maskError, errorMessage: "Unexpected error." };

export function createYogaApp(deps: AppDeps): Yoga {
  const development = deps.env.NODE_ENV === "development";
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
      maxAliases: { n: LIMITS.maxAliases },
      costLimit: { enabled: false },
      maxTokens: { n: LIMITS.maxTokens },
      maxDirectives: { n: LIMITS.maxDirectives },
      blockFieldSuggestion: { enabled: !development },
    }) as Plugin,
    limitQueryCost,
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
    useCompiledQueries(deps.env.GRAPHQL_COMPILE_AFTER_RUNS),
  ];
  if (deps.env.NODE_ENV === "production") plugins.push(refuseIntrospection);
  // Last: it ends envelop's subscribe early (see the plugin).
  plugins.push(useSharedSubscriptionExecution(maskedErrors) as Plugin);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    batching: false,
    landingPage: false,
    logging: deps.env.NODE_ENV === "test" ? false : logOnlyFaults(createLogger("info")),
    maskedErrors,
    // limitRequestBody caps every HTTP body before Yoga sees it (1 MB, importProspects 12 MB). Yoga's
    // own cap (25 MB) would pipe each body through a stream transform a second time.
    maxRequestBodySize: false,
    graphiql: development
      ? { title: "Art outreach API", subscriptionsProtocol: "WS" }
      : false,
    renderGraphiQL: graphiqlRenderer({ email: deps.env.DEMO_LOGIN_EMAIL, password: deps.env.DEMO_LOGIN_PASSWORD }),
    context: ({ request, connectionParams, req }: { request: Request; connectionParams?: Record<string, unknown>; req?: { socket?: { remoteAddress?: string } } }) =>
      createContext(deps, {
        request,
        connectionParams,
        clientIp: clientAddress(req?.socket?.remoteAddress ?? null, request?.headers.get("x-forwarded-for") ?? null, deps.env.TRUSTED_PROXY_HOPS),
      }),
    plugins,
  });
}
