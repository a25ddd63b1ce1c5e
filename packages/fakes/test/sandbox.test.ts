import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.ts";
import { b64url, get, post } from "./helpers.ts";

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");

describe("startSandbox", () => {
  it("starts fakes for providers without credentials and points the env at 127.0.0.1", async () => {
    const sb = await startSandbox({ env: { DATAFORSEO_LOGIN: "real", DATAFORSEO_PASSWORD: "secret", HUNTER_IO_API_KEY: "" } });
    try {
      expect(sb.providers).toEqual({ dataforseo: "live", hunter: "sandbox", gemini: "sandbox", gmail: "sandbox" });
      expect(sb.env.DATAFORSEO_API_URL).toBeUndefined();
      expect(sb.env.SANDBOX_PROVIDERS).toBe("hunter,gemini,gmail");
      for (const k of ["HUNTER_API_URL", "GEMINI_API_URL", "GMAIL_API_URL", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_REVOKE_URL", "SANDBOX_WEB_HOST_URL"]) {
        expect(new URL(sb.env[k]!).hostname, k).toBe("127.0.0.1");
      }
      expect(sb.env.HUNTER_API_URL).toMatch(/\/v2$/);
      expect(sb.env.GMAIL_API_URL).toMatch(/\/$/);
      const controls = JSON.parse(sb.env.FAKE_CONTROL_URLS!) as Record<string, string>;
      expect(Object.keys(controls).sort()).toEqual(["gemini", "gmail", "hunter", "webhost"]);
      expect((await get(`${controls.hunter}/stats`)).json.requests).toBe(0);
    } finally {
      await sb.close();
    }
  });

  it("Gmail is live with an OAuth client alone (mailboxes connect through the consent page); the fake serves the consent page otherwise", async () => {
    const live = await startSandbox({ env: { GMAIL_CLIENT_ID: "real.apps.googleusercontent.com", GMAIL_CLIENT_SECRET: "real-secret" } });
    try {
      expect(live.providers.gmail).toBe("live");
      expect(live.env.GMAIL_API_URL).toBeUndefined();
      expect(live.env.GOOGLE_OAUTH_AUTH_URL).toBeUndefined();
    } finally {
      await live.close();
    }
    const sb = await startSandbox({ env: { GMAIL_REFRESH_TOKEN: "a-real-looking-token" } });
    try {
      expect(sb.providers.gmail).toBe("sandbox");
      expect(sb.env.GMAIL_CLIENT_ID).toBe("fake-client-id");
      const u = new URL(sb.env.GOOGLE_OAUTH_AUTH_URL!);
      expect(u.pathname).toBe("/o/oauth2/v2/auth");
      for (const [k, v] of Object.entries({ client_id: sb.env.GMAIL_CLIENT_ID!, redirect_uri: "http://127.0.0.1:3000/cb", response_type: "code", scope: "openid email" })) u.searchParams.set(k, v);
      const page = await get(u.toString());
      expect(page.status).toBe(200);
      expect(page.text).toContain("Use another account");
      const revoke = await fetch(sb.env.GOOGLE_OAUTH_REVOKE_URL!, { method: "POST", body: new URLSearchParams({ token: "unknown" }) });
      expect(revoke.status).toBe(400);
    } finally {
      await sb.close();
    }
  });

  it("a send in sandbox mode lands in the fake Gmail and nothing else", async () => {
    const sb = await startSandbox({ env: {} });
    try {
      const tok = (await (
        await fetch(sb.env.GOOGLE_OAUTH_TOKEN_URL!, {
          method: "POST",
          body: new URLSearchParams({ grant_type: "refresh_token", client_id: sb.env.GMAIL_CLIENT_ID!, client_secret: sb.env.GMAIL_CLIENT_SECRET!, refresh_token: sb.env.GMAIL_REFRESH_TOKEN! }),
        })
      ).json()) as { access_token: string };
      const raw = "From: a@sandbox-gmail.example\r\nTo: real.person@gmail.com\r\nSubject: hi\r\n\r\nhello";
      const r = await post(`${sb.env.GMAIL_API_URL}gmail/v1/users/me/messages/send`, { raw: b64url(raw) }, { authorization: `Bearer ${tok.access_token}` });
      expect(r.status).toBe(200);
      const gmailControl = JSON.parse(sb.env.FAKE_CONTROL_URLS!).gmail as string;
      const sent = (await post(`${gmailControl}/sent`, {})).json.result as Array<{ to: string }>;
      expect(sent.map((s) => s.to)).toEqual(["real.person@gmail.com"]);
    } finally {
      await sb.close();
    }
  });

  it("the fakes have no outbound code path (no client requests, sockets, DNS or fetch in src)", () => {
    const outbound = /\b(fetch\(|http\.request|https\.request|http\.get|https\.get|net\.connect|net\.createConnection|tls\.connect|dns\.|dgram|nodemailer|createTransport)/;
    for (const file of fs.readdirSync(srcDir)) {
      const text = fs.readFileSync(path.join(srcDir, file), "utf8");
      expect(outbound.exec(text)?.[0] ?? null, file).toBeNull();
      const listens = [...text.matchAll(/\.listen\(([^)]*)\)/g)].map((m) => m[1]!);
      for (const l of listens) expect(l, file).toContain('"127.0.0.1"');
    }
  });
});
