/** When the sweep must stop starting work, and when in-flight requests are cut off. */
export interface TimeBudget {
  /** Epoch ms after which no new project is started. */
  stopStartingAt: number;
  /** Epoch ms at which in-flight Admin API requests are aborted, leaving time to publish. */
  abortAt: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Splits the Lambda's remaining time. The last 10% (2 to 15 s) is kept for publishing the report
 * and logging; before that, 20% (2 to 30 s) is left for projects already started to finish their
 * calls, one request timeout plus a retry or two.
 */
export function planTimeBudget(nowMs: number, remainingMs: number): TimeBudget {
  const finishReserve = clamp(remainingMs * 0.1, 2_000, 15_000);
  const projectReserve = clamp(remainingMs * 0.2, 2_000, 30_000);
  const abortAt = Math.floor(nowMs + remainingMs - finishReserve);
  return { abortAt, stopStartingAt: Math.floor(abortAt - projectReserve) };
}
