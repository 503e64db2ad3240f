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
import {
  backoffDelayMs,
  isTransient,
  type RetryDeps,
  type RetryPolicy,
  retryAfterMs,
  withRetry,
} from "../../../lib/openai/retry.js";

const NOW = Date.parse("2025-03-01T12:00:00Z");
const POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxThrottledAttempts: 6,
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 30_000,
};

const body = { message: "x" };
const rateLimited = (headers: Record<string, string> = {}) =>
  new RateLimitError(429, body, undefined, new Headers(headers));
const serverError = (status = 500) =>
  new InternalServerError(status, body, undefined, new Headers());

/** A fake clock whose sleep records the delay and moves time on instead of waiting. */
function fakeTime(deadlineAt = NOW + 600_000, random = 0) {
  const clock = { now: NOW };
  const delays: number[] = [];
  const deps: RetryDeps = {
    now: () => clock.now,
    sleep: async (ms) => {
      delays.push(ms);
      clock.now += ms;
    },
    random: () => random,
    deadlineAt,
  };
  return { deps, delays, clock };
}

/** An operation that throws `failures` in turn, then returns "ok"; counts its calls. */
function flaky(...failures: unknown[]) {
  const calls = { count: 0 };
  const op = async () => {
    const failure = failures[calls.count];
    calls.count++;
    if (calls.count <= failures.length) throw failure;
    return "ok";
  };
  return { op, calls };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("isTransient", () => {
  it.each([
    ["408", new APIError(408, body, undefined, new Headers())],
    ["409", new ConflictError(409, body, undefined, new Headers())],
    ["429", rateLimited()],
    ["500", serverError(500)],
    ["503", serverError(503)],
    ["connection error", new APIConnectionError({ message: "fetch failed" })],
    ["connection timeout", new APIConnectionTimeoutError()],
  ])("retries %s", (_case, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["400", new BadRequestError(400, body, undefined, new Headers())],
    ["401", new AuthenticationError(401, body, undefined, new Headers())],
    ["403", new PermissionDeniedError(403, body, undefined, new Headers())],
    ["404", new NotFoundError(404, body, undefined, new Headers())],
    ["our own abort", new APIUserAbortError()],
    ["a plain Error", new Error("boom")],
    ["a TypeError", new TypeError("x is undefined")],
    ["a string", "503"],
    ["undefined", undefined],
  ])("does not retry %s", (_case, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it("obeys OpenAI's x-should-retry header over the status", () => {
    const hinted = (value: string) => new Headers({ "x-should-retry": value });
    expect(isTransient(new InternalServerError(503, body, undefined, hinted("false")))).toBe(false);
    expect(isTransient(new BadRequestError(400, body, undefined, hinted("true")))).toBe(true);
    // Anything else is no hint: the status decides.
    expect(isTransient(new InternalServerError(503, body, undefined, hinted("maybe")))).toBe(true);
  });
});

describe("retryAfterMs", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("reads Retry-After in whole seconds", () => {
    expect(retryAfterMs(headers({ "retry-after": "2" }), NOW)).toBe(2_000);
    expect(retryAfterMs(headers({ "retry-after": " 0 " }), NOW)).toBe(0);
  });

  it("reads Retry-After in decimal seconds", () => {
    expect(retryAfterMs(headers({ "retry-after": "1.5" }), NOW)).toBe(1_500);
  });

  it("reads Retry-After as an HTTP date relative to now", () => {
    const at = new Date(NOW + 7_000).toUTCString();
    expect(retryAfterMs(headers({ "retry-after": at }), NOW)).toBe(7_000);
  });

  it("treats an HTTP date in the past as no wait", () => {
    const at = new Date(NOW - 60_000).toUTCString();
    expect(retryAfterMs(headers({ "retry-after": at }), NOW)).toBe(0);
  });

  it("prefers retry-after-ms over Retry-After", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "250", "retry-after": "9" }), NOW)).toBe(250);
    expect(retryAfterMs(headers({ "retry-after-ms": "12.5" }), NOW)).toBe(12.5);
  });

  it("falls back to Retry-After when retry-after-ms is junk or negative", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "soon", "retry-after": "3" }), NOW)).toBe(
      3_000,
    );
    expect(retryAfterMs(headers({ "retry-after-ms": "-5", "retry-after": "3" }), NOW)).toBe(3_000);
  });

  it("gives nothing for junk, an empty value or no headers", () => {
    expect(retryAfterMs(headers({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "in a bit" }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "" }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({}), NOW)).toBeUndefined();
    expect(retryAfterMs(undefined, NOW)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("doubles the ceiling each attempt, with half of it fixed and half random", () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, undefined, 0, POLICY))).toEqual(
      [250, 500, 1_000, 2_000, 4_000],
    );
    expect([1, 2, 3].map((attempt) => backoffDelayMs(attempt, undefined, 0.5, POLICY))).toEqual([
      375, 750, 1_500,
    ]);
  });

  it("stays between half the ceiling and just under the ceiling", () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(8_000, 500 * 2 ** (attempt - 1));
      const low = backoffDelayMs(attempt, undefined, 0, POLICY);
      const high = backoffDelayMs(attempt, undefined, 0.999, POLICY);
      expect(low, `attempt ${attempt}`).toBe(ceiling / 2);
      expect(high, `attempt ${attempt}`).toBeGreaterThan(low);
      expect(high, `attempt ${attempt}`).toBeLessThan(ceiling);
    }
  });

  it("caps the delay at maxBackoffMs", () => {
    expect(backoffDelayMs(6, undefined, 0.999, POLICY)).toBeLessThan(8_000);
    expect(backoffDelayMs(20, undefined, 0, POLICY)).toBe(4_000);
    expect(backoffDelayMs(20, undefined, 0.999, POLICY)).toBe(7_996);
  });

  it("waits at least what the server asked, plus up to 20% so that waiters spread out", () => {
    expect(backoffDelayMs(1, 2_000, 0, POLICY)).toBe(2_000);
    expect(backoffDelayMs(1, 2_000, 0.5, POLICY)).toBe(2_200);
    expect(backoffDelayMs(1, 2_000, 0.999, POLICY)).toBeLessThan(2_400);
    expect(backoffDelayMs(3, 0, 0.9, POLICY)).toBe(0);
  });

  it("defaults to a 500 ms base and an 8 s cap", () => {
    expect(backoffDelayMs(1, undefined, 0)).toBe(250);
    expect(backoffDelayMs(1, undefined, 0.999)).toBeLessThan(500);
    expect(backoffDelayMs(10, undefined, 0)).toBe(4_000);
    expect(backoffDelayMs(10, undefined, 0.999)).toBeLessThan(8_000);
  });

  it("by default tries a failing call 4 times in all, then gives up", async () => {
    const { deps, delays } = fakeTime();
    const { op, calls } = flaky(...Array.from({ length: 10 }, () => serverError(503)));
    expect(await rejection(withRetry(op, deps))).toBeInstanceOf(APIError);
    expect(calls.count).toBe(4);
    expect(delays).toHaveLength(3);
  });
});

