import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

// Timing-sensitive suites (measured rates, process kills) are named *.serial.test.ts: the main
// pass skips them and scripts/test.ts runs them afterwards on their own (VITEST_SERIAL=1), one
// file at a time, so a busy neighbour cannot skew what they measure.
const serialPass = process.env.VITEST_SERIAL === "1";
const SERIAL = "test/**/*.serial.test.ts";

// Node suites: <package>/test/**/*.test.ts, one project per workspace package that has tests.
const nodePackages = [
  ...readdirSync(path.join(root, "packages"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `packages/${d.name}`),
  "api",
  "worker",
  "prisma",
  "scripts",
  "bench",
].filter((dir) => existsSync(path.join(root, dir, "test")));

const nodeProjects: TestProjectInlineConfiguration[] = nodePackages.map((dir) => ({
  extends: true,
  test: {
    name: dir.replace(/^packages\//, ""),
    root: path.join(root, dir),
    include: serialPass ? [SERIAL] : ["test/**/*.test.ts"],
    exclude: serialPass ? [] : [SERIAL],
    environment: "node",
  },
}));

// DOM suites: the web package keeps its own vitest config (React plugin, setup file, happy-dom).
const webProject: TestProjectInlineConfiguration | string | undefined = existsSync(path.join(root, "web/vitest.config.ts"))
  ? "web/vitest.config.ts"
  : existsSync(path.join(root, "web/src"))
    ? {
        extends: true,
        test: { name: "web", root: path.join(root, "web"), include: ["src/**/*.test.tsx"], environment: "happy-dom" },
      }
    : undefined;

export default defineConfig({
  // graphql 16 ships CJS (main) and ESM (module). Node loads the CJS one for dependencies such as
  // Pothos and Yoga, so project code must get the same copy or schema objects are "from another realm"
  // (the dual-package hazard).
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    projects: webProject && !serialPass ? [...nodeProjects, webProject] : nodeProjects,
    // Integration suites share one PostgreSQL and one Redis on a 2-core machine.
    maxWorkers: serialPass ? 1 : 2,
    fileParallelism: !serialPass,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
    env: { NODE_ENV: "test" },
  },
});
