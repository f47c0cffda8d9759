/**
 * The traps: the only code that ever yields to the task runner (Trio's `_traps.py` is the model).
 *
 * A spindle coroutine suspends in exactly two ways:
 * - `yield;` (or {@link yieldNow}, `sleep(0)`): go to the back of the ready queue once;
 * - yield a {@link Trap}: the task parks on it until the trap wakes it, and that wake-up is final.
 *
 * A trap carries what the task waits for (its label, `describe()`: "Lock 'db'", "sleep(1.5)",
 * "Queue 'jobs'.get()") and what cancelling the wait means (`abortWait`). Futures are traps
 * (a {@link Completion}: its own iterator); primitives and sleeps park on a {@link Parked} record,
 * one small object per wait and no future. `task.waitingOn()`, the deadlock report and the
 * monitor all read the same trap.
 *
 * The protocol, from the task's side (`task.ts`):
 * ```
 *   coroutine yields trap ──> task: parkedOn = trap; trap.parkTask(task)
 *   waker: trap wakes ──────> task.wake(trap): final; the task runs next pass with trap.result()
 *   cancel while parked ──> trap.abortWait(task, msg): true if the cancellation reaches the task
 *                            through this wait (it is woken with CancelledError now, or when the
 *                            work it waits on has unwound); false: deliver it at the next trap
 * ```
 * A wake-up is final: once woken, the task resumes with the outcome the trap gave it (an item, a
 * lock, a value), and a cancellation that arrives meanwhile is delivered at its next wait. So no
 * item, permit or lock is ever lost to a cancellation.
 */

import { CancelledError, InternalError, RuntimeError } from "./errors.js";

/**
 * Something a task can wait for, as reports show it.
 * @example
 * const target: WaitTarget = { describe: () => "Lock 'db'", holders: () => [holderTask] };
 */
export interface WaitTarget {
  /** What it is, in words: "Lock 'accounts'". For a wait, the wait's label. */
  describe(): string;
  /** The tasks holding it (a lock's owner, the tasks a gather waits for); none if omitted. */
  holders?(): readonly WaitTarget[];
}

/** What a trap needs of the task parked on it. @internal */
export interface ParkedTask extends WaitTarget {
  /** The trap this task parked on completed: resume the task (final) with `trap.result()`. */
  wake(trap: Trap): void;
  /** The same, as a future's synchronous listener (a future notifies its listeners this way). */
  futureDone(trap: Trap): void;
}

/**
 * What a coroutine may yield to its task: a trap (a future included), a promise to adopt, or
 * nothing (`yield;`).
 * @example
 * function* body(): Generator<Yieldable, number, unknown> { yield; return 1; }
 */
export type Yieldable = Trap | PromiseLike<unknown> | undefined | void;

const NO_HOLDERS: readonly WaitTarget[] = Object.freeze([]);

/**
 * What a task parks on: a label and an abort rule. Every wait in spindle is one; see the module
 * comment for the protocol.
 * @example
 * class Gate extends Parked<void> {
 *   describe() { return "the gate"; }
 *   protected leave() {} // nothing to undo: nobody else holds a reference
 * }
 */
export abstract class Trap implements WaitTarget {
  /** The wait's label: what the parked task waits for. */
  abstract describe(): string;

  /** The tasks that hold what this wait needs, for the deadlock report's wait-for graph. */
  holders(): readonly WaitTarget[] {
    return NO_HOLDERS;
  }

  /** @internal The outcome a woken task resumes with: the value, or throws the error. */
  abstract result(): unknown;

  /** @internal `task` parks here; wake it with `task.wake(this)` once done. */
  abstract parkTask(task: ParkedTask): void;

  /**
   * @internal The parked `task` is being cancelled. Leave the wait and wake the task with
   * CancelledError (now, or once the work it waits on has unwound) and return true; or return
   * false when this wait cannot carry the cancellation (the task stays parked; it is raised at
   * its next wait).
   */
  abstract abortWait(task: ParkedTask, message: string | undefined): boolean;
}

/**
 * A trap that is its own iterator, for what completes once (a future): `yield* x` parks the task
 * on it until `done()`, then evaluates to `result()` (or throws its error). Already done, it does
 * not suspend the task (asyncio's `Future.__await__` does the same). It holds no per-wait state,
 * so waiting allocates nothing; resumed while still pending (a withdrawn cancellation), it simply
 * parks again.
 * @example
 * class Future<T> extends Completion<T> { ... } // yield* future
 */
