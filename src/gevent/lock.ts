import {
  BoundedSemaphore as AsyncioBoundedSemaphore,
  Semaphore as AsyncioSemaphore,
  type Awaitable,
  currentTask,
  type PrimitiveOptions,
  RuntimeError,
  type Task,
} from "../asyncio/index.js";
import { resolved, type WaitTarget } from "../core/index.js";
import { primitiveName, runningLoopFor, WaitQueue } from "../core/internal.js";
import { hubCall, withDeadline } from "./hub.js";

const ACQUIRED = resolved(true as const);
const NOT_ACQUIRED = resolved(false as const);

/** gevent's `acquire(blocking, timeout)` over an asyncio-style acquire. */
function gated(
  acquire: () => Awaitable<true>,
  tryNow: () => boolean,
  blocking: boolean,
  timeout: number | null | undefined,
): Awaitable<boolean> {
  if (!blocking) return tryNow() ? ACQUIRED : NOT_ACQUIRED;
  if (timeout === undefined || timeout === null) return acquire();
  return hubCall(() => withDeadline(timeout, acquire(), () => false));
}

/**
 * gevent's `acquire(blocking, timeout)` over an asyncio semaphore's `acquire()` (`take`): without
 * blocking, a permit is taken only if one is free now.
 */
function acquirePermit(
  semaphore: AsyncioSemaphore,
  take: () => Awaitable<true>,
  blocking: boolean,
  timeout: number | null | undefined,
): Awaitable<true> & Awaitable<boolean> {
  const tryNow = (): boolean => {
    if (semaphore.locked()) return false;
    // A permit is free: the acquire completes at once, in this greenlet.
    return take()[Symbol.iterator]().next().done === true;
  };
  return gated(take, tryNow, blocking, timeout) as Awaitable<true> & Awaitable<boolean>;
}

/**
 * gevent's lock.Semaphore: spindle's fair, hand-off Semaphore with gevent's
 * `acquire(blocking = true, timeout?)`, which evaluates to false when it could not get a permit
 * (not blocking, or not in time).
 * @example
 * const sem = new Semaphore(2);
 * if (yield* sem.acquire(true, 0.5)) { try { work(); } finally { sem.release(); } }
 */
export class Semaphore extends AsyncioSemaphore {
  constructor(value = 1, options?: PrimitiveOptions) {
    super(value, options);
  }

  /** Takes a permit (see the class); resolves to whether it got one. */
  override acquire(blocking = true, timeout?: number | null): Awaitable<true> & Awaitable<boolean> {
    return acquirePermit(this, () => super.acquire(), blocking, timeout);
  }
}

/**
 * gevent's lock.BoundedSemaphore: a {@link Semaphore} whose over-release throws RangeError.
 * @example
 * const conns = new BoundedSemaphore(10);
 */
export class BoundedSemaphore extends AsyncioBoundedSemaphore {
  constructor(value = 1, options?: PrimitiveOptions) {
    super(value, options);
  }

  /** Takes a permit (see {@link Semaphore}); resolves to whether it got one. */
  override acquire(blocking = true, timeout?: number | null): Awaitable<true> & Awaitable<boolean> {
    return acquirePermit(this, () => super.acquire(), blocking, timeout);
  }
}

/**
 * A snapshot of an {@link RLock}.
 * @example
 * const { locked, owner, count, waiters } = rlock.statistics();
 */
export interface RLockStatistics {
  locked: boolean;
  /** The holding task's name, or null. */
  owner: string | null;
  /** How many times the owner acquired it without releasing. */
  count: number;
  waiters: number;
}

/**
 * A reentrant lock (gevent's lock.RLock): the greenlet holding it may acquire it again; it is
 * free once released as many times as acquired. Other greenlets wait in line on the kernel's wait
 * queue and get it by hand-off (FIFO, no lost wake-up). Only the owner may release it.
 *
 * Invariant: `#count > 0` exactly while it is locked; a free lock has no waiters. The hand-off to
 * a waiter is final: it owns the lock from the release on. From async functions (where spindle
 * cannot tell the caller) it works as a plain lock: no reentrancy, and any caller may release it.
 * @example
 * const rlock = new RLock();
 * function* outer() { yield* rlock.acquire(); try { yield* inner(); } finally { rlock.release(); } }
 * function* inner() { yield* rlock.acquire(); try { work(); } finally { rlock.release(); } }
 */
export class RLock implements WaitTarget {
  readonly #name: string;
  #owner: Task<unknown> | null = null;
  #count = 0;
  #waiters: WaitQueue<true> | null = null;

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("RLock", options, this);
  }

  /** Whether some greenlet holds it. */
  locked(): boolean {
    return this.#count > 0;
  }

  /**
   * Takes it (again, if the caller holds it), waiting in line while another holds it; resolves
   * to whether it got it (false only when not `blocking`, or not within `timeout` seconds).
   */
  acquire(blocking = true, timeout?: number | null): Awaitable<true> & Awaitable<boolean> {
    const task = currentTask();
    if (task === null) runningLoopFor("RLock.acquire()");
    if (this.#count === 0) {
      this.#take(task);
      return ACQUIRED as Awaitable<true> & Awaitable<boolean>;
    }
    if (task !== null && task === this.#owner) {
      this.#count++;
      return ACQUIRED as Awaitable<true> & Awaitable<boolean>;
    }
    return gated(
      () => this.#contend(),
      () => false,
      blocking,
      timeout,
    ) as Awaitable<true> & Awaitable<boolean>;
  }

  /** Releases one level; at the last, hands it to the longest waiter. RuntimeError if not held by the caller. */
  release(): void {
    const task = currentTask();
    if (this.#count === 0) {
      throw new RuntimeError(
        "RLock.release(): cannot release an un-acquired lock; release only what you acquired",
      );
    }
    if (task !== null && this.#owner !== null && task !== this.#owner) {
      throw new RuntimeError(
        `RLock.release(): ${task.describe()} does not hold ${this.#name} (${this.#owner.describe()} does); only the owner may release it`,
      );
    }
    if (--this.#count > 0) return;
    this.#owner?.unhold(this);
    this.#owner = null;
    const next = this.#waiters?.unparkOne(true) ?? null;
    if (next !== null) this.#take(next.waitingTask); // hand-off: the waiter owns it now
  }

  /** A snapshot: locked, owner, depth, waiters. */
  statistics(): RLockStatistics {
    return {
      locked: this.locked(),
      owner: this.#owner?.getName() ?? null,
      count: this.#count,
      waiters: this.#waiters?.length ?? 0,
    };
  }

  /** `RLock 'name'`, or `RLock#<n>`. */
  describe(): string {
    return this.#name;
  }

  /** The task holding it, for deadlock reports. */
  holders(): readonly Task<unknown>[] {
    return this.#owner === null ? [] : [this.#owner];
  }

  #take(task: Task<unknown> | null): void {
    this.#count = 1;
    this.#owner = task;
    task?.hold(this);
  }

  #contend(): Awaitable<true> {
    this.#waiters ??= new WaitQueue<true>(this);
    return this.#waiters.park();
  }
}
