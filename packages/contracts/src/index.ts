export * from "./env.ts";
export * from "./queues.ts";
export * from "./events.ts";
export * from "./redis.ts";
export * from "./domain.ts";
export * from "./pubsub.ts";
export * from "./inputs.ts";
export * from "./secrets.ts";
