import { adoptPromise, isThenable, type OutsideHost } from "./adopt.js";
import { describeValue, isGenerator } from "./describe.js";
import { CancelledError, RuntimeError } from "./errors.js";
import {
  type Coroutine,
  Future,
  type FutureHost,
  type FutureListener,
  type WaitTarget,
} from "./future.js";
import { RUN, type Runnable } from "./runnable.js";

/** What a task needs of its loop. @internal */
export interface TaskHost extends FutureHost, OutsideHost {
  /** Appends a task or handle to the ready queue (waking the loop if it is idle). */
  schedule(entry: Runnable): void;
  /** The task whose step is running now, or null. */
  currentTask: Task<unknown> | null;
  taskStarted(task: Task<unknown>): void;
  taskFinished(task: Task<unknown>): void;
  taskBlocked(task: Task<unknown>, on: Future<unknown>): void;
  readonly instrumented: boolean;
}

/** What a task runs: a coroutine, or (without interruption points) a promise or async function. @internal */
export type TaskBody<T> = Coroutine<T> | PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>);

let nextTaskNumber = 1;

/** A task's async function, until it starts, and then the switch that aborts its signal. */
interface AsyncBody<T> {
  start: ((signal: AbortSignal) => PromiseLike<T>) | null;
  abort: AbortController | null;
}

/**
 * A coroutine scheduled on the loop (asyncio.Task). The task itself sits in the ready queue and
 * each step is one `next()`/`throw()` on its generator: no closure or promise per step.
 *
 * Invariant: a task is in exactly one place at a time — running (it is `currentTask`), in the
 * ready queue once, parked on one future (`waitingOn()` is that future), or done.
 * Cancelling a parked task cancels the future it waits on, which wakes it with `CancelledError`;
 * otherwise the error is thrown in at its next step (`#mustCancel`).
 * @example
 * const t = createTask(function* () { yield* sleep(1); return 7; }, { name: "seven" });
 * const v = yield* t; // 7
 */
export class Task<T = unknown> extends Future<T> implements Runnable, FutureListener {
  readonly #host: TaskHost;
  #coro: Coroutine<T> | null;
  /** For a task made from an async function: the function until started, then its abort switch. */
  #asyncBody: AsyncBody<T> | null = null;
  /** The given name, or the task's number until `Task-<number>` is first asked for. */
  #name: string | number;
  #waitingOn: Future<unknown> | null = null;
  #mustCancel = false;
  #cancelMessage: string | undefined = undefined;
  #cancelRequests = 0;
  /** cancel() is passing the request on to the future this task waits on. */
  #propagatingCancel = false;
  /** An error to throw into the coroutine at its next step (a foreign yielded value). */
  #throwNext: Error | null = null;
  /** The future whose completion woke the task: its outcome is what the coroutine resumes with. */
  #wokenBy: Future<unknown> | null = null;
  /** Primitives this task holds (locks), for reports; allocated on the first hold. */
  #holding: WaitTarget[] | null = null;
  /** @internal Links in the loop's list of unfinished tasks. */
  prevLive: Task<unknown> | null = null;
  /** @internal */
  nextLive: Task<unknown> | null = null;

