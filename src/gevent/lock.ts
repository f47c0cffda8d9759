import {
  BoundedSemaphore as AsyncioBoundedSemaphore,
  Semaphore as AsyncioSemaphore,
  type Awaitable,
  currentTask,
  type PrimitiveOptions,
  RuntimeError,
  type Task,
} from "../asyncio/index.js";
import { HandOff, type HandOffSite } from "../asyncio/locks/handoff.js";
import { LoopBound, runningLoopFor } from "../asyncio/locks/loop-bound.js";
import { primitiveName } from "../asyncio/locks/naming.js";
import { resolved, WaitQueue, type WaitTarget } from "../core/index.js";
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
    void take(); // a permit is free: the acquire completes at once
    return true;
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
 * Invariant: `#count > 0` exactly while it is locked (held, or being handed to a woken waiter);
 * a free lock has no waiters. From async functions (where spindle cannot tell the caller) it
 * works as a plain lock: no reentrancy, and any caller may release it.
 * @example
 * const rlock = new RLock();
 * function* outer() { yield* rlock.acquire(); try { yield* inner(); } finally { rlock.release(); } }
 * function* inner() { yield* rlock.acquire(); try { work(); } finally { rlock.release(); } }
 */
export class RLock implements WaitTarget {
  readonly #name: string;
  readonly #binding = new LoopBound();
  #owner: Task<unknown> | null = null;
  #count = 0;
  #waiters: WaitQueue<void> | null = null;
  #site: HandOffSite<void> | null = null;

  constructor(options?: PrimitiveOptions) {
    this.#name = primitiveName("RLock", options);
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
      () => this.#contend(task),
      () => false,
      blocking,
      timeout,
    ) as Awaitable<true> & Awaitable<boolean>;
  }

  /** Releases one level; at the last, hands it to the longest waiter. RuntimeError if not held by the caller. */
  release(): void {
    const task = currentTask();
    if (this.#count === 0 || (this.#owner === null && this.#handingOver)) {
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
    if (this.#waiters?.unparkOne()) {
      this.#count = 1; // reserved for the woken waiter until it claims it
      this.#handingOver = true;
    }
  }

  #handingOver = false;

  /** A snapshot: locked, owner, depth, waiters. */
  statistics(): RLockStatistics {
    return {
      locked: this.locked(),
      owner: this.#owner?.getName() ?? null,
      count: this.#handingOver ? 0 : this.#count,
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

  #contend(task: Task<unknown> | null): Awaitable<true> {
    const loop = this.#binding.bind("RLock.acquire()", this);
    if (this.#waiters === null || this.#site === null) {
      this.#site = {
        claim: (_value, waiter) => {
          this.#handingOver = false;
          this.#take(waiter);
        },
        unclaimed: () => {
          this.#handingOver = false;
          this.#count = 0;
        },
      };
      this.#waiters = new WaitQueue<void>(loop, this, this.#site.unclaimed);
    }
    return new HandOff<void>(this.#site, this.#waiters, task);
  }
}
