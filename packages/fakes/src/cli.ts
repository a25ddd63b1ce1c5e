/**
 * Starts every fake (ignoring any real credentials in the environment) and prints their URLs.
 * Usage: pnpm --filter @outreach/fakes exec tsx src/cli.ts   (Ctrl-C to stop)
 */
import { startSandbox } from "./sandbox.ts";

const sandbox = await startSandbox({ env: {} });
const lines = Object.entries(sandbox.env).map(([k, v]) => `${k}=${k === "FAKE_CONTROL_URLS" ? `'${v}'` : v}`);
console.log("# Sandbox fakes are running on 127.0.0.1. Paste these into your shell or .env:");
console.log(lines.join("\n"));
console.log("# Control APIs (GET <url>/stats, POST <url>/faults {\"status\":500,\"count\":1}, POST <url>/reset):");
for (const [name, url] of Object.entries(JSON.parse(sandbox.env.FAKE_CONTROL_URLS ?? "{}") as Record<string, string>)) console.log(`#   ${name}: ${url}`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