  /** @internal Use `loop.createTask()` or `createTask()`. */
  constructor(host: TaskHost, body: TaskBody<T>, name: string | null) {
    super(host);
    this.#host = host;
    this.#name = name ?? nextTaskNumber++;
    if (isGenerator(body)) {
      this.#coro = body as Coroutine<T>;
    } else {
      this.#coro = null;
      if (typeof body === "function") this.#asyncBody = { start: body, abort: null };
      else this.#follow(body);
    }
    host.taskStarted(this as Task<unknown>);
    if (this.#coro !== null || this.#asyncBody !== null) host.schedule(this);
  }

  /** The task's name, as it appears in every report about it. */
  getName(): string {
    if (typeof this.#name === "number") this.#name = `Task-${this.#name}`;
    return this.#name;
  }

  /** Renames the task. */
  setName(name: string): void {
    this.#name = String(name);
  }

  /** The coroutine the task drives, or null for a task made from a promise or async function. */
  getCoro(): Coroutine<T> | null {
    return this.#coro;
  }

  /** The future the task is parked on (for a primitive, the future it parked on), or null. */
  waitingOn(): Future<unknown> | null {
    return this.#waitingOn;
  }

  /** How many cancellation requests are pending (asyncio's `cancelling()`). */
  cancelling(): number {
    return this.#cancelRequests;
  }

  /** Withdraws one cancellation request; returns how many remain. */
  uncancel(): number {
    if (this.#cancelRequests > 0) this.#cancelRequests--;
    if (this.#cancelRequests === 0) this.#mustCancel = false;
    return this.#cancelRequests;
  }

  /**
   * Requests cancellation: `CancelledError(message)` is thrown into the coroutine where it waits.
   * Returns false if the task is already done. A task made from an async function is cancelled
   * at once and its `AbortSignal` fires.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    if (this.#propagatingCancel) {
      // Re-entered through a cycle of waits (a joins b, b joins a): stop the chain here.
      this.#cancelAtNextStep(message);
      return true;
    }
    this.#cancelRequests++;
    if (this.#coro === null) return this.#cancelOutsideWork(message);
    const waitingOn = this.#waitingOn;
    if (waitingOn !== null) {
      this.#propagatingCancel = true;
      try {
        if (waitingOn.cancel(message)) return true;
      } finally {
        this.#propagatingCancel = false;
      }
    }
    this.#mustCancel = true;
    this.#cancelMessage = message;
    return true;
  }

  /** Leaves the future it waits on and runs again soon, to have CancelledError thrown in. */
  #cancelAtNextStep(message: string | undefined): void {
    this.#mustCancel = true;
    this.#cancelMessage = message;
    const waitingOn = this.#waitingOn;
    if (waitingOn === null) return; // ready already: the next step throws
    waitingOn.removeListener(this as FutureListener);
    this.#waitingOn = null;
    this.#host.schedule(this);
  }

  /** The locks (and other owned primitives) this task holds now, oldest first. */
  holding(): readonly WaitTarget[] {
    return this.#holding ?? [];
  }

  /** @internal A primitive records that this task now holds it (a lock's acquire). */
  hold(target: WaitTarget): void {
    if (this.#holding === null) this.#holding = [target];
    else this.#holding.push(target);
  }

  /** @internal ...and that it let go (release); the most recent hold of `target` goes. */
  unhold(target: WaitTarget): void {
    const holding = this.#holding;
    if (holding === null) return;
    // Locks are mostly released in reverse order of acquiring: pop, do not splice (allocates).
    const last = holding.length - 1;
    if (holding[last] === target) holding.pop();
    else {
      const i = holding.lastIndexOf(target);
      if (i >= 0) holding.splice(i, 1);
    }
  }

  override describe(): string {
    return `Task '${this.getName()}'`;
  }

  /** @internal The future this task waited on is done: run again. */
  futureDone(future: Future<unknown>): void {
    this.#waitingOn = null;
    this.#wokenBy = future;
    this.#host.schedule(this);
  }

  /** @internal One step: resume the coroutine until it yields, returns or throws. */
  [RUN](): void {
    const coro = this.#coro;
    if (coro === null) {
      this.#startOutsideWork();
      return;
    }
    if (this.done()) return;
    const host = this.#host;
    for (;;) {
      let step: IteratorResult<unknown, T>;
      host.currentTask = this as Task<unknown>;
      try {
        if (this.#mustCancel) {
          this.#mustCancel = false;
          this.#wokenBy = null;
          step = coro.throw(new CancelledError(this.#cancelMessage));
        } else if (this.#throwNext !== null) {
          const error = this.#throwNext;
          this.#throwNext = null;
          step = coro.throw(error);
        } else if (this.#wokenBy !== null) {
          // A plain `yield future` evaluates to the outcome; `yield* future` reads it itself.
          const future = this.#wokenBy;
          this.#wokenBy = null;
          step = resume(coro, future);
        } else {
          step = coro.next(undefined);
        }
      } catch (error) {
        host.currentTask = null;
        this.#fail(error);
        return;
      }
      host.currentTask = null;
      if (step.done) {
        this.#succeed(step.value);
        return;
      }
      if (this.#park(step.value)) return;
      // A foreign value: its TypeError is thrown in at once, in this same step.
    }
  }

  /** Parks on what the coroutine yielded; false when it yielded something spindle cannot wait on. */
  #park(value: unknown): boolean {
    if (value === undefined) {
      this.#host.schedule(this);
      return true;
    }
    let future: Future<unknown>;
    if (value instanceof Future) {
      future = value;
      if (future === this) {
        this.#throwNext = new RuntimeError(
          `${this.describe()} waits on itself and could never finish; wait on another task or future`,
        );
        return false;
      }
      if (!future.belongsTo(this.#host)) {
        this.#throwNext = new RuntimeError(
          `${this.describe()} waits on ${future.describe()}, which belongs to a different loop and would never wake it; create the future with this loop (getRunningLoop().createFuture())`,
        );
        return false;
      }
    } else if (isThenable(value)) {
      future = adoptPromise(this.#host, value);
    } else {
      this.#throwNext = new TypeError(
        `${this.describe()} yielded ${describeValue(value)}, which spindle cannot wait on. Yield a spindle Future or Promise with \`yield*\` (e.g. \`yield* sleep(1)\`), or \`yield;\` to let others run. Did it come from another async framework, or is a \`*\` missing after \`yield\`?`,
      );
      return false;
    }
    this.#waitingOn = future;
    future.addListener(this as FutureListener);
    if (this.#host.instrumented) this.#host.taskBlocked(this as Task<unknown>, future);
    // Cancelled while it ran (it cancelled itself, or a TaskGroup re-armed a cancellation):
    // asyncio cancels the very next wait at once instead of letting it run its course.
    if (this.#mustCancel && future.cancel(this.#cancelMessage)) this.#mustCancel = false;
    return true;
  }

  #succeed(value: T): void {
    if (this.#mustCancel) super.cancel(this.#cancelMessage);
    else super.setResult(value);
    this.#finished();
  }

  #fail(error: unknown): void {
    if (error instanceof CancelledError) super.cancel(error.message);
    else super.setException(error);
    this.#finished();
  }

  #finished(): void {
    const holding = this.#holding;
    if (holding !== null && holding.length > 0) {
      // asyncio says nothing and the lock stays taken forever: say who and what.
      this.#host.callExceptionHandler({
        message: `${this.describe()} ended while holding ${holding.map((h) => h.describe()).join(", ")}; every other task waiting for it will wait forever. Release it in a \`finally\` block.`,
        task: this as Task<unknown>,
      });
    }
    this.#host.taskFinished(this as Task<unknown>);
  }

  /** First step of an async-function task: call it, then follow its promise. */
  #startOutsideWork(): void {
    const body = this.#asyncBody;
    const start = body?.start;
    if (body === null || !start || this.done()) return;
    body.start = null;
    body.abort = new AbortController();
    const host = this.#host;
    host.currentTask = this as Task<unknown>;
    let promise: PromiseLike<T>;
    try {
      promise = start(body.abort.signal);
    } catch (error) {
      host.currentTask = null;
      this.#fail(error);
      return;
    }
    host.currentTask = null;
    this.#follow(promise);
  }

  #follow(promise: PromiseLike<T>): void {
    const future = adoptPromise(this.#host, promise);
    this.#waitingOn = future;
    future.addListener({
      futureDone: () => {
        this.#waitingOn = null;
        if (this.done()) return; // cancelled while the promise ran: its outcome is dropped
        let value: T;
        try {
          value = future.result(); // throws the promise's rejection, or CancelledError
        } catch (error) {
          this.#fail(error);
          return;
        }
        this.#succeed(value);
      },
    });
  }

  #cancelOutsideWork(message: string | undefined): boolean {
    const body = this.#asyncBody;
    if (body !== null) {
      body.start = null; // not started yet: never start it
      body.abort?.abort(new CancelledError(message));
    }
    super.cancel(message);
    // Stop waiting for the promise too: its adoption then stops holding the loop open.
    this.#waitingOn?.cancel(message);
    this.#finished();
    return true;
  }
}

/** Resumes `coro` with the outcome of `future`: its result, or its error thrown in. */
function resume<T>(coro: Coroutine<T>, future: Future<unknown>): IteratorResult<unknown, T> {
  let value: unknown;
  try {
    value = future.result();
  } catch (error) {
    return coro.throw(error);
  }
  return coro.next(value);
}
