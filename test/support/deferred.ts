/** A promise the test settles by hand. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Runs every promise callback already queued, and those they queue in turn: setImmediate fires
 * only once the microtask queue is empty. Nothing here waits on a clock.
 */
export const flushPromises = () => new Promise<void>((resolve) => setImmediate(resolve));
