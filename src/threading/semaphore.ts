import { type Awaitable, resolved } from "../core/index.js";
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
  MAX_SHARED_COUNT,
  rebuildWith,
  registerKind,
  type SharedDescriptor,
  sharedMemory,
  TO_SHARED,
} from "./transfer.js";

const VALUE = 0;
/** How many threads sleep on VALUE (release notifies only when someone does). */
const SLEEPERS = 1;
/** The initial value: a BoundedSemaphore's bound. */
const BOUND = 2;

const ACQUIRED = resolved(true);

/**
 * A snapshot of a threading {@link Semaphore}.
 * @example
 * sem.statistics(); // { name: "db", value: 7, bound: 10 }
 */
export interface ThreadingSemaphoreStatistics {
  name: string;
  /** Permits available now. */
  value: number;
  /** The initial value (a BoundedSemaphore's ceiling). */
  bound: number;
}

/**
 * A counting semaphore shared by threads (Python's `threading.Semaphore`): `acquire()` takes a
 * permit, blocking while there is none; `release()` returns one. Three Int32s in a
 * SharedArrayBuffer — `[value, sleepers, bound]` — changed with compare-and-swap.
 * `acquireAsync()` is the awaitable form. Passed to a worker, it is rebuilt over the same memory.
 * @example
 * const sem = new Semaphore(2);
 * sem.acquire(); try { useConnection(); } finally { sem.release(); }
 */
export class Semaphore {
  readonly #buffer: SharedArrayBuffer;
  readonly #cells: Int32Array;
  readonly #name: string;

  constructor(value = 1, options?: ThreadingOptions) {
    const kind = new.target.name === "BoundedSemaphore" ? "BoundedSemaphore" : "Semaphore";
    const { name: wanted } = checkOptions(`new ${kind}(value, options)`, options);
    const { buffer, name, attached } = sharedMemory(kind, 12, wanted);
    if (!attached && (!Number.isInteger(value) || value < 0 || value > MAX_SHARED_COUNT)) {
      throw new RangeError(
        `new ${kind}(value): value must be a whole number from 0 to ${MAX_SHARED_COUNT} (2^31−1, what its shared Int32 holds), got ${String(value)}`,
      );
    }
    this.#name = name;
    this.#buffer = buffer;
    this.#cells = new Int32Array(this.#buffer);
    if (!attached) {
      this.#cells[VALUE] = value;
      this.#cells[BOUND] = value;
    }
  }

  /** The semaphore's name. */
  get name(): string {
    return this.#name;
  }

  /** Permits available now. */
  get value(): number {
    return Atomics.load(this.#cells, VALUE);
  }

  /** Whether `acquire()` would block now. */
  locked(): boolean {
    return this.value === 0;
  }

  #tryTake(): boolean {
    const c = this.#cells;
    for (let v = Atomics.load(c, VALUE); v > 0; v = Atomics.load(c, VALUE)) {
      if (Atomics.compareExchange(c, VALUE, v, v - 1) === v) return true;
    }
    return false;
  }

  /**
   * Takes a permit, blocking the thread while there is none; false if `blocking` is false or
   * `timeout` seconds pass first (Python's `acquire(blocking, timeout)`).
   */
  acquire(blocking = true, timeout = -1): boolean {
    checkAcquire(`${this.#kind()}.acquire(blocking, timeout)`, blocking, timeout, false);
    if (this.#tryTake()) return true;
    if (!blocking) return false;
    const deadline = deadlineOf(timeout, `${this.#kind()}.acquire(blocking, timeout)`);
    const c = this.#cells;
    for (;;) {
      const left = remaining(deadline);
      if (left <= 0) return false;
      Atomics.add(c, SLEEPERS, 1);
      Atomics.wait(c, VALUE, 0, left);
      Atomics.sub(c, SLEEPERS, 1);
      if (this.#tryTake()) return true;
    }
  }

  /** Takes a permit without blocking the thread; resolves to true once held, false on timeout. */
  acquireAsync(timeout?: number): Awaitable<boolean> {
    if (this.#tryTake()) return ACQUIRED;
    const deadline = deadlineOf(timeout, `${this.#kind()}.acquireAsync(timeout)`);
    const attempt = new Attempt();
    return new AttemptAwaitable(this.#contend(attempt, deadline), attempt, () => this.release());
  }

  async #contend(attempt: Attempt, deadline: number): Promise<boolean> {
    const c = this.#cells;
    for (;;) {
      if (remaining(deadline) <= 0) return false;
      Atomics.add(c, SLEEPERS, 1);
      await waitAsyncUntil(c, VALUE, 0, deadline);
      Atomics.sub(c, SLEEPERS, 1);
      if (attempt.abandoned) {
        if (Atomics.load(c, VALUE) > 0) Atomics.notify(c, VALUE, 1); // pass the wake-up on
        return false;
      }
      if (this.#tryTake()) {
        attempt.won = true;
        return true;
      }
    }
  }

  /** Returns `n` permits, waking as many waiting threads. */
  release(n = 1): void {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(
        `${this.#kind()}.release(n): n must be a whole number >= 1, got ${String(n)}`,
      );
    }
    const c = this.#cells;
    const bound = Atomics.load(c, BOUND);
    // Checked against the very value the compare-and-swap replaces: racing releases cannot pass
    // the bound (or the Int32's range) together.
    for (;;) {
      const value = Atomics.load(c, VALUE);
      this.checkRelease(n, value, bound);
      if (value + n > MAX_SHARED_COUNT) {
        throw new RangeError(
          `${this.#kind()}.release(n): ${this.#name}'s value ${value} + ${n} would pass ${MAX_SHARED_COUNT} (2^31−1), the most its shared Int32 holds; release once per acquire`,
        );
      }
      if (Atomics.compareExchange(c, VALUE, value, value + n) === value) break;
    }
    if (Atomics.load(c, SLEEPERS) > 0) Atomics.notify(c, VALUE, n);
  }

  /** @internal A BoundedSemaphore refuses to go over its bound. */
  protected checkRelease(_n: number, _value: number, _bound: number): void {}

  /** A snapshot for tests and the monitor. */
  statistics(): ThreadingSemaphoreStatistics {
    return { name: this.#name, value: this.value, bound: Atomics.load(this.#cells, BOUND) };
  }

  #kind(): string {
    return this.constructor.name;
  }

  /** @internal How it crosses into another thread. */
  [TO_SHARED](): SharedDescriptor {
    return { spindleShared: this.#kind(), buffer: this.#buffer, name: this.#name };
  }
}

/**
 * A semaphore that refuses to be released above its initial value (Python's
 * `threading.BoundedSemaphore`): an over-release is a bug, reported at once with a `RangeError`.
 * `new BoundedSemaphore()` has one permit: an ordinary lock, as the talk says.
 * @example
 * const connections = new BoundedSemaphore(10);
 * connections.acquire(); try { query(); } finally { connections.release(); }
 */
export class BoundedSemaphore extends Semaphore {
  protected override checkRelease(n: number, value: number, bound: number): void {
    if (value + n > bound) {
      throw new RangeError(
        `BoundedSemaphore.release(): released too many times (value ${value} + ${n} would pass the bound ${bound}); release once per acquire`,
      );
    }
  }
}

registerKind("Semaphore", (d) => rebuildWith(d, () => new Semaphore()));
registerKind("BoundedSemaphore", (d) => rebuildWith(d, () => new BoundedSemaphore()));
