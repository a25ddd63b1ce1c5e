import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, type PubSub } from "@graphql-yoga/subscription";
import type { PubSubChannels } from "./events.ts";
import { createRedis } from "./redis.ts";

export type EventBus = PubSub<PubSubChannels> & { close(): Promise<void> };

/**
 * The one pub/sub used by API instances (subscribe) and workers (publish): events go through Redis,
 * so a worker's event reaches subscribers on every API instance. Channels are prefixed so that
 * test runs sharing one Redis never see each other's events.
 */
export function createEventBus(redisUrl: string, prefix: string): EventBus {
  const publishClient = createRedis("publisher", redisUrl);
  const subscribeClient = createRedis("subscriber", redisUrl);
  // The event target publishes without awaiting: while Redis is down a failed publish would be an
  // unhandled rejection that kills the process. Events are best-effort (subscribers re-read the
  // record, and monitors re-sync on reconnect), so a lost one is logged, not fatal.
  const publish = publishClient.publish.bind(publishClient);
  publishClient.publish = ((channel: string, message: string) =>
    publish(channel, message).catch((err: Error) => {
      if (process.env.NODE_ENV !== "test") console.error(`[events] not published (${channel}): ${err.message}`);
      return 0;
    })) as typeof publishClient.publish;
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = createPubSub<PubSubChannels>({ eventTarget });
  const channel = (name: string) => `${prefix}:${name}` as keyof PubSubChannels;
  return {
    publish: ((name: keyof PubSubChannels, id: string, payload: unknown) =>
      (pubsub.publish as (...a: unknown[]) => void)(channel(name), id, payload)) as EventBus["publish"],
    subscribe: ((name: keyof PubSubChannels, id: string) =>
      (pubsub.subscribe as (...a: unknown[]) => unknown)(channel(name), id)) as EventBus["subscribe"],
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
