/**
 * The distributed face (`spindle/distributed`): the `Executor` of spindle/futures on BullMQ and
 * Redis, for when one machine is not enough — `QueueExecutor` submits jobs, `spindle worker` (or
 * `serve()`) runs them, on as many machines as share the Redis. BullMQ and ioredis are optional
 * peer dependencies: `npm install bullmq ioredis`. Times are in seconds, as everywhere in spindle.
 * @module
 */
export {
  BrokenExecutor,
  CancelledError,
  RuntimeError,
  TimeoutError,
} from "../core/errors.js";
export type { ModuleFunction } from "../futures/index.js";
export {
  ALL_COMPLETED,
  asCompleted,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  wait,
} from "../futures/index.js";
export type { Connection } from "./connection.js";
export { RedisConnectionError, WorkerLostError } from "./errors.js";
export { cancelSignal, isCancelled, reportProgress } from "./job-context.js";
export {
  QueueExecutor,
  type QueueExecutorOptions,
  type QueueJobOptions,
  type QueueStatistics,
} from "./queue-executor.js";
export { type ProgressCallback, QueueFuture } from "./queue-future.js";
export { hasRedisServer, type LocalRedis, startRedisServer } from "./redis-server.js";
export { type QueueWorker, serve, type WorkerExit } from "./serve.js";
export type { ServeOptions } from "./serve-options.js";
