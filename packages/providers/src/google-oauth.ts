// The Gmail module alone (its `auth` is googleapis' AuthPlus with google-auth-library's OAuth2Client):
// importing all of googleapis costs ~3.5 s of start-up.
import { auth as googleAuth } from "googleapis/build/src/apis/gmail/index.js";
import { DEFAULT_TIMEOUT_MS } from "./common.ts";
import { ProviderError, ProviderErrorCode, type ProviderErrorKind } from "./errors.ts";
import { networkError } from "./http.ts";

/**
 * "Connect Gmail": Google's OAuth 2.0 web server flow with PKCE (providers.md "Google OAuth").
 * - consentUrl: OAuth2Client.generateAuthUrl with access_type=offline (a refresh token),
 *   prompt=consent (a new refresh token even for a user who consented before),
 *   include_granted_scopes=true, state, code_challenge + code_challenge_method=S256.
 * - exchangeCode: OAuth2Client.getToken({code, codeVerifier}) at GOOGLE_OAUTH_TOKEN_URL.
 *   google-auth-library retries this POST on 5xx/network errors (its RETRY_CONFIG): a code whose
 *   first exchange did go through then answers invalid_grant, and the user presses Connect again.
 * - Users may untick scopes on Google's consent screen (granular consent): compare
 *   `grantedScopes` with what is needed (missingScopes) before storing anything.
 * - revoke: OAuth2Client.revokeToken (POST GOOGLE_OAUTH_REVOKE_URL?token=). 200 -> revoked; 400
 *   (invalid_token: already revoked or expired) -> revoked: false.
 */

export const GMAIL_SCOPES = {
  send: "https://www.googleapis.com/auth/gmail.send",
  read: "https://www.googleapis.com/auth/gmail.readonly",
  openid: "openid",
  email: "email",
} as const;

/** What a connected mailbox needs: who it is (openid, email), sending, and reading replies and bounces. */
export const REQUIRED_GMAIL_SCOPES: readonly string[] = [GMAIL_SCOPES.openid, GMAIL_SCOPES.email, GMAIL_SCOPES.send, GMAIL_SCOPES.read];

const FULL = "https://mail.google.com/";
const MODIFY = "https://www.googleapis.com/auth/gmail.modify";
const COMPOSE = "https://www.googleapis.com/auth/gmail.compose";
const USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email";
const USERINFO_PROFILE = "https://www.googleapis.com/auth/userinfo.profile";

/**
 * Scopes that give what a scope gives. Google may report a broader scope than asked for (an
 * earlier grant merged by include_granted_scopes), and reports "email"/"profile" by their full
 * names. Per the Gmail reference, messages.send accepts gmail.send, gmail.compose, gmail.modify
 * and mail.google.com; reads accept gmail.readonly, gmail.modify and mail.google.com.
 */
const COVERED_BY: Record<string, string[]> = {
  [GMAIL_SCOPES.send]: [GMAIL_SCOPES.send, COMPOSE, MODIFY, FULL],
  [GMAIL_SCOPES.read]: [GMAIL_SCOPES.read, MODIFY, FULL],
  email: ["email", USERINFO_EMAIL],
  [USERINFO_EMAIL]: ["email", USERINFO_EMAIL],
  profile: ["profile", USERINFO_PROFILE],
  [USERINFO_PROFILE]: ["profile", USERINFO_PROFILE],
};

/** The required scopes the granted ones do not cover (in the order of `required`). */
export function missingScopes(granted: Iterable<string>, required: readonly string[] = REQUIRED_GMAIL_SCOPES): string[] {
  const have = new Set([...granted].flatMap((s) => s.split(/\s+/)).filter(Boolean));
  return required.filter((r) => !(COVERED_BY[r] ?? [r]).some((s) => have.has(s)));
}

