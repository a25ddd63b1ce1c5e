/** Runs fn over items, `size` at a time; the first error stops taking new items and is thrown. */
export async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const run = async () => {
    try {
      while (next < items.length) await fn(items[next++]!);
    } catch (err) {
      next = items.length;
      throw err;
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, run));
}

/** fn, run at most `size` calls at a time; the others wait their turn in the order they were made. */
export function limited<A extends unknown[], R>(size: number, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (...args) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await fn(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
