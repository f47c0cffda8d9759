import type { Awaitable, Coroutine } from "./future.js";
import { getRunningLoop } from "./registry.js";

/**
 * An awaitable whose waiting is written once, as a coroutine: `yield*` runs the coroutine inside
 * the waiting task (typed, cancellable); `await` drives it from async code. For the multi-step
 * waits of the faces' primitives (asyncio's and threading's Condition and Barrier), not the hot
 * paths.
 * @internal
 * @example
 * wait(): Awaitable<number> {
 *   return new Waitable(() => this.#pass()); // #pass is a generator method
 * }
 */
export class Waitable<T> implements Awaitable<T> {
  readonly #start: () => Coroutine<T>;
  #promise: Promise<T> | null = null;

  constructor(start: () => Coroutine<T>) {
    this.#start = start;
  }

  [Symbol.iterator](): Coroutine<T> {
    return this.#start();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= drive(this.#start());
    return this.#promise.then(onFulfilled, onRejected);
  }
}

/**
 * Runs a coroutine from async code: each future it yields is awaited, and its outcome sent back
 * in, as a task would. A bare `yield;` waits one loop pass.
 */
async function drive<T>(coro: Coroutine<T>): Promise<T> {
  let step = coro.next();
  while (!step.done) {
    let value: unknown;
    let failed = false;
    try {
      const yielded = step.value;
      value = yielded === undefined ? await nextPass() : await yielded;
    } catch (error) {
      failed = true;
      value = error;
    }
    step = failed ? coro.throw(value) : coro.next(value);
  }
  return step.value;
}

function nextPass(): Promise<void> {
  const loop = getRunningLoop();
  return new Promise((resolve) => loop.callSoon(resolve));
}
