import { readdirSync } from "node:fs";
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

// packages/core is one folder per pipeline stage or mechanism; each folder's index.ts is its only
// public face (package.json "exports" lists just those). These rules make a deep import a lint error.
const coreFolders = readdirSync(new URL("./packages/core/src", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const DEEP_CORE_IMPORT = {
  regex: "^@outreach/core/[^/]+/.+",
  message: "Import a packages/core folder through its entry point only, e.g. @outreach/core/outreach (its index.ts).",
};
const TESTKIT_IN_SRC = {
  regex: "^@outreach/testkit",
  message: "@outreach/testkit holds test helpers: only tests, benchmarks and the browser suite may import it.",
};
const otherFolderFile = (up, own) => ({
  regex: `^${up}(?!${own}/)[^/.][^/]*/(?!index\\.ts$).+`,
  message: "Reach another core folder through its index.ts only (inside a folder, files import each other freely).",
});

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "prisma/generated/**",
      "web/src/gql/**",
      ".data/**",
      "test-results/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "off",
      "no-restricted-imports": ["error", { patterns: [DEEP_CORE_IMPORT] }],
    },
  },
  {
    // Product code (not tests, benchmarks or the browser suite) never imports the test kit.
    files: ["**/src/**/*.{ts,tsx}", "api/**/*.ts", "worker/**/*.ts", "scripts/*.ts", "scripts/lib/**/*.ts"],
    ignores: ["**/test/**", "**/*.test.{ts,tsx}", "packages/testkit/**", "web/e2e/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [DEEP_CORE_IMPORT, TESTKIT_IN_SRC] }] },
  },
  ...coreFolders.flatMap((own) => [
    {
      files: [`packages/core/src/${own}/**/*.ts`],
      rules: { "no-restricted-imports": ["error", { patterns: [DEEP_CORE_IMPORT, TESTKIT_IN_SRC, otherFolderFile("\\.\\./", own)] }] },
    },
    {
      // A folder's tests may reach inside their own folder only.
      files: [`packages/core/test/${own}/**/*.ts`],
      rules: { "no-restricted-imports": ["error", { patterns: [DEEP_CORE_IMPORT, otherFolderFile("\\.\\./\\.\\./src/", own)] }] },
    },
  ]),
  {
    // Tests read loosely shaped JSON (GraphQL/REST responses); typing every one adds noise, not safety.
    files: ["**/test/**/*.ts", "**/*.test.ts", "**/*.test.tsx", "packages/testkit/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
