/** What the API and the worker share about jobs: rows, the one enqueue path, events, cancelling. */
export type { JobDeps } from "./deps.ts";
export { createQueues, closeQueues, queuesRedis, queuePrefix, type Queues } from "./queues.ts";
export { enqueueJob, addRowToQueue, flowParentOf, payloadFor, type EnqueueJobInput, type EnqueuedJob } from "./enqueue.ts";
export { startJob, cancelJob, retryJob, type StartJobInput } from "./service.ts";
export { publishJob, currentSeq, storedJobEvents, STORED_JOB_EVENTS } from "./events.ts";
export { requestCancel, isCancelRequested, listenForCancels } from "./cancel.ts";
export { deterministicUuid } from "./ids.ts";
export { providersForJob } from "./providers.ts";
export { CampaignNotFoundError, JobCancelledError, JobInputError, JobNotFoundError, JobStateError, WorkerShutdownError } from "./errors.ts";
export { jobProgressStream, type JobProgressItem, type JobProgressKind } from "./progress-stream.ts";
