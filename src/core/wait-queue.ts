import { Future, type FutureHost, type WaitTarget, type Yieldable } from "./future.js";
import { Ring } from "./ring.js";

/** Dead entries (cancelled waiters) tolerated in the ring before it is compacted. */
const COMPACT_AFTER = 64;

/**
 * The one place every primitive (lock, semaphore, condition, event, queue) parks tasks: a fair,
 * cancellation-aware FIFO of waiters, like Trio's ParkingLot.
 *
 * ```
 *   park() ──> [ w1  w2  ✗  w4 ] ──> unparkOne(v): w1 resumes with v
 *                        └─ cancelled: no longer counted; skipped when reached
 * ```
 * Rules it guarantees, so primitives need not re-implement them (asyncio did, bpo-32734):
 * - FIFO: waiters are woken in the order they parked;
 * - a cancelled waiter leaves the queue at once (as far as `length` and every wake-up go);
 * - no lost wake-up: a waiter that was woken with a value but cancelled before it resumed hands
 *   the value to the next waiter, or back to the primitive through `onUnclaimed` ({@link handOn}).
 *
 * Waiters sit in a ring buffer in arrival order, so a wake-up is O(1). A cancelled waiter stays as
 * a dead entry, skipped when reached; the ring is compacted once dead entries outnumber live
 * ones, so cancellations cannot make it grow without bound. (A Set was O(n²) here: V8 walks the
 * holes deleted entries leave at every fresh iteration.)
 *
 * Invariant: `#live` counts the pending futures in `#ring`; every other entry is done (dead).
 * @example
 * const queue = new WaitQueue<void>(loop, lock, () => lock.becomeFree());
 * yield* queue.wait(); // parked until someone calls queue.unparkOne()
 */
export class WaitQueue<T = void> {
  readonly #host: FutureHost;
  readonly #owner: WaitTarget;
  readonly #onUnclaimed: (value: T) => void;
  readonly #ring = new Ring<Future<T>>();
  #live = 0;
  /** Told synchronously when a parked future completes: woken here, or cancelled by its task. */
  readonly #left = {
    futureDone: (future: Future<unknown>): void => {
      this.#live--;
      if (future.cancelled()) this.#compactIfSparse();
    },
  };

  constructor(host: FutureHost, owner: WaitTarget, onUnclaimed: (value: T) => void = () => {}) {
    this.#host = host;
    this.#owner = owner;
    this.#onUnclaimed = onUnclaimed;
  }

  /** Waiters parked now. */
  get length(): number {
    return this.#live;
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
      if (future.done() && !future.cancelled()) this.handOn(future.result());
      throw error;
    }
  }

  /** The low-level form of `wait()`: a future completed by the next matching unpark. */
  park(): Future<T> {
    const future = new Future<T>(this.#host);
    future.owner = this.#owner;
    this.#ring.push(future);
    this.#live++;
    future.addListener(this.#left);
    return future;
  }

  /** Wakes the longest-waiting task with `value`; false when nobody waits. */
  unparkOne(value: T): boolean {
    const ring = this.#ring;
    for (let future = ring.shift(); future !== undefined; future = ring.shift()) {
      if (future.done()) continue; // a cancelled waiter, left in place
      future.setResult(value);
      return true;
    }
    return false;
  }

  /** Wakes every task waiting now with `value` (not those parked meanwhile); returns how many. */
  unparkAll(value: T): number {
    let woken = 0;
    for (let n = this.#ring.length; n > 0; n--) {
      const future = this.#ring.shift()!;
      if (future.done()) continue;
      future.setResult(value);
      woken++;
    }
    return woken;
  }

  /** Fails every task waiting now with `error` (a broken barrier, a shut-down queue). */
  failAll(error: unknown): number {
    let failed = 0;
    for (let n = this.#ring.length; n > 0; n--) {
      const future = this.#ring.shift()!;
      if (future.done()) continue;
      future.setException(error);
      failed++;
    }
    return failed;
  }

  /**
   * A value a woken waiter could not take (it was cancelled before it resumed): give it to the
   * next waiter, or back to the primitive through `onUnclaimed`. For primitives that park with
   * `park()` and handle cancellation themselves.
   */
  handOn(value: T): void {
    if (!this.unparkOne(value)) this.#onUnclaimed(value);
  }

  /** Drops dead entries once they outnumber the live ones: amortized O(1) per cancellation. */
  #compactIfSparse(): void {
    const ring = this.#ring;
    const dead = ring.length - this.#live;
    if (dead < COMPACT_AFTER || dead <= this.#live) return;
    for (let n = ring.length; n > 0; n--) {
      const future = ring.shift()!;
      if (!future.done()) ring.push(future);
    }
  }
}
