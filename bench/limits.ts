/**
 * Provider limits: two processes share each provider's limit through the Redis limiter of
 * packages/providers (production safety margin), every fake refusing anything over PER_SECOND in
 * any 1 s window (as packages/providers/test/limiter.serial.test.ts does for Hunter). Reports the
 * achieved rate as a fraction of the limit, and how many calls the fakes refused (429 or the
 * provider's equivalent).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "@outreach/fakes";

const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
type ChildResult = Record<string, { ok: number; failed: number; first: number; last: number; errors: string[] }>;

function runChild(env: NodeJS.ProcessEnv): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "limits-child.ts")], { cwd: here, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`limits child exited ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!) as ChildResult);
    });
  });
}

export async function benchLimits(opts: { perSecond?: number; seconds?: number } = {}) {
  const PER_SECOND = opts.perSecond ?? 15;
  const RUN_MS = (opts.seconds ?? 10) * 1000;
  const sandbox = await startSandbox({ env: {} });
  const controls = JSON.parse(sandbox.env.FAKE_CONTROL_URLS!) as Record<string, string>;
  const post = async (name: string, action: string, body: object) =>
    (await (await fetch(`${controls[name]}/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json()) as { result: unknown };
  const providers = ["dataforseo", "hunter", "gemini", "gmail"];
  const targets = { dataforseo: sandbox.env.DATAFORSEO_API_URL!, hunter: sandbox.env.HUNTER_API_URL!, gemini: sandbox.env.GEMINI_API_URL!, gmail: sandbox.env.GMAIL_API_URL! };
  for (const p of providers) await post(p, "reset", {});
  const tokenRes = await fetch(sandbox.env.GOOGLE_OAUTH_TOKEN_URL!, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", client_id: sandbox.env.GMAIL_CLIENT_ID!, client_secret: sandbox.env.GMAIL_CLIENT_SECRET!, refresh_token: sandbox.env.GMAIL_REFRESH_TOKEN! }),
  });
  const gmailToken = ((await tokenRes.json()) as { access_token: string }).access_token;
  for (const p of providers) await post(p, "rate-limit", { perSecond: PER_SECOND });
  // Children take a few seconds to start on a busy machine: both begin at the same wall-clock time.
  const env = { ...process.env, REDIS_URL, PREFIX: `bench-${randomUUID()}`, TARGETS: JSON.stringify(targets), GMAIL_TOKEN: gmailToken, RUN_MS: String(RUN_MS), PER_SECOND: String(PER_SECOND), START_AT: String(Date.now() + 15_000) };
  const [a, b] = await Promise.all([runChild(env), runChild(env)]);
  const rows = [];
  for (const p of providers) {
    const stats = (await (await fetch(`${controls[p]}/stats`)).json()) as { rateLimited: number; requests: number };
    const ok = a[p]!.ok + b[p]!.ok;
    const failed = a[p]!.failed + b[p]!.failed;
    const rate = ok / (RUN_MS / 1000);
    rows.push({ provider: p, ok, failed, rate, fraction: rate / PER_SECOND, refused: stats.rateLimited, split: [a[p]!.ok, b[p]!.ok] as [number, number] });
  }
  for (const r of rows) {
    console.log(
      `Provider limits: ${r.provider} ${r.ok} calls in ${RUN_MS / 1000} s by 2 processes (${r.split.join(" + ")}) = ${r.rate.toFixed(2)}/s of ${PER_SECOND}/s = ${r.fraction.toFixed(3)}; refused by the fake ${r.refused}; other failures ${r.failed}`,
    );
  }
  await sandbox.close();
  return { perSecond: PER_SECOND, seconds: RUN_MS / 1000, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchLimits();
  process.exit(0);
}
