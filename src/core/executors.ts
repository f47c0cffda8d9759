import { adoptPromise, type OutsideHost } from "./adopt.js";
import { RuntimeError } from "./errors.js";
import type { Future, FutureHost } from "./future.js";
import type { Executor } from "./loop-options.js";

/**
 * Makes the default executor (asyncio's: a thread pool, created on first use). The kernel cannot
 * import a face, so the face that owns the pool registers its factory; until one does,
 * `runInExecutor(null, …)` explains what to import.
 */
let makeDefault: (() => Executor) | null = null;

/**
 * Registers the factory of every loop's default executor (the asyncio face registers a
 * ThreadPoolExecutor when it loads). @internal
 */
export function setDefaultExecutorFactory(factory: () => Executor): void {
  makeDefault = factory;
}

/**
 * A loop's side of `runInExecutor`: the default executor it created or was given, and the bridge
 * from an executor's job to a loop future.
 * @internal
 */
export class LoopExecutors {
  readonly #host: FutureHost & OutsideHost;
  #default: Executor | null = null;

  constructor(host: FutureHost & OutsideHost) {
    this.#host = host;
  }

  setDefault(executor: Executor): void {
    if (executor === null || typeof executor?.submit !== "function") {
      throw new TypeError(
        `setDefaultExecutor(): expected an executor with a submit(fn, ...args) method, got ${String(executor)}`,
      );
    }
    this.#default = executor;
  }

  run<A extends unknown[], R>(
    executor: Executor | null,
    fn: (...args: A) => R,
    args: A,
  ): Future<Awaited<R>> {
    const target = executor ?? this.#defaultExecutor();
    const job = target.submit(fn, ...args);
    const future = adoptPromise(this.#host, job);
    const cancel = (job as { cancel?: unknown }).cancel;
    if (typeof cancel === "function") {
      // Cancelling the loop future cancels the pool job where it has not started (asyncio's
      // wrap_future does the same for concurrent.futures).
      future.addListener({ futureDone: () => future.cancelled() && cancel.call(job) });
    }
    return future;
  }

  /** Shuts the default executor down (waiting for its jobs) and forgets it. */
  async shutdownDefault(): Promise<void> {
    const executor = this.#default;
    this.#default = null;
    await executor?.shutdown?.({ wait: true });
  }

  /** At `close()`: asks the default executor to stop without waiting (as asyncio's close()). */
  close(): void {
    const executor = this.#default;
    this.#default = null;
    void executor?.shutdown?.({ wait: false });
  }

  #defaultExecutor(): Executor {
    if (this.#default !== null) return this.#default;
    if (makeDefault === null) {
      throw new RuntimeError(
        "runInExecutor(null, ...): no default executor is registered; import spindle (or spindle/asyncio), which provides a thread pool, or pass an executor explicitly",
      );
    }
    this.#default = makeDefault();
    return this.#default;
  }
}
