// The request id is the handle a provider's support asks for: OpenAI's `x-request-id`, AWS's
// `x-amzn-RequestId`. Errors raised after a response arrived (a body cut off, a body that breaks
// the contract) carry no id of their own, so it is attached here without changing their class.
const attached = new WeakMap<object, { id: string; source: RequestIdSource }>();

/** Who answered the request an error came from: OpenAI (the Admin API) or AWS. */
export type RequestIdSource = "openai" | "aws";

// A response header is text from outside: an id is kept only when it looks like one (OpenAI's
// are `req_` and hex, AWS's UUIDs), so that no header can put line breaks, bidi controls or
// kilobytes into a report, an SNS message or a log event.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id, when it looks like a request id; otherwise null (it is then left out). */
export function requestIdFrom(value: unknown): string | null {
  return typeof value === "string" && REQUEST_ID.test(value) ? value : null;
}

/** Returns `error`, remembering `requestId` as the id of the response it came from. */
export function withRequestId<E>(
  error: E,
  requestId: string | null | undefined,
  source: RequestIdSource = "openai",
): E {
  const id = requestIdFrom(requestId);
  if (id && typeof error === "object" && error !== null && !attached.has(error)) {
    attached.set(error, { id, source });
  }
  return error;
}

/** The id of the request `error` came from, and whose it is, when a response said. */
export function requestIdOf(error: unknown): { id: string; source: RequestIdSource } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = attached.get(error);
  if (own) return own;
  // The openai package's APIError reads `x-request-id` into `requestID`.
  const openai = requestIdFrom((error as { requestID?: unknown }).requestID);
  if (openai) return { id: openai, source: "openai" };
  // AWS SDK v3 service exceptions carry the response's request id in `$metadata`.
  const aws = requestIdFrom(
    (error as { $metadata?: { requestId?: unknown } }).$metadata?.requestId,
  );
  if (aws) return { id: aws, source: "aws" };
  return undefined;
}

/** The request id alone, or null: the form the report's `request_id` fields take. */
export const requestIdOrNull = (error: unknown): string | null => requestIdOf(error)?.id ?? null;
