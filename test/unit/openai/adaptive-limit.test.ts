import { describe, expect, it } from "vitest";
import { createAdaptiveLimiter } from "../../../lib/openai/adaptive-limit.js";
import {
  afterSuccess,
  afterThrottle,
  DEFAULT_WINDOW_POLICY,
  initialWindow,
  type WindowPolicy,
  type WindowState,
} from "../../../lib/openai/congestion-window.js";
import { type Deferred, deferred, flushPromises } from "../../support/deferred.js";

/** Starts at the full window (no slow start), so tests of later behaviour begin there. */
const POLICY: WindowPolicy = {
  ...DEFAULT_WINDOW_POLICY,
  max: 10,
  initial: 10,
  probeSlowdown: 8,
  maxProbeSlowdown: 512,
};
/** Halves on a 429, so the numbers in the limiter tests stay whole. */
const HALVING: WindowPolicy = {
  max: 4,
  initial: 4,
  decrease: 0.5,
  probeSlowdown: 8,
  maxProbeSlowdown: 8,
};

const THROTTLED = new Error("429 Too Many Requests");
const isThrottle = (error: unknown) => error === THROTTLED;

const state = (window: number, ceiling = Number.POSITIVE_INFINITY, epoch = 0): WindowState => ({
  window,
  ceiling,
  epoch,
  slowStart: false,
  probeSlowdown: 8,
});

function succeed(from: WindowState, times: number, policy = POLICY): WindowState {
  let s = from;
  for (let i = 0; i < times; i++) s = afterSuccess(s, policy);
  return s;
}

/** How many successes it takes to grow the window from `from` to at least `to`. */
function successesToReach(from: WindowState, to: number, policy: WindowPolicy): number {
  let s = from;
  let count = 0;
  while (s.window < to) {
    s = afterSuccess(s, policy);
    count++;
  }
  return count;
}

/**
 * A limiter fed with tasks that run until the test ends them by hand. It records the order tasks
 * started in, how many run at once, and any task that started while the window was already full.
 */
function board(policy: WindowPolicy) {
  const limiter = createAdaptiveLimiter(policy, isThrottle);
  const running = new Map<string, Deferred<string>>();
  const started: string[] = [];
  const overLimit: string[] = [];
  let peak = 0;

  const submit = (name: string, priority = false) => {
    const outcome = limiter.run(() => {
      const task = deferred<string>();
      running.set(name, task);
      started.push(name);
      peak = Math.max(peak, running.size);
      if (running.size > Math.floor(limiter.state.window)) overLimit.push(name);
      return task.promise;
    }, priority);
    // Failures are the point of several tests; each test checks the outcomes it cares about.
    outcome.catch(() => undefined);
    return outcome;
  };

  const end = async (name: string, how: "succeed" | "throttle" | "fail") => {
    const task = running.get(name);
    if (!task) throw new Error(`${name} is not running`);
    running.delete(name);
    if (how === "succeed") task.resolve(name);
    else task.reject(how === "throttle" ? THROTTLED : new Error("500 Internal Server Error"));
    await flushPromises();
  };

  /** The task that has been running longest. */
  const oldest = () => {
    const [name] = running.keys();
    if (name === undefined) throw new Error("nothing is running");
    return name;
  };

  return {
    limiter,
    submit,
    end,
    oldest,
    running: () => [...running.keys()],
    started,
    overLimit,
    peak: () => peak,
  };
}

const names = (count: number, prefix = "t") => Array.from({ length: count }, (_, i) => prefix + i);

describe("initialWindow", () => {
  it("starts the slow start at the initial window, with no ceiling and no decrease yet", () => {
    expect(initialWindow({ max: 8, initial: 4, probeSlowdown: 8 })).toEqual({
      window: 4,
      ceiling: Number.POSITIVE_INFINITY,
      epoch: 0,
      slowStart: true,
      probeSlowdown: 8,
    });
  });

  it("never starts above CONCURRENCY", () => {
    expect(initialWindow({ max: 2, initial: 4, probeSlowdown: 8 }).window).toBe(2);
  });
});

describe("the slow start", () => {
  const policy: WindowPolicy = { ...DEFAULT_WINDOW_POLICY, max: 32 };

  it("doubles the window every round trip (a window's worth of successes)", () => {
    const start = initialWindow(policy);
    expect(start.window).toBe(4);
    expect(succeed(start, 4, policy).window).toBe(8);
    expect(succeed(start, 4 + 8, policy).window).toBe(16);
  });

  it("stops at CONCURRENCY", () => {
    expect(succeed(initialWindow(policy), 100, policy).window).toBe(32);
  });

  it("ends at the first 429, after which the window grows by about 1 per round trip", () => {
    const throttled = afterThrottle(succeed(initialWindow(policy), 12, policy), 0, policy);
    expect(throttled).toMatchObject({
      window: 16 * 0.7,
      ceiling: 16,
      slowStart: false,
      probeSlowdown: DEFAULT_WINDOW_POLICY.probeSlowdown,
    });
    const oneRound = succeed(throttled, Math.round(throttled.window), policy);
    expect(oneRound.window).toBeCloseTo(16 * 0.7 + 1, 0);
  });
});

