import { Future, type FutureHost, type WaitTarget, type Yieldable } from "./future.js";

/**
 * The one place every primitive (lock, semaphore, condition, event, queue) parks tasks: a fair,
 * cancellation-aware FIFO of waiters, like Trio's ParkingLot.
 *
 * ```
 *   park() ──> [ w1  w2  w3 ] ──> unparkOne(v): w1 resumes with v
 *                    └─ cancelled: removed at once, O(1)
 * ```
 * Rules it guarantees, so primitives need not re-implement them (asyncio did, bpo-32734):
 * - FIFO: waiters are woken in the order they parked;
 * - a cancelled waiter leaves the queue at once;
 * - no lost wake-up: a waiter that was woken with a value but cancelled before it resumed hands
 *   the value to the next waiter, or back to the primitive through `onUnclaimed`.
 * @internal
 */
export class WaitQueue<T = void> {
  readonly #host: FutureHost;
  readonly #owner: WaitTarget;
  readonly #onUnclaimed: (value: T) => void;
  /** A Set keeps insertion order and deletes in O(1). */
  readonly #waiters = new Set<Future<T>>();
  readonly #leave = { futureDone: (f: Future<unknown>) => this.#waiters.delete(f as Future<T>) };

  constructor(host: FutureHost, owner: WaitTarget, onUnclaimed: (value: T) => void = () => {}) {
    this.#host = host;
    this.#owner = owner;
    this.#onUnclaimed = onUnclaimed;
  }

  /** Waiters parked now. */
  get length(): number {
    return this.#waiters.size;
  }

  /**
   * Parks the running task until a waker hands it a value, which `wait()` returns. Cancelling the
   * task removes it from the queue; if it had already been handed a value, the value goes on.
   */
  *wait(): Generator<Yieldable, T, unknown> {
    const future = this.park();
    try {
      return yield* future;
    } catch (error) {
      if (future.done() && !future.cancelled()) this.#handOn(future.result());
      throw error;
    }
  }

  /** The low-level form of `wait()`: a future completed by the next matching unpark. */
  park(): Future<T> {
    const future = new Future<T>(this.#host);
    future.owner = this.#owner;
    this.#waiters.add(future);
    future.addListener(this.#leave);
    return future;
  }

  /** Wakes the longest-waiting task with `value`; false when nobody waits. */
  unparkOne(value: T): boolean {
    for (const future of this.#waiters) {
      this.#waiters.delete(future);
      future.setResult(value);
      return true;
    }
    return false;
  }

  /** Wakes every waiting task with `value`; returns how many. */
  unparkAll(value: T): number {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const future of waiters) future.setResult(value);
    return waiters.length;
  }

  /** Fails every waiting task with `error` (a broken barrier, a shut-down queue). */
  failAll(error: unknown): number {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const future of waiters) future.setException(error);
    return waiters.length;
  }

  #handOn(value: T): void {
    if (!this.unparkOne(value)) this.#onUnclaimed(value);
  }
}
