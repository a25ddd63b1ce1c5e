/**
 * Test helpers shared by every package's tests (a devDependency, never imported by src/). The
 * heavier parts have their own entry points: ./jobs (a job test env), ./worker (a worker process),
 * ./api (an API instance), ./gql (GraphQL over HTTP), ./scenarios (the rows a test starts from).
 */
export { createTestDatabase, createDatabaseEnv, type TestDatabase, type DatabaseEnv } from "./database.ts";
export { freePort } from "./net.ts";
export { until } from "./wait.ts";
export { REDIS_URL, deleteRedisPrefix } from "./redis.ts";
export { OwnRedis } from "./own-redis.ts";
