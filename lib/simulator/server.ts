// A loopback HTTP server playing OpenAI's Admin API for integration tests and the local demo.
// Built on node:http only, so what the product sees is real HTTP: status codes, headers, resets.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import {
  listOrganizationCertificates,
  listProjectCertificates,
  listProjects,
  SimApiError,
  type SimOrganization,
  setProjectCertificatesActive,
} from "./organization.js";

export type FaultKind = "rate_limit" | "server_error" | "reset" | "hang" | "respond";

export interface FaultRule {
  kind: FaultKind;
  method?: "GET" | "POST";
  /** Matches the request path (including the /v1 prefix): a substring, or a RegExp. Omitted: any path. */
  path?: string | RegExp;
  /** How many matching requests this rule affects; default 1. */
  times?: number;
  /** rate_limit: value of the Retry-After header in seconds (default 1). */
  retryAfterSeconds?: number;
  /** server_error: status (default 500). respond: status (default 200). */
  status?: number;
  /** respond: the JSON body to send instead of the real answer (for malformed-response tests). The real operation is NOT applied. */
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  /** URL pathname, e.g. "/v1/organization/projects/proj_1/certificates". */
  path: string;
  /** Last value wins for repeated keys. */
  query: Record<string, string>;
  /** E.g. "limit=100&after=proj_9". */
  rawQuery: string;
  /** Parsed JSON for POST, or the raw string when it was not JSON; undefined for GET. */
  body: unknown;
  status: number | "reset" | "hang";
  /** Whether the bearer key was right; the key itself is never stored. */
  authorized: boolean;
}

export interface SimulatorOptions {
  adminKey: string;
  /** Deep-copied at start; the simulator owns its state. */
  organization: SimOrganization;
  /** Added before every answer (default 0). */
  latencyMs?: number;
  faults?: FaultRule[];
  /** Called as each request arrives. */
  onRequest?: (request: { method: string; path: string }) => void;
}

export interface Simulator {
  /** Base URL including "/v1"; use it as the OpenAI base URL. */
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** Highest number of requests being handled at once since start/reset. */
  readonly maxInFlight: number;
  injectFault(rule: FaultRule): void;
  /** Current project-level active certificate ids, sorted. */
  activeInProject(projectId: string): string[];
  snapshot(): SimOrganization;
  resetRecording(): void;
  /** Stops listening and destroys open sockets, including hanging ones. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  /** JSON-encoded on the wire; undefined sends an empty body. */
  body: unknown;
  headers?: Record<string, string>;
}

/** Until its answer is decided a record has no status and is not exposed. */
type PendingRecord = Omit<RecordedRequest, "status"> & { status?: RecordedRequest["status"] };
type ParsedBody = { ok: true; value: unknown } | { ok: false };
type Operation = (
  org: SimOrganization,
  query: Record<string, string>,
  body: () => unknown,
) => unknown;

const PROJECT_CERTIFICATES =
  /^\/v1\/organization\/projects\/([^/]+)\/certificates(?:\/(activate|deactivate))?$/;

/** The allowed method and the operation for a path, or undefined for an unknown path. */
function findRoute(path: string): { method: "GET" | "POST"; run: Operation } | undefined {
  if (path === "/v1/organization/certificates") {
    return { method: "GET", run: listOrganizationCertificates };
  }
  if (path === "/v1/organization/projects") return { method: "GET", run: listProjects };
  const [, segment, action] = PROJECT_CERTIFICATES.exec(path) ?? [];
  if (segment === undefined) return undefined;
  let projectId: string;
  try {
    projectId = decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding cannot name a project
  }
  if (action === undefined) {
    return { method: "GET", run: (org, query) => listProjectCertificates(org, projectId, query) };
  }
  const active = action === "activate";
  return {
    method: "POST",
    run: (org, _q, body) => setProjectCertificatesActive(org, projectId, body(), active),
  };
}

function errorReply(error: SimApiError, headers?: Record<string, string>): Reply {
  const { message, type, param, code } = error;
  return { status: error.status, body: { error: { message, type, param, code } }, headers };
}

