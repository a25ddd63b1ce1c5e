import type { Env, EventBus } from "@outreach/contracts";
import type { Db } from "@outreach/db";
import type { Queues } from "./queues.ts";

/** Everything job code needs, passed in (never imported) so tests hand in real ones on a test database. */
export interface JobDeps {
  db: Db;
  bus: EventBus;
  queues: Queues;
  env: Env;
}
