import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
} from "openai";
import { redact } from "../redact.js";

/** 401 or 403: the key is wrong or lacks admin rights, so no further call can succeed this run. */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof PermissionDeniedError;
}

/** A one-line, report-safe description of any error: status, cause, and no key material. */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  return redact(rawDescription(error), secrets);
}

function rawDescription(error: unknown): string {
  if (error instanceof APIUserAbortError) return "stopped: the run's time budget ran out";
  if (error instanceof APIConnectionTimeoutError) return "request timed out";
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? causeText(error.cause) : "";
    return `connection failed${cause ? ` (${cause})` : ""}`;
  }
  if (error instanceof APIError) {
    const requestId = error.requestID ? ` [request ${error.requestID}]` : "";
    return `${error.message}${requestId}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

// fetch() wraps socket errors: "fetch failed" with the useful part (ECONNRESET, ...) in its cause.
function causeText(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") return code;
  return inner ? inner.message : error.message;
}
