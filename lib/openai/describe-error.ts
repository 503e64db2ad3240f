import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
} from "openai";
import { errorText } from "../errors.js";
import { redact } from "../redact.js";
import { requestIdOf } from "../request-id.js";
import { safeText } from "../safe-text.js";

/** 401 or 403: the key is wrong or lacks admin rights, so no further call can succeed this run. */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof PermissionDeniedError;
}

// An error body can be a whole HTML page from a proxy; a report needs the gist, on one line, and
// none of its line breaks or bidi controls (see safe-text.ts).
const MAX_DESCRIPTION_LENGTH = 500;

/**
 * A one-line, report-safe description of any error: status, cause, the request id when a response
 * gave one ("[request req_…]" for OpenAI, "[AWS request …]" for AWS), and no key material.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const id = requestIdOf(error);
  // Kept outside the cut: the id is what support asks for, however long the message.
  const suffix = id ? ` [${id.source === "aws" ? "AWS request" : "request"} ${id.id}]` : "";
  // Redacted before the cut, so that no part of a secret straddling it survives.
  return (
    safeText(redact(rawDescription(error), secrets), MAX_DESCRIPTION_LENGTH - suffix.length) +
    suffix
  );
}

function rawDescription(error: unknown): string {
  if (error instanceof APIUserAbortError) return "stopped: the run's time budget ran out";
  if (error instanceof APIConnectionTimeoutError) return "request timed out";
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? causeText(error.cause) : "";
    return `connection failed${cause ? ` (${cause})` : ""}`;
  }
  if (error instanceof APIError) return error.message;
  return errorText(error);
}

// fetch() wraps socket errors: "fetch failed" with the useful part (ECONNRESET, ...) in its cause.
function causeText(error: Error): string {
  const inner = error.cause instanceof Error ? error.cause : undefined;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") return code;
  return inner ? inner.message : error.message;
}
