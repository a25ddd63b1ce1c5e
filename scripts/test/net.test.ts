import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { canListen, findFreePort, isPortOpen, waitFor } from "../lib/net.ts";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(port = 0): Promise<number> {
  const server = net.createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ port, host: "127.0.0.1" }, resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("port probing", () => {
  it("sees a listening port as open and a closed one as not", async () => {
    const port = await listen();
    expect(await isPortOpen(port)).toBe(true);
    expect(await canListen(port)).toBe(false);
    await new Promise((r) => servers.pop()!.close(r));
    expect(await isPortOpen(port)).toBe(false);
    expect(await canListen(port)).toBe(true);
  });

  it("keeps the preferred port when it is free and picks another when it is taken", async () => {
    const free = await findFreePort();
    expect(await findFreePort(free)).toBe(free);
    const taken = await listen();
    const other = await findFreePort(taken);
    expect(other).not.toBe(taken);
    expect(await canListen(other)).toBe(true);
  });

  it("waitFor resolves once the check passes and names what it waited for on timeout", async () => {
    let calls = 0;
    await waitFor("three calls", async () => ++calls >= 3, { intervalMs: 5 });
    expect(calls).toBe(3);
    await expect(waitFor("the moon", async () => false, { timeoutMs: 50, intervalMs: 10 })).rejects.toThrow(
      /waiting for the moon/,
    );
  });
});
