import type { Awaitable, Yieldable } from "./future.js";
import { getRunningLoop } from "./registry.js";
import { checkDelay } from "./validate.js";

/**
 * `sleep(0)`: one trip to the back of the ready queue. It is its own iterator (a bare `yield;`
 * then the result), so `yield* sleep(0)` allocates one small object and no future or generator.
 */
class YieldOnce<T> implements Awaitable<T>, Iterator<Yieldable, T, unknown> {
  readonly #result: T;
  #started = false;

  constructor(result: T) {
    this.#result = result;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    // Waiting twice on the same sleep(0) yields twice, like two calls would.
    return this.#started ? new YieldOnce(this.#result) : this;
  }

  next(): IteratorResult<Yieldable, T> {
    if (this.#started) return { value: this.#result, done: true };
    this.#started = true;
    return { value: undefined, done: false };
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    throw error;
  }

  return(value?: T): IteratorResult<Yieldable, T> {
    return { value: value as T, done: true };
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const loop = getRunningLoop();
    return new Promise<T>((resolve) => loop.callSoon(resolve, this.#result)).then(
      onFulfilled,
      onRejected,
    );
  }
}

/**
 * Suspends the current task for `delay` seconds (float; `sleep(0)` just lets others run) and
 * evaluates to `result`. Cancelling the task cancels the sleep and its timer.
 * @example
 * yield* sleep(0.5);
 * const v = yield* sleep(1, "done"); // "done"
 * await sleep(1); // from an async function
 */
export function sleep(delay: number): Awaitable<undefined>;
export function sleep<T>(delay: number, result: T): Awaitable<T>;
export function sleep<T>(delay: number, result?: T): Awaitable<T | undefined> {
  checkDelay("sleep", delay);
  const loop = getRunningLoop(); // even sleep(0) needs one: the error belongs at the call
  if (delay <= 0) return new YieldOnce(result); // asyncio: sleep(-1) is sleep(0)
  const future = loop.createFuture<T | undefined>(`sleep(${delay})`);
  const timer = loop.callLater(delay, () => {
    if (!future.done()) future.setResult(result);
  });
  future.addListener({ futureDone: () => timer.cancel() });
  return future;
}
