import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv, type Env } from "@outreach/contracts";

export const MIN_JWT_SECRET_BYTES = 32;
const DEV_SECRET_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.data/jwt-secret");

export interface ApiConfig {
  env: Env;
  jwtSecret: Uint8Array;
}

/**
 * JWT_SECRET_KEY must hold at least 32 bytes. In development, when unset, a secret is generated once
 * and kept in .data/jwt-secret (git-ignored) so tokens survive restarts; production refuses to start.
 */
export function resolveJwtSecret(env: Env, devSecretFile = DEV_SECRET_FILE): Uint8Array {
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
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_JWT_SECRET_BYTES) {
    throw new Error(`JWT_SECRET_KEY must be at least ${MIN_JWT_SECRET_BYTES} bytes long (got ${bytes.length}).`);
  }
  return bytes;
}

export function loadApiConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  const env = loadEnv(source);
  return { env, jwtSecret: resolveJwtSecret(env) };
}
