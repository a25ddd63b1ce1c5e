import { AuthenticationError, ConflictError, NotFoundError, ValidationError } from "@outreach/core";
import { bearerToken, type AppDeps } from "../context.ts";
import type { Viewer } from "../services/auth.ts";

export type RouteHandler = (ctx: RestContext) => Promise<Response>;

export interface RestContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  deps: AppDeps;
  viewer: Viewer;
}

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });

const problem = (status: number, code: string, message: string, extra: object = {}) =>
  json(status, { error: { code, message, ...extra } });

export async function authenticate(request: Request, deps: AppDeps): Promise<Viewer> {
  const token = bearerToken(request.headers.get("authorization"));
  const viewer = token ? await deps.tokens.verify(token) : null;
  if (!viewer) throw new AuthenticationError();
  return viewer;
}

/** The same domain errors GraphQL types, as HTTP statuses; anything else is masked. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AuthenticationError) return problem(401, "UNAUTHENTICATED", err.message);
  if (err instanceof NotFoundError) return problem(404, "NOT_FOUND", err.message);
  if (err instanceof ValidationError) return problem(400, "BAD_USER_INPUT", err.message, { fieldErrors: err.fieldErrors });
  if (err instanceof ConflictError) return problem(409, "CONFLICT", err.message);
  console.error("rest: unexpected error", err);
  return problem(500, "INTERNAL_SERVER_ERROR", "Unexpected error.");
}

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    // JSON only: a plain HTML form cannot post here cross-site (CSRF), and tokens are never cookies.
    throw ValidationError.field("body", "must be JSON (content-type: application/json)");
  }
  try {
    const body = await request.json();
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw ValidationError.field("body", "must be a JSON object");
}

/** `?limit=` bounded to 1..100 like GraphQL connections. */
export function pageSize(url: URL, fallback = 50): number {
  const raw = url.searchParams.get("limit");
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw ValidationError.field("limit", "must be an integer from 1 to 100");
  return n;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Malformed ids are simply not found, like ids of other users. */
export function uuidParam(value: string | null | undefined, entity: string): string {
  if (!value || !UUID.test(value)) throw new NotFoundError(entity);
  return value.toLowerCase();
}

export function optionalUuid(value: string | null, field: string): string | undefined {
  if (value === null || value === "") return undefined;
  if (!UUID.test(value)) throw ValidationError.field(field, "must be a UUID");
  return value.toLowerCase();
}
