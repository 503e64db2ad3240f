import { signalAt } from "../deadline.js";
import { type AdaptiveLimiter, createAdaptiveLimiter } from "./adaptive-limit.js";
import { DEFAULT_WINDOW_POLICY } from "./congestion-window.js";
import type { RequestRunner } from "./request.js";
import { isRateLimited, type RetryDeps, withRetry } from "./retry.js";

export interface RunnerOptions extends Omit<RetryDeps, "deadlineAt"> {
  /** CONCURRENCY: the most Admin API requests in flight at once, across the whole run. */
  concurrency: number;
  /** Epoch ms at which requests still in flight are aborted. */
  abortAt: number;
}

/** What the run's requests met, for the summary and metrics. */
export interface RunnerStats {
  /** HTTP attempts sent, retries included. */
  attempts: number;
  /** Attempts answered 429. */
  throttled: number;
  /** Requests the adaptive limit allowed in flight at the end of the run. */
  window: number;
}

/**
 * The one gate every Admin API request goes through: at most `concurrency` at once, fewer while
 * the API answers 429 (see adaptive-limit.ts), transient failures retried, and a signal per
 * attempt that fires at `abortAt`. The limit wraps each attempt, not the retry loop, so a backoff
 * wait holds no slot.
 */
export function createRequestRunner(options: RunnerOptions): {
  run: RequestRunner;
  stats: () => RunnerStats;
} {
  const limiter: AdaptiveLimiter = createAdaptiveLimiter(
    { ...DEFAULT_WINDOW_POLICY, max: options.concurrency },
    isRateLimited,
  );
  let attempts = 0;
  const retryDeps: RetryDeps = { ...options, deadlineAt: options.abortAt };
  // A signal per attempt, all aborted by one run-wide timer: a timer per attempt would keep each
  // attempt's objects alive until the deadline. Forgetting the attempt's controller once it settles
  // lets them be collected.
  const inFlight = new Set<AbortController>();
  const deadline = signalAt(options.abortAt, options.now());
  deadline.addEventListener("abort", () => {
    for (const controller of inFlight) controller.abort(deadline.reason);
  });
  const attempt = async <T>(send: (signal: AbortSignal) => Promise<T>) => {
    attempts += 1;
    const controller = new AbortController();
    if (deadline.aborted) controller.abort(deadline.reason);
    inFlight.add(controller);
    try {
      return await send(controller.signal);
    } finally {
      inFlight.delete(controller);
    }
  };
  return {
    run: (send, priority) => withRetry(() => limiter.run(() => attempt(send), priority), retryDeps),
    stats: () => ({
      attempts,
      throttled: limiter.throttled,
      window: Math.floor(limiter.state.window),
    }),
  };
}
