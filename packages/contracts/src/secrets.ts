import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Env } from "./env.ts";

export const MIN_SECRET_BYTES = 32;
export const DEV_SECRET_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.data/jwt-secret");

/**
 * The root secret (JWT_SECRET_KEY, at least 32 bytes): signs login tokens in the API and
 * unsubscribe links in the worker, so both processes must resolve the same one. In development,
 * when unset, it is generated once and kept in .data/jwt-secret (git-ignored); production refuses.
 */
export function resolveSecretKey(env: Pick<Env, "JWT_SECRET_KEY" | "NODE_ENV">, devSecretFile = DEV_SECRET_FILE): string {
  let secret = env.JWT_SECRET_KEY;
  if (!secret) {
    if (env.NODE_ENV === "production") throw new Error("JWT_SECRET_KEY is required in production (at least 32 bytes).");
    if (existsSync(devSecretFile)) {
      secret = readFileSync(devSecretFile, "utf8").trim();
    } else {
      secret = randomBytes(48).toString("base64url");
      mkdirSync(path.dirname(devSecretFile), { recursive: true });
      writeFileSync(devSecretFile, secret, { mode: 0o600 });
    }
  }
  const length = Buffer.byteLength(secret);
  if (length < MIN_SECRET_BYTES) {
    throw new Error(`JWT_SECRET_KEY must be at least ${MIN_SECRET_BYTES} bytes long (got ${length}).`);
  }
  return secret;
}
