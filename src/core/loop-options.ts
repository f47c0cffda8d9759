import type { Clock } from "./clock.js";
import type { Scheduler } from "./scheduler.js";

/**
 * Options of a new {@link Loop}.
 * @example
 * newEventLoop({ clock: new VirtualClock(), debug: true });
 */
export interface LoopOptions {
  /** Where time comes from: `RealClock` (default) or `VirtualClock` for tests. */
  clock?: Clock;
  /** Which ready entry runs next: FIFO by default (asyncio's order). */
  scheduler?: Scheduler;
  /** Debug mode: warn about steps slower than `slowCallbackDuration`. */
  debug?: boolean;
}

/**
 * Options of `createTask`.
 * @example
 * createTask(worker(), { name: "worker-1" });
 */
export interface TaskOptions {
  /** The task's name, shown verbatim in every report about it. */
  name?: string;
}

/**
 * Something that runs functions elsewhere (a thread or process pool): `loop.runInExecutor`.
 * @example
 * const inline: Executor = { submit: (fn, ...args) => Promise.resolve(fn(...args)) };
 */
export interface Executor {
  submit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): PromiseLike<Awaited<R>>;
  /** Ends the executor's workers; called by `shutdownDefaultExecutor()` and `close()`. */
  shutdown?(options?: { wait?: boolean }): PromiseLike<void>;
}
