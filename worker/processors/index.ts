import type { Processors } from "@outreach/core/jobs/runner";
import score from "./score.ts";

/** Queues this worker runs. Queues without a processor here are left to the other pipeline steps. */
export const processors: Processors = { score };
