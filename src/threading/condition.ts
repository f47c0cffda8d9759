import { threadId } from "node:worker_threads";
import { type Awaitable, RuntimeError } from "../core/index.js";
import { Waitable } from "../core/internal.js";
import { deadlineOf, remaining, type ThreadingOptions, waitAsyncUntil } from "./awaitable.js";
import { Lock } from "./lock.js";
import { describeValue } from "./portable.js";
import { RetakingAwaitable, type Waiter } from "./retaking-awaitable.js";
import { RLock } from "./rlock.js";
import {
  decodeArgs,
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  sharedMemory,
  TO_SHARED,
} from "./transfer.js";

/*
 * Shared layout (Int32 cells). Every write except the wake words happens with the condition's
 * lock held (wait takes its ticket before releasing, notify and withdrawal hold it), so the
 * bookkeeping needs no CAS; Atomics only for visibility to the threads that sleep.
 *
 *   TICKETS   next ticket to hand out          live tickets: [SERVED, TICKETS) minus GONE
 *   SERVED    tickets below it are notified     a waiter wakes when SERVED - ticket > 0
 *   GONE_LEN  + GONE[GONE_CAP]: tickets withdrawn (timed out, cancelled) from the middle of the
 *             range, skipped by notify so that no notification is spent on a waiter who left
 *   WAKE[16]  futex words: ticket t sleeps on WAKE[t & 15]; notify bumps the word of each ticket
 *             it serves (few threads share a word, so notify(1) does not wake every sleeper)
 */
const TICKETS = 0;
const SERVED = 1;
const GONE_LEN = 2;
const GONE = 3;
const GONE_CAP = 64;
const WAKE = GONE + GONE_CAP;
const WAKE_MASK = 15;
const CELLS = WAKE + WAKE_MASK + 1;

/**
 * A snapshot of a threading {@link Condition}.
 * @example
 * cond.statistics(); // { name: "items", locked: false, waiters: 2 }
 */
export interface ThreadingConditionStatistics {
  name: string;
  /** Whether its lock is taken (by any thread). */
  locked: boolean;
  /** Waiters not yet notified, in every thread. */
  waiters: number;
}

/** A Condition as it crosses a thread boundary: its own memory and its lock's. @internal */
interface ConditionDescriptor extends SharedDescriptor {
  readonly lock: SharedDescriptor;
}

/** The lock a condition uses. */
type AnyLock = Lock | RLock;

/**
 * A condition variable shared by threads (Python's `threading.Condition`): a thread holding its
 * lock `wait()`s — the lock is released while it waits — until another thread holding the lock
 * calls `notify()`; it then re-takes the lock before `wait()` returns. Waiters are notified in
 * the order they started waiting, across threads, and a notify between a waiter's release of
 * the lock and its sleep is not lost (each waiter takes a ticket under the lock; notify advances
 * a shared "served" counter).
 *
 * The lock is a threading {@link Lock} unless one is given (a {@link RLock} works too: `wait()`
 * releases all its levels and restores them). `wait()`/`waitFor()` block the thread;
 * `waitAsync()`/`waitForAsync()` are the awaitable forms for the main thread and spindle tasks.
 * Passed to a worker, it is rebuilt there over the same memory, with its lock.
 * @example
 * const cond = new Condition();
 * const items = new Int32Array(new SharedArrayBuffer(4));
 * // consumer, in a worker:
 * cond.acquire(); try { cond.waitFor(() => items[0] > 0); items[0]--; } finally { cond.release(); }
 * // producer:
 * cond.acquire(); try { items[0]++; cond.notify(); } finally { cond.release(); }
 */
export class Condition {
  readonly #buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #name: string;
  readonly #lock: AnyLock;

