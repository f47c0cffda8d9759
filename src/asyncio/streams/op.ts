import type { Awaitable, Coroutine, Yieldable } from "../../core/index.js";
import { RuntimeError } from "../../core/index.js";

/**
 * A stream operation as an awaitable: `yield* op` runs its coroutine inside the waiting task
 * (typed and cancellable), `await op` drives the same coroutine from a promise. The coroutine
 * only ever yields futures (through `yield* future`), so the promise driver awaits each one and
 * resumes; the future's outcome is read by the coroutine itself.
 *
 * It runs once: a second `yield*` is an error (the bytes were consumed by the first), while
 * `then` may be called many times and shares one outcome.
 *
 * It is also generator-like (`next` / `throw` / `return` drive the same coroutine), so
 * `createTask(server.serveForever())` makes a real, cancellable generator task, as asyncio's
 * `create_task(server.serve_forever())` does; a bare thenable would be followed as a Promise that
 * cancellation cannot reach.
 * @internal
 * @example
 * readline(): Awaitable<Buffer> { return new StreamOp("StreamReader.readline()", () => this.#readline()); }
 */
export class StreamOp<T> implements Awaitable<T>, Iterator<Yieldable, T, unknown> {
  readonly #what: string;
  #start: (() => Coroutine<T>) | null;
  #promise: Promise<T> | null = null;
  /** The coroutine once driven through this object's own `next` (as a task's body). */
  #coro: Coroutine<T> | null = null;

  constructor(what: string, start: () => Coroutine<T>) {
    this.#what = what;
    this.#start = start;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    return this.#take();
  }

  next(value?: unknown): IteratorResult<Yieldable, T> {
    this.#coro ??= this.#take();
    return this.#coro.next(value);
  }

  throw(error: unknown): IteratorResult<Yieldable, T> {
    this.#coro ??= this.#take();
    return this.#coro.throw(error);
  }

  return(value?: T): IteratorResult<Yieldable, T> {
    if (this.#coro === null) return { value: value as T, done: true };
    return this.#coro.return(value as T);
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    if (this.#promise === null) {
      try {
        this.#promise = drive(this.#take());
      } catch (error) {
        this.#promise = Promise.reject(error);
      }
    }
    return this.#promise.then(onFulfilled, onRejected);
  }

  #take(): Coroutine<T> {
    const start = this.#start;
    if (start === null) {
      throw new RuntimeError(
        `${this.#what} was already awaited: each call runs once; call ${this.#what} again for another read or write`,
      );
    }
    this.#start = null;
    return start();
  }
}

/** Runs a coroutine that yields only futures (and bare `yield;`) from promise-land. */
async function drive<T>(coro: Coroutine<T>): Promise<T> {
  let step = coro.next();
  while (!step.done) {
    try {
      await step.value; // `undefined` (a bare `yield;`) just takes one microtask
    } catch {
      // The coroutine reads the outcome itself when resumed (`yield* future`), and throws it.
    }
    step = coro.next();
  }
  return step.value;
}
