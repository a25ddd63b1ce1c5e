import { resolveSecretKey } from "@outreach/contracts";
import { oauthStateKey, verifyOAuthState } from "@outreach/core/mailboxes";
import type { AppDeps } from "../context.ts";

const PATH = "/oauth/google/callback";

/** A fixed page: nothing from the request is ever written into it. */
const page = (status: number, title: string, text: string, appUrl: string) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}a{color:#1d4ed8}</style></head>` +
      `<body><main><h1>${title}</h1><p>${text}</p><p><a href="${new URL("/settings/mailboxes", appUrl).toString()}">Back to Settings → Mailboxes</a></p></main></body></html>`,
    { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" } },
  );

/**
 * Where Google sends the browser after the consent page (the redirect URI registered with Google).
 * It checks the state's signature and age, then hands code and state to the app's Mailboxes page
 * in the URL fragment (never sent to a server, never in a Referer); the app, signed in, finishes
 * the connect (completeGmailConnect), which is where the state must belong to that user and is
 * used up. A consent the user cancelled returns to the page with the reason.
 */
export async function handleOAuthCallback(request: Request, deps: AppDeps): Promise<Response | null> {
  const url = new URL(request.url);
  if (url.pathname !== PATH) return null;
  const appUrl = deps.env.APP_URL ?? deps.env.PUBLIC_URL;
  if (request.method !== "GET") return new Response(null, { status: 405, headers: { allow: "GET" } });
  const state = url.searchParams.get("state") ?? "";
  const check = verifyOAuthState(oauthStateKey(resolveSecretKey(deps.env)), state, new Date());
  if (!check.ok) {
    const text =
      check.reason === "expired"
        ? "This Gmail sign-in took longer than 10 minutes. Go back and press Connect Gmail again."
        : "This Gmail sign-in link is not valid. Go back and press Connect Gmail again.";
    return page(400, "Gmail was not connected", text, appUrl);
  }
  const back = new URL("/settings/mailboxes", appUrl);
  const error = url.searchParams.get("error");
  const code = url.searchParams.get("code");
  const fragment = new URLSearchParams();
  if (error || !code) fragment.set("error", error && /^[a-z_]{1,40}$/.test(error) ? error : "no_code");
  else {
    fragment.set("code", code.slice(0, 2000));
    fragment.set("state", state);
  }
  back.hash = fragment.toString();
  return new Response(null, { status: 303, headers: { location: back.toString(), "cache-control": "no-store", "referrer-policy": "no-referrer" } });
}
