import { createHash, createHmac } from "node:crypto";
import { hashString } from "./common.ts";

/**
 * Pieces of the fake Google OAuth server (consent page, scopes, id_token) used by gmail.ts.
 * Behaviour follows Google's "OAuth 2.0 for Web Server Applications" guide and the Gmail API
 * reference (scopes each method accepts); see packages/fakes/README.md.
 */

export const SCOPE = {
  full: "https://mail.google.com/",
  modify: "https://www.googleapis.com/auth/gmail.modify",
  readonly: "https://www.googleapis.com/auth/gmail.readonly",
  send: "https://www.googleapis.com/auth/gmail.send",
  compose: "https://www.googleapis.com/auth/gmail.compose",
  metadata: "https://www.googleapis.com/auth/gmail.metadata",
  settingsBasic: "https://www.googleapis.com/auth/gmail.settings.basic",
  userinfoEmail: "https://www.googleapis.com/auth/userinfo.email",
  userinfoProfile: "https://www.googleapis.com/auth/userinfo.profile",
  openid: "openid",
} as const;

/**
 * Scopes each Gmail method accepts (the "Authorization scopes" list of each method in the Gmail
 * API reference). A token without any of them gets 403 insufficientPermissions.
 */
export const METHOD_SCOPES: Record<string, { rpc: string; scopes: string[] }> = {
  "messages.send": { rpc: "SendMessage", scopes: [SCOPE.full, SCOPE.modify, SCOPE.compose, SCOPE.send] },
  "messages.get": { rpc: "GetMessage", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.metadata] },
  "messages.list": { rpc: "ListMessages", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.metadata] },
  "threads.get": { rpc: "GetThread", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.metadata] },
  "history.list": { rpc: "ListHistory", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.metadata] },
  getProfile: { rpc: "GetProfile", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.metadata, SCOPE.compose] },
  "settings.sendAs.list": { rpc: "ListSendAs", scopes: [SCOPE.full, SCOPE.modify, SCOPE.readonly, SCOPE.settingsBasic] },
};

/** Short scope names Google accepts in the auth request, and the full name it grants. */
const SHORT: Record<string, string> = { email: SCOPE.userinfoEmail, profile: SCOPE.userinfoProfile };

/** "email" -> ".../userinfo.email" (what Google reports back in `scope`). */
export const normalizeScope = (s: string): string => SHORT[s] ?? s;

/** Sign-in scopes: shown on Google's consent screen without a checkbox (they cannot be unticked). */
export const IDENTITY_SCOPES = new Set<string>([SCOPE.openid, SCOPE.userinfoEmail, SCOPE.userinfoProfile]);

