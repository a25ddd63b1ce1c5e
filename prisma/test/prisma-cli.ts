import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = path.resolve(prismaDir, "..");

/** The shared wasm stand-in for Prisma's schema engine: beside the repo on dev machines and in CI. */
export const standIn = path.resolve(repoRoot, "../shared/tools/prisma-offline/schema-engine.mjs");
export const standInMissing = existsSync(standIn)
  ? undefined
  : `${standIn} is absent (it sits beside the repository on the project's machines and in CI); ` +
    `Prisma's real schema engine cannot be downloaded offline, so this check cannot run here.`;

export interface CliResult {
  code: number | null;
  output: string;
}

/** `pnpm exec prisma …` from the prisma/ package with the stand-in engine and `databaseUrl`. */
export function prisma(args: string[], databaseUrl: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["exec", "prisma", ...args], {
      cwd: prismaDir,
      // CHECKPOINT_DISABLE: no update check (these machines have no internet; it only adds waiting).
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: standIn, DATABASE_URL: databaseUrl, NO_COLOR: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}
