import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { useDisableIntrospection } from "@graphql-yoga/plugin-disable-introspection";
import { AuthenticationError, NotFoundError, ValidationError } from "@outreach/core";
import { GraphQLError } from "graphql";
import { createYoga, type Plugin, type YogaServerInstance } from "graphql-yoga";
import { createContext, type AppDeps, type Context } from "./context.ts";
import { GRAPHIQL_DEFAULT_QUERY } from "./graphiql.ts";
import { schema } from "./schema/index.ts";

export const CSRF_HEADER = "x-graphql-yoga-csrf";

export const LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 3000,
  maxDirectives: 20,
};

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
  if (original instanceof ValidationError) {
    return new GraphQLError(original.message, {
      extensions: { code: "BAD_USER_INPUT", fieldErrors: original.fieldErrors },
    });
  }
  if (original === error && (error as Error | null)?.name === "GraphQLError") return error as Error;
  return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
}

export type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

export function createYogaApp(deps: AppDeps): Yoga {
  const development = deps.env.NODE_ENV === "development";
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true },
      maxAliases: { n: LIMITS.maxAliases },
      costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true },
      maxTokens: { n: LIMITS.maxTokens },
      maxDirectives: { n: LIMITS.maxDirectives },
      blockFieldSuggestion: { enabled: !development },
    }) as Plugin,
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
  ];
  if (deps.env.NODE_ENV === "production") plugins.push(useDisableIntrospection());
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    batching: false,
    landingPage: false,
    logging: deps.env.NODE_ENV === "test" ? false : "info",
    maskedErrors: { maskError },
    graphiql: development
      ? { title: "Art outreach API", defaultQuery: GRAPHIQL_DEFAULT_QUERY, subscriptionsProtocol: "WS" }
      : false,
    context: ({ request, connectionParams }: { request: Request; connectionParams?: Record<string, unknown> }) =>
      createContext(deps, { request, connectionParams }),
    plugins,
  });
}
