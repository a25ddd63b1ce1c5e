import type { Socket } from "node:net";
import type { ExecutionResult } from "graphql";
import type { WebSocket } from "ws";
import type { SharedResults } from "./shared-subscription-execution.ts";

/**
 * Writes a shared subscription's results to its WebSocket as graphql-ws `next` frames, instead of
 * graphql-ws doing it per result (a promise chain and a JSON.stringify per subscriber and event):
 * the payload text is serialized once per shared result, a subscriber's frame is its own prefix
 * around that text, and every frame of one event is written in the tick the event arrives in.
 *
 * graphql-ws still runs the protocol around it: it gets an iterator without results that ends when
 * the stream ends (graphql-ws then sends `complete`) or fails (it sends `error`), and whose return()
 * ends the stream when the client completes the subscription or the socket closes.
 *
 * A subscription is behind while its socket holds bytes the kernel has not taken: its stream then
 * holds (and coalesces) events until the socket has flushed them.
 */
export function deliverToSocket(results: SharedResults, socket: WebSocket, raw: Socket, id: string): AsyncIterableIterator<ExecutionResult> {
  const prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  let outcome: { error?: Error } | null = null;
  let settle: ((outcome: { error?: Error }) => void) | null = null;
  const finish = (end: { error?: Error }) => {
    if (outcome) return;
    outcome = end;
    settle?.(end);
  };
  const resume = results.pipe({
    write(shared) {
      socket.send(`${prefix}${shared.json}}`);
      if (raw.writableLength === 0) return true;
      whenFlushed(raw, () => resume());
      return false;
    },
    end: (error) => finish({ error }),
  });
  const done: IteratorResult<ExecutionResult> = { value: undefined, done: true };
  const ended = ({ error }: { error?: Error }) => (error ? Promise.reject(error) : Promise.resolve(done));
  return {
    next: () => (outcome ? ended(outcome) : new Promise<{ error?: Error }>((resolve) => (settle = resolve)).then(ended)),
    async return() {
      finish({});
      await results.return?.();
      return done;
    },
    async throw(error) {
      finish({});
      await results.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

const flushWaiters = new WeakMap<Socket, (() => void)[]>();
const NOTHING = Buffer.alloc(0);

/**
 * Calls back once the socket has handed everything written so far to the kernel. An empty write
 * queues behind the bytes waiting and its callback runs when they are out ('drain' would only come
 * once a write had filled the stream's high-water mark).
 */
function whenFlushed(raw: Socket, callback: () => void) {
  if (!raw.writable) return;
  const waiting = flushWaiters.get(raw);
  if (waiting) return void waiting.push(callback);
  const waiters = [callback];
  flushWaiters.set(raw, waiters);
  const check = () => {
    if (!raw.writable) return void flushWaiters.delete(raw);
    if (raw.writableLength > 0) return void raw.write(NOTHING, check);
    flushWaiters.delete(raw);
    for (const wake of waiters) wake();
  };
  raw.write(NOTHING, check);
}
