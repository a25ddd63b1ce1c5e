import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const API_PATHS = /^\/(graphql|api|unsubscribe|health)(\/|$)/;

/**
 * Serves the built web app (WEB_DIST_DIR) on the API's port: files by path, index.html for app
 * routes. Only GET/HEAD outside the API's own paths; never leaves the folder.
 */
export function createStaticHandler(distDir: string) {
  const root = path.resolve(distDir);
  return async (request: Request): Promise<Response | null> => {
    if (request.method !== "GET" && request.method !== "HEAD") return null;
    const { pathname } = new URL(request.url);
    if (API_PATHS.test(pathname)) return null;
    let file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
    if (!file.startsWith(root + path.sep) && file !== root) return new Response("Not found", { status: 404 });
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) {
      if (path.extname(pathname)) return new Response("Not found", { status: 404 });
      file = path.join(root, "index.html");
    }
    const body = await readFile(file).catch(() => null);
    if (!body) return new Response("The web app is not built (pnpm --filter @outreach/web build)", { status: 404 });
    const immutable = file.includes(`${path.sep}assets${path.sep}`);
    return new Response(request.method === "HEAD" ? null : body, {
      headers: {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      },
    });
  };
}
