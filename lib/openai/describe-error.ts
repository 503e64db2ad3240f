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

// An error body can be a whole HTML page from a proxy; a report needs the gist, on one line.
const MAX_DESCRIPTION_LENGTH = 500;

/** A one-line, report-safe description of any error: status, cause, and no key material. */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const text = redact(rawDescription(error), secrets).replace(/\s+/g, " ").trim();
  return text.length > MAX_DESCRIPTION_LENGTH
    ? `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…`
    : text;
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
