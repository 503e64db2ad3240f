import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "openai";
import { describe, expect, it } from "vitest";
import { ResponseValidationError } from "../../../lib/errors.js";
import { readJsonBody } from "../../../lib/openai/read-body.js";
import { isTransient } from "../../../lib/openai/retry.js";

// Short enough to keep the stalled-body test quick; real timers, since the stall is real too.
const TIMEOUT_MS = 50;
const LABEL = "list certificates of proj_1";

const encoder = new TextEncoder();

/** A response whose body stream is driven by `start`. */
function streamed(start: (controller: ReadableStreamDefaultController<Uint8Array>) => void) {
  return new Response(new ReadableStream<Uint8Array>({ start }), {
    headers: { "content-type": "application/json" },
  });
}

/** A response whose body arrives in `chunks` and then ends. */
function complete(...chunks: string[]): Response {
  return streamed((controller) => {
    for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
    controller.close();
  });
}

/** A response that sends one chunk and then never sends more nor ends. */
const stalled = () => streamed((controller) => controller.enqueue(encoder.encode('{"data":')));

/** A response that sends one chunk and then fails as undici does when the socket drops. */
const cutOff = () =>
  streamed((controller) => {
    controller.enqueue(encoder.encode('{"object":"list","da'));
    controller.error(new TypeError("terminated"));
  });

const live = () => new AbortController().signal;

function aborted(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("readJsonBody", () => {
  it("parses a complete JSON body sent in several chunks", async () => {
    const response = complete(
      '{"object":"list",',
      '"data":[{"id":"cert_1"}],',
      '"has_more":false}',
    );
    expect(await readJsonBody(response, live(), TIMEOUT_MS, LABEL)).toEqual({
      object: "list",
      data: [{ id: "cert_1" }],
      has_more: false,
    });
  });

  it("rejects a complete body that is not JSON with a ResponseValidationError naming the request", async () => {
    const error = await rejection(
      readJsonBody(complete("<html>502 Bad Gateway</html>"), live(), TIMEOUT_MS, LABEL),
    );
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).message).toContain(LABEL);
    expect((error as ResponseValidationError).message).toContain("not JSON");
    expect(isTransient(error)).toBe(false);
  });

  it("gives up on a body that stalls with a connection timeout, which is retried", async () => {
    const error = await rejection(readJsonBody(stalled(), live(), TIMEOUT_MS, LABEL));
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(isTransient(error)).toBe(true);
  });

  it("treats a body cut off mid-way as a connection error, which is retried", async () => {
    const error = await rejection(readJsonBody(cutOff(), live(), 5_000, LABEL));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).not.toBeInstanceOf(APIUserAbortError);
    expect((error as APIConnectionError).cause).toBeInstanceOf(TypeError);
    expect(isTransient(error)).toBe(true);
  });

  it("reports a failed body as the run's own abort once the deadline has passed, which is not retried", async () => {
    const error = await rejection(readJsonBody(cutOff(), aborted(), 5_000, LABEL));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(isTransient(error)).toBe(false);
  });

  it("reports a stalled body as the run's own abort once the deadline has passed", async () => {
    const error = await rejection(readJsonBody(stalled(), aborted(), TIMEOUT_MS, LABEL));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(isTransient(error)).toBe(false);
  });
});
