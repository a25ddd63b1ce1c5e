#!/usr/bin/env node
// Stands in for Prisma's schema engine where it cannot be downloaded: enough for `prisma generate`.
// Migrate/db commands need the real engine (or ../shared/tools/prisma-offline); see docs/database.md.
if (process.argv.includes("--version")) {
  console.log("schema-engine-cli 0edf323efd1d98336f3f0a68684b56f689b900d3");
  process.exit(0);
}
console.error(
  "This project's schema-engine stub only answers --version. To run prisma migrate/db commands, set " +
    "PRISMA_SCHEMA_ENGINE_BINARY to a real schema engine or to prisma-offline's schema-engine.mjs. " +
    "Applying migrations needs no engine: run `pnpm db:migrate`.",
);
process.exit(1);