export abstract class Completion<T> extends Trap {
  abstract done(): boolean;
  abstract override result(): T;

  /** @internal `yield*` steps it: park while pending, then the outcome. */
  next(): IteratorResult<Yieldable, T> {
    return this.done() ? { value: this.result(), done: true } : { value: this, done: false };
  }

  /** @internal Raised where the task waits: in the coroutine, at its `yield*`. */
  throw(error: unknown): IteratorResult<Yieldable, T> {
    throw error;
  }

  /** @internal */
  return(value?: T): IteratorResult<Yieldable, T> {
    return { value: value as T, done: true };
  }
}

const WAITING = 0;
const WOKEN = 1;
const FAILED = 2;
const ABORTED = 3;
type ParkedState = typeof WAITING | typeof WOKEN | typeof FAILED | typeof ABORTED;
/** Set in a Parked's state once a task parked on it or an async caller awaits it. */
const DRIVEN = 4;

/**
 * One wait by one task (or one async caller) that something else ends: a place in a lock's line,
 * a sleep's timer. It is the trap, the iterator `yield*` drives, and, for `await`, a thenable —
 * one object. Subclasses say what the wait is (`describe`) and how to leave it when cancelled
 * (`leave`), and end it with `wake(value)` or `fail(error)`.
 *
 * ```
 *   WAITING ──wake(v)──> WOKEN    (resumes with v)
 *      │    ──fail(e)──> FAILED   (resumes throwing e)
 *      └──cancelled──> ABORTED    (leave(); resumes throwing CancelledError)
 * ```
 * It waits from its creation (a line joined, a timer armed); a wait that ends before anyone
 * drives it (`yield*`, `await`) simply completes at once when they do.
 * Invariant: it ends at most once; after that, `wake`/`fail` are errors (a bug in the waker) and
 * a cancellation no longer reaches it (the wake-up is final).
 * @example
 * class Gate extends Parked<string> {
 *   describe() { return "Gate 'start'"; }
 *   protected leave() { gates.delete(this); }
 * }
 * const gate = new Gate(); gates.add(gate);
 * const word = yield* gate; // until someone calls gate.wake("go")
 */
export abstract class Parked<T> extends Trap implements Iterator<Yieldable, T, unknown> {
  // Three fields: a parked task pays for this object, and 100k parked tasks are common.
  /** A ParkedState, plus the DRIVEN bit once a task parked on it or an async caller awaits it. */
  #state: number = WAITING;
  /** The value once woken; the error once failed; the cancel message once aborted. */
  #outcome: unknown = undefined;
  /** The parked task, or, for an async caller (`await`), what settles its promise. */
  #waiter: ParkedTask | ((ended: Parked<T>) => void) | null = null;

  /** @internal Undo the wait's registration (leave a line, cancel a timer): it was cancelled. */
  protected abstract leave(): void;

  /** @internal The woken task has resumed past this wait (a hook for fairness bookkeeping). */
  protected resumed(): void {}

  /** @internal The task parked here, or null (an async caller, or not parked yet). */
  protected get task(): ParkedTask | null {
    const waiter = this.#waiter;
    return typeof waiter === "function" ? null : waiter;
  }

