import type { ExecutionResult } from "graphql";
import { createSchema, createYoga, maskError, type Plugin } from "graphql-yoga";
import { expect, it } from "vitest";
import { createEventQueue, type EventQueue } from "@outreach/contracts/event-queue";
import { useSharedSubscriptionExecution } from "../shared-subscription-execution.ts";
import { createYogaApp } from "../yoga.ts";

interface Tick {
  n: number;
}

/**
 * A schema whose every subscriber of `ticks` receives the same event objects (as from the event bus)
 * and whose `viewer` field depends on the context: if a result were shared across viewers, a
 * subscriber would see another viewer's id.
 */
function tickServer() {
  const listeners = new Set<EventQueue<Tick>>();
  const resolved = { viewer: 0 };
  const schema = createSchema<{ viewer: { id: string } | null }>({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Tick { n: Int!, viewer: String!, broken: String }
      type Subscription { ticks(from: Int!): Tick! }
    `,
    resolvers: {
      Subscription: {
        ticks: {
          subscribe: () => {
            const queue = createEventQueue<Tick>(() => listeners.delete(queue));
            listeners.add(queue);
            return queue;
          },
          resolve: (tick: Tick) => tick,
        },
      },
      Tick: {
        viewer: (_tick: Tick, _args: unknown, ctx: { viewer: { id: string } }) => {
          resolved.viewer++;
          return ctx.viewer.id;
        },
        broken: () => {
          throw new Error("database password is hunter2");
        },
      },
    },
  });
  const maskedErrors = { maskError, errorMessage: "Unexpected error." };
  const yoga = createYoga({ schema, maskedErrors, plugins: [useSharedSubscriptionExecution(maskedErrors) as Plugin], logging: false });
  return {
    resolved,
    publish: (tick: Tick) => listeners.forEach((queue) => queue.push(tick)),
    listeners,
    async subscribe(viewerId: string | null, query: string, variables: Record<string, unknown>) {
      // Yoga's parse (as in api/server.ts) caches documents: the same query text is the same document.
      const { subscribe, parse, schema: enveloped } = yoga.getEnveloped({});
      const result = await subscribe({
        schema: enveloped,
        document: parse(query),
        variableValues: variables,
        contextValue: { viewer: viewerId ? { id: viewerId } : null },
      });
      return result as AsyncIterableIterator<ExecutionResult> | ExecutionResult;
    },
  };
}

const TICKS = `subscription($from: Int!) { ticks(from: $from) { n viewer } }`;

async function take(stream: unknown, count: number): Promise<unknown[]> {
  const iterator = stream as AsyncIterableIterator<ExecutionResult>;
  const values: unknown[] = [];
  while (values.length < count) values.push((await iterator.next()).value);
  return values;
}

it("subscribers with the same query and viewer share one execution per event; another viewer never gets their result", async () => {
  const server = tickServer();
  const aliceOne = await server.subscribe("alice", TICKS, { from: 0 });
  const aliceTwo = await server.subscribe("alice", TICKS, { from: 0 });
  const bob = await server.subscribe("bob", TICKS, { from: 0 });
  expect(server.listeners.size).toBe(3);

  for (let n = 1; n <= 3; n++) server.publish({ n });
  const [a1, a2, b] = await Promise.all([take(aliceOne, 3), take(aliceTwo, 3), take(bob, 3)]);

  const expected = (viewer: string) => [1, 2, 3].map((n) => ({ data: { ticks: { n, viewer } } }));
  expect(JSON.parse(JSON.stringify(a1))).toEqual(expected("alice"));
  expect(JSON.parse(JSON.stringify(a2))).toEqual(expected("alice"));
  expect(JSON.parse(JSON.stringify(b))).toEqual(expected("bob"));
  // Once per event for Alice's two subscriptions, once for Bob's.
  expect(server.resolved.viewer).toBe(3 * 2);
});

it("different variables are executed separately", async () => {
  const server = tickServer();
  const first = await server.subscribe("alice", TICKS, { from: 0 });
  const second = await server.subscribe("alice", TICKS, { from: 1 });
  server.publish({ n: 1 });
  await Promise.all([take(first, 1), take(second, 1)]);
  expect(server.resolved.viewer).toBe(2);
});

it("errors in a shared result are still masked for every subscriber", async () => {
  const server = tickServer();
  const query = `subscription { ticks(from: 0) { n broken } }`;
  const streams = [await server.subscribe("alice", query, {}), await server.subscribe("alice", query, {})];
  server.publish({ n: 1 });
  for (const stream of streams) {
    const [result] = (await take(stream, 1)) as ExecutionResult[];
    expect(result!.data).toEqual({ ticks: { n: 1, broken: null } });
    expect(result!.errors?.map((e) => e.message)).toEqual(["Unexpected error."]);
    expect(JSON.stringify(result)).not.toContain("hunter2");
  }
});

it("invalid variables get the default executor's error, not a shared stream", async () => {
  const server = tickServer();
  const result = (await server.subscribe("alice", TICKS, { from: "not a number" })) as ExecutionResult;
  expect(result.errors?.[0]?.message).toContain('Variable "$from" got invalid value');
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  expect(server.listeners.size).toBe(0);
});

it("ending a subscription unsubscribes it from the source", async () => {
  const server = tickServer();
  const stream = (await server.subscribe("alice", TICKS, { from: 0 })) as AsyncIterableIterator<ExecutionResult>;
  expect(server.listeners.size).toBe(1);
  await stream.return!();
  expect(server.listeners.size).toBe(0);
});

it("no plugin after the shared execution has subscribe hooks it would skip, other than Yoga's masking and AbortError pass-through", () => {
  for (const NODE_ENV of ["production", "development", "test"] as const) {
    const yoga = createYogaApp({ env: { NODE_ENV } } as Parameters<typeof createYogaApp>[0]);
    const plugins = (yoga as unknown as { plugins: Plugin[] }).plugins.filter(Boolean);
    const shared = plugins.findIndex((p) => p.onYogaInit && p.onSubscribe);
    expect(plugins.filter((p) => p.onYogaInit && p.onSubscribe)).toHaveLength(1);
    // If this fails, a plugin now comes after the shared execution: apply what it does to the shared
    // streams (or place it before), then update the count.
    expect(plugins.slice(shared + 1).filter((p) => p.onSubscribe)).toHaveLength(2);
  }
});
