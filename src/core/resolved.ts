import type { Awaitable, Yieldable } from "./future.js";

/**
 * An awaitable that is already complete: `yield*` on it returns at once without suspending, and
 * `await` resolves at the next microtask. It is its own iterator *and* that iterator's final
 * result (`{ done: true, value }`), so a ready value costs one small object and nothing else.
 * Invariant: it never changes after construction, so one instance can be shared: uncontended
 * `lock.acquire()` hands out the same object every time and allocates nothing.
 */
class Resolved<T>
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

/**
 * An awaitable already completed with `value` (shareable: it holds no per-wait state).
 * @example
 * const READY = resolved(true);
 * function acquire(): Awaitable<boolean> { return free ? READY : slowPath(); }
 */
export function resolved<T>(value: T): Awaitable<T> & Iterator<Yieldable, T, unknown> {
  return new Resolved(value);
}
