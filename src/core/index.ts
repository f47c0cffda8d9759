/**
 * The kernel: loop, handles, futures, tasks, clocks, scheduler and instruments. It imports nothing
 * from the faces; every face is a vocabulary over these.
 * @module
 */
export { type Clock, RealClock, VirtualClock, type VirtualClockOptions } from "./clock.js";
export * from "./errors.js";
export {
  type Awaitable,
  type Coroutine,
  type DoneCallback,
  type ExceptionContext,
  Future,
  type WaitTarget,
  type Yieldable,
} from "./future.js";
export { Handle, TimerHandle } from "./handle.js";
export type { Instrument, ScheduledTimer } from "./instrument.js";
export {
  type ExceptionHandler,
  type Executor,
  Loop,
  type LoopOptions,
  type TaskOptions,
} from "./loop.js";
export type { LoopStatistics } from "./loop-ports.js";
export { type NamedPrimitive, namedPrimitives, type PrimitiveOptions } from "./naming.js";
export {
  allTasks,
  currentTask,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  setEventLoop,
} from "./registry.js";
export { resolved } from "./resolved.js";
export type { LoopResource } from "./resources.js";
export { Ring } from "./ring.js";
export type { Runnable } from "./runnable.js";
export { FifoScheduler, type Scheduler } from "./scheduler.js";

import "./shape-keeper.js";

export { sleep } from "./sleep.js";
export { Task, type TaskState } from "./task.js";
export { Trap, yieldNow } from "./traps.js";
export type { TaskSource } from "./validate.js";