  constructor(options?: ThreadingOptions);
  constructor(lock: AnyLock | null | undefined, options?: ThreadingOptions);
  constructor(lockOrOptions?: AnyLock | ThreadingOptions | null, options?: ThreadingOptions) {
    let lock: AnyLock | null = null;
    if (lockOrOptions instanceof Lock || lockOrOptions instanceof RLock) {
      lock = lockOrOptions;
    } else if (lockOrOptions !== undefined && lockOrOptions !== null) {
      if (!isPlainObject(lockOrOptions) || options !== undefined) {
        throw new TypeError(
          `new Condition(lock): lock must be a threading Lock or RLock (or nothing, for a new Lock); got ${describeValue(lockOrOptions)}`,
        );
      }
      options = lockOrOptions as ThreadingOptions;
    }
    const { buffer, name } = sharedMemory("Condition", CELLS * 4, options?.name);
    this.#name = name;
    this.#buffer = buffer;
    this.#cells = new Int32Array(this.#buffer);
    this.#lock = lock ?? new Lock({ name: `${this.#name}.lock` });
  }

  /** The condition's name. */
  get name(): string {
    return this.#name;
  }

  /** Takes the condition's lock (Python's `acquire(blocking, timeout)`; blocks the thread). */
  acquire(blocking = true, timeout = -1): boolean {
    return this.#lock.acquire(blocking, timeout);
  }

  /** Takes the condition's lock without blocking the thread (the lock's `acquireAsync`). */
  acquireAsync(timeout?: number): Awaitable<boolean> {
    return this.#lock.acquireAsync(timeout);
  }

  /** Releases the condition's lock. */
  release(): void {
    this.#lock.release();
  }

