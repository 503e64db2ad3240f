import { describe, expect, it } from "vitest";
import {
  forEachConcurrently,
  readAhead,
  type SharedSource,
} from "../../../lib/sweep/read-ahead.js";
import { type Deferred, deferred, flushPromises } from "../../support/deferred.js";

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

/** An async source of 0..count-1 that records how many items it has produced so far. */
function countingSource(count: number) {
  const stats = { produced: 0, ended: false };
  async function* items() {
    for (let i = 0; i < count; i++) {
      stats.produced++;
      yield i;
    }
    stats.ended = true;
  }
  return { source: items(), stats };
}

/**
 * An async source that produces `items` one at a time, each only once the test opens its gate,
 * then waits at one last gate before it ends (or throws `failWith`).
 */
function gatedSource<T>(items: T[], failWith?: unknown) {
  const gates = [...items, undefined].map(() => deferred());
  const stats = { produced: 0 };
  async function* generate() {
    for (const [i, item] of items.entries()) {
      await gates[i]?.promise;
      stats.produced++;
      yield item;
    }
    await gates[items.length]?.promise;
    if (failWith !== undefined) throw failWith;
  }
  const open = async (gate: number) => {
    gates[gate]?.resolve();
    await flushPromises();
  };
  return { source: generate(), stats, open, end: () => open(items.length) };
}

async function* failingAfter<T>(items: T[], error: unknown) {
  yield* items;
  throw error;
}

/** Pulls until done; records each item with the consumer that got it. */
async function consume<T>(shared: SharedSource<T>, name: string, log: [string, T][]) {
  for (let next = await shared.next(); !next.done; next = await shared.next()) {
    log.push([name, next.value]);
  }
}

/** Tracks whether a promise has settled, without waiting for it. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

describe("readAhead", () => {
  it.each([1, 3, 100])(
    "hands every item exactly once, in order, to several consumers (capacity %i)",
    async (capacity) => {
      const { source } = countingSource(50);
      const shared = readAhead(source, capacity);
      const log: [string, number][] = [];
      await Promise.all(["a", "b", "c"].map((name) => consume(shared, name, log)));

      expect(log.map(([, item]) => item)).toEqual(range(50));
      for (const name of ["a", "b", "c"]) {
        const mine = log.filter(([who]) => who === name).map(([, item]) => item);
        expect(mine.length, name).toBeGreaterThan(0);
        expect(mine, name).toEqual([...mine].sort((x, y) => x - y));
      }
      expect(shared.failure()).toBeUndefined();
    },
  );

  it("answers calls to next in the order they were made", async () => {
    const shared = readAhead(countingSource(10).source, 2);
    const answers = await Promise.all(range(5).map(() => shared.next()));
    expect(answers.map((a) => a.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it("reads ahead of its consumers but stops once capacity items wait", async () => {
    const { source, stats } = countingSource(100);
    const shared = readAhead(source, 5);
    await flushPromises();
    expect(stats.produced).toBe(5);
    // Nobody pulls: it stays there.
    await flushPromises();
    expect(stats.produced).toBe(5);

    expect(await shared.next()).toEqual({ done: false, value: 0 });
    await flushPromises();
    expect(stats.produced).toBe(6);

    for (const expected of [1, 2, 3]) {
      expect(await shared.next()).toEqual({ done: false, value: expected });
    }
    await flushPromises();
    expect(stats.produced).toBe(9);
    expect(stats.ended).toBe(false);
  });

  it("never holds more than capacity items unread while a consumer works through all of them", async () => {
    const { source, stats } = countingSource(40);
    const shared = readAhead(source, 3);
    const unread: number[] = [];
    let taken = 0;
    for (let next = await shared.next(); !next.done; next = await shared.next()) {
      taken++;
      await flushPromises();
      unread.push(stats.produced - taken);
    }
    expect(taken).toBe(40);
    expect(Math.max(...unread)).toBe(3);
    expect(stats.ended).toBe(true);
  });

  it("tells every consumer done once the source ends, also those already waiting", async () => {
    const { source, open, end } = gatedSource(["only"]);
    const shared = readAhead(source, 4);
    const waiting = range(3).map(() => watch(shared.next()));
    await open(0);
    expect(waiting.map((w) => w.settled)).toEqual([true, false, false]);
    expect(waiting[0]?.value).toEqual({ done: false, value: "only" });

    await end();
    expect(waiting.map((w) => w.value)).toEqual([
      { done: false, value: "only" },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    // Later calls are answered done too.
    expect(await shared.next()).toEqual({ done: true, value: undefined });
    expect(await shared.next()).toEqual({ done: true, value: undefined });
    expect(shared.failure()).toBeUndefined();
  });

  it("answers done at once for an empty source", async () => {
    const shared = readAhead(countingSource(0).source, 2);
    expect(await shared.next()).toEqual({ done: true, value: undefined });
    expect(shared.failure()).toBeUndefined();
  });

  it("still delivers the items produced before the source failed, then ends without throwing", async () => {
    const boom = new Error("500 listing projects");
    const shared = readAhead(failingAfter(["p1", "p2", "p3"], boom), 2);
    const log: [string, string][] = [];
    await Promise.all(["a", "b"].map((name) => consume(shared, name, log)));

    expect(log.map(([, item]) => item)).toEqual(["p1", "p2", "p3"]);
    expect(await shared.next()).toEqual({ done: true, value: undefined });
    expect(shared.failure()).toEqual({ error: boom });
    expect(shared.failure()?.error).toBe(boom);
  });

  it("ends waiting consumers when the source fails, and keeps the error for failure()", async () => {
    const boom = new Error("503 listing projects");
    const { source, open, end } = gatedSource(["p1"], boom);
    const shared = readAhead(source, 4);
    const waiting = range(3).map(() => watch(shared.next()));
    await open(0);
    expect(shared.failure()).toBeUndefined();

    await end();
    expect(waiting.map((w) => w.value)).toEqual([
      { done: false, value: "p1" },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(shared.failure()?.error).toBe(boom);
  });

  it("reports no failure before the source gets to it", async () => {
    const boom = new Error("429 listing projects");
    const shared = readAhead(failingAfter(range(10), boom), 2);
    await flushPromises();
    expect(shared.failure()).toBeUndefined();
    const seen: number[] = [];
    for (let next = await shared.next(); !next.done; next = await shared.next()) {
      seen.push(next.value);
    }
    expect(seen).toEqual(range(10));
    expect(shared.failure()?.error).toBe(boom);
  });
});

/** Work that runs until the test finishes it, counting how many run at once. */
function manualWork<T>() {
  const running = new Map<T, Deferred<void>>();
  const started: T[] = [];
  let peak = 0;
  const work = (item: T) => {
    const task = deferred();
    running.set(item, task);
    started.push(item);
    peak = Math.max(peak, running.size);
    return task.promise;
  };
  const finish = async (item: T) => {
    const task = running.get(item);
    if (!task) throw new Error(`no work is running on ${String(item)}`);
    running.delete(item);
    task.resolve();
    await flushPromises();
  };
  return { work, finish, running: () => [...running.keys()], started, peak: () => peak };
}

