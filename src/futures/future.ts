import {
  type Awaitable,
  CancelledError,
  InvalidStateError,
  TimeoutError,
  type Yieldable,
} from "../core/index.js";
import { NodeTimer } from "../core/internal.js";
import { TaskablePromise } from "./awaitable.js";
import { CANCELLED, FINISHED, RUNNING, type Slot } from "./slots.js";

/** What a future needs of the pool that runs its job. @internal */
export interface JobHost {
  /** The job was cancelled before it started: forget it (it may still be in a worker's inbox). */
  cancelled(future: Future<unknown>): void;
  /** cancel() was called on a running job: ask it to stop, and end its worker after a grace period. */
  cancelRunning(future: Future<unknown>): void;
  /** Blocks the thread, processing the pool's messages, until `future` settles or `deadline` (ms, performance.now) passes. */
  waitSync(future: Future<unknown>, deadline: number): void;
}

/** A callback run when a future completes, with the future. */
export type FutureCallback<T> = (future: Future<T>) => void;

enum State {
  Pending,
  Succeeded,
  Failed,
  Cancelled,
}

/** Settles a future (the pool's side; not part of the public surface). @internal */
export let settleFuture: (future: Future<unknown>, ok: boolean, value: unknown) => void;
/** Marks a future's job as cancelled (before it ran, unless `error` says otherwise). @internal */
export let cancelFuture: (future: Future<unknown>, error?: CancelledError) => void;
/** Whether the submitting thread has settled the future (not just: the worker finished). @internal */
export let isSettled: (future: Future<unknown>) => boolean;

/**
 * The result of a job submitted to an executor (Python's `concurrent.futures.Future`).
 *
 * Its status lives in shared memory: `done()` is true the moment the worker finishes, even while
 * the main thread is busy and has not read the worker's message yet. `result()` is awaitable;
 * `resultSync()` blocks the calling thread as Python's `result()` does. A Future is itself
 * awaitable (`yield* f` or `await f` give its result).
 * @example
 * const pool = new ThreadPoolExecutor({ maxWorkers: 3 });
 * const future = pool.submit((s: string) => s.toUpperCase(), "hello");
 * console.log(future.done()); // false: not yet
 * console.log(await future.result()); // "HELLO"
 */
export class Future<T> implements Awaitable<T> {
  readonly #host: JobHost;
  #slot: Slot | null;
  #state = State.Pending;
  #value: unknown = undefined;
  // Stored with `never` parameters so that Future<T> stays covariant in T (a Future<number> is
  // a Future<unknown>); the calls below restore the types.
  #callbacks: ((future: never) => void)[] | null = null;
  #promise: Promise<T> | null = null;
  #resolve: ((value: never) => void) | null = null;
  #reject: ((error: unknown) => void) | null = null;

