/** A record does not exist or belongs to another user: both look the same to the caller. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class JobNotFoundError extends NotFoundError {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} was not found`);
    this.name = "JobNotFoundError";
  }
}

export class CampaignNotFoundError extends NotFoundError {
  constructor(readonly campaignId: string) {
    super(`Campaign ${campaignId} was not found`);
    this.name = "CampaignNotFoundError";
  }
}

/** The action does not fit the job's current status, e.g. retrying a completed job. */
export class JobStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JobStateError";
  }
}

/** The job's parameters do not match what its queue accepts. */
export class JobInputError extends Error {
  constructor(message: string) {
    super(message);
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
