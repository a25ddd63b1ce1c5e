/**
 * Events waiting for one subscriber, in arrival order. More than this and the subscriber is not
 * keeping up: its stream ends with an error instead of holding events without limit.
 */
export const MAX_QUEUED_EVENTS = 1024;

export class SubscriberTooSlowError extends Error {
  constructor() {
    super(`Subscriber too slow: more than ${MAX_QUEUED_EVENTS} events waiting`);
    this.name = "SubscriberTooSlowError";
  }
}

/** Where a queue hands its events in push mode (EventQueue.pipe). */
export interface EventSink<T> {
  /**
   * Takes one event. False when the consumer is behind: later events wait in the queue (and are
   * coalesced) until the consumer calls the resume function pipe() returned.
   */
  write(event: T): boolean;
  /** No event will follow: the queue failed (error) or its source ended. */
  end(error?: Error): void;
}

export interface EventQueue<T> extends AsyncIterableIterator<T> {
  push(event: T): void;
  /** No more events: consumers get the ones already queued, then the end (or the error). */
  end(error?: Error): void;
  /**
   * Push mode, instead of next(): each event goes to sink.write in the tick it is pushed in, while
   * the sink keeps up. Returns resume, for the sink to call when it can take events again.
   */
  pipe(sink: EventSink<T>): () => void;
}

export interface EventQueueOptions<T> {
  /**
   * Coalescing: true when `queued`, the newest event still waiting for a consumer that is behind,
   * can be dropped because `next` says all it says.
   */
  supersedes?: (queued: T, next: T) => boolean;
}

const finished: IteratorResult<never> = { value: undefined, done: true };

/**
 * The stream between a source (a channel listener) and one subscriber: push() from the source;
 * next() or pipe() for the consumer. An event goes straight to a consumer that is waiting (a pending
 * next(), a sink that keeps up) and is queued otherwise. One pending promise at most in pull mode,
 * none in push mode. onEnd runs once, when the consumer returns or the queue ends.
 */
export function createEventQueue<T>(onEnd: () => void, options: EventQueueOptions<T> = {}): EventQueue<T> {
  const { supersedes } = options;
  let events: T[] = [];
  let head = 0;
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | null = null;
  let sink: EventSink<T> | null = null;
  let sinkReady = false;
  /** No more pushes: ended by the source (end) or the consumer (return). */
  let closed = false;
  /** The source's end, to hand over once the queue is empty: an error, or null for a plain end. */
  let ending: { error: Error | undefined } | null = null;

  const close = () => {
    if (closed) return;
    closed = true;
    onEnd();
  };
  const take = (): T => {
    const value = events[head]!;
    events[head++] = undefined as T;
    if (head === events.length) {
      events = [];
      head = 0;
    }
    return value;
  };
  const enqueue = (event: T) => {
    if (head < events.length && supersedes?.(events[events.length - 1]!, event)) {
      events[events.length - 1] = event;
    } else if (events.length - head >= MAX_QUEUED_EVENTS) {
      events = [];
      head = 0;
      queue.end(new SubscriberTooSlowError());
    } else {
      events.push(event);
    }
  };
  /** Push mode: hands queued events over while the sink keeps up, then the end once all are out. */
  const flush = () => {
    while (sinkReady && head < events.length) sinkReady = sink!.write(take());
    if (ending && head === events.length && sink) {
      const { error } = ending;
      ending = null;
      sink.end(error);
    }
  };

  const queue: EventQueue<T> = {
    push(event) {
      if (closed) return;
      if (sinkReady && head === events.length) {
        sinkReady = sink!.write(event);
      } else if (waiting) {
        const { resolve } = waiting;
        waiting = null;
        resolve({ value: event, done: false });
      } else {
        enqueue(event);
      }
    },
    end(error) {
      if (closed) return;
      close();
      ending = { error };
      if (sink) return flush();
      if (waiting && head === events.length) {
        const { resolve, reject } = waiting;
        waiting = null;
        ending = null;
        if (error) reject(error);
        else resolve(finished);
      }
    },
    pipe(consumer) {
      sink = consumer;
      sinkReady = true;
      flush();
      return () => {
        if (sinkReady || sink !== consumer) return;
        sinkReady = true;
        flush();
      };
    },
    next() {
      if (head < events.length) return Promise.resolve({ value: take(), done: false });
      if (ending) {
        const { error } = ending;
        ending = null;
        return error ? Promise.reject(error) : Promise.resolve(finished);
      }
      if (closed) return Promise.resolve(finished);
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return: () => stop(),
    throw(error) {
      stop();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  function stop(): Promise<IteratorResult<T>> {
    close();
    events = [];
    head = 0;
    ending = null;
    sink = null;
    sinkReady = false;
    waiting?.resolve(finished);
    waiting = null;
    return Promise.resolve(finished);
  }
  return queue;
}