  static {
    settleFuture = (future, ok, value) =>
      future.#settle(ok ? State.Succeeded : State.Failed, value);
    isSettled = (future) => future.#state !== State.Pending;
    cancelFuture = (future, error) =>
      future.#settle(
        State.Cancelled,
        error ?? new CancelledError("the job was cancelled before it started"),
      );
  }

  /** @internal The pool makes futures; users receive them from `submit()`. */
  constructor(host: JobHost, slot: Slot) {
    this.#host = host;
    this.#slot = slot;
  }

  /** Whether the job finished, failed or was cancelled (read from shared memory while pending). */
  done(): boolean {
    if (this.#state !== State.Pending) return true;
    const slot = this.#slot;
    if (slot === null) return false;
    const status = Atomics.load(slot.view, slot.index * 2);
    return status === FINISHED || status === CANCELLED;
  }

  /** Whether a worker is running the job right now. */
  running(): boolean {
    if (this.#state !== State.Pending) return false;
    const slot = this.#slot;
    return slot !== null && Atomics.load(slot.view, slot.index * 2) === RUNNING;
  }

  /**
   * Whether the job was cancelled: before it ran, or while running when it ignored the request
   * for the pool's `cancelGrace` seconds and its worker was terminated.
   */
  cancelled(): boolean {
    return this.#state === State.Cancelled;
  }

  /**
   * Cancels the job if it has not started: returns true (and the future is cancelled) or false
   * (it is running or done). A running job is asked to stop instead: `isCancelled()` becomes true
   * inside the worker, and the job may poll it. If it still runs `cancelGrace` seconds later
   * (an executor option), its worker is terminated and replaced, and the future ends cancelled.
   * In a process pool a job counts as running once it was sent to its process (as in Python).
   */
  cancel(): boolean {
    if (this.#state === State.Cancelled) return true;
    if (this.#state !== State.Pending) return false;
    const slot = this.#slot;
    if (slot === null) return false;
    const at = slot.index * 2;
    if (Atomics.compareExchange(slot.view, at, 0, CANCELLED) === 0) {
      this.#host.cancelled(this as Future<unknown>);
      cancelFuture(this as Future<unknown>);
      return true;
    }
    if (Atomics.load(slot.view, at) === RUNNING) {
      Atomics.store(slot.view, at + 1, 1); // the cooperative flag isCancelled() reads (threads)
      this.#host.cancelRunning(this as Future<unknown>);
    }
    return false;
  }

  /**
   * The job's result, awaitable: `yield* f.result()` in a task, `await f.result()` elsewhere.
   * Rejects with the job's error, `CancelledError` if cancelled, or `TimeoutError` if `timeout`
   * seconds pass first (the job keeps running). A `timeout` of 0 or less does not wait: the result
   * if the job is done, else `TimeoutError` (Python's rule).
   */
  result(timeout?: number): TaskablePromise<T> {
    return TaskablePromise.from(this.#wait(timeout, "result"));
  }

  /** The job's error (undefined if it succeeded), awaitable; rejects if cancelled or timed out. */
  exception(timeout?: number): TaskablePromise<unknown> {
    return TaskablePromise.from(
      this.#wait(timeout, "exception").then(
        () => undefined,
        (error: unknown) => {
          if (this.#state === State.Failed) return error;
          throw error;
        },
      ),
    );
  }

  /**
   * Blocks the calling thread until the job is done and returns its result (Python's
   * `result(timeout)`): the thread sleeps in `Atomics.wait` and reads the worker's answer with
   * `receiveMessageOnPort`, so it works even in a thread that never returns to its event loop.
   * Throws `TimeoutError` after `timeout` seconds (the job keeps running).
   */
  resultSync(timeout?: number): T {
    checkTimeout(timeout, "resultSync");
    if (this.#state === State.Pending) {
      const deadline =
        timeout === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeout * 1000;
      this.#host.waitSync(this as Future<unknown>, deadline);
      if (this.#state === State.Pending) {
        throw new TimeoutError(
          `resultSync(${timeout}): the job did not finish within ${timeout} s; it is still running — wait longer, or cancel() it`,
        );
      }
    }
    return this.#outcome();
  }

  /**
   * Calls `fn(future)` when the future completes (at once if it already has), on the thread
   * that submitted the job. An error thrown by `fn` is logged and does not affect other callbacks.
   */
  addDoneCallback(fn: FutureCallback<T>): void {
    if (typeof fn !== "function") {
      throw new TypeError("addDoneCallback(fn): fn must be a function called with the future");
    }
    if (this.#state !== State.Pending) {
      runCallback(fn, this);
      return;
    }
    if (this.#callbacks === null) this.#callbacks = [];
    this.#callbacks.push(fn);
  }

  *[Symbol.iterator](): Generator<Yieldable, T, unknown> {
    return yield* this.result();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#wait(undefined, "then").then(onFulfilled, onRejected);
  }

  /** A description for error messages and logs. */
  toString(): string {
    const state = ["pending", "finished", "failed", "cancelled"][this.#state];
    return `<Future ${this.running() ? "running" : state}>`;
  }

  #outcome(): T {
    if (this.#state === State.Succeeded) return this.#value as T;
    if (this.#state === State.Pending) {
      throw new InvalidStateError(
        "the future is still pending; await result() or call resultSync()",
      );
    }
    throw this.#value;
  }

  #wait(timeout: number | undefined, method: string): Promise<T> {
    checkTimeout(timeout, method);
    if (this.#state !== State.Pending) {
      return this.#state === State.Succeeded
        ? Promise.resolve(this.#value as T)
        : Promise.reject(this.#value);
    }
    if (this.#promise === null) {
      this.#promise = new Promise<T>((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
      this.#promise.catch(() => {}); // the rejection reaches whoever awaits; never "unhandled"
    }
    if (timeout === undefined) return this.#promise;
    return new Promise<T>((resolve, reject) => {
      const timer = new NodeTimer(
        () =>
          reject(
            new TimeoutError(
              `${method}(${timeout}): the job did not finish within ${timeout} s; it is still running — wait longer, or cancel() it`,
            ),
          ),
        timeout,
      );
      (this.#promise as Promise<T>).then(
        (v) => {
          timer.cancel();
          resolve(v);
        },
        (e: unknown) => {
          timer.cancel();
          reject(e);
        },
      );
    });
  }

  #settle(state: State, value: unknown): void {
    if (this.#state !== State.Pending) return;
    this.#state = state;
    this.#value = value;
    this.#slot = null;
    if (this.#resolve !== null) {
      if (state === State.Succeeded) (this.#resolve as (v: unknown) => void)(value);
      else (this.#reject as (e: unknown) => void)(value);
      this.#resolve = this.#reject = null;
    }
    const callbacks = this.#callbacks;
    if (callbacks !== null) {
      this.#callbacks = null;
      for (const fn of callbacks) runCallback(fn as FutureCallback<T>, this);
    }
  }
}

function runCallback<T>(fn: FutureCallback<T>, future: Future<T>): void {
  try {
    fn(future);
  } catch (error) {
    console.error("spindle/futures: a done callback threw (ignored, as Python does):", error);
  }
}

/** A timeout of 0 or less waits not at all, as in Python (a deadline already past is no error). */
function checkTimeout(timeout: number | undefined, method: string): void {
  if (timeout === undefined) return;
  if (typeof timeout !== "number" || Number.isNaN(timeout)) {
    throw new RangeError(
      `${method}(timeout): timeout must be a number of seconds or omitted, got ${String(timeout)}`,
    );
  }
}
