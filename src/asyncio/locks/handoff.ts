import type { Awaitable, Future, Task, WaitQueue, Yieldable } from "../../core/index.js";

/**
 * What a primitive does at either end of a hand-off.
 * @internal
 * @example
 * const site: HandOffSite<void> = {
 *   claim: (_v, task) => { owner = task; },
 *   unclaimed: () => { locked = false; },
 * };
 */
export interface HandOffSite<T> {
  /** The waiter that was handed `value` resumes: finish its acquisition (record the owner...). */
  claim(value: T, task: Task<unknown> | null): void;
  /** `value` was handed to a waiter that was cancelled before it resumed, and nobody else waits. */
  unclaimed(value: T): void;
}

const DONE: IteratorReturnResult<true> = Object.freeze({ value: true as const, done: true });

/**
 * The contended side of `acquire()` for a lock or semaphore. The caller joined the primitive's
 * wait queue at the call; this awaitable waits until a releaser hands it the lock or permit
 * (hand-off: the primitive stays taken in between, so nobody can barge in, and FIFO holds).
 *
 * A small iterator rather than a generator, so a parked waiter costs about what a sleeping one
 * does: this object and the future it parked on.
 *
 * Invariant: the value handed over is claimed exactly once — by this waiter when it resumes, or,
 * if it is cancelled first, by the next waiter or the primitive (`unclaimed`): no lost wake-up.
 * @internal
 * @example
 * if (free) return ACQUIRED;
 * return new HandOff(site, waiters, currentTask()); // `yield*` it, or `await` it
 */
export class HandOff<T> implements Awaitable<true>, Iterator<Yieldable, true, unknown> {
  readonly #site: HandOffSite<T>;
  readonly #queue: WaitQueue<T>;
  readonly #future: Future<T>;
  readonly #task: Task<unknown> | null;
  #settled = false;

  constructor(site: HandOffSite<T>, queue: WaitQueue<T>, task: Task<unknown> | null) {
    this.#site = site;
    this.#queue = queue;
    this.#task = task;
    this.#future = queue.park();
  }

  [Symbol.iterator](): Iterator<Yieldable, true, unknown> {
    return this;
  }

  next(): IteratorResult<Yieldable, true> {
    const future = this.#future;
    // Not done yet: first step, or resumed by a withdrawn cancellation. Park (again).
    if (!future.done()) return { value: future, done: false };
    this.#claim(future.result()); // throws CancelledError if the future was cancelled
    return DONE;
  }

  /** The task is being cancelled (or failed) where it waits: leave, passing on what it was given. */
  throw(error: unknown): IteratorResult<Yieldable, true> {
    this.#abandon();
    throw error;
  }

  return(value?: true): IteratorResult<Yieldable, true> {
    this.#abandon();
    return { value: value ?? true, done: true };
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = true, R2 = never>(
    onFulfilled?: ((value: true) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#future
      .then((value): true => {
        this.#claim(value);
        return true;
      })
      .then(onFulfilled, onRejected);
  }

  #claim(value: T): void {
    if (this.#settled) return; // waited on twice: the acquisition happened once
    this.#settled = true;
    this.#site.claim(value, this.#task);
  }

  #abandon(): void {
    if (this.#settled) return;
    const future = this.#future;
    if (!future.done()) {
      // Still parked (an error thrown in without cancelling the future): leave the queue.
      future.cancel();
      return;
    }
    if (future.cancelled()) return;
    this.#settled = true;
    // Woken, then cancelled before it could run: the hand-off goes on (WaitQueue's rule).
    const value = future.result();
    if (!this.#queue.unparkOne(value)) this.#site.unclaimed(value);
  }
}
