/**
 * Per-request batching: every key asked for in the same tick with the same context (one GraphQL
 * request) is loaded with one call, so a list never loads row by row.
 */
export function requestBatcher<C extends object, V>(load: (ctx: C, keys: string[]) => Promise<Map<string, V>>) {
  const batches = new WeakMap<C, { keys: Set<string>; result: Promise<Map<string, V>> }>();
  return (ctx: C, key: string): Promise<V | undefined> => {
    let batch = batches.get(ctx);
    if (!batch) {
      const keys = new Set<string>();
      const result = new Promise<Map<string, V>>((resolve, reject) =>
        process.nextTick(() => {
          batches.delete(ctx);
          load(ctx, [...keys]).then(resolve, reject);
        }),
      );
      batch = { keys, result };
      batches.set(ctx, batch);
    }
    batch.keys.add(key);
    return batch.result.then((m) => m.get(key));
  };
}
