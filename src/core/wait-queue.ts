import { Ring } from "./ring.js";
import type { Task } from "./task.js";
import { Parked, type WaitTarget } from "./traps.js";

/** Dead entries (cancelled waiters) tolerated in the ring before it is compacted. */
const COMPACT_AFTER = 64;

/**
 * One task (or async caller) waiting in a {@link WaitQueue}: its trap and its place in line.
 * @internal
 */
export class Waiter<T> extends Parked<T> {
  readonly #queue: WaitQueue<T>;
  /** What the waiter brings, for the primitive to use when it wakes it (a putter's item). */
  readonly payload: unknown;

  constructor(queue: WaitQueue<T>, payload: unknown) {
    super();
    this.#queue = queue;
    this.payload = payload;
  }

  /** The waiting task, or null for an async caller (`await`), which no task stands for. */
  get waitingTask(): Task<unknown> | null {
    return this.task as Task<unknown> | null;
  }

  describe(): string {
    return this.#queue.label();
  }

  override holders(): readonly WaitTarget[] {
    return this.#queue.target.holders?.() ?? [];
  }

  protected leave(): void {
    this.#queue.left();
  }

  protected override resumed(): void {
    this.#queue.onResumed?.();
  }
}

/**
 * Options of a {@link WaitQueue}.
 * @internal
 */
export interface WaitQueueOptions {
  /** Completes the wait label after the primitive's name: ".get()" gives "Queue 'jobs'.get()". */
  operation?: string;
  /** Called when a woken waiter's task resumes past the wait (fairness bookkeeping). */
  onResumed?: () => void;
}

/**
 * The one place every primitive (lock, semaphore, condition, event, queue) parks tasks: a fair,
 * cancellation-aware FIFO of waiters, like Trio's ParkingLot.
 *
 * ```
 *   park() ──> [ w1  w2  ✗  w4 ] ──> unparkOne(v): w1 resumes with v (final)
 *                        └─ cancelled: left at once; skipped when reached
 * ```
 * Rules it guarantees, so primitives need not re-implement them (asyncio did, bpo-32734):
 * - FIFO: waiters are woken in the order they parked;
 * - a cancelled waiter leaves the queue at once (as far as `length` and every wake-up go);
 * - a wake-up is final: the woken task resumes with the value even if it is cancelled before it
 *   runs (the cancellation is raised at its next wait), so the primitive can complete the
 *   operation at the wake-up itself — hand the lock over, put the item in the getter's hands —
 *   and nothing is lost or handed on twice.
 *
 * Waiters sit in a ring buffer in arrival order, so a wake-up is O(1). A cancelled waiter stays as
 * a dead entry, skipped when reached; the ring is compacted once dead entries outnumber live
 * ones, so cancellations cannot make it grow without bound.
 *
 * Invariant: `#live` counts the entries of `#ring` still waiting; every other entry is dead.
 * @example
 * const waiters = new WaitQueue<T>(queue, ".get()");
 * return waiters.park(); // `yield*` it: parked until someone calls waiters.unparkOne(item)
 */
export class WaitQueue<T = void> {
  /** The primitive whose waiters these are: named in the label, asked for holders. */
  readonly target: WaitTarget;
  /** @internal */
  readonly onResumed: (() => void) | undefined;
  readonly #operation: string;
  readonly #ring = new Ring<Waiter<T>>();
  #live = 0;

  /** `target` is the primitive (its `describe()` starts every wait label here). */
  constructor(target: WaitTarget, options: WaitQueueOptions = {}) {
    this.target = target;
    this.#operation = options.operation ?? "";
    this.onResumed = options.onResumed;
  }

  /** Waiters parked now. */
  get length(): number {
    return this.#live;
  }

  /** What a waiter here waits for: "Queue 'jobs'.get()". */
  label(): string {
    return `${this.target.describe()}${this.#operation}`;
  }

  /**
   * Joins the line: returns the wait, which `yield*` (or `await`) evaluates to the value its
   * waker gives. Cancelling the waiting task removes it from the line.
   */
  park(payload?: unknown): Waiter<T> {
    const waiter = new Waiter<T>(this, payload);
    this.#ring.push(waiter);
    this.#live++;
    return waiter;
  }

  /** The longest waiter, still waiting, without waking it; null when nobody waits. */
  peek(): Waiter<T> | null {
    const ring = this.#ring;
    for (let waiter = ring.peek(); waiter !== undefined; waiter = ring.peek()) {
      if (waiter.waiting) return waiter;
      ring.shift(); // a cancelled waiter: drop it now
    }
    return null;
  }

  /** Fails the longest waiter with `error` (its operation could not complete); false if none. */
  failOne(error: unknown): boolean {
    const waiter = this.peek();
    if (waiter === null) return false;
    this.#ring.shift();
    this.#live--;
    waiter.fail(error);
    return true;
  }

  /** Wakes the longest waiter with `value` and returns it; null when nobody waits. */
  unparkOne(value: T): Waiter<T> | null {
    const ring = this.#ring;
    for (let waiter = ring.shift(); waiter !== undefined; waiter = ring.shift()) {
      if (!waiter.waiting) continue; // a cancelled waiter, left in place
      this.#live--;
      waiter.wake(value);
      return waiter;
    }
    return null;
  }

  /** Wakes every task waiting now with `value` (not those parked meanwhile); returns how many. */
  unparkAll(value: T): number {
    let woken = 0;
    for (let n = this.#ring.length; n > 0; n--) {
      const waiter = this.#ring.shift()!;
      if (!waiter.waiting) continue;
      this.#live--;
      waiter.wake(value);
      woken++;
    }
    return woken;
  }

  /** Fails every task waiting now with `error` (a broken barrier, a shut-down queue). */
  failAll(error: unknown): number {
    let failed = 0;
    for (let n = this.#ring.length; n > 0; n--) {
      const waiter = this.#ring.shift()!;
      if (!waiter.waiting) continue;
      this.#live--;
      waiter.fail(error);
      failed++;
    }
    return failed;
  }

  /** @internal A waiter was cancelled: it no longer counts; compact once dead entries dominate. */
  left(): void {
    this.#live--;
    const ring = this.#ring;
    const dead = ring.length - this.#live;
    if (dead < COMPACT_AFTER || dead <= this.#live) return;
    for (let n = ring.length; n > 0; n--) {
      const waiter = ring.shift()!;
      if (waiter.waiting) ring.push(waiter);
    }
  }
}
