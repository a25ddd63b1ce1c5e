import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createEventBus, createRedis, redisReady, type Env } from "@outreach/contracts";
import { closeQueues, createQueues, queuesRedis } from "@outreach/core/jobs";
import { createDb, type Db } from "@outreach/db";
import { resolveMailboxKey, type MailboxKey } from "@outreach/core/mailboxes";
import { createProviders } from "@outreach/providers";
import { execute, subscribe, type ExecutionArgs } from "graphql";
import { createServerAdapter } from "@whatwg-node/server";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { bearerToken, type AppDeps } from "./context.ts";
import { handleRest } from "./rest/router.ts";
import { handleUnsubscribe } from "./rest/unsubscribe.ts";
import { handleOAuthCallback } from "./rest/oauth.ts";
import { createLoginLimiter, createTokenService } from "./services/auth.ts";
import { createStaticHandler } from "./static.ts";
import { isSharedResults } from "./shared-subscription-execution.ts";
import { deliverToSocket } from "./ws-delivery.ts";
import { createYogaApp, limitRequestBody, MAX_BODY_BYTES } from "./yoga.ts";

export interface BuildOptions {
  env: Env;
  jwtSecret: Uint8Array;
  /** Checked at start-up (api/main.ts); resolved from the env when not given. */
  mailboxKey?: MailboxKey;
  /** Tests pass their own client (e.g. to count SQL statements). */
  db?: Db;
}

export interface App {
  deps: AppDeps;
  server: Server;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * How long start() waits for the queues' Redis connection before it listens anyway. That
 * connection refuses commands until it is ready, so a viewer whose page resubscribes the moment a
 * restarted API listens would otherwise get "Unexpected error." instead of their job's progress.
 */
export const REDIS_READY_WAIT_MS = 10_000;

interface NodeServerContext {
  req: IncomingMessage;
  res: ServerResponse;
}

type EnvelopedExecutionArgs = ExecutionArgs & {
  rootValue: { execute: typeof execute; subscribe: typeof subscribe };
  /** The subscription's socket and id, for writing shared results to it directly (api/ws-delivery.ts). */
  delivery: { socket: WebSocket; raw: Socket; id: string };
};

export function buildApp(options: BuildOptions): App {
  const { env } = options;
  const ownsDb = !options.db;
  const db = options.db ?? createDb(env.DATABASE_URL);
  const providerRedis = createRedis("cache", env.REDIS_URL);
  const limiterRedis = createRedis("cache", env.REDIS_URL);
  const deps: AppDeps = {
    env,
    db,
    providers: createProviders({ env, db, redis: providerRedis }),
    bus: createEventBus(env.REDIS_URL, env.REDIS_PREFIX),
    queues: createQueues(env.REDIS_URL, env.REDIS_PREFIX),
    tokens: createTokenService(options.jwtSecret, env.JWT_TTL_SECONDS),
    loginLimiter: createLoginLimiter(limiterRedis, env.REDIS_PREFIX),
    redis: providerRedis,
    mailboxKey: options.mailboxKey ?? resolveMailboxKey(env),
  };
  const yoga = createYogaApp(deps);
  const serveWeb = env.WEB_DIST_DIR ? createStaticHandler(env.WEB_DIST_DIR) : async () => null;
  // The server context carries Node's req: Yoga's context reads the client's socket address from it.
  const http = createServerAdapter<NodeServerContext>(
    async (incoming: Request, serverContext: NodeServerContext) => {
      const limited = await limitRequestBody(incoming);
      if ("response" in limited) return limited.response;
      const { request } = limited;
      return (
        (await handleUnsubscribe(request, deps)) ??
        (await handleOAuthCallback(request, deps)) ??
        (await handleRest(request, deps)) ??
        (await serveWeb(request)) ??
        yoga.fetch(request, serverContext as unknown as Record<string, unknown>)
      );
    },
  );
  const server = createServer(http);
  // ws accepts 100 MiB messages by default; GraphQL over WebSocket gets the same cap as HTTP bodies.
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: MAX_BODY_BYTES });

  // graphql-ws runs every operation through Yoga's envelop, so WebSocket operations get the same
  // context, auth, limits, validation and masking as HTTP ones.
  const wsDisposable = useServer(
    {
      execute: (args) => (args as EnvelopedExecutionArgs).rootValue.execute(args),
      subscribe: async (args) => {
        const { rootValue, delivery } = args as EnvelopedExecutionArgs;
        const result = await rootValue.subscribe(args);
        if (!isSharedResults(result)) return result;
        // graphql-ws holds the args until the subscription ends; a shared one runs events on its
        // group's own copy, so the operation's context (and what it caches) can go now.
        Object.assign(args, { contextValue: undefined, rootValue: undefined, variableValues: undefined, delivery: undefined });
        return deliverToSocket(result, delivery.socket, delivery.raw, delivery.id);
      },
      onConnect: async (ctx) => {
        const token = bearerToken(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        if (token && !(await deps.tokens.verify(token))) return false;
        return true;
      },
      onSubscribe: async (ctx, id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory({ connectionParams: ctx.connectionParams }),
          rootValue: { execute, subscribe },
          delivery: { socket: ctx.extra.socket, raw: ctx.extra.request.socket, id },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wsServer,
  );

  return {
    deps,
    server,
    start: async (port = env.PORT, host = env.HOST) => {
      await redisReady(queuesRedis(deps.queues), REDIS_READY_WAIT_MS);
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const { port: bound } = server.address() as AddressInfo;
          resolve(`http://${host.includes(":") ? `[${host}]` : host}:${bound}`);
        });
      });
    },
    async stop() {
      await wsDisposable.dispose();
      wsServer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closeQueues(deps.queues);
      await deps.bus.close();
      await deps.providers.close();
      providerRedis.disconnect();
      limiterRedis.disconnect();
      if (ownsDb) await deps.db.$disconnect();
    },
  };
}
