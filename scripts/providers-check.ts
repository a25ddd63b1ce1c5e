/**
 * `pnpm providers:check`: one cheap read-only call per provider, printing `ok` or the exact
 * problem (wrong key, no credit, revoked token, unreachable). Exit code 1 when any failed.
 * Providers without credentials are checked in sandbox mode against their configured URL.
 */
import { loadEnv } from "@outreach/contracts";
import { checkProviders } from "@outreach/providers";

const env = loadEnv();
const results = await checkProviders(env);
const width = Math.max(...results.map((r) => r.provider.length));
for (const r of results) {
  console.log(`${r.provider.padEnd(width)}  ${r.mode.padEnd(7)}  ${r.ok ? "" : "FAILED: "}${r.detail}`);
}
process.exit(results.some((r) => !r.ok) ? 1 : 0);
