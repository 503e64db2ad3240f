// Errors of the whole program, free of imports so that any module can throw them. Two live beside
// what they carry: SweepFailedError (a run's summary) in job/summary.ts, and ConfigError (its
// structured issues) in config/error.ts.

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
  constructor(message: string, sent: number, options?: ErrorOptions) {
    super(message, options);
    this.sent = sent;
  }
}

/** The command line is wrong (an unknown flag or command); the message says what. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Any thrown value as "Name: message", the form every report, log line and stderr line uses. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * `error` as the cause of an error that wraps it, when it is an Error: anything else a call
 * rejected with (a string, say) could be a secret, and is not kept.
 */
export const causeOf = (error: unknown): ErrorOptions | undefined =>
  error instanceof Error ? { cause: error } : undefined;
