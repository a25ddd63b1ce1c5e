import { startFakeDataForSeo } from "./dataforseo.ts";
import { startFakeGemini } from "./gemini.ts";
import { startFakeGmail } from "./gmail.ts";
import { startFakeHunter } from "./hunter.ts";
import { startFakeWebHost } from "./webhost.ts";

export type SandboxProvider = "dataforseo" | "hunter" | "gemini" | "gmail";

export interface Sandbox {
  /** Env vars to merge over the caller's env: base URLs and credentials of the fakes that were started. */
  env: Record<string, string>;
  providers: Record<SandboxProvider, "live" | "sandbox">;
  close(): Promise<void>;
}

/** The env that points a provider's client at its fake (base URL and the credentials the fake accepts). */
export const FAKE_ENV = {
  dataforseo: (url: string) => ({ DATAFORSEO_API_URL: url, DATAFORSEO_LOGIN: "sandbox", DATAFORSEO_PASSWORD: "sandbox" }),
  hunter: (url: string) => ({ HUNTER_API_URL: url, HUNTER_IO_API_KEY: "test-api-key" }),
  gemini: (url: string) => ({ GEMINI_API_URL: url, GEMINI_API_KEY: "fake-gemini-key" }),
};

/** The env for the fakes a test started itself (to drive their controls): `fakesEnv({ dataforseo: dfs, hunter })`. */
export function fakesEnv(fakes: Partial<Record<keyof typeof FAKE_ENV, { url: string }>>): Record<string, string> {
  return Object.assign({}, ...(Object.keys(fakes) as (keyof typeof FAKE_ENV)[]).map((p) => FAKE_ENV[p](fakes[p]!.url)));
}

const has = (env: Record<string, string | undefined>, ...keys: string[]) => keys.every((k) => (env[k] ?? "").trim().length > 0);

/**
 * Starts a fake for every provider that has no credentials in `env` (plus the fake web host), all on
 * 127.0.0.1. Providers with credentials stay live and their env vars are left alone.
 */
export async function startSandbox(opts: { env: Record<string, string | undefined>; host?: "127.0.0.1" }): Promise<Sandbox> {
  const env: Record<string, string> = {};
  const providers: Record<SandboxProvider, "live" | "sandbox"> = { dataforseo: "live", hunter: "live", gemini: "live", gmail: "live" };
  const controls: Record<string, string> = {};
  const closers: Array<() => Promise<void>> = [];
  try {
    if (!has(opts.env, "DATAFORSEO_LOGIN", "DATAFORSEO_PASSWORD")) {
      const f = await startFakeDataForSeo();
      closers.push(f.close);
      providers.dataforseo = "sandbox";
      Object.assign(env, FAKE_ENV.dataforseo(f.url));
      controls.dataforseo = f.control.controlUrl;
    }
    if (!has(opts.env, "HUNTER_IO_API_KEY")) {
      const f = await startFakeHunter();
      closers.push(f.close);
      providers.hunter = "sandbox";
      Object.assign(env, FAKE_ENV.hunter(f.url));
      controls.hunter = f.control.controlUrl;
    }
    if (!has(opts.env, "GEMINI_API_KEY")) {
      const f = await startFakeGemini();
      closers.push(f.close);
      providers.gemini = "sandbox";
      Object.assign(env, FAKE_ENV.gemini(f.url));
      controls.gemini = f.control.controlUrl;
    }
    // Gmail is live with an OAuth client (mailboxes connect through Google's consent page); the
    // fake plays Gmail and Google's OAuth side (consent page, token, revoke) otherwise.
    if (!has(opts.env, "GMAIL_CLIENT_ID", "GMAIL_CLIENT_SECRET")) {
      const f = await startFakeGmail();
      closers.push(f.close);
      providers.gmail = "sandbox";
      Object.assign(env, {
        GMAIL_API_URL: f.url,
        GOOGLE_OAUTH_TOKEN_URL: f.control.tokenUrl,
        GOOGLE_OAUTH_AUTH_URL: f.control.authUrl,
        GOOGLE_OAUTH_REVOKE_URL: f.control.revokeUrl,
        GMAIL_CLIENT_ID: f.control.clientId,
        GMAIL_CLIENT_SECRET: f.control.clientSecret,
        // The legacy single mailbox (providers.gmail) until every caller uses connected mailboxes.
        GMAIL_REFRESH_TOKEN: "fake-refresh-token",
      });
      controls.gmail = f.control.controlUrl;
    }
    const web = await startFakeWebHost();
    closers.push(web.close);
    controls.webhost = web.control.controlUrl;
    env.SANDBOX_WEB_HOST_URL = web.url;
    env.SANDBOX_PROVIDERS = (Object.keys(providers) as SandboxProvider[]).filter((p) => providers[p] === "sandbox").join(",");
    env.FAKE_CONTROL_URLS = JSON.stringify(controls);
  } catch (err) {
    await Promise.allSettled(closers.map((c) => c()));
    throw err;
  }
  return {
    env,
    providers,
    async close() {
      await Promise.allSettled(closers.reverse().map((c) => c()));
    },
  };
}
