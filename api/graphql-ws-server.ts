import type { IncomingMessage } from "node:http";
import { CloseCode, DEPRECATED_GRAPHQL_WS_PROTOCOL, handleProtocols, makeServer, type ServerOptions } from "graphql-ws";
import type { WebSocket, WebSocketServer } from "ws";

/** What graphql-ws puts in `ctx.extra`: the same as graphql-ws/use/ws. */
export interface Extra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/**
 * Bytes a socket may hold unsent before a send waits for them to be written. Below this a send
 * returns at once; graphql-ws/use/ws instead waits for every frame's write callback, one more
 * callback, tick and promise per delivered event.
 */
export const SEND_HIGH_WATER_BYTES = 64 * 1024;

const KEEP_ALIVE_MS = 12_000;

/**
 * graphql-ws on a ws server: graphql-ws/use/ws (whose docs invite copying it) with one change, the
 * send above. Protocol handling, keep-alive pings and error closes are the same.
 */
export function useWebSocketServer(options: ServerOptions<Record<string, unknown> | undefined, Extra>, ws: WebSocketServer) {
  const isProd = process.env.NODE_ENV === "production";
  const closeReason = (err: unknown) => {
    const message = isProd ? "Internal server error" : err instanceof Error ? err.message : String(err);
    return message.length < 124 ? message : "Internal server error";
  };
  const server = makeServer(options);
  ws.options.handleProtocols = handleProtocols;
  ws.once("error", (err) => {
    console.error("Internal error emitted on the WebSocket server. Please check your implementation.", err);
    let firstError: unknown = null;
    for (const client of ws.clients) {
      try {
        client.close(CloseCode.InternalServerError, closeReason(err));
      } catch (closeError) {
        firstError ??= closeError;
      }
    }
    if (firstError) throw firstError;
  });

  ws.on("connection", (socket, request) => {
    socket.once("error", (err) => {
      console.error("Internal error emitted on a WebSocket socket. Please check your implementation.", err);
      socket.close(CloseCode.InternalServerError, closeReason(err));
    });
    let pongWait: NodeJS.Timeout | null = null;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once("pong", () => {
        if (pongWait) clearTimeout(pongWait);
        pongWait = null;
      });
      socket.ping();
    }, KEEP_ALIVE_MS);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount < SEND_HIGH_WATER_BYTES) return socket.send(data);
          return new Promise<void>((resolve, reject) => socket.send(data, (err) => (err ? reject(err) : resolve())));
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on("message", async (message) => {
            try {
              await cb(String(message));
            } catch (err) {
              console.error("Internal error occurred during message handling. Please check your implementation.", err);
              socket.close(CloseCode.InternalServerError, closeReason(err));
            }
          }),
      },
      { socket, request },
    );

    socket.once("close", (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      clearInterval(pingInterval);
      if (!isProd && code === CloseCode.SubprotocolNotAcceptable && socket.protocol === DEPRECATED_GRAPHQL_WS_PROTOCOL) {
        console.warn(
          `Client provided the unsupported and deprecated subprotocol "${socket.protocol}" used by subscriptions-transport-ws.` +
            "Please see https://www.apollographql.com/docs/apollo-server/data/subscriptions/#switching-from-subscriptions-transport-ws.",
        );
      }
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of ws.clients) client.close(1001, "Going away");
      ws.removeAllListeners();
      await new Promise<void>((resolve, reject) => ws.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
