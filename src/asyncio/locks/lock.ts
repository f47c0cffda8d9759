import {
  type Awaitable,
  currentTask,
  DeadlockError,
  RuntimeError,
  resolved,
  type Task,
  WaitQueue,
  type WaitTarget,
} from "../../core/index.js";
import { HandOff, type HandOffSite } from "./handoff.js";
import { LoopBound, runningLoopFor } from "./loop-bound.js";
import { type PrimitiveOptions, primitiveName } from "./naming.js";

/**
 * A snapshot of a {@link Lock}.
 * @example
 * const { locked, owner, waiters } = lock.statistics(); // { locked: true, owner: "worker-1", waiters: 2 }
 */
export interface LockStatistics {
  /** Whether the lock is taken. */
  locked: boolean;
  /** The name of the task holding it, or null (free, taken outside a task, or being handed over). */
  owner: string | null;
  /** Tasks waiting to acquire it. */
  waiters: number;
}

/** The uncontended acquire: shared, allocation-free. */
const ACQUIRED = resolved(true as const);

/**
 * A mutual-exclusion lock for tasks (asyncio.Lock): one holder at a time, waiters served in
 * arrival order. `release()` hands the lock straight to the longest waiter, so a task that
 * releases and re-acquires at once queues behind the others (no barging).
 *
 * Beyond asyncio: the lock records which task holds it. A task acquiring a lock it already holds
 * gets a `DeadlockError` at once (asyncio waits forever); a task that ends while holding it is
 * reported through the loop's exception handler; deadlock reports name the holder.
 *
 * Invariant: `#locked` is true while a task holds the lock *or* it is being handed to a woken
 * waiter that has not resumed yet (`#handingOver`; `#owner` is null then); a free lock has no
 * waiters. While the lock is being handed over nobody holds it, so `release()` then is a release
 * too many and throws, as asyncio's would.
 * @example
 * const lock = new Lock({ name: "accounts" });
 * function* transfer() {
 *   yield* lock.acquire();
 *   try {
 *     const balance = read();
 *     yield* sleep(0.1); // others may run; none gets into this section
 *     write(balance - 10);
 *   } finally {
 *     lock.release();
 *   }
 * }
 */
export class Lock implements WaitTarget {
  readonly #name: string;
  readonly #binding = new LoopBound();
  #locked = false;
  #owner: Task<unknown> | null = null;
  #handingOver = false;
  #waiters: WaitQueue<void> | null = null;
  /** What a hand-off calls back; made at the first contention. */
  #site: HandOffSite<void> | null = null;

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("Lock", options);
  }

  /** Whether the lock is taken. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Takes the lock, waiting in line while another task holds it; resolves to `true`. The caller
   * joins the line at the call. Throws `DeadlockError` at once if the calling task already holds
   * the lock, and `RuntimeError` if no loop is running.
   */
  acquire(): Awaitable<true> {
    const task = currentTask();
    if (task === null) runningLoopFor("Lock.acquire()");
    if (!this.#locked) {
      this.#locked = true;
      if (task !== null) {
        this.#owner = task;
        task.hold(this);
      }
      return ACQUIRED;
    }
    if (task !== null && task === this.#owner) throw this.#reentered(task);
    return this.#contend(task);
  }

  /**
   * Releases the lock, handing it to the longest-waiting task if any. Any task may release it
   * (asyncio's rule); releasing a lock that is not locked throws `RuntimeError`.
   */
  release(): void {
    if (!this.#locked) {
      throw new RuntimeError(
        "Lock.release(): the lock is not locked; release only what you acquired",
      );
    }
    if (this.#handingOver) {
      throw new RuntimeError(
        "Lock.release(): the lock was already released and is being handed to the next waiter; release only what you acquired, once",
      );
    }
    const owner = this.#owner;
    if (owner !== null) {
      owner.unhold(this);
      this.#owner = null;
    }
    // Hand-off: with a waiter, the lock stays locked and becomes the waiter's.
    if (this.#waiters?.unparkOne()) this.#handingOver = true;
    else this.#locked = false;
  }

  /** A snapshot: whether it is locked, by which task, and how many wait. */
  statistics(): LockStatistics {
    return {
      locked: this.#locked,
      owner: this.#owner?.getName() ?? null,
      waiters: this.#waiters?.length ?? 0,
    };
  }

  /** `Lock 'name'`, or `Lock#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  /** The task holding the lock, when known: what the deadlock report names. */
  holders(): readonly Task<unknown>[] {
    return this.#owner === null ? [] : [this.#owner];
  }

  /** Joins the line: the first contention binds the lock to the loop and makes its wait queue. */
  #contend(task: Task<unknown> | null): Awaitable<true> {
    const loop = this.#binding.bind("Lock.acquire()", this);
    if (this.#waiters === null || this.#site === null) {
      this.#site = {
        claim: (_value, waiter) => {
          this.#handingOver = false;
          if (waiter === null) return;
          this.#owner = waiter;
          waiter.hold(this);
        },
        unclaimed: () => {
          this.#handingOver = false;
          this.#locked = false;
        },
      };
      this.#waiters = new WaitQueue<void>(loop, this, this.#site.unclaimed);
    }
    return new HandOff<void>(this.#site, this.#waiters, task);
  }

  #reentered(task: Task<unknown>): DeadlockError {
    const me = task.describe();
    return new DeadlockError(
      `deadlock: ${me} tried to acquire ${this.#name} that it already holds; asyncio's Lock is not reentrant, so it would wait for itself forever. Release it first, or restructure so the inner code does not acquire it again.`,
      [{ task: task.getName(), waitsOn: this.#name, heldBy: [task.getName()] }],
      [task.getName(), task.getName()],
    );
  }
}
