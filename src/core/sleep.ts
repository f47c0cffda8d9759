import type { Awaitable, Yieldable } from "./future.js";
import { getRunningLoop } from "./registry.js";
import { yieldNow } from "./traps.js";
import { checkDelay } from "./validate.js";

/**
 * `sleep(0)`: one trip to the back of the ready queue, allocating no future (asyncio does the
 * same with a bare yield).
 */
class YieldOnce<T> implements Awaitable<T> {
  readonly #result: T;
  constructor(result: T) {
    this.#result = result;
  }

  *[Symbol.iterator](): Generator<Yieldable, T, unknown> {
    yield* yieldNow();
    return this.#result;
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
  const loop = getRunningLoop();
  if (delay === 0) return new YieldOnce(result);
  const future = loop.createFuture<T | undefined>(`sleep(${delay})`);
  const timer = loop.callLater(delay, () => {
    if (!future.done()) future.setResult(result);
  });
  future.addListener({ futureDone: () => timer.cancel() });
  return future;
}
