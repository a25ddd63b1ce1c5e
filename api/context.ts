import type { EventBus, Env } from "@outreach/contracts";
import type { Queues } from "@outreach/core/jobs";
import type { Db } from "@outreach/db";
import type { MailboxKey } from "@outreach/core/mailboxes";
import type { Providers } from "@outreach/providers";
import type { Redis } from "ioredis";
import type { LoginLimiter, TokenService, Viewer } from "./services/auth.ts";

/** Long-lived dependencies of one API instance; services take them as arguments. */
export interface AppDeps {
  db: Db;
  bus: EventBus;
  queues: Queues;
  env: Env;
  tokens: TokenService;
  /** Provider clients for work the API does itself (dry run, test email); attribute calls with withContext. */
  providers: Providers;
  /** Failed log-ins per email and per client address (Redis). */
  loginLimiter: LoginLimiter;
  /** Short-lived state in Redis (pending Gmail consents). */
  redis: Redis;
  /** Encrypts mailbox refresh tokens (MAILBOX_ENCRYPTION_KEY). */
  mailboxKey: MailboxKey;
}

export interface Context extends AppDeps {
  viewer: Viewer | null;
  /** The client's address (api/client-address.ts: the TCP peer unless proxies are trusted); null when unknown. */
  clientIp: string | null;
}

export function bearerToken(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1]! : null;
}

const OWN = Symbol("own context");

export async function createContext(
  deps: AppDeps,
  init: { request?: Request; connectionParams?: Record<string, unknown>; clientIp?: string | null },
): Promise<Context> {
  const token =
    bearerToken(init.request?.headers.get("authorization")) ??
    bearerToken(init.connectionParams?.authorization) ??
    bearerToken(init.connectionParams?.Authorization);
  const viewer = token ? await deps.tokens.verify(token) : null;
  const context: Context & { [OWN]?: Context } = { ...deps, viewer, clientIp: init.clientIp ?? null };
  context[OWN] = context;
  return context;
}

/**
 * The context as createContext made it, without what Yoga and graphql-ws merge into an operation's
 * context (their request, socket, params, caches): what a long-lived subscription keeps.
 */
export function ownContext(ctx: Context): Context {
  return (ctx as Context & { [OWN]?: Context })[OWN] ?? ctx;
}

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new Error("requireViewer called on an unauthenticated context");
  return ctx.viewer;
}
