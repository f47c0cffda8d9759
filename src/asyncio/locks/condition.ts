import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  currentTask,
  type PrimitiveOptions,
  RuntimeError,
  resolved,
  type WaitTarget,
} from "../../core/index.js";
import {
  debugTracked,
  describeValue,
  primitiveName,
  Waitable,
  WaitQueue,
} from "../../core/internal.js";
import { Lock } from "./lock.js";

/**
 * A snapshot of a {@link Condition}.
 * @example
 * const { locked, waiters } = cond.statistics(); // { locked: false, waiters: 2 }
 */
export interface ConditionStatistics {
  /** Whether its lock is taken. */
  locked: boolean;
  /** Tasks waiting to be notified. */
  waiters: number;
}

/**
 * A condition variable (asyncio.Condition): tasks holding its lock `wait()` until another task,
 * also holding the lock, calls `notify()`; the waiter then re-takes the lock before `wait()`
 * returns. Waiters are notified in the order they started waiting.
 *
 * `acquire()`, `release()` and `locked()` are its lock's, so a Condition is itself a lock. It
 * uses a new {@link Lock} unless given one (several conditions may share a lock).
 * @example
 * const cond = new Condition();
 * const items: string[] = [];
 * function* consumer() {
 *   yield* cond.acquire();
 *   try {
 *     yield* cond.waitFor(() => items.length > 0);
 *     return items.shift();
 *   } finally {
 *     cond.release();
 *   }
 * }
 * function* producer() {
 *   yield* cond.acquire();
 *   items.push("job");
 *   cond.notify();
 *   cond.release();
 * }
 */
export class Condition implements WaitTarget {
  readonly #name: string;
  readonly #lock: Lock;
  #waiters: WaitQueue<void> | null = null;

  constructor(options?: PrimitiveOptions);
  constructor(lock: Lock | null | undefined, options?: PrimitiveOptions);
  constructor(lockOrOptions?: Lock | PrimitiveOptions | null, options?: PrimitiveOptions) {
    let lock: Lock | null = null;
    if (lockOrOptions instanceof Lock) {
      lock = lockOrOptions;
    } else if (lockOrOptions !== undefined && lockOrOptions !== null) {
      if (!isPlainObject(lockOrOptions) || options !== undefined) {
        throw new TypeError(
          `Condition(lock) needs a Lock (or nothing, for a new one); got ${describeValue(lockOrOptions)}`,
        );
      }
      options = lockOrOptions;
    }
    this.#name = primitiveName("Condition", options, this);
    this.#lock = lock ?? new Lock(options);
  }

  /** Takes the condition's lock (see {@link Lock.acquire}). */
  acquire(): Awaitable<true> {
    return this.#lock.acquire();
  }

  /** Releases the condition's lock (see {@link Lock.release}). */
  release(): void {
    this.#lock.release();
  }

  /** Whether the condition's lock is taken. */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Releases the lock, waits to be notified, re-takes the lock, resolves to `true`. The lock is
   * re-taken even when the wait is cancelled (asyncio's rule): code after it, and its `finally`,
   * may rely on holding the lock. Throws `RuntimeError` at the call when the caller does not
   * hold the lock.
   */
  wait(): Awaitable<true> {
    this.#checkHeld("Condition.wait()");
    return debugTracked(new Waitable(() => this.#wait()), () => `${this.#name}.wait()`);
  }

  /**
   * Waits until `predicate()` is truthy, checking it now and after every notification (with the
   * lock held); resolves to its last value.
   */
  waitFor<R>(predicate: () => R): Awaitable<R> {
    if (typeof predicate !== "function") {
      throw new TypeError(
        `Condition.waitFor() needs a predicate function; got ${describeValue(predicate)}`,
      );
    }
    this.#checkHeld("Condition.waitFor()");
    const first = predicate();
    if (first) return resolved(first);
    return new Waitable(() => this.#waitUntil(predicate));
  }

  /**
   * Wakes up to `n` waiting tasks (default 1), longest-waiting first. Each returns from `wait()`
   * once it has re-taken the lock, so release it after notifying. Throws `RuntimeError` unless
   * the caller holds the lock.
   */
  notify(n = 1): void {
    if (typeof n !== "number") {
      throw new TypeError(
        `Condition.notify(n): n must be a number of tasks; got ${describeValue(n)}`,
      );
    }
    if (Number.isNaN(n) || n < 0) {
      throw new RangeError(
        `Condition.notify(n): n must be a number of tasks >= 0; got ${describeValue(n)}`,
      );
    }
    this.#checkHeld("Condition.notify()");
    const waiters = this.#waiters;
    if (waiters === null) return;
    for (let woken = 0; woken < n && waiters.unparkOne() !== null; woken++);
  }

  /** Wakes every waiting task; throws `RuntimeError` unless the caller holds the lock. */
  notifyAll(): void {
    this.#checkHeld("Condition.notifyAll()");
    this.#waiters?.unparkAll();
  }

  /** A snapshot: whether its lock is taken and how many tasks wait to be notified. */
  statistics(): ConditionStatistics {
    return { locked: this.#lock.locked(), waiters: this.#waiters?.length ?? 0 };
  }

  /** `Condition 'name'`, or `Condition#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  /** The lock is taken and, when both are known, by the calling task. */
  #checkHeld(call: string): void {
    if (!this.#lock.locked()) {
      throw new RuntimeError(
        `${call}: the condition's lock is not held; acquire it first (yield* cond.acquire())`,
      );
    }
    const owner = this.#lock.holders()[0];
    const caller = currentTask();
    if (owner !== undefined && caller !== null && owner !== caller) {
      throw new RuntimeError(
        `${call}: the condition's lock is held by ${owner.describe()}, not by ${caller.describe()}; only the task holding the lock may call it`,
      );
    }
  }

  /** Release the lock, wait for a notification, re-take the lock. */
  *#wait(): Coroutine<true> {
    this.#checkHeld("Condition.wait()");
    this.#waiters ??= new WaitQueue<void>(this, { operation: ".wait()" });
    const notification = this.#waiters.park();
    this.#lock.release();
    let failure: { error: unknown } | null = null;
    let notified = false;
    try {
      yield* notification;
      notified = true;
    } catch (error) {
      failure = { error };
    }
    // Re-take the lock whatever happened; a cancellation meanwhile is kept and raised after.
    for (;;) {
      try {
        yield* this.#lock.acquire();
        break;
      } catch (error) {
        if (!(error instanceof CancelledError)) {
          if (notified) this.#waiters.unparkOne(); // leaving: the notification goes on
          throw error;
        }
        failure = { error };
      }
    }
    if (failure !== null) {
      // Notified, but leaving with an error: the notification must not be lost with it.
      if (notified) this.#waiters.unparkOne();
      throw failure.error;
    }
    return true;
  }

  *#waitUntil<R>(predicate: () => R): Coroutine<R> {
    for (;;) {
      yield* this.wait();
      const result = predicate();
      if (result) return result;
    }
  }
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
