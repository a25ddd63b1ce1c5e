/** `pnpm bench`: runs every benchmark, prints each figure, and writes docs/benchmarks.md. */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchApiPage } from "./api-page.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const api = await benchApiPage();

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  "# Benchmarks",
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Every ratio compares two things measured interleaved in the same run, because these machines are noisy; absolute times are for orientation only. Re-run with \`pnpm bench\`.`,
  "",
  "## API: a page of 50 prospects with contacts and last email",
  "",
  "GraphQL (Yoga + Pothos + Prisma, over HTTP with auth) versus the same rows from one hand-written SQL query behind a minimal Node HTTP handler.",
  "",
  "| | p50 | p99 |",
  "| --- | --- | --- |",
  `| GraphQL | ${api.graphql.p50.toFixed(2)} ms | ${api.graphql.p99.toFixed(2)} ms |`,
  `| one SQL query | ${api.sql.p50.toFixed(2)} ms | ${api.sql.p99.toFixed(2)} ms |`,
  `| **ratio** | **${api.ratioP50.toFixed(2)}** (target ≤ 3) | **${api.ratioP99.toFixed(2)}** |`,
  "",
  `SQL statements per GraphQL request: **${api.statementsPerRequest.toFixed(1)}**, the same for a page of 10 or 100 (asserted in api/test/statements.test.ts).`,
  "",
];
writeFileSync(path.join(root, "docs/benchmarks.md"), `${lines.join("\n")}\n`);
console.log("wrote docs/benchmarks.md");
process.exit(0);
