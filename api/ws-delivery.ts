import type { Socket } from "node:net";
import type { ExecutionResult } from "graphql";
import type { WebSocket } from "ws";
import type { EventSink } from "@outreach/contracts/event-queue";
import type { SharedExecution, SharedResults } from "./shared-subscription-execution.ts";

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
 * A subscription is behind while its WebSocket holds bytes not yet handed to the kernel
 * (bufferedAmount): its stream then holds (and coalesces) events until the socket has flushed them.
 */
export function deliverToSocket(results: SharedResults, socket: WebSocket, raw: Socket, id: string): AsyncIterableIterator<ExecutionResult> {
  const delivery = new SocketDelivery(results, socket, raw, id);
  delivery.resume = results.pipe(delivery);
  return delivery;
}

const done: IteratorResult<ExecutionResult> = { value: undefined, done: true };

/** One subscription's sink on its socket, and the iterator graphql-ws waits on. */
class SocketDelivery implements EventSink<SharedExecution>, AsyncIterableIterator<ExecutionResult> {
  resume: (() => void) | null = null;
  private readonly prefix: string;
  private outcome: { error?: Error } | null = null;
  private settle: ((outcome: { error?: Error }) => void) | null = null;

  constructor(
    private readonly results: SharedResults,
    private readonly socket: WebSocket,
    private readonly raw: Socket,
    id: string,
  ) {
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  write(shared: SharedExecution): boolean {
    this.socket.send(`${this.prefix}${shared.json}}`);
    if (this.socket.bufferedAmount === 0) return true;
    whenFlushed(this.raw, this);
    return false;
  }

  end(error?: Error) {
    this.finish({ error });
  }

  flushed() {
    this.resume?.();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.outcome) return ended(this.outcome);
    return new Promise<{ error?: Error }>((resolve) => (this.settle = resolve)).then(ended);
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish({});
    await this.results.return?.();
    return done;
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private finish(outcome: { error?: Error }) {
    if (this.outcome) return;
    this.outcome = outcome;
    this.settle?.(outcome);
  }
}

const ended = ({ error }: { error?: Error }) => (error ? Promise.reject(error) : Promise.resolve(done));

const flushWaiters = new WeakMap<Socket, { flushed(): void }[]>();
const NOTHING = Buffer.alloc(0);

/**
 * Calls back once the socket has handed everything written so far to the kernel. An empty write
 * queues behind the bytes waiting and its callback runs when they are out ('drain' would only come
 * once a write had filled the stream's high-water mark).
 */
function whenFlushed(raw: Socket, waiter: { flushed(): void }) {
  if (!raw.writable) return;
  const waiting = flushWaiters.get(raw);
  if (waiting) return void waiting.push(waiter);
  const waiters = [waiter];
  flushWaiters.set(raw, waiters);
  const check = () => {
    if (!raw.writable) return void flushWaiters.delete(raw);
    if (raw.writableLength > 0) return void raw.write(NOTHING, check);
    flushWaiters.delete(raw);
    for (const w of waiters) w.flushed();
  };
  raw.write(NOTHING, check);
}
