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