describe("DEFAULT_WINDOW_POLICY", () => {
  const policy = { ...DEFAULT_WINDOW_POLICY, max: 20 };

  it("starts a run at 4 requests in flight, below any CONCURRENCY above it", () => {
    expect(initialWindow(policy).window).toBe(4);
    expect(initialWindow({ ...policy, max: 2 }).window).toBe(2);
  });

  it("cuts the window to 70% on a 429, then grows 32 times slower near that ceiling", () => {
    const cut = afterThrottle({ ...initialWindow(policy), window: 10 }, 0, policy);
    expect(cut.window).toBeCloseTo(7);
    // Well below the ceiling: +1 per window's worth of successes.
    expect(afterSuccess(cut, policy).window - cut.window).toBeCloseTo(1 / 7);
    // Within 1 of it: 32 times slower; the same limit answering 429 again halves that, to 1024 times.
    const near = { ...cut, window: 9.5 };
    expect(afterSuccess(near, policy).window - near.window).toBeCloseTo(1 / (9.5 * 32));
    let again = afterThrottle(near, cut.epoch, policy);
    for (let i = 0; i < 10; i++)
      again = afterThrottle({ ...again, window: 9.5 }, again.epoch, policy);
    expect(again.probeSlowdown).toBe(1024);
  });
});

describe("afterSuccess", () => {
  it("adds 1/window per success, so a window's worth of successes adds about 1", () => {
    expect(afterSuccess(state(4), POLICY).window).toBe(4.25);
    const afterRound = succeed(state(4), 4).window;
    expect(afterRound).toBeGreaterThan(4.9);
    expect(afterRound).toBeLessThan(5);
    expect(successesToReach(state(5), 6, POLICY)).toBe(6);
  });

  it("grows the same way below a ceiling that is still more than 1 away", () => {
    const below = afterSuccess(state(4, 10, 1), POLICY);
    expect(below).toEqual({
      window: 4.25,
      ceiling: 10,
      epoch: 1,
      slowStart: false,
      probeSlowdown: 8,
    });
    expect(afterSuccess(state(8.99, 10, 1), POLICY).window).toBeCloseTo(8.99 + 1 / 8.99, 12);
  });

  it("never grows past max", () => {
    expect(afterSuccess(state(9.95), POLICY).window).toBe(10);
    expect(afterSuccess(state(10), POLICY).window).toBe(10);
    const windows: number[] = [];
    let s = state(1);
    for (let i = 0; i < 200; i++) {
      s = afterSuccess(s, POLICY);
      windows.push(s.window);
    }
    expect(Math.max(...windows)).toBe(10);
    expect(s.window).toBe(10);
  });

  it("grows 8 times slower once the window is within 1 of the last ceiling", () => {
    const free = afterSuccess(state(9), { ...POLICY, max: 20 }).window - 9;
    const probing = afterSuccess(state(9, 10, 1), { ...POLICY, max: 20 }).window - 9;
    expect(probing).toBeCloseTo(free / 8, 12);
    expect(probing).toBeCloseTo(1 / (9 * 8), 12);
  });

  it("near the ceiling, needs about 8 windows' worth of successes to grow by 1", () => {
    const policy = { ...POLICY, max: 20 };
    const count = successesToReach(state(9, 10, 1), 10, policy);
    expect(count).toBeGreaterThanOrEqual(8 * 9);
    expect(count).toBeLessThanOrEqual(8 * 10);
  });

  it("keeps growing slowly past the last ceiling, up to max", () => {
    const policy = { ...POLICY, max: 12 };
    expect(afterSuccess(state(10, 10, 1), policy).window).toBeCloseTo(10 + 1 / 80, 12);
    expect(afterSuccess(state(11, 10, 1), policy).window).toBeCloseTo(11 + 1 / 88, 12);
    expect(succeed(state(11.99, 10, 1), 1, policy).window).toBe(12);
  });

  it("leaves the ceiling, the epoch and the state it was given unchanged", () => {
    const before = Object.freeze(state(6, 8, 3));
    const after = afterSuccess(before, POLICY);
    expect(after.ceiling).toBe(8);
    expect(after.epoch).toBe(3);
    expect(before).toEqual(state(6, 8, 3));
  });
});

