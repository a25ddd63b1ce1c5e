import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "@graphql-yoga/subscription";
import { createEventQueue, type EventQueue } from "./event-queue.ts";
import type { PubSubChannels } from "./events.ts";
import { createRedis } from "./redis.ts";

export type BusEvent<K extends keyof PubSubChannels> = PubSubChannels[K][1];
/** A function, or an object whose handleEvent takes each event (as with EventTarget listeners). */
export type BusListener<E> = ((event: E) => void) | { handleEvent(event: E): void };

export interface EventBus {
  publish<K extends keyof PubSubChannels>(name: K, ...args: PubSubChannels[K]): void;
  /**
   * Hands the listener each event of one channel, in publish order, from when Redis has registered
   * the subscription (not awaited, as for subscribe). Returns the function that stops listening.
   */
  listen<K extends keyof PubSubChannels>(name: K, id: string, listener: BusListener<BusEvent<K>>): () => void;
  /**
   * Events of one channel, in publish order, from when Redis has registered the subscription
   * (which is not awaited: callers that must not miss an event probe first).
   * `accept` filters as events arrive, so rejected events are never queued for this subscriber.
   */
  subscribe<K extends keyof PubSubChannels>(
    name: K,
    id: string,
    accept?: (event: BusEvent<K>) => boolean,
  ): EventQueue<BusEvent<K>>;
  close(): Promise<void>;
}

/**
 * The one pub/sub used by API instances (subscribe) and workers (publish): events go through Redis,
 * so a worker's event reaches subscribers on every API instance. Channels are prefixed so that
 * test runs sharing one Redis never see each other's events. Every subscriber of a channel in this
 * process receives the same parsed event object (one JSON.parse per Redis message).
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
  const pubsub = createPubSub({ eventTarget });
  // Same topic as createPubSub's subscribe(routingKey, id), so publishers and subscribers agree.
  const topic = (name: string, id: string) => `${prefix}:${name}:${id}`;
  // One event-target listener per channel, whatever the number of listeners on it: each event is
  // handed to every listener of this process as it is, in one loop.
  const channels = new Map<string, { listeners: Set<BusListener<unknown>>; forward: (event: Event) => void }>();
  const listen: EventBus["listen"] = (name, id, listener) => {
    const topicName = topic(name, id);
    let channel = channels.get(topicName);
    if (!channel) {
      const listeners = new Set<BusListener<unknown>>();
      const forward = (event: Event) => {
        const payload = (event as CustomEvent).detail;
        for (const l of listeners) deliver(l, payload);
      };
      channels.set(topicName, (channel = { listeners, forward }));
      eventTarget.addEventListener(topicName, forward);
    }
    const { listeners, forward } = channel;
    // Listening twice with one function or object gives two listeners, each stopped on its own.
    const own = (listeners.has(listener as BusListener<unknown>) ? { handleEvent: (e: unknown) => deliver(listener, e as never) } : listener) as BusListener<unknown>;
    listeners.add(own);
    return () => {
      if (!listeners.delete(own) || listeners.size) return;
      channels.delete(topicName);
      eventTarget.removeEventListener(topicName, forward);
    };
  };
  return {
    publish: (name, id, payload) => pubsub.publish(`${prefix}:${name}`, id, payload),
    listen,
    subscribe: (name, id, accept) => {
      const queue = createEventQueue<BusEvent<typeof name>>(() => stop());
      const stop = listen(name, id, (event) => {
        if (!accept || accept(event)) queue.push(event);
      });
      return queue;
    },
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}

function deliver<E>(listener: BusListener<E>, event: E) {
  if (typeof listener === "function") listener(event);
  else listener.handleEvent(event);
}

/** The one way to say "this prospect changed": boards and prospect pages re-read it through GraphQL. */
export function publishProspectUpdated(bus: Pick<EventBus, "publish">, prospect: { id: string; campaignId: string; userId: string }): void {
  bus.publish("prospectUpdated", prospect.campaignId, { prospectId: prospect.id, userId: prospect.userId, campaignId: prospect.campaignId });
}
