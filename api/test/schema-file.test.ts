import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { printedSchema, SCHEMA_FILE } from "../scripts/print-schema.ts";

it("api/schema.graphql matches the schema the code builds (run `pnpm schema:print` after changing it)", () => {
  expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(printedSchema());
});
