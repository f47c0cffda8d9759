/**
 * The asyncio face (`spindle`, `spindle/asyncio`): Python's asyncio in camelCase, on the kernel.
 * Times are in seconds, as in Python.
 * @module
 */
export * from "../core/errors.js";
export {
  type Awaitable,
  allTasks,
  type Clock,
  type Coroutine,
  currentTask,
  type DoneCallback,
  type ExceptionContext,
  type ExceptionHandler,
  type Executor,
  FifoScheduler,
  Future,
  getEventLoop,
  getRunningLoop,
  Handle,
  type Instrument,
  Loop,
  type LoopOptions,
  type LoopResource,
  type LoopStatistics,
  type NamedPrimitive,
  namedPrimitives,
  newEventLoop,
  RealClock,
  type Runnable,
  type ScheduledTimer,
  type Scheduler,
  setEventLoop,
  sleep,
  Task,
  type TaskOptions,
  type TaskSource,
  type TaskState,
  TimerHandle,
  VirtualClock,
  type VirtualClockOptions,
  type WaitTarget,
  type Yieldable,
  yieldNow,
} from "../core/index.js";
export { type CallSource, call } from "./call.js";
export * from "./combinators/index.js";
export { createTask } from "./create-task.js";
export * from "./locks/index.js";
export * from "./queues/index.js";
export { type RunOptions, run } from "./run.js";
export * from "./streams/index.js";
