import { describe, expect, it } from "vitest";
import { limited } from "../src/pool.ts";

describe("limited", () => {
  it("runs at most `size` calls at once, the others in the order they were made, and passes errors on", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const work = limited(2, async (n: number) => {
      started.push(n);
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      if (n === 3) throw new Error("three");
      return n * 10;
    });
    const calls = [1, 2, 3, 4, 5].map((n) => work(n));
    const settled = Promise.allSettled(calls);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      releases.shift()!();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([10, 20, "three", 40, 50]);
  });
});
