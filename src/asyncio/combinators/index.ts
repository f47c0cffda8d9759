/**
 * The asyncio combinators (see DESIGN.md §3): gather, waitFor, wait, asCompleted, shield,
 * timeout/timeoutAt, TaskGroup, toThread. Each module of this folder is re-exported here.
 * @module
 */
export { type AsCompletedOptions, asCompleted } from "./as-completed.js";
export {
  type GatherOptions,
  type GatherOutcomes,
  type GatherResults,
  gather,
  gatherAll,
} from "./gather.js";
export type { AwaitableInput, ResultOf } from "./inputs.js";
export { shield } from "./shield.js";
export { TaskGroup, taskGroup } from "./task-group.js";
export { Timeout, timeout, timeoutAt } from "./timeout.js";
export { toThread } from "./to-thread.js";
export {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type ReturnWhen,
  type WaitOptions,
  wait,
} from "./wait.js";
export { waitFor } from "./wait-for.js";
