import { APIConnectionError, APIError, APIUserAbortError } from "openai";

// The SDK's own retries are switched off (maxRetries: 0): it knows nothing of the Lambda's remaining
// time, the adaptive concurrency or a 429's separate attempt budget, and it waits up to 60 s on a
// Retry-After. Retrying here lets the sweep give up on a wait that would outlive its time budget,
// and lets tests check delays without waiting.

export interface RetryPolicy {
  /** Total attempts, including the first. */
  maxAttempts: number;
  /**
   * Total attempts while the latest answer is a 429. A rate or concurrency limit says when to come
   * back, and the adaptive limit sends fewer requests meanwhile, so these wait longer before
   * giving up; the deadline still bounds them.
   */
  maxThrottledAttempts: number;
  /** First backoff delay; doubles each attempt. */
  baseDelayMs: number;
  /** Ceiling for computed backoff. */
  maxBackoffMs: number;
  /** Longest Retry-After the sweep is willing to honour; longer asks end the retries. */
  maxRetryAfterMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxThrottledAttempts: 10,
  baseDelayMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** True for failures worth another try: 408, 409, 429, 5xx, timeouts and dropped connections. */
export function isTransient(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false; // our own deadline: never retry past it
  if (error instanceof APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (error instanceof APIError && typeof error.status === "number") {
    // OpenAI's own hint, which the SDK obeys too, overrides the status.
    const hint = error.headers?.get("x-should-retry");
    if (hint === "true" || hint === "false") return hint === "true";
    return (
      error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500
    );
  }
  return false;
}

/** True for a 429: the server asks for fewer requests. */
export const isRateLimited = (error: unknown): boolean =>
  error instanceof APIError && error.status === 429;

const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The server's requested wait in ms (`retry-after-ms`, or `Retry-After` as seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  // Only the HTTP-date form (RFC 9110 IMF-fixdate); Date.parse alone accepts junk such as "-1".
  if (!HTTP_DATE.test(value)) return undefined;
  return Math.max(0, Date.parse(value) - nowMs);
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1). Honours the server's
 * Retry-After when given, adding up to 20% so that requests told the same wait do not return in
 * one burst; otherwise exponential backoff with "equal jitter" (half fixed, half random).
 * `random` is in [0, 1).
 */
export function backoffDelayMs(
  attempt: number,
  serverAskedMs: number | undefined,
  random: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  if (serverAskedMs !== undefined) return serverAskedMs * (1 + 0.2 * random);
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + (ceiling / 2) * random;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  /** Epoch ms after which no new attempt may start. */
  deadlineAt: number;
}

/** Runs `op`, retrying transient failures per `policy` while the deadline allows. */
export async function withRetry<T>(
  op: () => Promise<T>,
  deps: RetryDeps,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const attempts = isRateLimited(error) ? policy.maxThrottledAttempts : policy.maxAttempts;
      if (!isTransient(error) || attempt >= attempts) throw error;
      const headers = error instanceof APIError ? error.headers : undefined;
      const asked = retryAfterMs(headers, deps.now());
      if (asked !== undefined && asked > policy.maxRetryAfterMs) throw error;
      const delay = backoffDelayMs(attempt, asked, deps.random(), policy);
      if (deps.now() + delay >= deps.deadlineAt) throw error;
      await deps.sleep(delay);
    }
  }
}
