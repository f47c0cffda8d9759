import {
  type Awaitable,
  currentTask,
  DeadlockError,
  type PrimitiveOptions,
  RuntimeError,
  resolved,
  type Task,
  type WaitTarget,
  type Yieldable,
} from "../../core/index.js";
import {
  debugTracked,
  OnWait,
  primitiveName,
  runningLoopFor,
  WaitQueue,
} from "../../core/internal.js";

/**
 * A snapshot of a {@link Lock}.
 * @example
 * const { locked, owner, waiters } = lock.statistics(); // { locked: true, owner: "worker-1", waiters: 2 }
 */
export interface LockStatistics {
  /** Whether the lock is taken. */
  locked: boolean;
  /** The name of the task holding it, or null (free, or taken by async code outside a task). */
  owner: string | null;
  /** Tasks waiting to acquire it. */
  waiters: number;
}

/** The uncontended acquire: finishes at once, shared, allocation-free. */
const ACQUIRED = resolved(true as const);

/**
 * A mutual-exclusion lock for tasks (asyncio.Lock): one holder at a time, waiters served in
 * arrival order. `release()` hands the lock straight to the longest waiter, so a task that
 * releases and re-acquires at once queues behind the others (no barging).
 *
 * As in Python, `acquire()` does its work when waited on: the task that runs `yield*
 * lock.acquire()` (or the new task of `createTask(lock.acquire())`) is the one that takes the
 * lock and holds it. The hand-off to a waiter is final: the woken task owns the lock even if it
 * is cancelled before it runs (the cancellation is raised at its next wait, inside its
 * `try`/`finally`), so a cancellation never loses the lock nor leaves it taken by nobody.
 *
 * Beyond asyncio: the lock records which task holds it. A task acquiring a lock it already holds
 * gets a `DeadlockError` at once (asyncio waits forever); a task that ends while holding it is
 * reported through the loop's exception handler; deadlock reports name the holder.
 *
 * Invariant: `#locked` is true exactly while someone holds the lock — the task `#owner`, or
 * async code (`await`), for which `#owner` is null; a free lock has no waiters.
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
  #locked = false;
  #owner: Task<unknown> | null = null;
  #waiters: WaitQueue<true> | null = null;
  readonly #acquire = new OnWait(() => this.#take());

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("Lock", options, this);
  }

  /** Whether the lock is taken. */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Takes the lock, waiting in line while another task holds it; resolves to `true`. The task
   * that waits on it (`yield*`) acquires it. Throws `DeadlockError` if that task already holds
   * the lock, and `RuntimeError` if no loop is running.
   */
  acquire(): Awaitable<true> {
    if (currentTask() === null) runningLoopFor("Lock.acquire()");
    return debugTracked(this.#acquire, () => `${this.#name}.acquire()`);
  }

  /**
   * Releases the lock, handing it to the longest-waiting task if any. Any task may release it
   * (asyncio's rule); releasing a lock that is not locked throws `RuntimeError`.
   */
  release(): void {
    if (!this.#locked) {
      throw new RuntimeError(
        "Lock.release(): the lock is not locked; release only what you acquired. (Was `lock.acquire()` called without `yield*`? It then does nothing.)",
      );
    }
    this.#owner?.unhold(this);
    this.#owner = null;
    // Hand-off: with a waiter, the lock stays locked and is the waiter's from now on.
    const next = this.#waiters?.unparkOne(true) ?? null;
    if (next === null) this.#locked = false;
    else this.#own(next.waitingTask);
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

  /** The acquisition itself, run by the waiting task (or async caller): take it or join the line. */
  #take(): Iterator<Yieldable, true, unknown> {
    const task = currentTask();
    if (!this.#locked) {
      this.#locked = true;
      this.#own(task);
      return ACQUIRED;
    }
    if (task !== null && task === this.#owner) throw this.#reentered(task);
    this.#waiters ??= new WaitQueue<true>(this);
    return this.#waiters.park();
  }

  #own(task: Task<unknown> | null): void {
    this.#owner = task;
    task?.hold(this);
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
