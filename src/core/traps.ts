/**
 * The traps: the only code that ever yields to the task runner (Trio's `_traps.py` is the model).
 *
 * A spindle coroutine suspends in exactly two ways:
 * - `yield;` (or {@link yieldNow}) — go to the back of the ready queue once (asyncio's `sleep(0)`);
 * - {@link WaitOn} a future — the task parks until the future is done, and `waitingOn()` reports it.
 *
 * Everything else (sleep, locks, queues, joins, promises) is built from these two, so what a task
 * waits on is always a future the kernel can see: that is `waitingOn()` and the deadlock report.
 * The task runner's side of the protocol lives in `task.ts` (`#handleYield`).
 */

/** What a trap needs of a future: whether it is done, and then its outcome. @internal */
export interface Outcome<T> {
  done(): boolean;
  result(): T;
}

/**
 * Parks the running task until `future` is done, then returns its result (or throws its error):
 * what `yield* future` runs. The task runner sees the yielded future itself and registers the
 * task as its waiter. A future that is already done does not suspend the task (asyncio's
 * `Future.__await__` does the same).
 *
 * A small stateless iterator rather than a generator: it allocates one tiny object per wait, and
 * if the task is resumed while the future is still pending (a withdrawn cancellation), it simply
 * parks again.
 */
export class WaitOn<T> implements Iterator<unknown, T, unknown> {
  readonly #future: Outcome<T>;

  constructor(future: Outcome<T>) {
    this.#future = future;
  }

  next(): IteratorResult<unknown, T> {
    const future = this.#future;
    if (!future.done()) return { value: future, done: false };
    return { value: future.result(), done: true };
  }

  throw(error: unknown): IteratorResult<unknown, T> {
    throw error; // raised where the task waits: in the coroutine, at its `yield*`
  }

  return(value?: T): IteratorResult<unknown, T> {
    return { value: value as T, done: true };
  }
}

/** Reschedules the running task once, behind everything already ready. Allocates nothing else. */
export function* yieldNow(): Generator<undefined, void, unknown> {
  yield;
}
