import { createEventQueue, MAX_QUEUED_EVENTS, SubscriberTooSlowError } from "@outreach/contracts/event-queue";
import { expect, it } from "vitest";

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
