import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "openai";
import { ResponseValidationError } from "../errors.js";

/**
 * Reads a response body as JSON. The SDK's request timeout ends once the headers arrive, so the
 * body gets its own: a body that stalls or is cut off is a transient connection failure (retried),
 * the run's deadline (`deadline` aborted) is not, and only a complete body that is not JSON is a
 * contract violation.
 */
export async function readJsonBody(
  response: Response,
  deadline: AbortSignal,
  timeoutMs: number,
  label: string,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new APIConnectionTimeoutError()), timeoutMs);
  });
  let text: string;
  try {
    text = await Promise.race([response.text(), stalled]);
  } catch (error) {
    response.body?.cancel().catch(() => {});
    if (deadline.aborted) throw new APIUserAbortError();
    if (error instanceof APIConnectionTimeoutError) throw error;
    const cause = error instanceof Error ? error : undefined;
    throw new APIConnectionError({
      message: "the response body was cut off",
      ...(cause ? { cause } : {}),
    });
  } finally {
    clearTimeout(timer);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ResponseValidationError(`${label}: the response body is not JSON`);
  }
}
