// How every Admin API call is sent and checked: one request whose whole body is validated, and a
// list followed page by page.
import * as v from "valibot";
import { ResponseValidationError } from "../errors.js";
import { requestIdFrom, withRequestId } from "../request-id.js";
import { paginate } from "./paginate.js";
import { readJsonBody } from "./read-body.js";
import { isSafeId, listSchema } from "./schemas.js";

/** An answer with the `x-request-id` of the response that carried it (null when it had none). */
export interface Answered<T> {
  data: T;
  requestId: string | null;
}

/**
 * Sends one request. The sweep's runner adds the concurrency limit, retries and the deadline
 * signal around it; `send` itself must make exactly one HTTP request. A `priority` request goes
 * ahead of those waiting for a slot.
 */
export type RequestRunner = <T>(
  send: (signal: AbortSignal) => Promise<T>,
  priority?: boolean,
) => Promise<T>;

/** An SDK call, for the raw response. */
type SdkRequest = (signal: AbortSignal) => { asResponse(): Promise<Response> };

export type ListRequest = (
  page: { limit: number; after?: string },
  options: { signal: AbortSignal },
) => { asResponse(): Promise<Response> };

// The spec's maximum page size: 5x fewer requests than the default of 20.
export const PAGE_SIZE = 100;

/** Requests through `run`, each body read within `timeoutMs` and validated against its schema. */
export function requester(run: RequestRunner, timeoutMs: number) {
  // `asResponse()` keeps the SDK's auth, URL building, timeout and typed errors, and hands over the
  // raw body so that the whole envelope (not just the items) is validated here.
  // Errors raised after the response arrived (a body cut off or off-contract) keep its request id.
  const fetchJson = <T>(
    label: string,
    request: SdkRequest,
    schema: v.GenericSchema<unknown, T>,
    priority = false,
  ): Promise<Answered<T>> =>
    run(async (signal) => {
      const response = await request(signal).asResponse();
      const requestId = requestIdFrom(response.headers.get("x-request-id"));
      try {
        const body = await readJsonBody(response, signal, timeoutMs, label);
        return { data: validate(label, schema, body), requestId };
      } catch (error) {
        throw withRequestId(error, requestId);
      }
    }, priority);

  const list = <T extends { id: string }>(
    label: string,
    item: v.GenericSchema<unknown, T>,
    request: ListRequest,
    options: { maxPages: number; priority?: boolean },
  ) =>
    paginate<T>(
      async (after) => {
        const page = { limit: PAGE_SIZE, ...(after === undefined ? {} : { after }) };
        const answered = await fetchJson(
          label,
          (signal) => request(page, { signal }),
          listSchema(item),
          options.priority,
        );
        return { ...answered.data, requestId: answered.requestId };
      },
      label,
      options.maxPages,
    );

  return { fetchJson, list };
}

/** The id, once checked safe for a URL path; the responses' schemas already ensure it. */
export function safeId(id: string): string {
  if (!isSafeId(id)) {
    throw new ResponseValidationError(
      `refusing an id that is not letters, digits, _ and -: ${JSON.stringify(id.slice(0, 80))}`,
    );
  }
  return id;
}

function validate<S extends v.GenericSchema>(
  label: string,
  schema: S,
  body: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  throw new ResponseValidationError(
    `${label}: unexpected response (${v.summarize(result.issues).replaceAll("\n", " ")})`,
  );
}