describe("withRetry", () => {
  it("returns the result at once when the first attempt succeeds", async () => {
    const { deps, delays } = fakeTime();
    const { op, calls } = flaky();
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("succeeds after transient failures, backing off between attempts", async () => {
    const { deps, delays } = fakeTime();
    const { op, calls } = flaky(serverError(503), new APIConnectionError({ message: "reset" }));
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(calls.count).toBe(3);
    expect(delays).toEqual([250, 500]);
  });

  it("stops after maxAttempts and rethrows the last error", async () => {
    const { deps, delays } = fakeTime();
    const errors = [
      serverError(500),
      serverError(502),
      serverError(503),
      serverError(504),
      serverError(500),
    ];
    const { op, calls } = flaky(...errors);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(errors[3]);
    expect(calls.count).toBe(4);
    expect(delays).toEqual([250, 500, 1_000]);
  });

  it("does not retry an error that is not transient", async () => {
    const { deps, delays } = fakeTime();
    const badRequest = new BadRequestError(400, body, undefined, new Headers());
    const { op, calls } = flaky(badRequest);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(badRequest);
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("does not retry after the run's own abort", async () => {
    const { deps, delays } = fakeTime();
    const abort = new APIUserAbortError();
    const { op, calls } = flaky(abort);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(abort);
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("waits as long as Retry-After asks", async () => {
    const { deps, delays } = fakeTime();
    const { op } = flaky(
      rateLimited({ "retry-after": "2" }),
      rateLimited({ "retry-after-ms": "1250" }),
    );
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(delays).toEqual([2_000, 1_250]);
  });

  it("allows more attempts while the API answers 429 than for other transient failures", async () => {
    const { deps } = fakeTime();
    const throttled = Array.from({ length: 5 }, () => rateLimited({ "retry-after": "1" }));
    const { op, calls } = flaky(...throttled);
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(calls.count).toBe(6);
  });

  it("gives up after maxThrottledAttempts answers of 429", async () => {
    const { deps } = fakeTime();
    const throttled = Array.from({ length: 6 }, () => rateLimited({ "retry-after": "1" }));
    const { op, calls } = flaky(...throttled);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(throttled[5]);
    expect(calls.count).toBe(6);
  });

  it("honours a Retry-After exactly at maxRetryAfterMs", async () => {
    const { deps, delays } = fakeTime();
    const { op } = flaky(rateLimited({ "retry-after": "30" }));
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(delays).toEqual([30_000]);
  });

  it("gives up when Retry-After asks for more than maxRetryAfterMs", async () => {
    const { deps, delays } = fakeTime();
    const tooLong = rateLimited({ "retry-after": "31" });
    const { op, calls } = flaky(tooLong);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(tooLong);
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("gives up when the wait would reach the deadline", async () => {
    const { deps, delays } = fakeTime(NOW + 250);
    const failure = serverError(503);
    const { op, calls } = flaky(failure);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(failure);
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("retries when the wait ends just before the deadline", async () => {
    const { deps, delays } = fakeTime(NOW + 251);
    const { op, calls } = flaky(serverError(503));
    expect(await withRetry(op, deps, POLICY)).toBe("ok");
    expect(calls.count).toBe(2);
    expect(delays).toEqual([250]);
  });

  it("gives up when a Retry-After wait would pass the deadline", async () => {
    const { deps, delays } = fakeTime(NOW + 5_000);
    const limited = rateLimited({ "retry-after": "10" });
    const { op, calls } = flaky(limited);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(limited);
    expect(calls.count).toBe(1);
    expect(delays).toEqual([]);
  });

  it("counts time already spent against the deadline", async () => {
    // 250 + 500 ms of backoff is spent; the third wait (1 000 ms) would end past the deadline.
    const { deps, delays, clock } = fakeTime(NOW + 1_500);
    const errors = [serverError(500), serverError(500), serverError(500)];
    const { op, calls } = flaky(...errors);
    expect(await rejection(withRetry(op, deps, POLICY))).toBe(errors[2]);
    expect(calls.count).toBe(3);
    expect(delays).toEqual([250, 500]);
    expect(clock.now).toBe(NOW + 750);
  });
});
