import { resolveSecretKey } from "@outreach/contracts";
import { applyUnsubscribe, deriveUnsubscribeSecret, InvalidUnsubscribeTokenError, verifyUnsubscribeToken } from "@outreach/core/outreach";
import type { AppDeps } from "../context.ts";

const PATH = /^\/unsubscribe\/([A-Za-z0-9._-]{10,2000})$/;

const page = (status: number, title: string, text: string, form = "") =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}` +
      `button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #444;background:#222;color:#fff;cursor:pointer}</style></head>` +
      `<body><h1>${title}</h1><p>${text}</p>${form}</body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-robots-tag": "noindex" } },
  );

/**
 * One-click unsubscribe (RFC 8058): POST /unsubscribe/<signed token> with no login adds the
 * recipient to the sender's suppression list. GET shows a page with a button (link scanners
 * and previews issue GETs, which must not unsubscribe anyone).
 */
export async function handleUnsubscribe(request: Request, deps: AppDeps): Promise<Response | null> {
  const match = PATH.exec(new URL(request.url).pathname);
  if (!match) return null;
  const token = match[1]!;
  const secret = deriveUnsubscribeSecret(resolveSecretKey(deps.env));
  if (request.method === "GET") {
    if (!verifyUnsubscribeToken(secret, token)) return page(400, "Link not valid", "This unsubscribe link is damaged or not ours.");
    return page(200, "Unsubscribe", "Stop receiving emails from this sender?", `<form method="post"><button type="submit">Unsubscribe</button></form>`);
  }
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });
  try {
    await applyUnsubscribe(deps.db, secret, token);
    return page(200, "You are unsubscribed", "You will not receive further emails from this sender.");
  } catch (err) {
    if (err instanceof InvalidUnsubscribeTokenError) return page(400, "Link not valid", "This unsubscribe link is damaged or not ours.");
    throw err;
  }
}