/** The consent screen's wording for a scope (Google's own descriptions, shortened). */
export function scopeLabel(scope: string): string {
  switch (normalizeScope(scope)) {
    case SCOPE.send:
      return "Send email on your behalf";
    case SCOPE.readonly:
      return "Read your email messages and settings (view only)";
    case SCOPE.modify:
      return "Read, compose and send emails from your Gmail account";
    case SCOPE.full:
      return "Read, compose, send and permanently delete all your email from Gmail";
    case SCOPE.compose:
      return "Manage drafts and send emails";
    case SCOPE.metadata:
      return "View your email message metadata such as labels and headers, but not the email body";
    case SCOPE.settingsBasic:
      return "See, edit, create or change your email settings and filters in Gmail";
    case SCOPE.openid:
      return "Associate you with your personal info on Google";
    case SCOPE.userinfoEmail:
      return "See your primary Google Account email address";
    case SCOPE.userinfoProfile:
      return "See your personal info, including any personal info you've made publicly available";
    default:
      return "Access to an API";
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const b64url = (b: Buffer | string) => (typeof b === "string" ? Buffer.from(b, "utf8") : b).toString("base64url");

/** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export const s256 = (verifier: string): string => b64url(createHash("sha256").update(verifier, "ascii").digest());

/** A stable Google-like numeric subject id per address. */
export function subjectOf(email: string): string {
  const a = hashString(`sub:${email}`).toString().padStart(10, "0");
  const b = hashString(`sub2:${email}`).toString().padStart(10, "0");
  return `1${a}${b}`.slice(0, 21);
}

/**
 * An OpenID Connect ID token (header.payload.signature, base64url). Google signs with RS256; the
 * fake signs with HMAC-SHA256 over the client secret and says so in the header (alg HS256).
 */
export function idToken(opts: { clientId: string; clientSecret: string; email: string; name: string; withEmail: boolean; withProfile: boolean; nowSec?: number }): string {
  const iat = opts.nowSec ?? Math.floor(Date.now() / 1000);
  const header = { alg: "HS256", typ: "JWT", kid: "fake-gmail" };
  const payload: Record<string, unknown> = {
    iss: "https://accounts.google.com",
    azp: opts.clientId,
    aud: opts.clientId,
    sub: subjectOf(opts.email),
    ...(opts.withEmail ? { email: opts.email, email_verified: true } : {}),
    ...(opts.withProfile ? { name: opts.name } : {}),
    iat,
    exp: iat + 3600,
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${body}.${b64url(createHmac("sha256", opts.clientSecret).update(body).digest())}`;
}

/** Loopback redirect URIs (http or https on 127.0.0.0/8, localhost, [::1]). */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    if (u.protocol !== "http:" && u.protocol !== "https:") return false;
    const h = u.hostname.toLowerCase();
    return h === "localhost" || h === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(h);
  } catch {
    return false;
  }
}

const PAGE_STYLE =
  "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#202124}" +
  "fieldset{border:1px solid #dadce0;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}" +
  "label{cursor:pointer}code{font-size:.8em;color:#5f6368;word-break:break-all}.row{margin:.5rem 0}" +
  ".err{color:#d93025}.actions{display:flex;gap:1rem;justify-content:flex-end}button{padding:.5rem 1.25rem}";

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** Google's error page for a refused authorization request ("Error 400: redirect_uri_mismatch"). */
export function errorPage(status: number, error: string, detail: string, params: URLSearchParams | Record<string, string>): string {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  const shown = entries.filter(([k]) => ["redirect_uri", "client_id", "response_type", "scope", "code_challenge_method"].includes(k));
  return page(
    `Error ${status}: ${error}`,
    `<h1>Access blocked: this app's request is invalid</h1>` +
      `<p><strong>Error ${status}: ${escapeHtml(error)}</strong></p>` +
      `<p>${escapeHtml(detail)}</p>` +
      `<details><summary>Request details</summary><ul>${shown.map(([k, v]) => `<li>${escapeHtml(k)}=${escapeHtml(v)}</li>`).join("")}</ul></details>`,
  );
}

export interface ConsentView {
  requestId: string;
  clientId: string;
  redirectUri: string;
  accounts: { email: string; displayName: string }[];
  selected: string | null;
  scopes: string[];
  error?: string;
}

/**
 * The account chooser and granular consent screen on one page: a radio per account, "Use another
 * account" with an "Email or phone" field, and a checkbox per requested scope, ticked by default.
 * Sign-in scopes (openid, email, profile) are shown ticked and disabled: they cannot be unticked.
 * Every reflected value is HTML-escaped; the request itself stays on the server (requestId).
 */
export function consentPage(v: ConsentView): string {
  let origin = v.redirectUri;
  try {
    origin = new URL(v.redirectUri).origin;
  } catch {
    /* shown as given */
  }
  const accountRows = v.accounts
    .map(
      (a, i) =>
        `<div class="row"><input type="radio" id="account-${i}" name="account" value="${escapeHtml(a.email)}"${v.selected === a.email ? " checked" : ""}>` +
        ` <label for="account-${i}">${escapeHtml(a.displayName)} (${escapeHtml(a.email)})</label></div>`,
    )
    .join("");
  const scopeRows = v.scopes
    .map((s, i) => {
      const fixed = IDENTITY_SCOPES.has(s);
      return (
        `<div class="row"><input type="checkbox" id="scope-${i}" name="scope" value="${escapeHtml(s)}" checked${fixed ? " disabled" : ""}>` +
        ` <label for="scope-${i}">${escapeHtml(scopeLabel(s))}${fixed ? " (always shared when you sign in)" : ""} <code>${escapeHtml(s)}</code></label></div>`
      );
    })
    .join("");
  return page(
    "Sign in - Google Accounts (sandbox)",
    `<h1>Sign in with Google</h1>` +
      `<p>Fake Google sign-in of the sandbox: no real account is used. The app <code>${escapeHtml(v.clientId)}</code> at <code>${escapeHtml(origin)}</code> asks for access.</p>` +
      (v.error ? `<p class="err" role="alert">${escapeHtml(v.error)}</p>` : "") +
      `<form method="post" action="/o/oauth2/v2/auth">` +
      `<input type="hidden" name="request" value="${escapeHtml(v.requestId)}">` +
      `<fieldset><legend>Choose an account</legend>${accountRows}` +
      `<div class="row"><input type="radio" id="account-new" name="account" value="__new__"${v.selected === "__new__" ? " checked" : ""}> <label for="account-new">Use another account</label></div>` +
      `<div class="row"><label for="new-email">Email or phone</label> <input type="email" id="new-email" name="new_email" autocomplete="email"></div></fieldset>` +
      `<fieldset><legend>Select what the app can access</legend>${scopeRows}</fieldset>` +
      `<div class="actions"><button type="submit" name="action" value="deny" formnovalidate>Cancel</button>` +
      `<button type="submit" name="action" value="allow">Continue</button></div>` +
      `</form>`,
  );
}
