// The congestion window of the Admin API requests: pure decisions over a small state, which the
// adaptive limiter (adaptive-limit.ts) applies.

/** The congestion window: `Math.floor(window)` requests may be in flight. */
export interface WindowState {
  window: number;
  /** The window at the last 429 (Infinity before the first): above `ceiling - 1` it grows slowly. */
  ceiling: number;
  /** Counts decreases; a 429 for a request sent before the latest decrease is already accounted for. */
  epoch: number;
  /** True until the first 429: each success adds 1, doubling the window every round trip. */
  slowStart: boolean;
  /** How many times slower than +1 per round trip the window grows within 1 of the ceiling. */
  probeSlowdown: number;
}

export interface WindowPolicy {
  /** CONCURRENCY: the window never exceeds it. */
  max: number;
  /** Where the slow start begins (at most `max`). */
  initial: number;
  /** The factor applied to the window on a 429. */
  decrease: number;
  /**
   * Near the last ceiling, the window grows this many times slower than +1 per round trip, so a
   * server that allows fewer than `max` sees a 429 only now and then. Each 429 at about the same
   * ceiling doubles it, up to `maxProbeSlowdown`: a limit found again and again is probed less.
   */
  probeSlowdown: number;
  maxProbeSlowdown: number;
}

export const DEFAULT_WINDOW_POLICY: Omit<WindowPolicy, "max"> = {
  // A small organization is done in a round trip or two: starting at CONCURRENCY would send a
  // server that allows fewer a burst it refuses, and each refusal costs a Retry-After (1 s or more).
  initial: 4,
  decrease: 0.7,
  // A limit rarely moves within a run: above the level of the last 429 the window grows by 1 per
  // 32 round trips (0.8 s at 25 ms), and less often each time the same limit answers 429 again.
  probeSlowdown: 32,
  maxProbeSlowdown: 1024,
};

/** The state a run starts from: the slow start's initial window. */
export const initialWindow = (
  policy: Pick<WindowPolicy, "max" | "initial" | "probeSlowdown">,
): WindowState => ({
  window: Math.max(1, Math.min(policy.max, policy.initial)),
  ceiling: Number.POSITIVE_INFINITY,
  epoch: 0,
  slowStart: true,
  probeSlowdown: policy.probeSlowdown,
});

/**
 * After a success: +1 during the slow start; then +1 per window's worth of successes (one round
 * trip), and `probeSlowdown` times slower within 1 of the last ceiling. Never above `max`.
 */
export function afterSuccess(state: WindowState, policy: WindowPolicy): WindowState {
  const probing = state.window >= state.ceiling - 1;
  const step = state.slowStart ? 1 : 1 / (state.window * (probing ? state.probeSlowdown : 1));
  return { ...state, window: Math.min(policy.max, state.window + step) };
}

/**
 * After a 429 for a request sent in `sentEpoch`: the window shrinks once per round of requests,
 * never below 1. 429s from requests already in flight before the last decrease change nothing,
 * so one burst does not collapse the window. A 429 within 1 of the last ceiling doubles the probe
 * slowdown; one elsewhere (the limit moved) starts it over.
 */
export function afterThrottle(
  state: WindowState,
  sentEpoch: number,
  policy: WindowPolicy,
): WindowState {
  if (sentEpoch !== state.epoch) return state;
  const sameLimit = Math.abs(state.window - state.ceiling) < 1;
  return {
    window: Math.max(1, state.window * policy.decrease),
    ceiling: state.window,
    epoch: state.epoch + 1,
    slowStart: false,
    probeSlowdown: sameLimit
      ? Math.min(policy.maxProbeSlowdown, state.probeSlowdown * 2)
      : policy.probeSlowdown,
  };
}
