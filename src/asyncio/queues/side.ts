import { type Future, type Loop, WaitQueue, type WaitTarget } from "../../core/index.js";

/**
 * One side of a queue — the tasks parked to get, or the tasks parked to put — and the claims
 * handed to the woken ones.
 *
 * ```
 *   park() ──> [ t1  t2  t3 ]   wakeOne(): t1 is woken holding a claim      (claimed 1)
 *                               t1 runs and uses it: use()                   (claimed 0)
 *                               t1 cancelled before it ran: giveBack()
 *                                 ──> t2 is woken with the claim instead     (claimed 1)
 *                                 ──> or, nobody parked, it lapses           (claimed 0)
 * ```
 * A claim is one item (for a getter) or one free slot (for a putter), reserved for the woken task
 * until it runs: nobody else can take it, so tasks are served in the order they parked (FIFO by
 * construction). The claimed item stays in the queue's storage until its getter runs, and a
 * putter's item goes in only when the putter runs, so a task cancelled in between just gives its
 * claim back: no item is lost, duplicated or reordered, whatever the queue's order.
 * @internal
 * @example
 * const getters = new Side(queue);
 * const future = getters.park(loop); // a getter waits...
 * store.push(item);
 * getters.wakeOne(); // ...and is woken holding a claim on `item`
 */
export class Side {
  readonly #owner: WaitTarget;
  /**
   * Made at the first park, on the loop the queue is bound to. The locks' O(1)-wake-up stopgap
   * for the kernel's WaitQueue (whose wake-ups walk the holes its Set leaves: quadratic with
   * 100k waiters); back to `WaitQueue` once the kernel's is fixed.
   */
  #waiters: WaitQueue<true> | null = null;
  #claimed = 0;

  constructor(owner: WaitTarget) {
    this.#owner = owner;
  }

  /** Tasks parked now (not counting woken ones that have not run yet). */
  get waiting(): number {
    return this.#waiters?.length ?? 0;
  }

  /** Claims handed to woken tasks that have not run yet. */
  get claimed(): number {
    return this.#claimed;
  }

  /** Parks the calling task at the back of the line; the future completes with its claim. */
  park(loop: Loop): Future<true> {
    this.#waiters ??= new WaitQueue<true>(loop, this.#owner);
    return this.#waiters.park();
  }

  /** Hands a claim to the longest-parked task; false when nobody is parked. */
  wakeOne(): boolean {
    const waiters = this.#waiters;
    if (waiters === null || waiters.length === 0 || !waiters.unparkOne(true)) return false;
    this.#claimed++;
    return true;
  }

  /** A woken task ran and took what its claim reserved. */
  use(): void {
    this.#claimed--;
  }

  /** A woken task was cancelled before it ran: its claim goes to the next parked task, or lapses. */
  giveBack(): void {
    if (this.#waiters === null || !this.#waiters.unparkOne(true)) this.#claimed--;
  }

  /** Wakes every parked task with `error` (shutdown). */
  failAll(error: unknown): void {
    if (this.waiting > 0) this.#waiters?.failAll(error);
  }
}
