import type { Portable } from "../threading/index.js";
import type { Future } from "./future.js";

/**
 * Options of {@link Executor.shutdown}.
 * @example
 * await pool.shutdown({ wait: true, cancelFutures: true });
 */
export interface ShutdownOptions {
  /** Resolve only once every submitted job has finished and the workers are gone (default true). */
  readonly wait?: boolean;
  /** Cancel the jobs that have not started (default false: they still run). */
  readonly cancelFutures?: boolean;
}

/**
 * Options of one job, for {@link Executor.submitWith}.
 * @example
 * pool.submitWith({ timeout: 2 }, crunch, 1e9); // the worker is terminated after 2 s
 */
export interface JobOptions {
  /**
   * Seconds the job may run; past it, its worker is terminated (a new one replaces it) and the
   * future fails with `TimeoutError`. Something Python cannot do to a thread.
   */
  readonly timeout?: number;
  /**
   * ArrayBuffers (or typed arrays, whose buffers are meant) to move into the worker instead of
   * copying them: after `submitWith` returns they are detached in the caller (`byteLength` 0).
   * Thread pools only; a process cannot receive moved memory.
   */
  readonly transfer?: readonly (ArrayBuffer | ArrayBufferView)[];
}

/**
 * Options of {@link Executor.map}, given as its last argument.
 * @example
 * const squares = await pool.map((x: number) => x * x, [1, 2, 3], { chunksize: 100 });
 */
export interface MapOptions {
  /** Seconds for the whole map; past it, the promise rejects with TimeoutError and queued jobs are cancelled. */
  readonly timeout?: number;
  /** Items per job sent to a worker (default 1); larger chunks cost fewer messages. */
  readonly chunksize?: number;
}

/**
 * What every pool offers (Python's `concurrent.futures.Executor`); `loop.runInExecutor` accepts any.
 * @example
 * async function hashAll(executor: Executor, files: string[]) {
 *   return executor.map({ module: "/abs/hash.js", name: "hashFile" }, files);
 * }
 */
export interface Executor extends Disposable, AsyncDisposable {
  /** Schedules `fn(...args)` in a worker and returns its {@link Future}. */
  submit<A extends unknown[], R>(fn: Portable<A, R>, ...args: A): Future<Awaited<R>>;
  /** `submit` with per-job options (a timeout, buffers to transfer). */
  submitWith<A extends unknown[], R>(
    options: JobOptions,
    fn: Portable<A, R>,
    ...args: A
  ): Future<Awaited<R>>;
  /** Calls `fn` on items taken from each iterable in turn (as zip does); resolves to the results in order. */
  map<R>(
    fn: Portable<never[], R>,
    ...iterablesAndOptions: (Iterable<unknown> | MapOptions)[]
  ): Promise<Awaited<R>[]>;
  /** Stops accepting jobs; with `wait` (the default) resolves once all ran and the workers are gone. */
  shutdown(options?: ShutdownOptions): Promise<void>;
}
