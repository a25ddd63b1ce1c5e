import { z } from "zod";

const optionalSecret = z.string().trim().min(1).optional().catch(undefined);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("127.0.0.1"),
  PUBLIC_URL: z.string().url().default("http://127.0.0.1:4000"),
  DATABASE_URL: z.string().min(1).default("postgresql://postgres@127.0.0.1:5432/outreach"),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().min(1).default("outreach"),
  JWT_SECRET_KEY: optionalSecret,
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(60 * 60 * 24 * 7),
  /** Loopback URL of the sandbox fake web host (set by `pnpm start` / startSandbox): fake *.example sites are crawled there. */
  SANDBOX_WEB_HOST_URL: z.string().url().optional(),
  /** Folder of the built web app (web/dist) the API serves on its own port; unset = API only. */
  WEB_DIST_DIR: z.string().min(1).optional(),
  /** Reverse proxies in front of the API that append to X-Forwarded-For (Render: 1); 0 = use the TCP peer. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Runs of a query document through Yoga's executor before it is compiled with graphql-jit (0: at once; "never": not at all). */
  GRAPHQL_COMPILE_AFTER_RUNS: z.union([z.literal("never"), z.coerce.number().int().min(0)]).default(1),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),

  DATAFORSEO_LOGIN: optionalSecret,
  DATAFORSEO_PASSWORD: optionalSecret,
  DATAFORSEO_API_URL: z.string().url().default("https://api.dataforseo.com"),
  HUNTER_IO_API_KEY: optionalSecret,
  HUNTER_API_URL: z.string().url().default("https://api.hunter.io/v2"),
  GEMINI_API_KEY: optionalSecret,
  GEMINI_API_URL: z.string().url().default("https://generativelanguage.googleapis.com"),
  GEMINI_MODEL: z.string().min(1).default("gemini-2.5-flash"),
  GMAIL_CLIENT_ID: optionalSecret,
  GMAIL_CLIENT_SECRET: optionalSecret,
  /** Read once at start-up only, to turn a pre-mailbox install's token into a mailbox of the first user. */
  GMAIL_REFRESH_TOKEN: optionalSecret,
  GMAIL_API_URL: z.string().url().default("https://gmail.googleapis.com/"),
  GOOGLE_OAUTH_TOKEN_URL: z.string().url().default("https://oauth2.googleapis.com/token"),
  GOOGLE_OAUTH_AUTH_URL: z.string().url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_OAUTH_REVOKE_URL: z.string().url().default("https://oauth2.googleapis.com/revoke"),
  /** 32 bytes (base64 or hex) that encrypt mailbox refresh tokens at rest; generated into .data/ in development. */
  MAILBOX_ENCRYPTION_KEY: optionalSecret,
  /** Where the web app is served (the OAuth callback returns there); defaults to PUBLIC_URL. */
  APP_URL: z.string().url().optional(),
  /** Development only: the demo login `pnpm start` seeded, filled into GraphiQL's LogIn example. */
  DEMO_LOGIN_EMAIL: z.string().optional(),
  DEMO_LOGIN_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
