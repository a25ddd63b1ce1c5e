import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { expect, it } from "vitest";
import codegenConfig from "../../codegen.ts";
import { printedSchema, SCHEMA_FILE } from "../scripts/print-schema.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

it("api/schema.graphql matches the schema the code builds (run `pnpm schema:print` after changing it)", () => {
  expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(printedSchema());
});

it("web/src/gql is what codegen makes of api/schema.graphql and the web app's documents (run `pnpm codegen` after changing either)", async () => {
  const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: root, silent: true }, false);
  expect(outputs.map((o) => path.relative(root, path.resolve(root, o.filename))).sort()).toEqual(
    ["gql.ts", "graphql.ts", "fragment-masking.ts", "index.ts", "introspection.ts"].map((f) => `web/src/gql/${f}`).sort(),
  );
  const stale = outputs.filter((o) => readFileSync(path.resolve(root, o.filename), "utf8") !== o.content).map((o) => o.filename);
  expect(stale).toEqual([]);
}, 60_000);