/** A scope in plain words, for the person who connects the mailbox. */
export function describeScope(scope: string): string {
  switch (scope) {
    case GMAIL_SCOPES.send:
      return "Send email on your behalf";
    case GMAIL_SCOPES.read:
      return "Read your email (to notice replies and bounces)";
    case MODIFY:
      return "Read, send and organise your email";
    case COMPOSE:
      return "Write drafts and send email";
    case FULL:
      return "Full access to your Gmail";
    case "openid":
      return "Confirm it is you (sign in with Google)";
    case "email":
    case USERINFO_EMAIL:
      return "See your email address";
    case "profile":
    case USERINFO_PROFILE:
      return "See your name and profile picture";
    default:
      return scope;
  }
}

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** GOOGLE_OAUTH_AUTH_URL (the consent page). */
  authUrl: string;
  /** GOOGLE_OAUTH_TOKEN_URL. */
  tokenUrl: string;
  /** GOOGLE_OAUTH_REVOKE_URL. */
  revokeUrl: string;
  /** Must equal one of the OAuth client's registered redirect URIs exactly. */
  redirectUri: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Throws before any traffic when the client must not talk to these URLs (sandbox guard). */
  guard?: () => void;
}

export interface GoogleTokens {
  /** null when Google sent none (no offline access, or a repeated consent without prompt=consent). */
  refreshToken: string | null;
  accessToken: string;
  /** What the user actually granted (granular consent), as Google reports it. */
  grantedScopes: string[];
  /** From the id_token (verified address only); null without openid + email. */
  email: string | null;
  expiresInSec: number;
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;

type GenerateAuthUrlOpts = NonNullable<Parameters<InstanceType<typeof googleAuth.OAuth2>["generateAuthUrl"]>[0]>;

interface GaxiosLike {
  message?: string;
  response?: { status?: number; data?: unknown };
  cause?: unknown;
}

const ISSUERS = new Set(["accounts.google.com", "https://accounts.google.com"]);

/**
 * The address in an id_token, when its audience is this client, the issuer Google and the address
 * verified. The token came straight from the token endpoint over TLS, so its signature is not
 * checked (OpenID Connect Core 3.1.3.7: TLS server validation may replace it in this case).
 */
function emailFromIdToken(idToken: string | null | undefined, clientId: string): string | null {
  if (!idToken) return null;
  try {
    const payload = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.includes(clientId) || !ISSUERS.has(String(payload.iss))) return null;
    if (payload.email_verified !== true && payload.email_verified !== "true") return null;
    return typeof payload.email === "string" ? payload.email.toLowerCase() : null;
  } catch {
    return null;
  }
}

function mapOAuthError(err: unknown, timeoutMs: number): ProviderError {
  const e = (err ?? {}) as GaxiosLike;
  const status = e.response?.status;
  if (status === undefined) return networkError("gmail", e.cause ?? err, timeoutMs);
  const data = e.response?.data as { error?: unknown; error_description?: unknown } | undefined;
  const code = typeof data?.error === "string" ? data.error : String(status);
  const desc = typeof data?.error_description === "string" ? `: ${data.error_description}` : "";
  let kind: ProviderErrorKind;
  let message: string;
  if (code === "invalid_client" || code === "unauthorized_client" || status === 401) {
    kind = "auth";
    message = `Google does not accept this OAuth client (${code}${desc}): check GMAIL_CLIENT_ID and GMAIL_CLIENT_SECRET`;
  } else if (code === "invalid_grant") {
    kind = "invalid_request";
    message = `Google did not accept the authorization code (invalid_grant${desc}): it expired, was used already, or the PKCE verifier does not match`;
  } else if (status >= 500 || status === 429 || status === 408) {
    kind = status === 429 ? "rate_limited" : "transient";
    message = `Google's OAuth server answered HTTP ${status}${desc}`;
  } else {
    kind = "invalid_request";
    message = `OAuth ${code}${desc}`;
  }
  return new ProviderError({ provider: "gmail", kind, status, code, message, cause: err });
}

