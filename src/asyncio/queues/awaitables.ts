import type { Awaitable, Yieldable } from "../../core/index.js";

/**
 * A `get()` that found an item at the call: `yield*` returns it at once, without suspending.
 * One small object per call and nothing else: it is its own iterator *and* the iterator's final
 * result (`{ done: true, value }`), so no future, generator or result object is made.
 * @internal
 * @example
 * #get(): Iterator<Yieldable, T> { if (this.#store.length > 0) return new Ready(this.#store.take()); ... }
 */
export class Ready<T>
  implements Awaitable<T>, Iterator<Yieldable, T, unknown>, IteratorReturnResult<T>
{
  readonly done = true as const;
  readonly value: T;

  constructor(value: T) {
    this.value = value;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this;
  }

  next(): IteratorReturnResult<T> {
    return this;
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
    return Promise.resolve(this.value).then(onFulfilled, onRejected);
  }
}
