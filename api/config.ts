import { loadEnv, resolveSecretKey, type Env } from "@outreach/contracts";

export interface ApiConfig {
  env: Env;
  jwtSecret: Uint8Array;
}

/** JWT secret bytes; see resolveSecretKey for the development fallback file. */
export function resolveJwtSecret(env: Env, devSecretFile?: string): Uint8Array {
  return new TextEncoder().encode(resolveSecretKey(env, devSecretFile));
}

export function loadApiConfig(source: NodeJS.ProcessEnv = process.env): ApiConfig {
  const env = loadEnv(source);
  return { env, jwtSecret: resolveJwtSecret(env) };
}
