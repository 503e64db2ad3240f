// One request from arrival to answer: record it, apply any scripted fault, check the key, run the
// operation, then wait out the configured latency.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { bearerToken, unauthorized } from "./auth.js";
import { type FaultQueue, faultReply, rateLimited } from "./faults.js";
import type { SimulatorOptions } from "./options.js";
import type { SimOrganization } from "./organization.js";
import type { PendingRecord, RequestLog } from "./recording.js";
import { errorReply, type Reply, send, simulatorFailure } from "./replies.js";
import { parseJson, readBody } from "./request-body.js";
import { answer } from "./routing.js";

/** Everything a request may read or change, shared by all requests of one simulator. */
export interface SimulatorContext {
  options: SimulatorOptions;
  /** The simulator's own copy of the organization; toggles change it. */
  state: SimOrganization;
  faults: FaultQueue;
  log: RequestLog;
  /** Aborted by close(), which cuts any latency delay short. */
  closing: AbortSignal;
  /** The key accepted now: options.adminKey until rotated. */
  key: { current: string };
}

/** Handles one request; rejects only if the onRequest callback throws. */
export async function handleRequest(
  context: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { options, state, faults, log, closing, key } = context;
  // A request beyond the concurrency limit is turned away and never counts as being handled.
  const throttled = options.maxInFlight !== undefined && log.inFlight >= options.maxInFlight;
  if (!throttled) log.track(res);
  const url = new URL(req.url ?? "/", "http://simulator.invalid");
  const method = req.method ?? "GET";
  const token = bearerToken(req.headers.authorization);
  const record: PendingRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    rawQuery: url.search.slice(1),
    body: undefined,
    authorized: token === key.current,
  };
  log.add(record);
  options.onRequest?.({ method, path: url.pathname });
  let raw: string;
  try {
    raw = await readBody(req);
  } catch {
    record.status = "reset"; // the client went away mid-body; nothing was answered
    return;
  }
  const parsed = parseJson(raw);
  if (method !== "GET") record.body = parsed.ok ? parsed.value : raw;
  // Faults come before auth so a test can inject them whatever key the client holds.
  const fault = throttled ? undefined : faults.take(method, url.pathname);
  if (fault?.kind === "reset" || fault?.kind === "hang") {
    record.status = fault.kind;
    if (fault.kind === "reset") req.socket.destroy();
    return; // a hang holds the socket open until close() destroys it
  }
  let reply: Reply;
  try {
    if (throttled) reply = rateLimited(options.throttleRetryAfterSeconds ?? 1);
    else if (fault) reply = faultReply(fault);
    else if (!record.authorized) reply = errorReply(unauthorized(token));
    else reply = answer(state, record, req.headers["content-type"], parsed);
  } catch (error) {
    reply = simulatorFailure(error);
  }
  // Like the real API, every answer names its request: the handle OpenAI support asks for.
  const requestId = `req_${randomBytes(16).toString("hex")}`;
  reply = { ...reply, headers: { "x-request-id": requestId, ...reply.headers } };
  // Decided (and applied) before the delay, so the record is complete while the client waits.
  record.requestId = requestId;
  record.status = reply.status;
  if (options.latencyMs) {
    try {
      await delay(options.latencyMs, undefined, { signal: closing });
    } catch {
      return; // closing: the socket is being destroyed anyway
    }
  }
  send(res, reply);
}
