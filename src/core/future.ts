import { CancelledError, InvalidStateError } from "./errors.js";
import type { Handle } from "./handle.js";
import { Completion, type ParkedTask, type WaitTarget, type Yieldable } from "./traps.js";

export type { WaitTarget, Yieldable };

/**
 * A coroutine: a generator driven by a task, returning `T`.
 * @example
 * function* fetchTwice(): Coroutine<string> { yield* sleep(1); return "done"; }
 */
export type Coroutine<T = unknown> = Generator<Yieldable, T, unknown>;

/**
 * Everything spindle hands back to wait on: `yield* x` inside a generator task (typed and
 * cancellable), `await x` in an async function.
 * @example
 * function* inTask(a: Awaitable<number>) { return (yield* a) + 1; }
 * async function inAsync(a: Awaitable<number>) { return (await a) + 1; }
 */
export interface Awaitable<T> extends PromiseLike<T> {
  [Symbol.iterator](): Iterator<Yieldable, T, unknown>;
}

/**
 * What the exception handler receives (asyncio's context dict).
 * @example
 * loop.setExceptionHandler((loop, ctx) => log.error(ctx.message, ctx.exception));
 */
export interface ExceptionContext {
  /** What happened, in words. */
  message: string;
  /** The error, when there is one. */
  exception?: unknown;
  /** The future concerned, when there is one. */
  future?: Future<unknown>;
  /** The task concerned, when there is one. */
  task?: Future<unknown>;
  /** The callback handle concerned, when there is one. */
  handle?: Handle;
}

/** What a future needs of its loop (kernel-internal: the package does not export it). */
export interface FutureHost {
  /** The next future number of this loop (`Future#3`): numbers are per loop, for determinism. */
  nextFutureId(): number;
  callSoon(callback: (...args: never[]) => unknown, ...args: unknown[]): Handle;
  callExceptionHandler(context: ExceptionContext): void;
  /** A future failed and nobody has retrieved its exception yet. */
  failureUnretrieved(future: Future<unknown>, error: unknown): void;
  /** Its exception was retrieved after all. */
  failureRetrieved(future: Future<unknown>): void;
}

/** Told synchronously when a future completes (tasks, promise adapters, wait queues). @internal */
export interface FutureListener {
  futureDone(future: Future<unknown>): void;
}

/**
 * A done-callback: called through the loop with the future.
 * @example
 * future.addDoneCallback((f) => console.log(f.result()));
 */
export type DoneCallback<T> = (future: Future<T>) => void;

type Listener = FutureListener | ParkedTask | DoneCallback<never>;

const PENDING = 0;
const FULFILLED = 1;
const FAILED = 2;
const CANCELLED = 3;
/** The low two bits of `#state` are one of the four above. */
const STATE = 3;
/** Set in `#state` once someone looked at the outcome (or asked for it before it came). */
const RETRIEVED = 4;

/** The Promise view of futures awaited from async code; kept aside, since few futures need one. */
const promiseViews = new WeakMap<object, Promise<unknown>>();

/**
 * The eventual result of an operation (asyncio.Future). Done-callbacks run through the loop with
 * `callSoon`, in registration order. A failure nobody retrieves is reported to the loop's
 * exception handler when the future is garbage-collected, or at the latest when the loop closes.
 *
 * A future is a trap: a task that waits on it (`yield* future`) parks on it, and cancelling that
 * task cancels the future (asyncio's rule; `shield()` is the way out).
 *
 * Invariant: the state moves once, from pending to fulfilled, failed or cancelled; listeners are
 * notified exactly once, in registration order, at that moment.
 * @example
 * const f = loop.createFuture<number>();
 * loop.callLater(1, () => f.setResult(42));
 * const v = yield* f; // 42, one second later
 */
