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
  return new Queue(onEnd, options.supersedes ?? null);
}

/**
 * A class, not closures: a fan-out touches every subscriber's queue for each event, and one object
 * per queue (fields inline, methods shared) is fewer cache misses than a closure context per method.
 */
class Queue<T> implements EventQueue<T> {
  /** Waiting events from `head` on; null while none ever waited. */
  private events: T[] | null = null;
  private head = 0;
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void } | null = null;
  private sink: EventSink<T> | null = null;
  private sinkReady = false;
  /** No more pushes: ended by the source (end) or the consumer (return). */
  private closed = false;
  /** The source's end, to hand over once no event waits: with an error, or without (a plain end). */
  private ending: { error: Error | undefined } | null = null;

  constructor(
    private onEnd: (() => void) | null,
    private readonly supersedes: ((queued: T, next: T) => boolean) | null,
  ) {}

  push(event: T) {
    if (this.closed) return;
    if (this.sinkReady && !this.queued()) {
      this.sinkReady = this.sink!.write(event);
    } else if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else {
      this.enqueue(event);
    }
  }

  end(error?: Error) {
    if (this.closed) return;
    this.close();
    this.ending = { error };
    if (this.sink) return this.flush();
    if (this.waiting && !this.queued()) {
      const { resolve, reject } = this.waiting;
      this.waiting = null;
      this.ending = null;
      if (error) reject(error);
      else resolve(finished);
    }
  }

  pipe(consumer: EventSink<T>): () => void {
    this.sink = consumer;
    this.sinkReady = true;
    this.flush();
    return () => {
      if (this.sinkReady || this.sink !== consumer) return;
      this.sinkReady = true;
      this.flush();
    };
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queued()) return Promise.resolve({ value: this.take(), done: false });
    if (this.ending) {
      const { error } = this.ending;
      this.ending = null;
      return error ? Promise.reject(error) : Promise.resolve(finished);
    }
    if (this.closed) return Promise.resolve(finished);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    this.events = null;
    this.head = 0;
    this.ending = null;
    this.sink = null;
    this.sinkReady = false;
    this.waiting?.resolve(finished);
    this.waiting = null;
    return Promise.resolve(finished);
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private queued(): boolean {
    return this.events !== null && this.head < this.events.length;
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    const onEnd = this.onEnd;
    this.onEnd = null;
    onEnd?.();
  }

  private take(): T {
    const events = this.events!;
    const value = events[this.head]!;
    events[this.head++] = undefined as T;
    if (this.head === events.length) {
      this.events = null;
      this.head = 0;
    }
    return value;
  }

  private enqueue(event: T) {
    const events = (this.events ??= []);
    if (this.head < events.length && this.supersedes?.(events[events.length - 1]!, event)) {
      events[events.length - 1] = event;
    } else if (events.length - this.head >= MAX_QUEUED_EVENTS) {
      this.events = null;
      this.head = 0;
      this.end(new SubscriberTooSlowError());
    } else {
      events.push(event);
    }
  }

  /** Push mode: hands waiting events over while the sink keeps up, then the end once all are out. */
  private flush() {
    while (this.sinkReady && this.queued()) this.sinkReady = this.sink!.write(this.take());
    if (this.ending && !this.queued() && this.sink) {
      const { error } = this.ending;
      this.ending = null;
      this.sink.end(error);
    }
  }
}
