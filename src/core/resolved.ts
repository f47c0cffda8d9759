import type { Awaitable, Yieldable } from "./future.js";

/**
 * An awaitable that is already complete: `yield*` on it returns at once without suspending, and
 * `await` resolves at the next microtask. Its iterator is stateless, so one instance can be shared:
 * uncontended `lock.acquire()` hands out the same object every time and allocates nothing.
 */
class Resolved<T> implements Awaitable<T>, Iterator<Yieldable, T, unknown> {
  readonly #done: IteratorReturnResult<T>;

  constructor(value: T) {
    this.#done = Object.freeze({ value, done: true as const });
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this;
  }

  next(): IteratorResult<Yieldable, T> {
    return this.#done;
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
    return Promise.resolve(this.#done.value).then(onFulfilled, onRejected);
  }
}

/**
 * An awaitable already completed with `value` (shareable: it holds no per-wait state).
 * @example
 * const READY = resolved(true);
 * function acquire(): Awaitable<boolean> { return free ? READY : slowPath(); }
 */
export function resolved<T>(value: T): Awaitable<T> & Iterator<Yieldable, T, unknown> {
  return new Resolved(value);
}
