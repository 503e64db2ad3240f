// The request id is the handle a provider's support asks for: OpenAI's `x-request-id`, AWS's
// `x-amzn-RequestId`. Errors raised after a response arrived (a body cut off, a body that breaks
// the contract) carry no id of their own, so it is attached here without changing their class.
const attached = new WeakMap<object, { id: string; source: RequestIdSource }>();

/** Who answered the request an error came from: OpenAI (the Admin API) or AWS. */
export type RequestIdSource = "openai" | "aws";

/** Returns `error`, remembering `requestId` as the id of the response it came from. */
export function withRequestId<E>(
  error: E,
  requestId: string | null | undefined,
  source: RequestIdSource = "openai",
): E {
  if (requestId && typeof error === "object" && error !== null && !attached.has(error)) {
    attached.set(error, { id: requestId, source });
  }
  return error;
}

/** The id of the request `error` came from, and whose it is, when a response said. */
export function requestIdOf(error: unknown): { id: string; source: RequestIdSource } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const own = attached.get(error);
  if (own) return own;
  // The openai package's APIError reads `x-request-id` into `requestID`.
  const openai = (error as { requestID?: unknown }).requestID;
  if (typeof openai === "string" && openai !== "") return { id: openai, source: "openai" };
  // AWS SDK v3 service exceptions carry the response's request id in `$metadata`.
  const aws = (error as { $metadata?: { requestId?: unknown } }).$metadata?.requestId;
  if (typeof aws === "string" && aws !== "") return { id: aws, source: "aws" };
  return undefined;
}

/** The request id alone, or null: the form the report's `request_id` fields take. */
export const requestIdOrNull = (error: unknown): string | null => requestIdOf(error)?.id ?? null;
