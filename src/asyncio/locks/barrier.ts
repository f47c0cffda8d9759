import {
  type Awaitable,
  BrokenBarrierError,
  type Coroutine,
  type PrimitiveOptions,
  resolved,
  type WaitTarget,
} from "../../core/index.js";
import {
  debugTracked,
  describeValue,
  primitiveName,
  runningLoopFor,
  Waitable,
  WaitQueue,
} from "../../core/internal.js";

/**
 * A snapshot of a {@link Barrier}.
 * @example
 * const { parties, nWaiting, broken } = barrier.statistics(); // { parties: 3, nWaiting: 2, broken: false }
 */
export interface BarrierStatistics {
  /** How many tasks must arrive to pass. */
  parties: number;
  /** How many are waiting in the current cycle. */
  nWaiting: number;
  /** Whether it was aborted (and not reset since). */
  broken: boolean;
}

/**
 * The barrier's cycle (asyncio 3.11's states):
 * ```
 *   filling ──last arrives──> draining ──all left──> filling
 *      └──reset() with waiters──> resetting ──all left──> filling
 *   any ──abort()──> broken ──reset()──> filling (resetting while tasks still leave)
 * ```
 * While draining or resetting, newcomers wait for the previous cycle to leave.
 */
type State = "filling" | "draining" | "resetting" | "broken";

const DONE = resolved<void>(undefined);

/**
 * A meeting point for a fixed number of tasks (asyncio.Barrier): each `wait()` blocks until
 * `parties` tasks are waiting, then all pass together; `wait()` resolves to the task's arrival
 * index, 0 to `parties - 1`. The barrier then serves the next cycle. `abort()` breaks it (every
 * waiter, and every later `wait()`, gets `BrokenBarrierError`) until `reset()`.
 * @example
 * const barrier = new Barrier(3);
 * function* worker(name: string) {
 *   yield* prepare(name);
 *   const index = yield* barrier.wait(); // all three prepared
 *   if (index === 0) console.log("everyone is ready");
 * }
 */
export class Barrier implements WaitTarget {
  readonly #name: string;
  readonly #parties: number;
  #state: State = "filling";
  /** Tasks inside the barrier: arrived in this cycle and not yet left. */
  #count = 0;
  /** Tasks that arrived and wait for the cycle to fill (or to break). */
  #arrived: WaitQueue<void> | null = null;
  /** Newcomers waiting for the previous cycle to drain. */
  #blocked: WaitQueue<void> | null = null;
  /** What a task parked in this barrier waits on, in reports: "Barrier#1 (1 of 3 arrived)". */
  readonly #arrivedTarget: WaitTarget = {
    describe: () => `${this.#name} (${this.#count} of ${this.#parties} arrived)`,
  };

  /** `parties`: how many tasks must arrive to pass, an integer >= 1. */
  constructor(parties: number, options?: PrimitiveOptions) {
    if (typeof parties !== "number") {
      throw new TypeError(`Barrier parties must be an integer >= 1; got ${describeValue(parties)}`);
    }
    if (!Number.isInteger(parties) || parties < 1) {
      throw new RangeError(`Barrier parties must be an integer >= 1; got ${parties}`);
    }
    this.#parties = parties;
    this.#name = primitiveName("Barrier", options, this);
  }

  /** How many tasks must arrive to pass. */
  get parties(): number {
    return this.#parties;
  }

  /** How many tasks wait in the current cycle (0 while draining, resetting or broken). */
  get nWaiting(): number {
    return this.#state === "filling" ? this.#count : 0;
  }

  /** Whether the barrier is broken (aborted, and not reset since). */
  get broken(): boolean {
    return this.#state === "broken";
  }

  /**
   * Waits until `parties` tasks wait, then resolves to this task's arrival index (0 for the
   * first). Throws `BrokenBarrierError` if the barrier is broken, or is reset or aborted while
   * the task waits; `RuntimeError` if no loop is running.
   */
  wait(): Awaitable<number> {
    runningLoopFor("Barrier.wait()");
    return debugTracked(new Waitable(() => this.#pass()), () => `${this.#name}.wait()`);
  }

  /**
   * Returns the barrier to its initial state. Tasks waiting in it get `BrokenBarrierError`; a
   * broken barrier can be used again. Returns an already-complete awaitable, so asyncio's
   * `await barrier.reset()` reads `yield* barrier.reset()`.
   */
  reset(): Awaitable<void> {
    if (this.#count > 0) this.#state = "resetting";
    else this.#state = "filling";
    this.#wakeAll();
    return DONE;
  }

  /**
   * Breaks the barrier: waiting tasks, and every later `wait()`, get `BrokenBarrierError` until
   * `reset()`. Use it when a party cannot arrive (it failed). Returns an already-complete awaitable.
   */
  abort(): Awaitable<void> {
    this.#state = "broken";
    this.#wakeAll();
    return DONE;
  }

  /** A snapshot: parties, how many wait, whether broken. */
  statistics(): BarrierStatistics {
    return { parties: this.#parties, nWaiting: this.nWaiting, broken: this.broken };
  }

  /** `Barrier 'name'`, or `Barrier#<n>` when unnamed. */
  describe(): string {
    return this.#name;
  }

  *#pass(): Coroutine<number> {
    while (this.#state === "draining" || this.#state === "resetting") {
      yield* this.#queue("blocked").park();
    }
    if (this.#state === "broken") throw this.#brokenError();
    const index = this.#count++;
    try {
      if (index + 1 === this.#parties) {
        this.#state = "draining";
        this.#arrived?.unparkAll();
      } else {
        // Woken only when the state leaves "filling"; the loop guards the invariant anyway.
        while (this.#state === "filling") yield* this.#queue("arrived").park();
        if (this.#state === "broken") throw this.#brokenError();
        if (this.#state === "resetting") {
          throw new BrokenBarrierError(
            `Barrier.wait(): ${this.#name} was reset while this task waited at it; call wait() again to join the next cycle`,
          );
        }
      }
      return index;
    } finally {
      this.#leave();
    }
  }

  /** The last task out of a drained or reset cycle opens the next one. */
  #leave(): void {
    this.#count--;
    if (this.#count > 0) return;
    if (this.#state === "draining" || this.#state === "resetting") this.#state = "filling";
    this.#blocked?.unparkAll();
  }

  #wakeAll(): void {
    this.#arrived?.unparkAll();
    this.#blocked?.unparkAll();
  }

  #queue(which: "arrived" | "blocked"): WaitQueue<void> {
    if (which === "arrived") {
      this.#arrived ??= new WaitQueue(this.#arrivedTarget);
      return this.#arrived;
    }
    this.#blocked ??= new WaitQueue(this, { operation: " (waiting for the last cycle to drain)" });
    return this.#blocked;
  }

  #brokenError(): BrokenBarrierError {
    return new BrokenBarrierError(
      `Barrier.wait(): ${this.#name} is broken (abort() was called); call reset() before waiting on it again`,
    );
  }
}
