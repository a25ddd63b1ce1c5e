import type { Processors } from "../runtime/runner.ts";
import compose from "./compose.ts";
import discover from "./discover.ts";
import enrich from "./enrich.ts";
import score from "./score.ts";
import send from "./send.ts";
import followup from "./followup.ts";
import sync from "./sync.ts";

/** Queues this worker runs. Queues without a processor here are left to the other pipeline steps. */
export const processors: Processors = { discover, enrich, score, compose, send, followup, sync };
