import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ZodPlugin from "@pothos/plugin-zod";
import type PrismaTypes from "@outreach/db/pothos-types";
import { getDatamodel } from "@outreach/db/pothos-types";
import { AuthenticationError, NotFoundError, ValidationError } from "@outreach/core";
import type { Context } from "./context.ts";

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { user: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, ZodPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({ user: ctx.viewer !== null }),
    unauthorizedError: () => new AuthenticationError(),
  },
  zod: { validationError: (error) => ValidationError.fromZod(error) },
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Missing and not yours read the same: null, as Relay's node field does, with no error.
    nodeQueryOptions: {
      authScopes: { user: true },
      resolve: (_root, { id }, _ctx, _info, resolveNode) => Promise.resolve(resolveNode(id)).catch(nullWhenNotFound),
    },
    nodesQueryOptions: false,
  },
  errors: { defaultTypes: [] },
});

function nullWhenNotFound(error: unknown): null {
  const prisma = error as { name?: unknown; code?: unknown } | null;
  if (error instanceof NotFoundError || (prisma?.name === "PrismaClientKnownRequestError" && prisma.code === "P2025")) return null;
  throw error;
}

export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
