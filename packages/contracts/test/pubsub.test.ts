import { createServer } from "node:net";
import { expect, it } from "vitest";
import { createEventBus } from "../src/pubsub.ts";

/** A loopback port with nothing listening: Redis is "down". */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

it("publishing while Redis is down neither throws nor leaves an unhandled rejection (workers must not crash)", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const bus = createEventBus(`redis://127.0.0.1:${await closedPort()}`, "test-down");
  try {
    bus.publish("jobUpdated", "c1", { jobId: "j", userId: "u", campaignId: "c1" });
    // ioredis rejects the queued publish after its 3 reconnect attempts (about 1.2 s); the bus
    // exposes no event for that, so give it twice as long.
    await new Promise((r) => setTimeout(r, 2500));
    expect(unhandled).toEqual([]);
    await bus.close();
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
}, 20_000);