  /** Whether the condition's lock is taken (by any thread). */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Releases the lock (every level of an RLock), blocks the thread until notified or until
   * `timeout` seconds pass, re-takes the lock (levels restored) and returns false on timeout,
   * true otherwise. Throws `RuntimeError` unless the lock is held.
   */
  wait(timeout?: number): boolean {
    this.#checkHeld("Condition.wait()");
    const deadline = deadlineOf(timeout, "Condition.wait(timeout)");
    const ticket = Atomics.add(this.#cells, TICKETS, 1);
    const depth = this.#releaseAll();
    let notified = false;
    try {
      notified = this.#sleep(ticket, deadline);
    } finally {
      for (let i = 0; i < depth; i++) this.#lock.acquire();
      notified = this.#settle(ticket, notified);
    }
    return notified;
  }

  /**
   * The awaitable form of {@link wait}: resolves once notified and the lock is held again (true),
   * or after `timeout` seconds with the lock held again (false). A task cancelled while it waits
   * re-takes the lock before the `CancelledError` reaches it (asyncio's rule: its `finally` may
   * rely on holding the lock), and a notification it had received goes to the next waiter.
   */
  waitAsync(timeout?: number): Awaitable<boolean> {
    this.#checkHeld("Condition.waitAsync()");
    const deadline = deadlineOf(timeout, "Condition.waitAsync(timeout)");
    const ticket = Atomics.add(this.#cells, TICKETS, 1);
    const depth = this.#releaseAll();
    const waiter: Waiter = { abandoned: false, notified: false };
    const done = this.#waitThenRetake(ticket, deadline, depth, waiter);
    return new RetakingAwaitable(
      done,
      waiter,
      () => Atomics.notify(this.#cells, WAKE + (ticket & WAKE_MASK)),
      () => this.#serve(1),
    );
  }

  /**
   * Waits (blocking) until `predicate()` is truthy, checking it now and after every wake-up with
   * the lock held; returns its last value (falsy if `timeout` seconds passed first).
   */
  waitFor<R>(predicate: () => R, timeout?: number): R {
    this.#checkPredicate(predicate, "Condition.waitFor(predicate)");
    this.#checkHeld("Condition.waitFor()");
    const deadline = deadlineOf(timeout, "Condition.waitFor(predicate, timeout)");
    let result = predicate();
    while (!result) {
      const left = remaining(deadline);
      if (left <= 0) break;
      this.wait(left === Number.POSITIVE_INFINITY ? undefined : left / 1000);
      result = predicate();
    }
    return result;
  }

  /** The awaitable form of {@link waitFor}; cancellable as {@link waitAsync} is. */
  waitForAsync<R>(predicate: () => R, timeout?: number): Awaitable<R> {
    this.#checkPredicate(predicate, "Condition.waitForAsync(predicate)");
    this.#checkHeld("Condition.waitForAsync()");
    const deadline = deadlineOf(timeout, "Condition.waitForAsync(predicate, timeout)");
    const self = this;
    return new Waitable(function* () {
      let result = predicate();
      while (!result) {
        const left = remaining(deadline);
        if (left <= 0) break;
        yield* self.waitAsync(left === Number.POSITIVE_INFINITY ? undefined : left / 1000);
        result = predicate();
      }
      return result;
    });
  }

  /**
   * Wakes up to `n` waiters (default 1), longest-waiting first, in any thread. Each returns from
   * its wait once it re-took the lock, so release the lock after notifying. Throws
   * `RuntimeError` unless the lock is held.
   */
  notify(n = 1): void {
    if (typeof n !== "number") {
      throw new TypeError(`Condition.notify(n): n must be a number; got ${describeValue(n)}`);
    }
    if (!(n >= 0) || (!Number.isInteger(n) && n !== Number.POSITIVE_INFINITY)) {
      throw new RangeError(`Condition.notify(n): n must be a whole number >= 0; got ${n}`);
    }
    this.#checkHeld("Condition.notify()");
    this.#serve(n);
  }

  /** Wakes every waiter; throws `RuntimeError` unless the lock is held. */
  notifyAll(): void {
    this.#checkHeld("Condition.notifyAll()");
    this.#serve(Number.POSITIVE_INFINITY);
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingConditionStatistics {
    const c = this.#cells;
    const live =
      ((Atomics.load(c, TICKETS) - Atomics.load(c, SERVED)) | 0) - Atomics.load(c, GONE_LEN);
    return { name: this.#name, locked: this.#lock.locked(), waiters: Math.max(0, live) };
  }

  /** @internal How it crosses into another thread (its lock goes with it). */
  [TO_SHARED](): ConditionDescriptor {
    return {
      spindleShared: "Condition",
      buffer: this.#buffer,
      name: this.#name,
      lock: this.#lock[TO_SHARED](),
    };
  }

  /**
   * An RLock knows its owning thread; a Lock does not (any thread may release it), so for a Lock
   * "held" means "locked", as Python's Condition checks a plain Lock.
   */
  #checkHeld(call: string): void {
    const lock = this.#lock;
    const held = lock instanceof RLock ? lock.statistics().ownerThread === threadId : lock.locked();
    if (!held) {
      throw new RuntimeError(
        `${call}: ${this.#name}'s lock is not held by this thread; acquire it first (cond.acquire(), or yield* cond.acquireAsync() in a task)`,
      );
    }
  }

  #checkPredicate(predicate: unknown, call: string): void {
    if (typeof predicate !== "function") {
      throw new TypeError(`${call}: predicate must be a function; got ${describeValue(predicate)}`);
    }
  }

  /** Releases the lock completely; returns how many levels to restore. */
  #releaseAll(): number {
    const lock = this.#lock;
    const depth = lock instanceof RLock ? lock.statistics().depth : 1;
    for (let i = 0; i < depth; i++) lock.release();
    return depth;
  }

  #served(ticket: number): boolean {
    return ((Atomics.load(this.#cells, SERVED) - ticket) | 0) > 0;
  }

  /** Blocks until `ticket` is served or the deadline passes; whether it was served. */
  #sleep(ticket: number, deadline: number): boolean {
    const c = this.#cells;
    const word = WAKE + (ticket & WAKE_MASK);
    for (;;) {
      // Read the wake word before SERVED: a notify in between changes the word, so the wait
      // below returns at once (no lost wake-up).
      const seen = Atomics.load(c, word);
      if (this.#served(ticket)) return true;
      const left = remaining(deadline);
      if (left <= 0) return false;
      Atomics.wait(c, word, seen, left);
    }
  }

  async #waitThenRetake(
    ticket: number,
    deadline: number,
    depth: number,
    waiter: Waiter,
  ): Promise<boolean> {
    const c = this.#cells;
    const word = WAKE + (ticket & WAKE_MASK);
    let notified = false;
    for (;;) {
      const seen = Atomics.load(c, word);
      if (this.#served(ticket)) {
        notified = true;
        break;
      }
      if (waiter.abandoned || remaining(deadline) <= 0) break;
      await waitAsyncUntil(c, word, seen, deadline);
    }
    for (let i = 0; i < depth; i++) await this.#lock.acquireAsync();
    waiter.notified = this.#settle(ticket, notified);
    return waiter.notified;
  }

  /** With the lock held again: a waiter not served leaves the line (no notify is spent on it). */
  #settle(ticket: number, notified: boolean): boolean {
    if (notified || this.#served(ticket)) return true;
    this.#withdraw(ticket);
    return false;
  }

  /**
   * Removes an unserved ticket (lock held). At either end of the live range the range shrinks;
   * in the middle it is remembered in GONE. If GONE is full (many waiters timed out between
   * live ones), every waiter is woken instead: spurious wake-ups, never a lost one.
   */
  #withdraw(ticket: number): void {
    const c = this.#cells;
    if (ticket === Atomics.load(c, SERVED)) {
      let served = (ticket + 1) | 0;
      const tickets = Atomics.load(c, TICKETS);
      while (served !== tickets && this.#forget(served)) served = (served + 1) | 0;
      Atomics.store(c, SERVED, served);
    } else if (ticket === ((Atomics.load(c, TICKETS) - 1) | 0)) {
      let tickets = ticket;
      const served = Atomics.load(c, SERVED);
      while (tickets !== served && this.#forget((tickets - 1) | 0)) tickets = (tickets - 1) | 0;
      Atomics.store(c, TICKETS, tickets);
    } else {
      const n = Atomics.load(c, GONE_LEN);
      if (n === GONE_CAP) {
        this.#serve(Number.POSITIVE_INFINITY);
        return;
      }
      Atomics.store(c, GONE + n, ticket);
      Atomics.store(c, GONE_LEN, n + 1);
    }
  }

  /** Removes `ticket` from GONE if it is there. */
  #forget(ticket: number): boolean {
    const c = this.#cells;
    const n = Atomics.load(c, GONE_LEN);
    for (let i = 0; i < n; i++) {
      if (Atomics.load(c, GONE + i) === ticket) {
        Atomics.store(c, GONE + i, Atomics.load(c, GONE + n - 1));
        Atomics.store(c, GONE_LEN, n - 1);
        return true;
      }
    }
    return false;
  }

  /** Serves up to `n` live tickets, oldest first, and wakes their sleepers (lock held). */
  #serve(n: number): void {
    const c = this.#cells;
    const tickets = Atomics.load(c, TICKETS);
    let served = Atomics.load(c, SERVED);
    let words = 0;
    for (let woken = 0; woken < n && served !== tickets; ) {
      const ticket = served;
      served = (served + 1) | 0;
      if (this.#forget(ticket)) continue;
      words |= 1 << (ticket & WAKE_MASK);
      woken++;
    }
    // SERVED first, then the words: a sleeper that read its word before the bump sees the new
    // SERVED or has its wait interrupted by the bump.
    Atomics.store(c, SERVED, served);
    for (let w = 0; words !== 0; w++, words >>>= 1) {
      if ((words & 1) === 0) continue;
      Atomics.add(c, WAKE + w, 1);
      Atomics.notify(c, WAKE + w);
    }
  }
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

registerKind("Condition", (d) => {
  const [lock] = decodeArgs([(d as ConditionDescriptor).lock]);
  return rebuildWith(d, () => new Condition(lock as AnyLock));
});
