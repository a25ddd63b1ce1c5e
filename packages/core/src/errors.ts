import type { ZodError } from "zod";

export interface FieldError {
  path: string[];
  message: string;
}

/** Input a user can fix: every problem names the field it belongs to. */
export class ValidationError extends Error {
  constructor(readonly fieldErrors: FieldError[], message = "Some fields are not valid") {
    super(fieldErrors.length === 1 ? `${fieldErrors[0]!.path.join(".")}: ${fieldErrors[0]!.message}` : message);
    this.name = "ValidationError";
  }

  static fromZod(error: ZodError, prefix: string[] = []): ValidationError {
    return new ValidationError(
      error.issues.map((issue) => ({ path: [...prefix, ...issue.path.map(String)], message: issue.message })),
    );
  }

  static field(path: string | string[], message: string): ValidationError {
    return new ValidationError([{ path: Array.isArray(path) ? path : [path], message }]);
  }
}

/** Missing, or not the caller's: the two look the same so nothing leaks. */
export class NotFoundError extends Error {
  constructor(readonly entity: string) {
    super(`${entity} not found`);
    this.name = "NotFoundError";
  }
}

/** The record exists but the action clashes with its state or with another record. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

export class AuthenticationError extends Error {
  constructor(message = "Not authenticated") {
    super(message);
    this.name = "AuthenticationError";
  }
}