export function createGoogleOAuth(cfg: GoogleOAuthConfig) {
  const timeoutMs = cfg.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new googleAuth.OAuth2({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri: cfg.redirectUri,
    endpoints: { oauth2AuthBaseUrl: cfg.authUrl, oauth2TokenUrl: cfg.tokenUrl, oauth2RevokeUrl: cfg.revokeUrl },
    transporterOptions: { timeout: timeoutMs, ...(cfg.fetch ? { fetchImplementation: cfg.fetch } : {}) },
  });

  return {
    /** A PKCE pair: a random code_verifier and its S256 code_challenge (OAuth2Client.generateCodeVerifierAsync). */
    async createPkce(): Promise<{ codeVerifier: string; codeChallenge: string }> {
      const r = await client.generateCodeVerifierAsync();
      if (!r.codeChallenge) throw new Error("google-auth-library returned no code challenge");
      return { codeVerifier: r.codeVerifier, codeChallenge: r.codeChallenge };
    },

    /** Google's consent page URL (offline access, consent prompt, granted scopes included, PKCE S256). */
    consentUrl(opts: { state: string; codeChallenge: string; scopes?: readonly string[]; loginHint?: string | null }): string {
      cfg.guard?.();
      const params: GenerateAuthUrlOpts = {
        access_type: "offline",
        prompt: "consent",
        include_granted_scopes: true,
        scope: [...(opts.scopes ?? Object.values(GMAIL_SCOPES))],
        state: opts.state,
        redirect_uri: cfg.redirectUri,
        code_challenge: opts.codeChallenge,
        code_challenge_method: "S256" as GenerateAuthUrlOpts["code_challenge_method"],
      };
      // querystring would send an absent hint as "login_hint=": leave the key out instead.
      if (opts.loginHint) params.login_hint = opts.loginHint;
      return client.generateAuthUrl(params);
    },

    /** Exchanges the code from the redirect (with the PKCE verifier) for tokens. */
    async exchangeCode(opts: { code: string; codeVerifier: string }): Promise<GoogleTokens> {
      cfg.guard?.();
      const startedAt = Date.now();
      let tokens: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null; id_token?: string | null; scope?: string };
      try {
        ({ tokens } = await client.getToken({ code: opts.code, codeVerifier: opts.codeVerifier, redirect_uri: cfg.redirectUri }));
      } catch (err) {
        throw mapOAuthError(err, timeoutMs);
      }
      if (!tokens.access_token) {
        throw new ProviderError({ provider: "gmail", kind: "bad_response", code: "SHAPE", message: "token endpoint answered without an access_token" });
      }
      // google-auth-library turns expires_in into expiry_date (now + expires_in) and deletes it.
      const expiresInSec = tokens.expiry_date ? Math.max(0, Math.round((tokens.expiry_date - startedAt) / 1000)) : 3599;
      return {
        refreshToken: tokens.refresh_token ?? null,
        accessToken: tokens.access_token,
        grantedScopes: (tokens.scope ?? "").split(/\s+/).filter(Boolean),
        email: emailFromIdToken(tokens.id_token, cfg.clientId),
        expiresInSec,
      };
    },

    /**
     * Hands a refresh or access token back to Google (revoking an access token revokes its
     * refresh token too). `revoked: false` when Google says it was already invalid (HTTP 400).
     */
    async revoke(token: string): Promise<{ revoked: boolean }> {
      cfg.guard?.();
      try {
        await client.revokeToken(token);
        return { revoked: true };
      } catch (err) {
        if ((err as GaxiosLike)?.response?.status === 400) return { revoked: false };
        throw mapOAuthError(err, timeoutMs);
      }
    },

    /**
     * Checks the OAuth client's configuration without a user: the token endpoint must reject a
     * made-up code as invalid_grant (it knows the client) rather than invalid_client. Throws the
     * ProviderError otherwise.
     */
    async checkClient(): Promise<string> {
      cfg.guard?.();
      try {
        await client.getToken({ code: "outreach-config-check", redirect_uri: cfg.redirectUri });
      } catch (err) {
        const mapped = mapOAuthError(err, timeoutMs);
        if (mapped.code === ProviderErrorCode.INVALID_GRANT) return "the OAuth client is known to Google (a made-up code is refused as invalid_grant, not invalid_client)";
        throw mapped;
      }
      throw new ProviderError({ provider: "gmail", kind: "bad_response", code: "SHAPE", message: "the token endpoint accepted a made-up authorization code" });
    },
  };
}
