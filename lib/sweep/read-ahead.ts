/** A source several consumers can pull from at once; `done` once it ended or failed. */
export interface SharedSource<T> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Why the source stopped early, once it has. */
  failure(): { error: unknown } | undefined;
}

/** A queue several consumers pull from while producers push; `done` for everyone once closed. */
export interface Channel<T> extends SharedSource<T> {
  push(item: T): void;
  /** No more items; a failure is kept for `failure()` rather than thrown at each consumer. */
  close(failure?: { error: unknown }): void;
  /** Resolves once fewer than `count` items are waiting to be taken. */
  below(count: number): Promise<void>;
}

/** An open, empty channel. */
export function createChannel<T>(): Channel<T> {
  const buffer: T[] = [];
  const consumers: ((result: IteratorResult<T, undefined>) => void)[] = [];
  const drainWaiters: { count: number; resolve: () => void }[] = [];
  let closed = false;
  let failure: { error: unknown } | undefined;

  const settle = () => {
    while (consumers.length > 0 && (buffer.length > 0 || closed)) {
      const consumer = consumers.shift();
      if (buffer.length > 0) consumer?.({ done: false, value: buffer.shift() as T });
      else consumer?.({ done: true, value: undefined });
    }
    for (const waiter of drainWaiters.filter((w) => buffer.length < w.count)) {
      drainWaiters.splice(drainWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  return {
    push(item) {
      if (closed) throw new Error("push to a closed channel");
      buffer.push(item);
      settle();
    },
    close(reason) {
      if (closed) return;
      closed = true;
      failure = reason;
      settle();
    },
    below: (count) =>
      buffer.length < count
        ? Promise.resolve()
        : new Promise((resolve) => {
            drainWaiters.push({ count, resolve });
          }),
    next: () =>
      new Promise((resolve) => {
        consumers.push(resolve);
        settle();
      }),
    failure: () => failure,
  };
}

/**
 * Reads `source` ahead of its consumers, keeping up to `capacity` items (plus whatever one step of
 * the source yields at once), so the next item is usually there before anyone asks. A failure
 * ends the items for every consumer and is kept for `failure()` rather than thrown at each one.
 */
export function readAhead<T>(source: AsyncIterable<T>, capacity: number): SharedSource<T> {
  if (!(capacity >= 1))
    throw new RangeError(`readAhead needs a capacity of at least 1, not ${capacity}`);
  const channel = createChannel<T>();
  void (async () => {
    try {
      for await (const item of source) {
        channel.push(item);
        await channel.below(capacity);
      }
      channel.close();
    } catch (error) {
      channel.close({ error });
    }
  })();
  return channel;
}

/**
 * Runs `work` on every item of `source`, `count` items at a time: each of `count` workers takes
 * the next item when it is free, so work starts as items arrive and stops when they end. If a
 * work fails, no new item is taken, and the first failure is thrown once the others finished.
 */
export async function forEachConcurrently<T>(
  source: { next(): IteratorResult<T, unknown> | Promise<IteratorResult<T, unknown>> },
  count: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let failed = false;
  const worker = async () => {
    // `failed` is checked before taking an item: an item taken is always worked on.
    while (!failed) {
      const next = await source.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: count }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
}
