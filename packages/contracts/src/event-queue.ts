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

export interface EventQueue<T> extends AsyncIterableIterator<T> {
  push(event: T): void;
}

/**
 * The async iterator between a channel listener and one subscriber: push() from the listener, next()
 * from the consumer. One pending promise at most, no per-event promise when events are waiting.
 * onEnd runs once, when the consumer returns or the queue overflows.
 */
export function createEventQueue<T>(onEnd: () => void): EventQueue<T> {
  let events: T[] = [];
  let head = 0;
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failWaiting: ((error: Error) => void) | null = null;
  let ended = false;
  let failure: Error | null = null;
  const finished: IteratorResult<T> = { value: undefined, done: true };

  const end = () => {
    if (ended) return;
    ended = true;
    events = [];
    head = 0;
    onEnd();
  };
  const settleWaiting = (result: IteratorResult<T> | Error) => {
    const [resolve, reject] = [waiting, failWaiting];
    waiting = failWaiting = null;
    if (result instanceof Error) reject?.(result);
    else resolve?.(result);
  };

  return {
    push(event) {
      if (ended) return;
      if (waiting) return settleWaiting({ value: event, done: false });
      if (events.length - head >= MAX_QUEUED_EVENTS) {
        failure = new SubscriberTooSlowError();
        return end();
      }
      events.push(event);
    },
    next() {
      if (head < events.length) {
        const value = events[head]!;
        events[head++] = undefined as T;
        if (head === events.length) {
          events = [];
          head = 0;
        }
        return Promise.resolve({ value, done: false });
      }
      if (failure) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (ended) return Promise.resolve(finished);
      return new Promise((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
    return() {
      end();
      settleWaiting(finished);
      return Promise.resolve(finished);
    },
    throw(error) {
      end();
      settleWaiting(finished);
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
