import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";

export class JobNotFoundError extends NotFoundError {
  constructor(readonly jobId: string) {
    super("Job");
    this.name = "JobNotFoundError";
  }
}

export class CampaignNotFoundError extends NotFoundError {
  constructor(readonly campaignId: string) {
    super("Campaign");
    this.name = "CampaignNotFoundError";
  }
}

/** The action does not fit the job's current status, e.g. retrying a completed job. */
export class JobStateError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = "JobStateError";
  }
}

/** The job's parameters do not match what its queue accepts. */
export class JobInputError extends ValidationError {
  constructor(message: string) {
    super([{ path: ["params"], message }], { params: "Job parameters" });
    this.name = "JobInputError";
  }
}

/** Thrown inside a processor by throwIfCancelled() once a user cancelled the job. */
export class JobCancelledError extends Error {
  constructor() {
    super("Cancelled by the user");
    this.name = "JobCancelledError";
  }
}

/** Thrown inside a processor by throwIfCancelled() when its worker is shutting down. */
export class WorkerShutdownError extends Error {
  constructor() {
    super("The worker is shutting down");
    this.name = "WorkerShutdownError";
  }
}
