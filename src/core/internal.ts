/**
 * The kernel's one entry for the faces' own use, beside the public `core/index`: argument checks,
 * value descriptions for messages, and the building blocks the faces share. Users never import
 * this (the package does not export it); a face that needs a kernel piece not listed here adds it
 * here rather than reaching into a kernel file (test/architecture.test.ts enforces that).
 * @internal
 * @module
 */
export { isThenable } from "./adopt.js";
export { debugTracked } from "./debug-tracked.js";
export { describeValue, isGenerator } from "./describe.js";
export { setDefaultExecutorFactory } from "./executors.js";
export type { FutureListener } from "./future.js";
export { primitiveName } from "./naming.js";
export { MAX_NODE_DELAY_MS, NodeTimer } from "./node-timer.js";
export { runningLoopFor } from "./registry.js";
export { checkCallback, checkDelay, checkTime } from "./validate.js";
export { type Waiter, WaitQueue, type WaitQueueOptions } from "./wait-queue.js";
export { OnWait, Waitable } from "./waitable.js";