  /** Whether it is still waiting (not yet woken, failed or abandoned). */
  get waiting(): boolean {
    return (this.#state & ~DRIVEN) === WAITING;
  }

  /** Ends the wait with `value`: the parked task resumes with it (final). */
  wake(value: T): void {
    this.#end(WOKEN, value);
  }

  /** Ends the wait with `error`: the parked task resumes with it thrown in. */
  fail(error: unknown): void {
    this.#end(FAILED, error);
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this;
  }

  next(value?: unknown): IteratorResult<Yieldable, T> {
    if ((this.#state & DRIVEN) === 0) {
      this.#state |= DRIVEN;
      if (!this.waiting) return { value: this.result() as T, done: true }; // ended already
      return { value: this, done: false };
    }
    if (this.waiting) throw this.#sharedWait(); // driven again while still waiting
    // Resumed by the task, which read result() for us: that value is the outcome.
    this.resumed();
    return { value: value as T, done: true };
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    // Thrown in while parked (not by us): leave the line. Failed: the waker's error, resumed with.
    if (this.waiting) this.#abandon();
    else if ((this.#state & ~DRIVEN) === FAILED) this.resumed();
    throw error;
  }

  return(value?: T): IteratorResult<Yieldable, T> {
    if (this.waiting) this.#abandon();
    return { value: value as T, done: true };
  }

  /** `await` from an async function: a promise of the outcome. */
  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const promise = new Promise<T>((resolve, reject) => {
      const settle = (ended: Parked<T>) => {
        try {
          resolve(ended.result() as T);
        } catch (error) {
          reject(error);
        }
      };
      // A driver of the iterator (async code running a coroutine) yields it, then awaits it:
      // that is one waiter. A second, while the first still waits, is refused.
      if (!this.waiting) settle(this);
      else if (this.#waiter !== null) reject(this.#sharedWait());
      else this.#waiter = settle;
      this.#state |= DRIVEN;
    });
    return promise.then(onFulfilled, onRejected);
  }

  /** @internal */
  result(): unknown {
    switch (this.#state & ~DRIVEN) {
      case WOKEN:
        return this.#outcome;
      case FAILED:
        throw this.#outcome;
      case ABORTED:
        throw new CancelledError(this.#outcome as string | undefined);
      default:
        throw new InternalError(`${this.describe()}: result() read while still waiting`);
    }
  }

  /** @internal */
  parkTask(task: ParkedTask): void {
    const waiter = this.#waiter;
    if (waiter !== null && waiter !== task) throw this.#sharedWait();
    this.#waiter = task;
  }

  /** @internal */
  abortWait(_task: ParkedTask, message: string | undefined): boolean {
    if (!this.waiting) return false; // already woken: final
    this.#end(ABORTED, message);
    return true;
  }

  #end(state: ParkedState, outcome: unknown): void {
    if (!this.waiting) {
      throw new InternalError(
        `${this.describe()} was ended twice (woken, failed or cancelled already); a waker must wake a waiter once`,
      );
    }
    this.#state |= state;
    this.#outcome = outcome;
    if (state === ABORTED) this.leave(); // after the state moved: the line sees it gone
    const waiter = this.#waiter;
    if (typeof waiter === "function") waiter(this);
    else waiter?.wake(this);
  }

  /** Two waiters on one wait: the waker would wake one. A wait belongs to the one that made it. */
  #sharedWait(): RuntimeError {
    return new RuntimeError(
      `${this.describe()} is already waited on by another task or await; each must make its own wait (call the method again instead of sharing its result)`,
    );
  }

  /** Left without an outcome (the coroutine was closed or an error thrown in): no wake-up due. */
  #abandon(): void {
    this.#state |= ABORTED;
    this.#waiter = null;
    this.leave();
  }
}

/** Enough of a loop to run a callback at its next pass. @internal */
export interface SoonHost {
  callSoon(callback: (value: never) => unknown, value: unknown): unknown;
}

/**
 * `sleep(0)`: one trip to the back of the ready queue, evaluating to `result`. It is its own
 * iterator (a bare `yield;`, then the result), so it allocates one small object and no future.
 * @internal
 */
export class YieldOnce<T> implements Iterator<Yieldable, T, unknown> {
  readonly #result: T;
  readonly #host: SoonHost;
  #started = false;

  constructor(result: T, host: SoonHost) {
    this.#result = result;
    this.#host = host;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    // Waiting twice on the same sleep(0) yields twice, like two calls would.
    return this.#started ? new YieldOnce(this.#result, this.#host) : this;
  }

  next(): IteratorResult<Yieldable, T> {
    if (this.#started) return { value: this.#result, done: true };
    this.#started = true;
    return { value: undefined, done: false };
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    throw error;
  }

  return(value?: T): IteratorResult<Yieldable, T> {
    return { value: value as T, done: true };
  }

  /** `await sleep(0)`: resolves at the loop's next pass. */
  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return new Promise<T>((resolve) =>
      this.#host.callSoon(resolve as (value: never) => unknown, this.#result),
    ).then(onFulfilled, onRejected);
  }
}

/**
 * Reschedules the running task once, behind everything already ready. Allocates nothing else.
 * @example
 * for (const row of rows) { process(row); yield* yieldNow(); } // let others run between rows
 */
export function* yieldNow(): Generator<undefined, void, unknown> {
  yield;
}
