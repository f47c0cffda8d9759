import {
  type Awaitable,
  currentTask,
  resolved,
  WaitQueue,
  type WaitTarget,
} from "../../core/index.js";
import { describeValue } from "../../core/internal.js";
import { HandOff, type HandOffSite } from "./handoff.js";
import { LoopBound, runningLoopFor } from "./loop-bound.js";
import { type PrimitiveOptions, primitiveName } from "./naming.js";

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
 * so FIFO holds and a releasing task cannot barge back in ahead of the line).
 *
 * Invariant: permits are free (`value > 0`) only while nobody waits.
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
  readonly #binding = new LoopBound();
  #value: number;
  #waiters: WaitQueue<void> | null = null;
  #site: HandOffSite<void> | null = null;

  /** `value` is the number of permits (default 1): an integer >= 0. */
  constructor(value = 1, options?: PrimitiveOptions) {
    this.#kind = new.target.name;
    this.#value = checkSemaphoreValue(this.#kind, value);
    this.#name = primitiveName(this.#kind, options);
  }

  /** Whether `acquire()` would wait: no permit is free. */
  locked(): boolean {
    return this.#value === 0;
  }

  /**
   * Takes a permit, waiting in line when none is free; resolves to `true`. The caller joins the
   * line at the call. Throws `RuntimeError` if no loop is running.
   */
  acquire(): Awaitable<true> {
    if (currentTask() === null) runningLoopFor(`${this.#kind}.acquire()`);
    if (this.#value > 0) {
      this.#value--;
      return ACQUIRED;
    }
    return this.#contend();
  }

  /** Gives a permit back: to the longest waiter, or to the pool of free permits. */
  release(): void {
    if (this.#waiters === null || !this.#waiters.unparkOne()) this.#value++;
  }

  /** A snapshot: free permits and waiting tasks. */
  statistics(): SemaphoreStatistics {
    return { value: this.#value, waiters: this.#waiters?.length ?? 0 };
  }

  /** `Semaphore 'name'`, or `Semaphore#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  /** Joins the line: the first contention binds to the loop and makes the wait queue. */
  #contend(): Awaitable<true> {
    const loop = this.#binding.bind(`${this.#kind}.acquire()`, this);
    if (this.#waiters === null || this.#site === null) {
      this.#site = {
        claim: () => {},
        unclaimed: () => {
          this.#value++;
        },
      };
      this.#waiters = new WaitQueue<void>(loop, this, this.#site.unclaimed);
    }
    return new HandOff<void>(this.#site, this.#waiters, null);
  }

  /** @internal */
  [FREE_PERMITS](): number {
    return this.#value;
  }
}
