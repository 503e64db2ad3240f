import pLimit from "p-limit";
import { signalAt } from "../sweep/time-budget.js";
import type { RequestRunner } from "./admin-api.js";
import { type RetryDeps, withRetry } from "./retry.js";

export interface RunnerOptions extends Omit<RetryDeps, "deadlineAt"> {
  /** Admin API requests in flight at once, across the whole run. */
  concurrency: number;
  /** Epoch ms at which requests still in flight are aborted. */
  abortAt: number;
}

/**
 * The one gate every Admin API request goes through: at most `concurrency` at once, transient
 * failures retried, and a signal per attempt that fires at `abortAt`. The limit wraps each
 * attempt, not the retry loop, so a backoff wait holds no slot.
 */
export function createRequestRunner(options: RunnerOptions): RequestRunner {
  const limit = pLimit(options.concurrency);
  const retryDeps: RetryDeps = { ...options, deadlineAt: options.abortAt };
  // A fresh signal per attempt: the SDK adds an abort listener to the signal it is given and never
  // removes it, so one shared signal would collect a listener per request.
  const deadlineSignal = () => signalAt(options.abortAt, options.now());
  return (send) => withRetry(() => limit(() => send(deadlineSignal())), retryDeps);
}
