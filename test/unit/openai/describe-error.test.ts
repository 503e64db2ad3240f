import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from "openai";
import { describe, expect, it } from "vitest";
import { createOpenAIClient } from "../../../lib/openai/client.js";
import { describeError, isAuthFailure } from "../../../lib/openai/describe-error.js";

const KEY = "sk-admin-Zq81mLx0vR7pT2wY";
const noHeaders = () => new Headers();

/** An SDK connection error as fetch() produces it: the socket error two causes down. */
function socketFailure(code: string, message: string): APIConnectionError {
  const socket = Object.assign(new Error(message), { code });
  return new APIConnectionError({
    cause: Object.assign(new TypeError("fetch failed"), { cause: socket }),
  });
}

describe("describeError", () => {
  it.each([
    [
      "400",
      new BadRequestError(400, { message: "limit must be at most 100" }, undefined, noHeaders()),
      "400 limit must be at most 100",
    ],
    [
      "404",
      new NotFoundError(404, { message: "No such project: proj_x" }, undefined, noHeaders()),
      "404 No such project: proj_x",
    ],
    [
      "409",
      new ConflictError(409, { message: "certificate is being updated" }, undefined, noHeaders()),
      "409 certificate is being updated",
    ],
    [
      "429",
      new RateLimitError(429, { message: "Rate limit reached" }, undefined, noHeaders()),
      "429 Rate limit reached",
    ],
    [
      "503",
      new InternalServerError(503, { message: "upstream unavailable" }, undefined, noHeaders()),
      "503 upstream unavailable",
    ],
    [
      "500 without a body",
      new APIError(500, undefined, undefined, noHeaders()),
      "500 status code (no body)",
    ],
  ])("keeps the status and message of a %s", (_case, error, expected) => {
    expect(describeError(error)).toBe(expected);
  });

  it("appends the request id so that OpenAI support can find the request", () => {
    const error = new InternalServerError(
      500,
      { message: "The server had an error" },
      undefined,
      new Headers({ "x-request-id": "req_7d1c0e" }),
    );
    expect(describeError(error)).toBe("500 The server had an error [request req_7d1c0e]");
  });

  it("names the socket code of a connection error from the nested cause", () => {
    expect(describeError(socketFailure("ECONNRESET", "read ECONNRESET"))).toBe(
      "connection failed (ECONNRESET)",
    );
    expect(describeError(socketFailure("ENOTFOUND", "getaddrinfo ENOTFOUND api.openai.com"))).toBe(
      "connection failed (ENOTFOUND)",
    );
  });

  it("falls back to the cause's message when the socket error has no code", () => {
    const error = new APIConnectionError({
      cause: Object.assign(new TypeError("fetch failed"), {
        cause: new Error("other side closed"),
      }),
    });
    expect(describeError(error)).toBe("connection failed (other side closed)");
  });

  it("describes a connection error without a cause plainly", () => {
    expect(describeError(new APIConnectionError({}))).toBe("connection failed");
  });

  it("describes a request timeout", () => {
    expect(describeError(new APIConnectionTimeoutError())).toBe("request timed out");
  });

  it("describes the run's own abort as the time budget running out", () => {
    expect(describeError(new APIUserAbortError())).toBe("stopped: the run's time budget ran out");
  });

  it("names the class of any other error", () => {
    expect(describeError(new TypeError("x is undefined"))).toBe("TypeError: x is undefined");
    expect(describeError("plain text")).toBe("plain text");
  });

  it("removes the given secrets from the description", () => {
    const secret = "opaque-token-1234567";
    expect(describeError(new Error(`bad value ${secret} in request`), [secret])).toBe(
      "Error: bad value [redacted] in request",
    );
  });

  it("removes anything shaped like a key, even masked or not among the given secrets", () => {
    const error = new AuthenticationError(
      401,
      { message: `Incorrect API key provided: sk-admi****wxyz. Also tried ${KEY}.` },
      undefined,
      noHeaders(),
    );
    const text = describeError(error);
    expect(text).toContain("401 Incorrect API key provided");
    expect(text).not.toContain("sk-admi");
    expect(text).not.toContain("wxyz");
    expect(text).not.toContain(KEY);
  });

  it("removes a bearer token", () => {
    const text = describeError(new Error("proxy rejected Authorization: Bearer abc.def.ghi"));
    expect(text).not.toContain("abc.def.ghi");
    expect(text).toContain("Bearer [redacted]");
  });

  it("puts a multi-line message on one line", () => {
    const page = "<html>\n  <body>\r\n\t<h1>502 Bad Gateway</h1>\n  </body>\n</html>\n";
    const text = describeError(
      new InternalServerError(502, { message: page }, undefined, noHeaders()),
    );
    expect(text).not.toMatch(/[\r\n\t]/);
    expect(text).toContain("<h1>502 Bad Gateway</h1>");
    expect(text).not.toMatch(/\s{2}/);
  });

  it("puts an API error on one well-formed line, without line separators or bidi overrides", () => {
    const emoji = "😀".repeat(300); // 600 UTF-16 code units
    const message = `bad name\u2028CRITICAL: forged\u202eevil\r\nnext line ${emoji}`;
    const text = describeError(new BadRequestError(400, { message }, undefined, noHeaders()));
    expect(text.startsWith("400 bad name CRITICAL: forged evil next line 😀")).toBe(true);
    expect(text).not.toMatch(/[\r\n\u2028\u2029\u202e\u0085]/);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith("😀…")).toBe(true);
    expect(text).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(text))).toBe(
      text,
    );
  });

  it("cuts a huge message to at most 500 characters, ending in an ellipsis", () => {
    const text = describeError(new Error("x".repeat(60_000)));
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.length).toBeGreaterThan(400);
    expect(text.startsWith("Error: xxx")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
  });

  it("leaves a message of exactly 500 characters whole", () => {
    const message = "y".repeat(500 - "Error: ".length);
    expect(describeError(new Error(message))).toBe(`Error: ${message}`);
  });

  it("redacts a secret before cutting, so that no part of one straddling the cut survives", () => {
    const secret = "opaque-token-1234567";
    // "Error: " + 485 characters + " " puts the secret at 493..512, across the cut at 499.
    const text = describeError(new Error(`${"z".repeat(485)} ${secret} tail`), [secret]);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).not.toContain("opaque");
  });
});

