// What goes back on the wire: OpenAI's error body, and the one place that writes a response.
import type { ServerResponse } from "node:http";
import { SimApiError } from "./api-error.js";

/** An answer decided before it is sent, so it can be recorded while the latency delay runs. */
export interface Reply {
  status: number;
  /** JSON-encoded on the wire; undefined sends an empty body. */
  body: unknown;
  /** Sent as it is instead of `body`, for answers that are not JSON at all. */
  raw?: string;
  headers?: Record<string, string>;
}

/** The spec's ErrorResponse for a failed call. */
export function errorReply(error: SimApiError, headers?: Record<string, string>): Reply {
  const { message, type, param, code } = error;
  return { status: error.status, body: { error: { message, type, param, code } }, headers };
}

/** A 500 for a bug in the simulator itself, so the client gets an answer instead of a hang. */
export function simulatorFailure(error: unknown): Reply {
  return errorReply(
    new SimApiError(500, `Simulator failure: ${String(error)}`, null, null, "server_error"),
  );
}

/** Writes the reply as JSON unless the client is already gone. */
export function send(res: ServerResponse, reply: Reply): void {
  // The client may have gone away while the answer was delayed.
  if (!res.socket || res.socket.destroyed || res.headersSent) return;
  const text = reply.raw ?? (reply.body === undefined ? "" : JSON.stringify(reply.body));
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
}
