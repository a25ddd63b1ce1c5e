import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layout's boundaries are enforced, not hoped for: packages/core is reachable only through
 * its folders' index.ts, a core folder reaches another only through its index.ts, and product code
 * never imports the test kit. Each case lints a scratch file (never written to disk) as `pnpm lint` would.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries", () => {
  it("a deep import into packages/core from the API fails lint; the folder's entry point passes", async () => {
    expect(await restrictedImports("api/services/scratch.ts", 'import { sendEmailLog } from "@outreach/core/outreach/send";\nexport const x = sendEmailLog;\n')).toEqual([
      expect.stringMatching(/through its entry point/),
    ]);
    expect(await restrictedImports("worker/processors/scratch.ts", 'import { startJob } from "@outreach/core/jobs/service.ts";\nexport const x = startJob;\n')).toHaveLength(1);
    expect(await restrictedImports("api/services/scratch.ts", 'import { sendEmailLog } from "@outreach/core/outreach";\nexport const x = sendEmailLog;\n')).toEqual([]);
  });

  it("inside core, another folder is reached through its index.ts; files of the same folder import each other freely", async () => {
    expect(await restrictedImports("packages/core/src/discover/scratch.ts", 'import { findSuppression } from "../suppression/suppression.ts";\nexport const x = findSuppression;\n')).toEqual([
      expect.stringMatching(/through its index\.ts/),
    ]);
    expect(await restrictedImports("packages/core/src/discover/scratch.ts", 'import { findSuppression } from "../suppression/index.ts";\nexport const x = findSuppression;\n')).toEqual([]);
    expect(await restrictedImports("packages/core/src/outreach/scratch.ts", 'import { reserveSendSlot } from "./policy.ts";\nexport const x = reserveSendSlot;\n')).toEqual([]);
  });

  it("a core folder's tests reach inside their own folder only", async () => {
    expect(await restrictedImports("packages/core/test/discover/scratch.test.ts", 'import { reserveSendSlot } from "../../src/outreach/policy.ts";\nexport const x = reserveSendSlot;\n')).toHaveLength(1);
    expect(await restrictedImports("packages/core/test/outreach/scratch.test.ts", 'import { reserveSendSlot } from "../../src/outreach/policy.ts";\nexport const x = reserveSendSlot;\n')).toEqual([]);
  });

  it("product code never imports the test kit; tests do", async () => {
    for (const file of ["api/services/scratch.ts", "worker/runtime/scratch.ts", "packages/core/src/jobs/scratch.ts", "scripts/scratch.ts"]) {
      expect(await restrictedImports(file, 'import { freePort } from "@outreach/testkit";\nexport const x = freePort;\n'), file).toEqual([expect.stringMatching(/test helpers/)]);
    }
    expect(await restrictedImports("api/test/scratch.test.ts", 'import { freePort } from "@outreach/testkit";\nexport const x = freePort;\n')).toEqual([]);
  });

  it("packages/core exports only its folders' entry points", () => {
    const { exports } = JSON.parse(readFileSync(path.join(root, "packages/core/package.json"), "utf8")) as { exports: Record<string, string> };
    for (const [subpath, target] of Object.entries(exports)) {
      expect(target, subpath).toMatch(subpath === "." ? /^\.\/src\/index\.ts$/ : new RegExp(`^\\./src/${subpath.slice(2)}/index\\.ts$`));
    }
  });
});
