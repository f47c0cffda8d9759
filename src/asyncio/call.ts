import { type Awaitable, CancelledError, type Coroutine } from "../core/index.js";
import { describeValue, isThenable } from "../core/internal.js";

/**
 * What {@link call} waits on: a Promise (or any thenable), or a function that starts the work
 * given an AbortSignal, which fires when the waiting task is cancelled.
 * @example
 * const work: CallSource<Response> = (signal) => fetch(url, { signal });
 */
export type CallSource<T> = PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>);

/**
 * A Promise waited on from a coroutine, typed. `yield promise` works too, but TypeScript cannot
 * type what a `yield` evaluates to (TS7057 under `strict`); `yield* call(promise)` is typed.
 *
 * Waiting is as for a yielded Promise: the loop counts the pending promise as outside work (it
 * waits for it instead of reporting a deadlock); cancelling the waiting task ends the wait at
 * once, the promise's later outcome is dropped and its rejection handled. Given a function, call
 * starts it with an AbortSignal that is aborted when the waiting task is cancelled, so the work
 * itself stops too.
 */
class Call<T> implements Awaitable<T> {
  readonly #promise: PromiseLike<T>;
  readonly #abort: AbortController | null;

  constructor(promise: PromiseLike<T>, abort: AbortController | null) {
    this.#promise = promise;
    this.#abort = abort;
  }

  *[Symbol.iterator](): Coroutine<T> {
    const promise = this.#promise;
    if (isSpindleAwaitable<T>(promise)) return yield* promise; // a spindle awaitable: waited on as itself
    try {
      return (yield promise) as T; // the task adopts it (core/adopt.ts)
    } catch (error) {
      if (error instanceof CancelledError) this.#abort?.abort(error);
      throw error;
    }
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.#promise.then(onFulfilled, onRejected);
  }
}

/**
 * Waits on a Promise inside a coroutine, typed: `const r = yield* call(fetch(url))` gives a
 * `Response` (asyncio's `r = await fetch(url)` on a foreign awaitable). Cancelling the waiting
 * task ends the wait at once; the promise's later outcome is dropped. Pass a function instead,
 * `call((signal) => fetch(url, { signal }))`, and cancelling the task also aborts the work.
 * @example
 * function* load(url: string) {
 *   const response = yield* call(fetch(url)); // Response
 *   const body = yield* call(response.text()); // string
 *   return body;
 * }
 * @example
 * // Cancellable all the way down: a timeout aborts the request itself.
 * const response = yield* timeout(5, function* () {
 *   return yield* call((signal) => fetch(url, { signal }));
 * });
 */
export function call<T>(work: CallSource<T>): Awaitable<T> {
  if (typeof work === "function") {
    const abort = new AbortController();
    const promise = work(abort.signal);
    if (!isThenable(promise)) {
      throw new TypeError(
        `call(fn) calls fn(signal) and waits on the Promise it returns; fn returned ${describeValue(promise)}. Pass an async function, or the Promise itself: call(fetch(url))`,
      );
    }
    return new Call(promise as PromiseLike<T>, abort);
  }
  if (!isThenable(work)) {
    throw new TypeError(
      `call() waits on a Promise (or a function (signal) => Promise); got ${describeValue(work)}. A plain value needs no waiting; a spindle awaitable is waited on with \`yield*\` directly`,
    );
  }
  return new Call(work, null);
}

/** Iterable and thenable: a spindle awaitable, which `yield*` waits on as itself. */
function isSpindleAwaitable<T>(value: PromiseLike<T>): value is Awaitable<T> {
  return typeof (value as Partial<Awaitable<T>>)[Symbol.iterator] === "function";
}
