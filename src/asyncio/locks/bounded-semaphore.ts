import type { PrimitiveOptions } from "../../core/index.js";
import { FREE_PERMITS, Semaphore } from "./semaphore.js";

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired
 * (asyncio.BoundedSemaphore): a release that would raise the value above its initial value throws
 * `RangeError` (Python's ValueError), which catches a double release at the line that does it.
 * @example
 * const connections = new BoundedSemaphore(10);
 * yield* connections.acquire();
 * try { yield* talkToServer(); } finally { connections.release(); }
 */
export class BoundedSemaphore extends Semaphore {
  readonly #bound: number;

  /** `value` is both the number of permits (default 1) and the most it may ever hold. */
  constructor(value = 1, options?: PrimitiveOptions) {
    super(value, options);
    this.#bound = value;
  }

  /** Gives a permit back; throws `RangeError` if every permit is already back. */
  override release(): void {
    // With a waiter the value is 0 (hand-off keeps permits out of the pool while anyone waits),
    // so a full pool means nobody holds a permit to give back.
    if (this[FREE_PERMITS]() >= this.#bound) {
      throw new RangeError(
        `BoundedSemaphore released too many times: ${this.describe()} already has all ${this.#bound} of its permits back; call release() once per acquire()`,
      );
    }
    super.release();
  }
}
