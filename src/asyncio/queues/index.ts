/**
 * The asyncio queues (see DESIGN.md §3): `Queue` (first in, first out), `PriorityQueue` (lowest
 * first) and `LifoQueue` (last in, first out), with `maxsize`, `taskDone`/`join` and `shutdown`.
 * Each module of this folder is re-exported here.
 * @module
 */
export { LifoQueue } from "./lifo-queue.js";
export { PriorityQueue, type PriorityQueueOptions } from "./priority-queue.js";
export { Queue, type QueueOptions, type QueueStatistics } from "./queue.js";
