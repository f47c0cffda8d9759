import type { Awaitable, Yieldable } from "../core/index.js";

/**
 * A real Promise that a spindle task can also `yield*` (the kernel adopts it, and the loop waits
 * for it instead of reporting a deadlock). Being a Promise, it works with everything that wants
 * one (`assert.rejects`, `Promise.all`, `.catch`); derived promises are plain Promises.
 * @example
 * const r = yield* future.result(); // in a task
 * const s = await future.result(); // anywhere
 */
export class TaskablePromise<T> extends Promise<T> implements Awaitable<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Wraps `promise` (adopting its outcome). */
  static from<T>(promise: PromiseLike<T>): TaskablePromise<T> {
    return new TaskablePromise<T>((resolve, reject) => promise.then(resolve, reject));
  }

  *[Symbol.iterator](): Generator<Yieldable, T, unknown> {
    return (yield this as Promise<T>) as T;
  }
}
