import dc from "node:diagnostics_channel";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { type Resolver } from "../../src/crawl/guard.ts";

/**
 * Test-side safety net and witness. Every TCP client socket Node creates is recorded; one that is
 * about to connect anywhere but loopback is destroyed before it connects and recorded as a
 * violation. Tests assert both lists, so "no connection was made" is observed by Node itself,
 * not by the code under test.
 */
export function socketWitness() {
  const created: net.Socket[] = [];
  const violations: string[] = [];
  const onSocket = (msg: unknown) => {
    const socket = (msg as { socket: net.Socket }).socket;
    created.push(socket);
    socket.on("lookup", (err: Error | null, address: string) => {
      if (!err && address && !/^(127\.|::1$|::ffff:127\.)/.test(address)) {
        violations.push(address);
        // Destroyed before it connects (an error here would be unhandled: the request has no listener yet).
        socket.destroy();
      }
    });
  };
  dc.subscribe("net.client.socket", onSocket);
  return {
    created,
    violations,
    stop() {
      dc.unsubscribe("net.client.socket", onSocket);
    },
  };
}

/** A loopback listener that counts connections; nothing should ever reach it. */
export async function trapListener() {
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    connections: () => connections,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A loopback HTTP server used as a sandbox web host for edge cases the fake host does not serve. */
export async function tinyHost(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A DNS stub: answers from a table, records every question, never touches the network. */
export function stubResolver(table: Record<string, string | string[] | ((n: number) => string | string[])>) {
  const calls: string[] = [];
  const resolve: Resolver = async (hostname) => {
    calls.push(hostname);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    const value = typeof entry === "function" ? entry(calls.filter((c) => c === hostname).length) : entry;
    return (Array.isArray(value) ? value : [value]).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { resolve, calls };
}
