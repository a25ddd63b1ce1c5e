import { fieldErrorsOfZod, fieldSentence, labelOf, type FieldLabels } from "@outreach/contracts/messages";
import type { ZodError } from "zod";

export interface FieldError {
  path: string[];
  message: string;
}

/**
 * Input a user can fix: every problem is a plain sentence naming the field as the form labels it
 * ("Campaign name must be at most 120 characters."), so it can be shown next to that field as it is.
 */
export class ValidationError extends Error {
  readonly fieldErrors: FieldError[];

  constructor(fieldErrors: FieldError[], labels?: FieldLabels) {
    const sentences = fieldErrors.map((e) => ({ path: e.path, message: fieldSentence(e.path, e.message, labels) }));
    super(
      sentences.length === 1
        ? sentences[0]!.message
        : `Some fields are not valid: ${[...new Set(sentences.map((e) => labelOf(e.path, labels)))].join(", ")}.`,
    );
    this.fieldErrors = sentences;
    this.name = "ValidationError";
  }

  static fromZod(error: ZodError, prefix: string[] = [], labels?: FieldLabels): ValidationError {
    return new ValidationError(fieldErrorsOfZod(error, labels, prefix), labels);
  }

  static field(path: string | string[], message: string, labels?: FieldLabels): ValidationError {
    return new ValidationError([{ path: Array.isArray(path) ? path : [path], message }], labels);
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