describe("afterThrottle", () => {
  it("multiplies the window by 0.7, sets the ceiling to the old window and starts a new epoch", () => {
    const after = afterThrottle(state(10), 0, POLICY);
    expect(after.window).toBeCloseTo(7, 12);
    expect(after.ceiling).toBe(10);
    expect(after.epoch).toBe(1);
  });

  it("changes nothing for a 429 to a request sent before the last decrease", () => {
    const lowered = state(7, 10, 1);
    expect(afterThrottle(lowered, 0, POLICY)).toEqual(lowered);
  });

  it("lowers the window once for a burst of 429s to requests sent in the same epoch", () => {
    let s = state(10);
    for (let i = 0; i < 10; i++) s = afterThrottle(s, 0, POLICY);
    expect(s.window).toBeCloseTo(7, 12);
    expect(s.ceiling).toBe(10);
    expect(s.epoch).toBe(1);
  });

  it("lowers it again for a 429 to a request sent after the decrease", () => {
    const once = afterThrottle(state(10), 0, POLICY);
    const twice = afterThrottle(once, once.epoch, POLICY);
    expect(twice.window).toBeCloseTo(4.9, 12);
    expect(twice.ceiling).toBeCloseTo(7, 12);
    expect(twice.epoch).toBe(2);
  });

  it("never lowers the window below 1", () => {
    expect(afterThrottle(state(1.2), 0, POLICY).window).toBe(1);
    expect(afterThrottle(state(1), 0, POLICY)).toEqual(state(1, 1, 1));
    let s = state(10);
    for (let i = 0; i < 30; i++) s = afterThrottle(s, s.epoch, POLICY);
    expect(s.window).toBe(1);
    expect(s.epoch).toBe(30);
  });

  it("leaves the state it was given unchanged", () => {
    const before = Object.freeze(state(10));
    afterThrottle(before, 0, POLICY);
    expect(before).toEqual(state(10));
  });

  it("after a 429, grows back at +1 per round trip and slows down 1 below the old ceiling", () => {
    const lowered = afterThrottle(state(10), 0, POLICY);
    // 7 -> 9 at the full rate: two round trips, about 7 + 8 successes.
    const fast = successesToReach(lowered, 9, POLICY);
    expect(fast).toBeGreaterThanOrEqual(7 + 8);
    expect(fast).toBeLessThanOrEqual(8 + 9);
    // 9 -> 10 at an eighth of the rate: about 8 round trips of 9 to 10 successes each.
    const slow = successesToReach(succeed(lowered, fast), 10, POLICY);
    expect(slow).toBeGreaterThanOrEqual(8 * 9 - 1);
    expect(slow).toBeLessThanOrEqual(8 * 10);
  });
});

describe("probing a limit found again and again", () => {
  it("doubles the probe slowdown for a 429 within 1 of the last ceiling, up to its maximum", () => {
    let s = state(8.5, 9, 3);
    const slowdowns: number[] = [];
    for (let i = 0; i < 8; i++) {
      s = afterThrottle({ ...s, window: 8.5, ceiling: 9 }, s.epoch, POLICY);
      slowdowns.push(s.probeSlowdown);
    }
    expect(slowdowns).toEqual([16, 32, 64, 128, 256, 512, 512, 512]);
  });

  it("starts the slowdown over when the 429 comes at another level (the limit moved)", () => {
    const probedOften = { ...state(8.5, 9, 3), probeSlowdown: 256 };
    expect(afterThrottle({ ...probedOften, window: 4 }, 3, POLICY).probeSlowdown).toBe(8);
  });

  it("grows that much slower near the ceiling", () => {
    const near = { ...state(8, 9), probeSlowdown: 64 };
    expect(afterSuccess(near, POLICY).window - 8).toBeCloseTo(1 / (8 * 64));
  });
});

