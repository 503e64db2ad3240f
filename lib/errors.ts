import type { Report } from "./report/schema.js";
import type { JobSummary } from "./sweep-job.js";

/** An environment variable is missing or malformed; the message names the variable and the accepted form. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The invocation payload has a shape the function refuses to guess about (nothing was done). */
export class InvocationError extends Error {
  override name = "InvocationError";
}

/** The admin key could not be read from its secret (the message never contains the secret). */
export class SecretError extends Error {
  override name = "SecretError";
}

/** The Admin API answered something that does not match the contract (shared OpenAPI document). */
export class ResponseValidationError extends Error {
  override name = "ResponseValidationError";
}

/** A list said `has_more` but its cursor did not move on, so following it would loop forever. */
export class PaginationError extends Error {
  override name = "PaginationError";
}

/** Publishing the report to SNS failed after the SDK's retries. */
export class PublishError extends Error {
  override name = "PublishError";
  /** Parts published before the failure. */
  readonly sent: number;
  constructor(message: string, sent: number) {
    super(message);
    this.sent = sent;
  }
}

/** The sweep finished but something failed; thrown after the report was published so Lambda counts an error. */
export class SweepFailedError extends Error {
  override name = "SweepFailedError";
  /** The run's summary and report, for callers that print them (the local demo). */
  declare readonly details: { summary: JobSummary; report: Report };
  constructor(message: string, details: { summary: JobSummary; report: Report }) {
    super(message);
    // Not enumerable: runtimes that log a thrown error's own properties must not log the report again.
    Object.defineProperty(this, "details", { value: details, enumerable: false });
  }
}

/** The command line is wrong (an unknown flag or command); the message says what. */
export class UsageError extends Error {
  override name = "UsageError";
}
