/**
 * The threading face (`spindle/threading`): Python's threading primitives on SharedArrayBuffer
 * and Atomics, shared by real threads (worker_threads). Each primitive has a blocking form
 * (`acquire()`, `wait()`) for worker threads and scripts, and an awaitable form
 * (`acquireAsync()`, `waitAsync()`) for the main thread and spindle tasks. Passed to a worker (a
 * `Thread`'s args, a pool job's args), a primitive is rebuilt there over the same memory.
 * Times are in seconds, as in Python.
 * @module
 */
export { BrokenBarrierError, RuntimeError, TimeoutError } from "../core/errors.js";
export type { ThreadingOptions } from "./awaitable.js";
export { Barrier, type ThreadingBarrierStatistics } from "./barrier.js";
export type { BarrierOptions } from "./barrier-options.js";
export { Condition, type ThreadingConditionStatistics } from "./condition.js";
export { currentThread } from "./current.js";
export { Event, type ThreadingEventStatistics } from "./event.js";
export { Lock, type ThreadingLockStatistics } from "./lock.js";
export type { ModuleFunction, Portable } from "./portable.js";
export { RLock, type ThreadingRLockStatistics } from "./rlock.js";
export { BoundedSemaphore, Semaphore, type ThreadingSemaphoreStatistics } from "./semaphore.js";
export { Thread, type ThreadOptions } from "./thread.js";