describe("forEachConcurrently", () => {
  it("runs at most count works at once and every item exactly once", async () => {
    const items = range(10);
    const w = manualWork<number>();
    const all = watch(forEachConcurrently(items.values(), 3, w.work));
    await flushPromises();
    expect(w.running()).toEqual([0, 1, 2]);

    // Finish in an order other than the start order.
    await w.finish(1);
    expect(w.running()).toEqual([0, 2, 3]);
    await w.finish(3);
    await w.finish(0);
    expect(w.running()).toEqual([2, 4, 5]);
    while (w.running().length > 0) {
      const [last] = w.running().slice(-1);
      if (last !== undefined) await w.finish(last);
    }

    expect([...w.started].sort((a, b) => a - b)).toEqual(items);
    expect(new Set(w.started).size).toBe(items.length);
    expect(w.peak()).toBe(3);
    expect(all.settled).toBe(true);
  });

  it("processes every item of a synchronous iterator such as array.values()", async () => {
    const seen: string[] = [];
    await forEachConcurrently(["a", "b", "c", "d", "e"].values(), 2, async (item) => {
      seen.push(item);
    });
    expect(seen).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("starts no more works than there are items when count is larger", async () => {
    const w = manualWork<string>();
    const all = watch(forEachConcurrently(["x", "y"].values(), 8, w.work));
    await flushPromises();
    expect(w.running()).toEqual(["x", "y"]);
    await w.finish("x");
    await w.finish("y");
    expect(w.started).toEqual(["x", "y"]);
    expect(all.settled).toBe(true);
  });

  it("resolves only once every work has finished", async () => {
    const w = manualWork<number>();
    const all = watch(forEachConcurrently(range(3).values(), 2, w.work));
    await flushPromises();
    await w.finish(0);
    expect(all.settled).toBe(false);
    await w.finish(2);
    // Every item has been taken, but work on 1 still runs.
    expect(w.running()).toEqual([1]);
    expect(all.settled).toBe(false);
    await w.finish(1);
    expect(all.settled).toBe(true);
  });

  it("starts work on the first item before the source has produced the next ones", async () => {
    const { source, stats, open, end } = gatedSource(["p1", "p2", "p3"]);
    const w = manualWork<string>();
    const all = watch(forEachConcurrently(readAhead(source, 10), 2, w.work));
    await open(0);
    expect(stats.produced).toBe(1);
    expect(w.running()).toEqual(["p1"]);

    await w.finish("p1");
    await open(1);
    await open(2);
    expect(w.running()).toEqual(["p2", "p3"]);
    await w.finish("p2");
    await w.finish("p3");
    // The source has not ended yet, so neither has the loop.
    expect(all.settled).toBe(false);
    await end();
    expect(all.settled).toBe(true);
    expect(w.started).toEqual(["p1", "p2", "p3"]);
  });

  it("works through the items listed before a source failed, leaving the error to failure()", async () => {
    const boom = new Error("500 listing projects");
    const shared = readAhead(failingAfter(["p1", "p2", "p3"], boom), 2);
    const seen: string[] = [];
    await forEachConcurrently(shared, 2, async (item) => {
      seen.push(item);
    });
    expect(seen).toEqual(["p1", "p2", "p3"]);
    expect(shared.failure()?.error).toBe(boom);
  });

  it("takes no new item after a work fails, and throws that failure once the others finished", async () => {
    const other = deferred();
    const seen: number[] = [];
    let settled = false;
    const run = forEachConcurrently(range(10).values(), 2, async (item) => {
      seen.push(item);
      if (item === 0) throw new Error("work 0 failed");
      await other.promise;
    });
    run.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    await flushPromises();
    expect(settled).toBe(false); // item 1 is still being worked on
    other.resolve();
    await expect(run).rejects.toThrow("work 0 failed");
    expect(seen).toEqual([0, 1]);
  });
});

describe("readAhead's capacity", () => {
  it("must be at least 1", () => {
    expect(() => readAhead(countingSource(3).source, 0)).toThrow(RangeError);
  });
});
