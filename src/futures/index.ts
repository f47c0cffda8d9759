/**
 * The futures face (`spindle/futures`): Python's concurrent.futures on worker threads and child
 * processes.
 * Times are in seconds, as in Python.
 * @module
 */
export {
  BrokenExecutor,
  CancelledError,
  RuntimeError,
  TimeoutError,
  WorkerCrashedError,
} from "../core/errors.js";
export type { ModuleFunction, Portable } from "../threading/index.js";
export { TaskablePromise } from "./awaitable.js";
export { isCancelled } from "./current.js";
export type { Executor, JobOptions, MapOptions, ShutdownOptions } from "./executor.js";
export { Future, type FutureCallback } from "./future.js";
export type { PoolStatistics, ProcessPoolOptions, ThreadPoolOptions } from "./pool-types.js";
export { ProcessPoolExecutor } from "./process-pool.js";
export { type JobListener, jobEvents, type LiveExecutor, liveExecutors } from "./registry.js";
export { ThreadPoolExecutor } from "./thread-pool.js";
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type WaitOptions,
  wait,
} from "./wait.js";
