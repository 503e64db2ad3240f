// How many Admin API requests may be in flight, adapted to what the server accepts: a slow start
// that doubles the window each round trip until the first 429, then additive increase while
// requests succeed and multiplicative decrease when one is answered 429. The decisions are pure
// functions of a small state (congestion-window.ts); the limiter here only applies them.

import {
  afterSuccess,
  afterThrottle,
  initialWindow,
  type WindowPolicy,
  type WindowState,
} from "./congestion-window.js";

export interface AdaptiveLimiter {
  /**
   * Runs `task` once a slot is free. `priority` tasks go ahead of those waiting (a page of the
   * project list, which everything after it depends on).
   */
  run<T>(task: () => Promise<T>, priority?: boolean): Promise<T>;
  /** Current window, for tests and reports. */
  readonly state: WindowState;
  /** Requests answered 429 so far. */
  readonly throttled: number;
}

/** A limiter starting from `initialWindow(policy)`; `isThrottle` tells a 429 from other failures. */
export function createAdaptiveLimiter(
  policy: WindowPolicy,
  isThrottle: (error: unknown) => boolean,
): AdaptiveLimiter {
  let state = initialWindow(policy);
  let inFlight = 0;
  let throttled = 0;
  // Each queue in arrival order; priority tasks start before any normal one.
  const waiting = { priority: [] as (() => void)[], normal: [] as (() => void)[] };

  const startNext = () => {
    while (inFlight < Math.floor(state.window)) {
      const next = waiting.priority.shift() ?? waiting.normal.shift();
      if (!next) return;
      next();
    }
  };

  return {
    run<T>(task: () => Promise<T>, priority = false) {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          inFlight += 1;
          const sentEpoch = state.epoch;
          (async () => task())()
            .then(
              (value) => {
                // Only a success while the window was the limit says it could be larger: a run
                // with little left to send must not grow it past what the server has accepted.
                const limited =
                  inFlight >= Math.floor(state.window) ||
                  waiting.priority.length + waiting.normal.length > 0;
                if (limited) state = afterSuccess(state, policy);
                resolve(value);
              },
              (error: unknown) => {
                let throttle = false;
                try {
                  throttle = isThrottle(error);
                } catch {
                  // A predicate that fails cannot tell; the window stays as it is.
                }
                if (throttle) {
                  throttled += 1;
                  state = afterThrottle(state, sentEpoch, policy);
                }
                reject(error);
              },
            )
            .finally(() => {
              inFlight -= 1;
              startNext();
            });
        };
        waiting[priority ? "priority" : "normal"].push(start);
        startNext();
      });
    },
    get state() {
      return state;
    },
    get throttled() {
      return throttled;
    },
  };
}