/** Mirrors OpenAI's message, which echoes part of the key: exactly what the product must redact. */
function unauthorized(token: string | undefined): SimApiError {
  const message =
    token === undefined
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
      : `Incorrect API key provided: ${maskKey(token)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
  return new SimApiError(401, message, null, "invalid_api_key");
}

/** First 7 and last 4 characters, like the real API; short keys come back whole, as they do from OpenAI. */
function maskKey(key: string): string {
  if (key.length < 12) return key;
  return `${key.slice(0, 7)}${"*".repeat(key.length - 11)}${key.slice(-4)}`;
}

function faultReply(rule: FaultRule): Reply {
  if (rule.kind === "rate_limit") {
    const seconds = rule.retryAfterSeconds ?? 1;
    const message = `Rate limit reached for requests. Please try again in ${seconds}s.`;
    const error = new SimApiError(429, message, null, "rate_limit_exceeded", "requests");
    return errorReply(error, { "retry-after": String(seconds) });
  }
  if (rule.kind === "server_error") {
    const message = "The server had an error while processing your request. Sorry about that!";
    return errorReply(new SimApiError(rule.status ?? 500, message, null, null, "server_error"));
  }
  return { status: rule.status ?? 200, body: rule.body };
}

function parseJson(raw: string): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** The request body of a POST operation; OpenAI only accepts JSON there. */
function jsonBody(contentType: string | undefined, parsed: ParsedBody): unknown {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  const fail = (code: string, message: string) => new SimApiError(400, message, null, code);
  if (mediaType !== "application/json") {
    throw fail("invalid_content_type", "Content-Type must be application/json.");
  }
  if (!parsed.ok) throw fail("invalid_json", "We could not parse the JSON body of your request.");
  return parsed.value;
}

/** Runs the API operation for an authorized request; any API-level failure becomes an error reply. */
function answer(
  org: SimOrganization,
  req: IncomingMessage,
  record: PendingRecord,
  parsed: ParsedBody,
): Reply {
  const route = findRoute(record.path);
  const invalidUrl = `Invalid URL (${record.method} ${record.path})`;
  if (!route) return errorReply(new SimApiError(404, invalidUrl));
  if (route.method !== record.method) {
    const message = `Method ${record.method} is not allowed on ${record.path}; use ${route.method}.`;
    return errorReply(new SimApiError(405, message, null, "method_not_allowed"), {
      allow: route.method,
    });
  }
  try {
    const body = route.run(org, record.query, () => jsonBody(req.headers["content-type"], parsed));
    return { status: 200, body };
  } catch (error) {
    if (error instanceof SimApiError) return errorReply(error);
    throw error;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  // The client may have gone away while the answer was delayed.
  if (!res.socket || res.socket.destroyed || res.headersSent) return;
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  // search() ignores lastIndex, so a RegExp with the g flag still matches every time.
  return typeof rule.path === "string" ? path.includes(rule.path) : path.search(rule.path) >= 0;
}

function simulatorFailure(error: unknown): Reply {
  return errorReply(
    new SimApiError(500, `Simulator failure: ${String(error)}`, null, null, "server_error"),
  );
}

/** Starts the simulator on 127.0.0.1 with an OS-chosen port. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = structuredClone(options.organization);
  const faults = (options.faults ?? []).map((rule) => ({ rule, left: rule.times ?? 1 }));
  const closing = new AbortController();
  let records: PendingRecord[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  function takeFault(method: string, path: string): FaultRule | undefined {
    const entry = faults.find(({ rule, left }) => left > 0 && ruleMatches(rule, method, path));
    if (entry) entry.left -= 1;
    return entry?.rule;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once("close", () => {
      inFlight -= 1;
    });
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const method = req.method ?? "GET";
    const token = /^Bearer +(\S.*)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
    const record: PendingRecord = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      rawQuery: url.search.slice(1),
      body: undefined,
      authorized: token === options.adminKey,
    };
    records.push(record);
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
    const fault = takeFault(method, url.pathname);
    if (fault?.kind === "reset" || fault?.kind === "hang") {
      record.status = fault.kind;
      if (fault.kind === "reset") req.socket.destroy();
      return; // a hang holds the socket open until close() destroys it
    }
    let reply: Reply;
    try {
      if (fault) reply = faultReply(fault);
      else if (!record.authorized) reply = errorReply(unauthorized(token));
      else reply = answer(state, req, record, parsed);
    } catch (error) {
      reply = simulatorFailure(error);
    }
    // Decided (and applied) before the delay, so the record is complete while the client waits.
    record.status = reply.status;
    if (options.latencyMs) {
      try {
        await delay(options.latencyMs, undefined, { signal: closing.signal });
      } catch {
        return; // closing: the socket is being destroyed anyway
      }
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    // Only a throwing onRequest callback gets here; answer rather than leave the client waiting.
    handle(req, res).catch((error: unknown) => send(res, simulatorFailure(error)));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("Simulator has no TCP port");
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    get requests() {
      return records.filter((record): record is RecordedRequest => record.status !== undefined);
    },
    get maxInFlight() {
      return maxInFlight;
    },
    injectFault(rule) {
      faults.push({ rule, left: rule.times ?? 1 });
    },
    activeInProject(projectId) {
      return [...(state.projectActive[projectId] ?? [])].sort();
    },
    snapshot() {
      return structuredClone(state);
    },
    resetRecording() {
      records = [];
      // Requests still open (hanging ones) keep counting, so start from them rather than zero.
      maxInFlight = inFlight;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
