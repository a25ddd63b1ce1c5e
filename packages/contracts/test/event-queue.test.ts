import { expect, it } from "vitest";
import { createEventQueue, MAX_QUEUED_EVENTS, SubscriberTooSlowError, type EventSink } from "../src/event-queue.ts";

it("hands events over in push order, whether they were queued or awaited", async () => {
  const queue = createEventQueue<number>(() => {});
  queue.push(1);
  queue.push(2);
  const awaited = [queue.next(), queue.next(), queue.next()];
  queue.push(3);
  expect((await Promise.all(awaited)).map((r) => r.value)).toEqual([1, 2, 3]);
});

it("return() ends the stream once: a pending next() completes, later pushes are dropped", async () => {
  let ended = 0;
  const queue = createEventQueue<number>(() => ended++);
  const pending = queue.next();
  await queue.return!();
  await queue.return!();
  queue.push(1);
  expect(await pending).toEqual({ value: undefined, done: true });
  expect(await queue.next()).toEqual({ value: undefined, done: true });
  expect(ended).toBe(1);
});

it("a subscriber that lets more than MAX_QUEUED_EVENTS pile up gets an error instead of unbounded memory", async () => {
  let ended = 0;
  const queue = createEventQueue<number>(() => ended++);
  for (let n = 0; n <= MAX_QUEUED_EVENTS; n++) queue.push(n);
  expect(ended).toBe(1);
  await expect(queue.next()).rejects.toBeInstanceOf(SubscriberTooSlowError);
  expect(await queue.next()).toEqual({ value: undefined, done: true });
});

/** A sink that takes events while `ready`, recording them. */
function recordingSink() {
  const sink = { got: [] as number[], ready: true, ended: [] as (Error | undefined)[] };
  const consumer: EventSink<number> = {
    write: (n) => (sink.got.push(n), sink.ready),
    end: (error) => sink.ended.push(error),
  };
  return { sink, consumer };
}

it("piped, each event reaches the sink in the call that pushes it; once the sink is behind, events wait until it resumes, in order", () => {
  const queue = createEventQueue<number>(() => {});
  const { sink, consumer } = recordingSink();
  const resume = queue.pipe(consumer);
  queue.push(1);
  expect(sink.got).toEqual([1]);
  sink.ready = false;
  queue.push(2);
  queue.push(3);
  queue.push(4);
  expect(sink.got).toEqual([1, 2]);
  sink.ready = true;
  resume();
  expect(sink.got).toEqual([1, 2, 3, 4]);
});

it("while the consumer is behind, a waiting event gives way to a newer one that supersedes it; others keep their place", () => {
  // Odd numbers are "progress" that a newer odd number supersedes; even numbers always stay.
  const queue = createEventQueue<number>(() => {}, { supersedes: (queued, next) => queued % 2 === 1 && next % 2 === 1 });
  const { sink, consumer } = recordingSink();
  sink.ready = false;
  const resume = queue.pipe(consumer);
  for (const n of [0, 1, 3, 5, 2, 7, 9, 4, 11]) queue.push(n);
  sink.ready = true;
  resume();
  // 0 was taken as the sink fell behind; of the rest, 1, 3 and 7 were superseded while waiting.
  expect(sink.got).toEqual([0, 5, 2, 9, 4, 11]);
});

it("pulled with next(), events that arrive while nobody is waiting are coalesced the same way", async () => {
  const queue = createEventQueue<number>(() => {}, { supersedes: (queued, next) => queued % 2 === 1 && next % 2 === 1 });
  for (const n of [1, 3, 2, 5, 7]) queue.push(n);
  const pulled = [];
  for (let i = 0; i < 3; i++) pulled.push((await queue.next()).value);
  expect(pulled).toEqual([3, 2, 7]);
});

it("the end reaches a piped sink after the events still waiting, or at once when none wait", () => {
  const queue = createEventQueue<number>(() => {});
  const { sink, consumer } = recordingSink();
  sink.ready = false;
  const resume = queue.pipe(consumer);
  queue.push(1);
  queue.push(2);
  const failure = new Error("source failed");
  queue.end(failure);
  queue.push(3);
  expect(sink.ended).toEqual([]);
  sink.ready = true;
  resume();
  expect(sink.got).toEqual([1, 2]);
  expect(sink.ended).toEqual([failure]);

  const idle = createEventQueue<number>(() => {});
  const second = recordingSink();
  idle.pipe(second.consumer);
  idle.end();
  expect(second.sink.ended).toEqual([undefined]);
});