export class Future<T = unknown> extends Completion<T> implements Awaitable<T> {
  /** @internal Its loop: a plain field, read on every task step (an accessor cost 2x there). */
  protected readonly host: FutureHost;
  /** One of PENDING, FULFILLED, FAILED, CANCELLED, plus the RETRIEVED bit (one field, not two:
   * every task is a future, and 8 bytes per task add up). */
  #state = PENDING;
  /** The result when fulfilled; the error when failed; when cancelled, the message until the
   * CancelledError is first asked for, then that error (capturing a stack costs microseconds,
   * and cancelling 100k sleeping tasks at shutdown made it show). */
  #outcome: unknown = undefined;
  /** One listener, an array of them, or null: most futures have at most one. */
  #listeners: Listener | Listener[] | null = null;
  /** The label given at creation, or a number assigned when first described, or null. */
  #label: string | number | null;

  /** @internal Use `loop.createFuture()`. */
  constructor(host: FutureHost, label: string | number | null = null) {
    super();
    this.host = host;
    this.#label = label;
  }

  /** Whether the future has a result, an exception, or was cancelled. */
  done(): boolean {
    return (this.#state & STATE) !== PENDING;
  }

  /** Whether the future was cancelled. */
  cancelled(): boolean {
    return (this.#state & STATE) === CANCELLED;
  }

  /**
   * The result. Throws `InvalidStateError` when pending, `CancelledError` when cancelled, and the
   * exception when the future failed.
   */
  result(): T {
    switch (this.#state & STATE) {
      case FULFILLED:
        return this.#outcome as T;
      case PENDING:
        throw new InvalidStateError(
          `${this.describe()} is still pending: its result is not set yet; wait for it with \`yield* future\` or \`await future\` first`,
        );
      case FAILED:
        this.#markRetrieved();
        throw this.#outcome;
      default:
        throw this.#cancelledError();
    }
  }

  /** The exception (undefined when it succeeded); throws like `result()` when pending or cancelled. */
  exception(): unknown {
    switch (this.#state & STATE) {
      case FULFILLED:
        return undefined;
      case FAILED:
        this.#markRetrieved();
        return this.#outcome;
      case CANCELLED:
        throw this.#cancelledError();
      default:
        throw new InvalidStateError(
          `${this.describe()} is still pending: it has no exception yet; wait for it first`,
        );
    }
  }

  /** Marks the future done with `value` and schedules its callbacks. */
  setResult(value: T): void {
    this.#assertPending("setResult");
    this.#outcome = value;
    this.#state |= FULFILLED;
    this.#notify();
  }

  /** Marks the future failed with `error` and schedules its callbacks. */
  setException(error: unknown): void {
    this.#assertPending("setException");
    if (error instanceof CancelledError) {
      // asyncio refuses this too: cancellation has its own state and must go through cancel().
      throw new TypeError(
        "setException() got a CancelledError: call future.cancel(message) to cancel a future",
      );
    }
    this.#outcome = error;
    this.#state |= FAILED;
    if ((this.#state & RETRIEVED) === 0) {
      this.host.failureUnretrieved(this as Future<unknown>, error);
    }
    this.#notify();
  }

  /**
   * Cancels the future: returns false if it was already done, else schedules its callbacks and
   * returns true. `message` becomes the `CancelledError`'s message.
   */
  cancel(message?: string): boolean {
    if ((this.#state & STATE) !== PENDING) return false;
    this.#outcome = message; // the CancelledError is built when someone asks: most never do
    this.#state |= CANCELLED;
    this.#notify();
    return true;
  }

  /**
   * Calls `callback(future)` through the loop once the future is done (at the next pass if it
   * already is). Callbacks run in registration order.
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    this.addListener(callback as DoneCallback<never>);
  }

  /** Removes every registration of `callback`; returns how many were removed. */
  removeDoneCallback(callback: DoneCallback<T>): number {
    return this.removeListener(callback as DoneCallback<never>);
  }

  /** @internal Registers a done-callback or a synchronous listener. */
  addListener(listener: Listener): void {
    if ((this.#state & STATE) !== PENDING) {
      this.#deliver(listener);
      return;
    }
    const current = this.#listeners;
    if (current === null) this.#listeners = listener;
    else if (Array.isArray(current)) current.push(listener);
    else this.#listeners = [current, listener];
  }

  /** @internal Removes every registration of `listener`; returns how many. */
  removeListener(listener: Listener): number {
    const current = this.#listeners;
    if (current === null) return 0;
    if (!Array.isArray(current)) {
      if (current !== listener) return 0;
      this.#listeners = null;
      return 1;
    }
    const kept = current.filter((l) => l !== listener);
    this.#listeners = kept.length === 0 ? null : kept;
    return current.length - kept.length;
  }

  /** @internal The label slot: a task keeps its name here (one field, not two, per task). */
  protected get label(): string | number | null {
    return this.#label;
  }

  protected set label(label: string | number) {
    this.#label = label;
  }

  /** @internal Whether this future belongs to `host` (a loop). */
  belongsTo(host: FutureHost): boolean {
    return this.host === host;
  }

  /** A name for reports: the label given at creation, or `Future#<n>`, numbered per loop. */
  describe(): string {
    if (this.#label === null) this.#label = this.host.nextFutureId();
    return typeof this.#label === "string" ? this.#label : `Future#${this.#label}`;
  }

  /** @internal A task parks on this future: it is woken when the future is done. */
  parkTask(task: ParkedTask): void {
    this.addListener(task);
  }

  /**
   * @internal The task waiting on this future is cancelled: cancel the future (asyncio's rule),
   * which wakes the task with CancelledError — or, for a task, requests its cancellation, and the
   * waiter wakes once it has unwound. False if the future refuses (it is done, or a subclass
   * delays it).
   */
  abortWait(_task: ParkedTask, message: string | undefined): boolean {
    return this.cancel(message);
  }

  /** `yield* future`: park the task until done, evaluate to the result. */
  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this as Iterator<Yieldable, T, unknown>; // a Completion: its own iterator
  }

  /** `await future`: a Promise view of the outcome (counts as retrieving the exception). */
  // biome-ignore lint/suspicious/noThenProperty: futures are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#asPromise().then(onFulfilled, onRejected);
  }

  #asPromise(): Promise<T> {
    this.#markRetrieved();
    const existing = promiseViews.get(this);
    if (existing !== undefined) return existing as Promise<T>;
    let promise: Promise<T>;
    const state = this.#state & STATE;
    if (state === FULFILLED) promise = Promise.resolve(this.#outcome as T);
    else if (state === FAILED) promise = Promise.reject(this.#outcome);
    else if (state === CANCELLED) promise = Promise.reject(this.#cancelledError());
    else {
      promise = new Promise<T>((resolve, reject) => {
        this.addListener({
          futureDone: () =>
            (this.#state & STATE) === FULFILLED
              ? resolve(this.#outcome as T)
              : reject((this.#state & STATE) === FAILED ? this.#outcome : this.#cancelledError()),
        });
      });
    }
    // The promise is only ever handed to a caller of then(), who handles its rejection.
    promise.catch(() => {});
    promiseViews.set(this, promise);
    return promise;
  }

  #cancelledError(): CancelledError {
    if (this.#outcome instanceof CancelledError) return this.#outcome;
    const error = new CancelledError(this.#outcome as string | undefined);
    this.#outcome = error;
    return error;
  }

  #markRetrieved(): void {
    if ((this.#state & RETRIEVED) !== 0) return;
    this.#state |= RETRIEVED;
    if ((this.#state & STATE) === FAILED) this.host.failureRetrieved(this as Future<unknown>);
  }

  #assertPending(what: string): void {
    if ((this.#state & STATE) === PENDING) return;
    const state = (this.#state & STATE) === CANCELLED ? "cancelled" : "done";
    throw new InvalidStateError(
      `${what}() on ${this.describe()}, which is already ${state}: a future completes only once; check future.done() first`,
    );
  }

  #notify(): void {
    const listeners = this.#listeners;
    if (listeners === null) return;
    this.#listeners = null;
    if (Array.isArray(listeners)) for (const l of listeners) this.#deliver(l);
    else this.#deliver(listeners);
  }

  #deliver(listener: Listener): void {
    if (typeof listener === "function") this.host.callSoon(listener, this as Future<unknown>);
    else listener.futureDone(this as Future<unknown>);
  }
}
