import { type Awaitable, RuntimeError, resolved } from "../core/index.js";
import { NodeTimer } from "../core/internal.js";
import {
  Attempt,
  AttemptAwaitable,
  checkAcquire,
  checkOptions,
  deadlineOf,
  remaining,
  type ThreadingOptions,
  waitAsyncUntil,
} from "./awaitable.js";
import {
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  sharedMemory,
  TO_SHARED,
} from "./transfer.js";

const FREE = 0;
const LOCKED = 1;
/** Locked, and someone may be waiting: release() must notify. */
const CONTENDED = 2;

const ACQUIRED = resolved(true);

/**
 * A snapshot of a threading {@link Lock}.
 * @example
 * lock.statistics(); // { name: "counter", locked: false }
 */
export interface ThreadingLockStatistics {
  name: string;
  locked: boolean;
  /** Async waiters on this thread (threads blocked in acquire() are not counted). */
  waiters: number;
}

/**
 * A mutex shared by threads (Python's `threading.Lock`): one Int32 in a SharedArrayBuffer,
 * taken and released with Atomics (the futex mutex of Drepper's "Futexes Are Tricky"):
 *
 *     state: 0 free · 1 locked · 2 locked, maybe with sleepers (release must notify)
 *
 * `acquire()` blocks the calling thread (worker threads and scripts); `acquireAsync()` waits
 * with `Atomics.waitAsync` and suits the main thread and spindle tasks. Pass it to a worker (in
 * `Thread`'s args or a pool job's) and it is rebuilt there over the same memory. Like Python's,
 * it is not reentrant (see {@link RLock}) and any thread may release it. It is not fair: a
 * thread that releases and re-acquires at once may win again.
 * @example
 * const lock = new Lock();
 * new Thread({ target: (lock: Lock, counter: Int32Array) => {
 *   lock.acquire(); try { counter[0]++; } finally { lock.release(); }
 * }, args: [lock, counter] }).start();
 */
export class Lock {
  readonly #buffer: SharedArrayBuffer;
  readonly #state: Int32Array;
  readonly #name: string;
  /** This thread's async waiters, in arrival order (the head competes for the shared word). */
  readonly #line: Attempt[] = [];

  constructor(options?: ThreadingOptions) {
    const { name: wanted } = checkOptions("new Lock(options)", options);
    const { buffer, name } = sharedMemory("Lock", 4, wanted);
    this.#name = name;
    this.#buffer = buffer;
    this.#state = new Int32Array(this.#buffer);
  }

  /** The lock's name. */
  get name(): string {
    return this.#name;
  }

