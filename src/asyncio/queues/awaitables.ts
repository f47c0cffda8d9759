import { type Awaitable, type Future, RuntimeError, type Yieldable } from "../../core/index.js";

/**
 * A `get()` that found an item at the call: `yield*` returns it at once, without suspending.
 * One small object per call and nothing else: it is its own iterator *and* the iterator's final
 * result (`{ done: true, value }`), so no future, generator or result object is made.
 * @internal
 * @example
 * get(): Awaitable<T> { if (this.#store.length > 0) return new Ready(this.#store.take()); ... }
 */
export class Ready<T>
  implements Awaitable<T>, Iterator<Yieldable, T, unknown>, IteratorReturnResult<T>
{
  readonly done = true as const;
  readonly value: T;

  constructor(value: T) {
    this.value = value;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this;
  }

  next(): IteratorReturnResult<T> {
    return this;
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    throw error;
  }

  return(value?: T): IteratorResult<Yieldable, T> {
    return { value: value as T, done: true };
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return Promise.resolve(this.value).then(onFulfilled, onRejected);
  }
}

/**
 * What a queue does when a parked waiter's claim comes due, for one side (get or put).
 * @internal
 * @example
 * const getClaimant: Claimant<undefined, T> = { finish: () => take(), giveBack: () => getters.giveBack() };
 */
export interface Claimant<A, R> {
  /** The woken waiter runs: take an item, or put `arg`. May throw (the queue was shut down). */
  finish(arg: A): R;
  /** The woken waiter was cancelled before it ran: give its claim back. */
  giveBack(): void;
}

const FRESH = 0;
const FINISHED = 1;
const FAILED = 2;
type State = typeof FRESH | typeof FINISHED | typeof FAILED;

/**
 * A `get()` or `put()` that had to wait. The caller parked on the queue at the call; this
 * awaitable waits until the queue hands it a claim (see `side.ts`), then finishes the operation
 * in the waiting task's own step.
 *
 * A small iterator rather than a generator, so a parked waiter costs this object and the future
 * it parked on.
 *
 * Invariant: the claim is used exactly once — by this waiter when it resumes, or, if the task is
 * cancelled first, given back to the queue (which hands it to the next waiter): no lost wake-up.
 * Waiting on the same awaitable twice gives the same outcome twice; the operation happens once.
 * @internal
 * @example
 * return new Pending(this.#getClaimant(), this.#getters.park(loop), undefined); // in get()
 */
export class Pending<A, R> implements Awaitable<R>, Iterator<Yieldable, R, unknown> {
  readonly #claimant: Claimant<A, R>;
  readonly #future: Future<true>;
  readonly #arg: A;
  #state: State = FRESH;
  /** The result once finished, or the error once failed. */
  #outcome: unknown = undefined;
  #promise: Promise<R> | null = null;

  constructor(claimant: Claimant<A, R>, future: Future<true>, arg: A) {
    this.#claimant = claimant;
    this.#future = future;
    this.#arg = arg;
  }

  [Symbol.iterator](): Iterator<Yieldable, R, unknown> {
    return this;
  }

  next(): IteratorResult<Yieldable, R> {
    const future = this.#future;
    // Not done yet: the first step, or resumed by a withdrawn cancellation. Park (again).
    if (!future.done()) return { value: future, done: false };
    future.result(); // throws QueueShutDown (shutdown), or CancelledError
    return { value: this.#finish(), done: true };
  }

  /** The task is cancelled (or an error is thrown in) where it waits: leave, giving back any claim. */
  throw(error: unknown): IteratorResult<Yieldable, R> {
    this.#abandon(error);
    throw error;
  }

  return(value?: R): IteratorResult<Yieldable, R> {
    this.#abandon(
      new RuntimeError("this queue operation was abandoned before it finished; call it again"),
    );
    return { value: value as R, done: true };
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = R, R2 = never>(
    onFulfilled?: ((value: R) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    this.#promise ??= this.#future.then(() => this.#finish());
    return this.#promise.then(onFulfilled, onRejected);
  }

  #finish(): R {
    if (this.#state === FRESH) {
      try {
        this.#outcome = this.#claimant.finish(this.#arg);
        this.#state = FINISHED;
      } catch (error) {
        this.#outcome = error;
        this.#state = FAILED;
      }
    }
    if (this.#state === FINISHED) return this.#outcome as R;
    throw this.#outcome;
  }

  /** Leaves the line, or gives back the claim; later waits on this awaitable throw `error`. */
  #abandon(error: unknown): void {
    if (this.#state !== FRESH) return;
    const future = this.#future;
    if (!future.done()) {
      // Still parked (an error thrown in without cancelling the future): leave the line.
      future.cancel();
      return;
    }
    if (future.cancelled() || future.exception() !== undefined) return;
    // Woken with a claim, then cancelled before it could run: the claim goes back.
    this.#state = FAILED;
    this.#outcome = error;
    this.#claimant.giveBack();
  }
}
