import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../lib/net.ts";
import { findExecutable, pingRedis, redisMissingMessage, startRedisServer } from "../lib/redis.ts";

const tmp = mkdtempSync(path.join(os.tmpdir(), "outreach-redis-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("finding Redis", () => {
  it("tells a user without Redis exactly how to get one", () => {
    const message = redisMissingMessage();
    expect(message).toContain("apt-get install -y redis-server");
    expect(message).toContain("brew install redis");
    expect(message).toContain("docker compose up -d");
    expect(message).toContain("REDIS_URL");
  });

  it("finds redis-server only where PATH says, and only when executable", () => {
    const bin = path.join(tmp, "bin");
    const file = path.join(bin, "redis-server");
    expect(findExecutable("redis-server", bin)).toBeUndefined();
    mkdirSync(bin);
    writeFileSync(file, "#!/bin/sh\n");
    chmodSync(file, 0o644);
    expect(findExecutable("redis-server", bin)).toBeUndefined();
    chmodSync(file, 0o755);
    expect(findExecutable("redis-server", `/nonexistent${path.delimiter}${bin}`)).toBe(file);
  });

  const redisServer = findExecutable("redis-server");
  it.skipIf(!redisServer)("starts redis-server with its data in the given folder, and stops it", async () => {
    const port = await findFreePort();
    const dir = path.join(tmp, "redis");
    const redis = await startRedisServer({ bin: redisServer!, dir, port });
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${port}`);
      expect(await pingRedis(port)).toBe(true);
      expect(existsSync(path.join(dir, "appendonlydir"))).toBe(true);
    } finally {
      await redis.stop();
    }
    expect(await pingRedis(port)).toBe(false);
  });
});
