import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AppDeps } from "../context.ts";
import { authenticate, errorResponse, json } from "./http.ts";
import { ROUTES } from "./routes.ts";

const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "openapi.yaml");

/** REST parity with the original design: the same services and tokens as GraphQL. Null = not a REST path. */
export async function handleRest(request: Request, deps: AppDeps): Promise<Response | null> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith("/api/")) return null;
  if (url.pathname === "/api/openapi.yaml" && request.method === "GET") {
    return new Response(await readFile(OPENAPI_FILE), { headers: { "content-type": "application/yaml" } });
  }
  const matches = ROUTES.map((r) => ({ route: r, match: r.pattern.exec(url.pathname) })).filter((m) => m.match);
  if (!matches.length) return json(404, { error: { code: "NOT_FOUND", message: "No such endpoint" } });
  const hit = matches.find((m) => m.route.method === request.method);
  if (!hit) return json(405, { error: { code: "METHOD_NOT_ALLOWED", message: `Use ${matches.map((m) => m.route.method).join(" or ")}` } });
  try {
    const viewer = await authenticate(request, deps);
    return await hit.route.handler({ request, url, params: { ...hit.match!.groups }, deps, viewer });
  } catch (err) {
    return errorResponse(err);
  }
}