describe("createAdaptiveLimiter", () => {
  it("starts with the slow start's window, not the full CONCURRENCY, and doubles it as tasks succeed", async () => {
    const b = board({ ...DEFAULT_WINDOW_POLICY, max: 10 });
    for (const name of names(20)) b.submit(name);
    await flushPromises();
    expect(b.running()).toHaveLength(4);
    for (const name of names(4)) await b.end(name, "succeed");
    expect(b.running()).toHaveLength(8);
    for (const name of b.running()) await b.end(name, "succeed");
    expect(b.running()).toHaveLength(8); // CONCURRENCY 10, but only 8 tasks were left
    expect(b.overLimit).toEqual([]);
  });

  it("starts at the policy's initial window, reported by state", () => {
    const limiter = createAdaptiveLimiter(POLICY, isThrottle);
    expect(limiter.state).toEqual(initialWindow(POLICY));
    expect(limiter.throttled).toBe(0);
  });

  it("never runs more tasks at once than the window, and starts the next as one finishes", async () => {
    const b = board({ ...POLICY, max: 3 });
    const all = names(10);
    for (const name of all) b.submit(name);
    await flushPromises();
    expect(b.running()).toEqual(["t0", "t1", "t2"]);

    await b.end("t1", "succeed");
    expect(b.running()).toEqual(["t0", "t2", "t3"]);
    // Finish the newest first for a while, then the oldest, so slots free up in varied order.
    await b.end("t3", "succeed");
    await b.end("t4", "fail");
    while (b.running().length > 0) await b.end(b.oldest(), "succeed");

    expect(b.started).toEqual(all);
    expect(b.peak()).toBe(3);
    expect(b.overLimit).toEqual([]);
  });

  it("starts fewer tasks after one is answered 429, without stopping those already running", async () => {
    const b = board(HALVING);
    for (const name of names(8)) b.submit(name);
    await flushPromises();
    expect(b.running()).toEqual(["t0", "t1", "t2", "t3"]);

    await b.end("t0", "throttle");
    expect(b.limiter.state.window).toBe(2);
    // Three still run; none start until fewer than two do.
    expect(b.running()).toEqual(["t1", "t2", "t3"]);
    await b.end("t1", "fail");
    expect(b.running()).toEqual(["t2", "t3"]);
    await b.end("t2", "fail");
    expect(b.running()).toEqual(["t3", "t4"]);
    await b.end("t3", "fail");
    expect(b.running()).toEqual(["t4", "t5"]);
    expect(b.overLimit).toEqual([]);
  });

  it("lowers the window once for a burst of 429s, and again for a 429 sent after it", async () => {
    const b = board(HALVING);
    for (const name of names(8)) b.submit(name);
    await flushPromises();
    for (const name of ["t0", "t1", "t2", "t3"]) await b.end(name, "throttle");
    expect(b.limiter.state).toEqual({
      window: 2,
      ceiling: 4,
      epoch: 1,
      slowStart: false,
      probeSlowdown: 8,
    });
    expect(b.running()).toEqual(["t4", "t5"]);

    await b.end("t4", "throttle");
    expect(b.limiter.state).toEqual({
      window: 1,
      ceiling: 2,
      epoch: 2,
      slowStart: false,
      probeSlowdown: 8,
    });
    // t5 was sent in the same epoch as t4, so its 429 is already accounted for.
    await b.end("t5", "throttle");
    expect(b.limiter.state).toEqual({
      window: 1,
      ceiling: 2,
      epoch: 2,
      slowStart: false,
      probeSlowdown: 8,
    });
    expect(b.running()).toEqual(["t6"]);
    expect(b.limiter.throttled).toBe(6);
    expect(b.overLimit).toEqual([]);
  });

  it("keeps running tasks one at a time when 429s would push the window below 1", async () => {
    const b = board(HALVING);
    for (const name of names(8)) b.submit(name);
    await flushPromises();
    while (b.running().length > 0) await b.end(b.oldest(), "throttle");
    expect(b.started).toEqual(names(8));
    expect(b.limiter.state.window).toBe(1);
    expect(b.limiter.throttled).toBe(8);
    expect(b.overLimit).toEqual([]);
  });

  it("raises the number of tasks running at once again as tasks succeed", async () => {
    const b = board(HALVING);
    for (const name of names(60)) b.submit(name);
    await flushPromises();
    await b.end("t0", "throttle");
    for (const name of ["t1", "t2", "t3"]) await b.end(name, "fail");
    expect(b.running()).toEqual(["t4", "t5"]);

    const atOnce: number[] = [];
    for (let i = 0; i < 40; i++) {
      await b.end(b.oldest(), "succeed");
      atOnce.push(b.running().length);
    }
    // 2 -> 2.5 -> 2.9 -> 3.24: a third slot after three successes, then slow probing up to 4.
    expect(atOnce.slice(0, 3)).toEqual([2, 2, 3]);
    expect(atOnce.at(-1)).toBe(4);
    expect(Math.max(...atOnce)).toBe(4);
    expect(b.overLimit).toEqual([]);
  });

  it("does not grow the window while it is not the limit (slots free, nothing waiting)", async () => {
    const b = board(HALVING);
    for (const name of names(4)) b.submit(name);
    await flushPromises();
    await b.end("t0", "throttle");
    for (const name of ["t1", "t2", "t3"]) await b.end(name, "fail");
    expect(b.limiter.state.window).toBe(2);

    // One task at a time never shows the server two at once, so the window stays at 2.
    for (const name of names(10, "alone")) {
      b.submit(name);
      await flushPromises();
      await b.end(name, "succeed");
    }
    expect(b.limiter.state.window).toBe(2);

    // Two at once fill the window: their successes grow it.
    b.submit("x");
    b.submit("y");
    await flushPromises();
    await b.end("x", "succeed");
    await b.end("y", "succeed");
    expect(b.limiter.state.window).toBeGreaterThan(2);
  });

  it("starts a priority task before normal tasks that were queued earlier", async () => {
    const b = board({ ...POLICY, max: 1 });
    b.submit("blocker");
    b.submit("first");
    b.submit("second");
    b.submit("page", true);
    await flushPromises();
    // A priority task still waits for a free slot.
    expect(b.started).toEqual(["blocker"]);

    await b.end("blocker", "succeed");
    expect(b.running()).toEqual(["page"]);
    await b.end("page", "succeed");
    await b.end("first", "succeed");
    await b.end("second", "succeed");
    expect(b.started).toEqual(["blocker", "page", "first", "second"]);
  });

  it("starts priority tasks in the order they were queued", async () => {
    const b = board({ ...POLICY, max: 1 });
    b.submit("blocker");
    b.submit("normal");
    b.submit("page 1", true);
    b.submit("page 2", true);
    await flushPromises();
    await b.end("blocker", "succeed");
    await b.end("page 1", "succeed");
    await b.end("page 2", "succeed");
    expect(b.started).toEqual(["blocker", "page 1", "page 2", "normal"]);
  });

  it("starts a priority task at once when a slot is free", async () => {
    const b = board({ ...POLICY, max: 2 });
    b.submit("normal");
    b.submit("page", true);
    await flushPromises();
    expect(b.running()).toEqual(["normal", "page"]);
  });

  it("does not change the window or the 429 count for failures other than 429", async () => {
    const b = board(HALVING);
    for (const name of names(10)) b.submit(name);
    await flushPromises();
    while (b.running().length > 0) await b.end(b.oldest(), "fail");
    expect(b.started).toEqual(names(10));
    expect(b.limiter.state).toEqual(initialWindow(HALVING));
    expect(b.limiter.throttled).toBe(0);
    expect(b.peak()).toBe(4);
  });

  it("rejects the run of a task that throws synchronously, and frees its slot", async () => {
    const limiter = createAdaptiveLimiter({ ...POLICY, max: 1 }, isThrottle);
    const boom = new TypeError("cannot read properties of undefined");
    const throwing = () => {
      throw boom;
    };
    await expect(limiter.run(throwing)).rejects.toBe(boom);
    await expect(limiter.run(throwing)).rejects.toBe(boom);
    // With one slot, a leaked slot would leave this task waiting forever.
    await expect(limiter.run(async () => "after")).resolves.toBe("after");
    expect(limiter.state).toEqual(initialWindow({ ...POLICY, max: 1 }));
  });

  it("counts a 429 thrown synchronously like any other 429", async () => {
    const limiter = createAdaptiveLimiter(HALVING, isThrottle);
    await expect(
      limiter.run(() => {
        throw THROTTLED;
      }),
    ).rejects.toBe(THROTTLED);
    expect(limiter.throttled).toBe(1);
    expect(limiter.state.window).toBe(2);
  });

  it("passes results and errors through unchanged", async () => {
    const limiter = createAdaptiveLimiter(POLICY, isThrottle);
    const result = { id: "cert_1", active: false };
    const failure = new Error("500 Internal Server Error");
    await expect(limiter.run(async () => result)).resolves.toBe(result);
    await expect(limiter.run(async () => undefined)).resolves.toBeUndefined();
    await expect(limiter.run(() => Promise.reject(failure))).rejects.toBe(failure);
    await expect(limiter.run(() => Promise.reject(THROTTLED))).rejects.toBe(THROTTLED);
    await expect(limiter.run(async () => result, true)).resolves.toBe(result);
  });

  it("counts every 429 in throttled, including those that did not lower the window", async () => {
    const b = board({ ...POLICY, max: 5 });
    for (const name of names(5)) b.submit(name);
    await flushPromises();
    await b.end("t0", "throttle");
    await b.end("t1", "throttle");
    await b.end("t2", "throttle");
    await b.end("t3", "fail");
    await b.end("t4", "succeed");
    expect(b.limiter.throttled).toBe(3);
    expect(b.limiter.state.epoch).toBe(1);
  });
});
