/**
 * The baseline of the subscriptions benchmark (bench/subscriptions.ts): a bare `ws` server, no
 * GraphQL, that speaks just enough of the graphql-ws protocol (connection_init -> connection_ack,
 * subscribe, complete) for the benchmark's own graphql-ws clients, so the clients, and the traffic
 * the kernel carries, are the same as against the API. For each event on the job's Redis channel
 * every subscription gets the frame a graphql-ws server sends for jobProgress, with the payload
 * serialized once per event. Prints `{ url }` as one JSON line.
 */
import { Redis } from "ioredis";
import { WebSocketServer, type WebSocket } from "ws";
import { answerParent } from "./child-control.ts";

interface Event {
  seq: number;
  message: string | null;
  progress: number;
  status: string;
}

answerParent("ws");
const redis = new Redis(process.env.REDIS_URL!);
const clients = new Map<WebSocket, string>();
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/graphql", handleProtocols: () => "graphql-transport-ws" });
const listening = new Promise((resolve) => server.once("listening", resolve));
server.on("connection", (socket) => {
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { type: string; id?: string };
    if (message.type === "connection_init") socket.send(`{"type":"connection_ack"}`);
    else if (message.type === "subscribe") clients.set(socket, `{"id":${JSON.stringify(message.id)},"type":"next","payload":`);
    else if (message.type === "complete") clients.delete(socket);
  });
  socket.once("close", () => clients.delete(socket));
});
redis.on("message", (_channel, message) => {
  const { seq, message: text, progress, status } = JSON.parse(message) as Event;
  const payload = JSON.stringify({ data: { jobProgress: { seq, message: text, progress, status } } });
  for (const [socket, prefix] of clients) socket.send(`${prefix}${payload}}`);
});
await redis.subscribe(process.env.BENCH_CHANNEL!);
await listening;
const { port } = server.address() as { port: number };
console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
process.on("SIGTERM", () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
