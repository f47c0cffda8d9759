import {
  type Awaitable,
  currentTask,
  type PrimitiveOptions,
  resolved,
  type WaitTarget,
  type Yieldable,
} from "../../core/index.js";
import {
  debugTracked,
  describeValue,
  OnWait,
  primitiveName,
  runningLoopFor,
  WaitQueue,
} from "../../core/internal.js";

/**
 * A snapshot of a {@link Semaphore} or {@link BoundedSemaphore}.
 * @example
 * const { value, waiters } = semaphore.statistics(); // { value: 0, waiters: 3 }
 */
export interface SemaphoreStatistics {
  /** Permits free now. */
  value: number;
  /** Tasks waiting for a permit. */
  waiters: number;
}

/** The uncontended acquire: shared, allocation-free. */
const ACQUIRED = resolved(true as const);

/**
 * How BoundedSemaphore reads the free permits without a snapshot per release.
 * @internal
 * @example
 * if (this[FREE_PERMITS]() >= bound) throw new RangeError("released too many times");
 */
export const FREE_PERMITS: unique symbol = Symbol("free permits");

/**
 * Checks a semaphore's initial value: an integer >= 0.
 * @internal
 * @example
 * this.#value = checkSemaphoreValue("Semaphore", value); // throws RangeError for -1
 */
export function checkSemaphoreValue(kind: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${kind} value must be an integer >= 0; got ${describeValue(value)}`);
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${kind} value must be an integer >= 0; got ${value}`);
  }
  return value;
}

/**
 * A counter of permits (asyncio.Semaphore): `acquire()` takes one, waiting in line while none is
 * free; `release()` gives one back — straight to the longest waiter if there is one (hand-off,
 * final: the woken task has the permit even if it is cancelled before it runs).
 *
 * FIFO holds as in asyncio: a task woken with a permit counts as in line until it has run, so a
 * task that releases and re-acquires at once waits behind it (CPython's
 * `test_acquire_fifo_order_2`), and once the woken task runs, a permit freed meanwhile goes to the
 * next waiter.
 *
 * Invariant: permits are free (`value > 0`) only while nobody waits; `#handed` counts the woken
 * waiters that have not resumed yet.
 * @example
 * const db = new Semaphore(10, { name: "db" });
 * function* query(sql: string) {
 *   yield* db.acquire();
 *   try {
 *     return yield* run(sql); // at most 10 queries at once
 *   } finally {
 *     db.release();
 *   }
 * }
 */
export class Semaphore implements WaitTarget {
  readonly #name: string;
  readonly #kind: string;
  #value: number;
  #waiters: WaitQueue<true> | null = null;
  /** Waiters handed a permit that have not resumed yet: newcomers queue behind them. */
  #handed = 0;
  readonly #acquire = new OnWait(() => this.#take());

  /** `value` is the number of permits (default 1): an integer >= 0. */
  constructor(value = 1, options?: PrimitiveOptions) {
    this.#kind = new.target.name;
    this.#value = checkSemaphoreValue(this.#kind, value);
    this.#name = primitiveName(this.#kind, options, this);
  }

  /** Whether `acquire()` would wait: no permit is free (or woken waiters go first). */
  locked(): boolean {
    return this.#value === 0 || this.#handed > 0;
  }

  /**
   * Takes a permit, waiting in line when none is free; resolves to `true`. The task that waits
   * on it (`yield*`) takes the permit. Throws `RuntimeError` if no loop is running.
   */
  acquire(): Awaitable<true> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.acquire()`);
    return debugTracked(this.#acquire, () => `${this.#name}.acquire()`);
  }

  /** Gives a permit back: to the longest waiter, or to the pool of free permits. */
  release(): void {
    this.#value++;
    this.#handOn();
  }

  /** A snapshot: free permits and waiting tasks. */
  statistics(): SemaphoreStatistics {
    return { value: this.#value, waiters: this.#waiters?.length ?? 0 };
  }

  /** `Semaphore 'name'`, or `Semaphore#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  /** The acquisition itself, run by the waiting task (or async caller). */
  #take(): Iterator<Yieldable, true, unknown> {
    if (this.#value > 0 && this.#handed === 0 && (this.#waiters?.length ?? 0) === 0) {
      this.#value--;
      return ACQUIRED;
    }
    this.#waiters ??= new WaitQueue<true>(this, { onResumed: () => this.#resumed() });
    return this.#waiters.park();
  }

  /** Free permits go to waiters, longest first. */
  #handOn(): void {
    const waiters = this.#waiters;
    if (waiters === null) return;
    while (this.#value > 0 && waiters.unparkOne(true) !== null) {
      this.#value--;
      this.#handed++;
    }
  }

  /** A woken waiter ran: the line moves on (a permit freed meanwhile finds its next waiter). */
  #resumed(): void {
    this.#handed--;
    this.#handOn();
  }

  /** @internal */
  [FREE_PERMITS](): number {
    return this.#value;
  }
}