describe("isAuthFailure", () => {
  it("is true for 401 and 403", () => {
    expect(isAuthFailure(new AuthenticationError(401, undefined, undefined, noHeaders()))).toBe(
      true,
    );
    expect(isAuthFailure(new PermissionDeniedError(403, undefined, undefined, noHeaders()))).toBe(
      true,
    );
  });

  it.each([
    ["400", new BadRequestError(400, undefined, undefined, noHeaders())],
    ["404", new NotFoundError(404, undefined, undefined, noHeaders())],
    ["429", new RateLimitError(429, undefined, undefined, noHeaders())],
    ["500", new InternalServerError(500, undefined, undefined, noHeaders())],
    ["a connection error", new APIConnectionError({})],
    ["the run's own abort", new APIUserAbortError()],
    ["a plain Error", new Error("401 Unauthorized")],
    ["undefined", undefined],
  ])("is false for %s", (_case, error) => {
    expect(isAuthFailure(error)).toBe(false);
  });
});

describe("describeError on what the openai package (7.x) throws", () => {
  /** The sweep's client (lib/openai/client.ts), with every request answered by `answer`. */
  const clientAnswering = (answer: (signal: AbortSignal | undefined) => Promise<Response>) =>
    createOpenAIClient(KEY, {
      baseURL: "http://127.0.0.1:9/v1",
      timeoutMs: 50,
      fetch: (_url, init) => answer(init?.signal ?? undefined),
    });
  // The call and the path the sweep takes (lib/openai/admin-api.ts): the admin key's auth, asResponse().
  const failureOf = (client: ReturnType<typeof createOpenAIClient>) =>
    client.admin.organization.certificates
      .list({ limit: 100 })
      .asResponse()
      .then(
        () => {
          throw new Error("the request succeeded");
        },
        (error: unknown) => error,
      );

  it("keeps a proxy's error text that has no {error: …} wrapper (6.x gave 'status code (no body)')", async () => {
    const error = await failureOf(
      clientAnswering(async () =>
        Response.json({ message: "bad gateway from proxy" }, { status: 502 }),
      ),
    );
    expect(error).toBeInstanceOf(InternalServerError);
    expect(describeError(error, [KEY])).toBe("502 bad gateway from proxy");
  });

  it("calls a timeout a timeout, although 7.x gives it an abort as its cause", async () => {
    const error = await failureOf(
      clientAnswering(
        (signal) =>
          new Promise((_resolve, reject) => {
            signal?.addEventListener("abort", () => reject(signal.reason));
          }),
      ),
    );
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).cause).toBeDefined();
    expect(describeError(error, [KEY])).toBe("request timed out");
  });
});