  /** Whether some thread holds it. */
  locked(): boolean {
    return Atomics.load(this.#state, 0) !== FREE;
  }

  /**
   * Takes the lock, blocking the calling thread while another holds it; with `blocking` false,
   * or once `timeout` seconds pass, gives up and returns false (Python's `acquire`).
   */
  acquire(blocking = true, timeout = -1): boolean {
    checkAcquire("Lock.acquire(blocking, timeout)", blocking, timeout, true);
    const s = this.#state;
    if (Atomics.compareExchange(s, 0, FREE, LOCKED) === FREE) return true;
    if (!blocking) return false;
    const deadline = deadlineOf(timeout, "Lock.acquire(blocking, timeout)");
    let c = Atomics.exchange(s, 0, CONTENDED);
    while (c !== FREE) {
      const left = remaining(deadline);
      if (left <= 0) return false;
      Atomics.wait(s, 0, CONTENDED, left);
      c = Atomics.exchange(s, 0, CONTENDED);
    }
    return true;
  }

  /**
   * Takes the lock without blocking the thread: resolves to true once held (at once, allocation
   * free, when the lock is free), or false after `timeout` seconds. In a spindle task,
   * `yield* lock.acquireAsync()`; cancelling the task abandons the attempt cleanly.
   *
   * Waiters on this thread form a FIFO line: only its head competes (with `Atomics.waitAsync`)
   * for the shared word, and `release()` on this thread hands the lock straight to the next in
   * line, as asyncio's Lock does — so tasks are served in order and a task that releases and
   * re-acquires goes to the back.
   */
  acquireAsync(timeout?: number): Awaitable<boolean> {
    const s = this.#state;
    if (this.#line.length === 0 && Atomics.compareExchange(s, 0, FREE, LOCKED) === FREE)
      return ACQUIRED;
    const deadline = deadlineOf(timeout, "Lock.acquireAsync(timeout)");
    const attempt = new Attempt();
    const promise = new Promise<boolean>((resolve) => {
      attempt.settle = resolve;
    });
    this.#line.push(attempt);
    if (this.#line.length === 1) void this.#contend(attempt, deadline);
    else if (deadline !== Number.POSITIVE_INFINITY) {
      attempt.timer = new NodeTimer(() => {
        if (attempt.won || attempt.abandoned) return;
        this.#leave(attempt);
        attempt.abandoned = true;
        attempt.settle(false);
      }, remaining(deadline) / 1000);
    }
    const awaitable = new AttemptAwaitable(
      promise,
      attempt,
      () => this.release(),
      () => this.#leave(attempt),
    );
    return awaitable;
  }

  /** The head of the line competes for the shared word until it wins, gives up, or is handed the lock. */
  async #contend(head: Attempt, deadline: number): Promise<void> {
    const s = this.#state;
    for (;;) {
      if (head.won) return; // handed over by a release on this thread
      if (head.abandoned) {
        Atomics.notify(s, 0, 1); // its wake-up may have been meant for a live waiter: pass it on
        return;
      }
      if (Atomics.exchange(s, 0, CONTENDED) === FREE) {
        this.#grant(head);
        return;
      }
      if (remaining(deadline) <= 0) {
        this.#leave(head);
        head.abandoned = true;
        head.settle(false);
        return;
      }
      await waitAsyncUntil(s, 0, CONTENDED, deadline);
    }
  }

  /** `attempt` now holds the lock: out of the line, promise resolved; the next one competes. */
  #grant(attempt: Attempt): void {
    this.#leave(attempt);
    attempt.won = true;
    attempt.timer?.cancel();
    attempt.settle(true);
  }

  /** Takes `attempt` out of the line; if it was the head, the new head starts competing. */
  #leave(attempt: Attempt): void {
    const at = this.#line.indexOf(attempt);
    if (at < 0) return;
    this.#line.splice(at, 1);
    const next = this.#line[0];
    if (at === 0 && next !== undefined) void this.#contend(next, Number.POSITIVE_INFINITY);
  }

  /** Releases the lock (any thread may); throws `RuntimeError` if it is not locked. */
  release(): void {
    const s = this.#state;
    const before = Atomics.load(s, 0);
    if (before === FREE) {
      throw new RuntimeError(
        `release(): ${this.#name} is not locked; release only a lock that acquire() took (once per acquire)`,
      );
    }
    const next = this.#line[0];
    if (next !== undefined) {
      // Hand-off: the lock stays taken and passes to the longest local waiter. Wake the sleepers
      // so that the head's futex loop (and other threads') re-check; they find it taken again.
      this.#grant(next);
      Atomics.notify(s, 0);
      return;
    }
    if (Atomics.sub(s, 0, 1) !== LOCKED) {
      Atomics.store(s, 0, FREE);
      Atomics.notify(s, 0, 1);
    }
  }

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingLockStatistics {
    return { name: this.#name, locked: this.locked(), waiters: this.#line.length };
  }

  /** @internal How it crosses into another thread. */
  [TO_SHARED](): SharedDescriptor {
    return { spindleShared: "Lock", buffer: this.#buffer, name: this.#name };
  }
}

registerKind("Lock", (d) => rebuildWith(d, () => new Lock()));
