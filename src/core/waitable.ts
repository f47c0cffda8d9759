import type { Awaitable, Coroutine, Yieldable } from "./future.js";
import { getRunningLoop } from "./registry.js";

/**
 * An awaitable whose waiting is written once, as a coroutine: `yield*` runs the coroutine inside
 * the waiting task (typed, cancellable); `await` drives it from async code (once: awaiting it
 * again gives the same outcome). For the multi-step waits of the faces' primitives (asyncio's and
 * threading's Condition and Barrier), not the hot paths.
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
 * A primitive's operation that happens when it is waited on, as a Python coroutine's does:
 * `begin()` runs at `yield*` — in the waiting task, which so becomes the lock's owner — or at
 * `await`, and returns the iterator that completes the wait (one that finishes at once when the
 * operation needs no wait). It holds no per-call state, so a primitive makes one and hands the
 * same object to every call: an uncontended `yield* lock.acquire()` allocates nothing.
 * @internal
 * @example
 * readonly #acquire = new OnWait(() => this.#take()); // #take: DONE, or a place in the line
 * acquire(): Awaitable<true> { return this.#acquire; }
 */
export class OnWait<T, A = undefined> implements Awaitable<T> {
  readonly #begin: (arg: A) => Iterator<Yieldable, T, unknown>;
  readonly #arg: A;

  /** `arg` is passed to `begin`: one shared `begin` serves calls that differ by an argument. */
  constructor(begin: (arg: A) => Iterator<Yieldable, T, unknown>, arg?: A) {
    this.#begin = begin;
    this.#arg = arg as A;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this.#begin(this.#arg);
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    let promise: Promise<T>;
    try {
      promise = drive(this.#begin(this.#arg));
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(onFulfilled, onRejected);
  }
}

/**
 * Runs a coroutine (or any iterator of the yield protocol) from async code: each trap it yields
 * is awaited (traps are thenable) and its outcome sent back in, as a task would. A bare `yield;`
 * waits one loop pass.
 */
async function drive<T>(coro: Iterator<Yieldable, T, unknown>): Promise<T> {
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
    if (failed) {
      if (coro.throw === undefined) throw value;
      step = coro.throw(value);
    } else {
      step = coro.next(value);
    }
  }
  return step.value;
}

function nextPass(): Promise<void> {
  const loop = getRunningLoop();
  return new Promise((resolve) => loop.callSoon(resolve));
}
